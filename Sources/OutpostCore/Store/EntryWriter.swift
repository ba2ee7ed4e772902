import GRDB
import GRDBSQLite

/// Writes validated entries and their lists into the catalog.
///
/// The statements of a row are prepared once and run through SQLite's C API,
/// and tag ids are cached, because a bulk import calls this a million times
/// and GRDB's general argument handling costs more than the insert itself.
final class EntryWriter {
  let db: Database
  let vocabulary: AudienceVocabulary
  private var tagIDs: [String: Int64] = [:]
  /// Audience ids by exact slug: entries name audiences by slug once read,
  /// so the vocabulary's looser matching is needed only as a fallback.
  private let audienceIDs: [String: Int64]
  /// Prepared on first use: `edit`, `tag` and `remove` insert no entry.
  private var insertEntry: Statement?
  private let linkAudience: LinkBatch
  private let linkTag: LinkBatch
  /// Link rows wait to be written a batch at a time (`LinkBatch`): call
  /// `flushLinks` before reading or deleting links, and before the end.
  private let batchesLinks: Bool
  /// The entry row of an `insert` that then failed on the entry's lists: an
  /// import that refuses rows (`--rejects`) takes it out again.
  private(set) var partialEntryID: Int64?
  /// Takes the search text of each entry `insert` writes, when an import
  /// builds the index beside it (`SearchIndexBeside`).
  var searchText: SearchIndexBeside?
  /// Audience names by id, for that text.
  private lazy var audienceNames = Dictionary(
    vocabulary.audiences.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })

  /// A writer for `db`; an import passes the vocabulary it loaded already.
  init(_ db: Database, vocabulary: AudienceVocabulary? = nil, batchingLinks: Bool = false) throws {
    self.batchesLinks = batchingLinks
    self.db = db
    self.vocabulary = try vocabulary ?? AudienceVocabulary.load(db)
    self.audienceIDs = Dictionary(self.vocabulary.audiences.map { ($0.slug, $0.id) }, uniquingKeysWith: { a, _ in a })
    linkAudience = LinkBatch(db, insert: "INSERT OR IGNORE INTO entry_audience (entry_id, audience_id)")
    linkTag = LinkBatch(db, insert: "INSERT OR IGNORE INTO entry_tag (entry_id, tag_id)")
  }

  /// Writes the link rows waiting in their batches.
  func flushLinks() throws {
    try linkAudience.flush()
    try linkTag.flush()
  }

  /// Inserts `entry` with its audiences, tags and sources; returns its id.
  /// Related links are made separately, once every story of an import exists.
  func insert(_ entry: Entry, now: String) throws -> Int64 {
    if insertEntry == nil {
      insertEntry = try db.makeStatement(
        sql: """
          INSERT INTO entry (kind, slug, title, url, summary, description, pricing, published_at,
                             source_count, added_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
    }
    let handle = insertEntry!.sqliteStatement
    sqlite3_reset(handle)
    let addedAt = entry.addedAt ?? now
    RawBinding.bind(handle, 1, entry.kind.rawValue)
    RawBinding.bind(handle, 2, entry.slug)
    RawBinding.bind(handle, 3, entry.title)
    RawBinding.bind(handle, 4, entry.url)
    RawBinding.bind(handle, 5, entry.summary)
    RawBinding.bind(handle, 6, entry.description)
    RawBinding.bind(handle, 7, entry.pricing?.rawValue)
    RawBinding.bind(handle, 8, entry.publishedAt)
    RawBinding.bind(handle, 9, entry.sourceCount.map(Int64.init))
    RawBinding.bind(handle, 10, addedAt)
    RawBinding.bind(handle, 11, entry.updatedAt ?? addedAt)
    partialEntryID = nil
    try RawBinding.step(handle)
    let id = db.lastInsertedRowID
    partialEntryID = id
    let audienceIDs = try addAudiences(entry.audiences, to: id)
    let tagIDs = try addTags(entry.tags, to: id)
    try insertSources(entry.sources, into: id)
    partialEntryID = nil
    if let searchText {
      // A tag is found by its exact name or made with it, so the name
      // given is the name stored.
      searchText.add(
        SearchIndexBeside.row(
          id: id, entry, tags: zip(tagIDs, entry.tags).map { (id: $0, name: $1) },
          audiences: audienceIDs.map { (id: $0, name: audienceNames[$0] ?? "") }))
    }
    return id
  }

  /// Changes the fields in `fields` of entry `id` to those of `entry`,
  /// leaving every other field as it is.
  func update(_ id: Int64, to entry: Entry, fields: Set<EntryField>, now: String) throws {
    searchText?.spoil()
    try flushLinks()
    var assignments: [String] = []
    var arguments: StatementArguments = []
    func set(_ field: EntryField, _ column: String, _ value: (any DatabaseValueConvertible)?) {
      guard fields.contains(field) else { return }
      assignments.append("\(column) = ?")
      arguments += [value]
    }
    set(.kind, "kind", entry.kind.rawValue)
    set(.title, "title", entry.title)
    set(.url, "url", entry.url)
    set(.summary, "summary", entry.summary)
    set(.description, "description", entry.description)
    set(.pricing, "pricing", entry.pricing?.rawValue)
    set(.publishedAt, "published_at", entry.publishedAt)
    set(.sourceCount, "source_count", entry.sourceCount)
    set(.addedAt, "added_at", entry.addedAt)
    assignments.append("updated_at = ?")
    arguments += [fields.contains(.updatedAt) ? (entry.updatedAt ?? now) : now]
    try db.execute(
      sql: "UPDATE entry SET \(assignments.joined(separator: ", ")) WHERE id = ?", arguments: arguments + [id])
    if fields.contains(.audiences) {
      try db.execute(sql: "DELETE FROM entry_audience WHERE entry_id = ?", arguments: [id])
    }
    try addAudiences(entry.audiences, to: id)
    if fields.contains(.tags) {
      try db.execute(sql: "DELETE FROM entry_tag WHERE entry_id = ?", arguments: [id])
    }
    try addTags(entry.tags, to: id)
    if fields.contains(.sources) {
      try db.execute(sql: "DELETE FROM source WHERE entry_id = ?", arguments: [id])
      try insertSources(entry.sources, into: id)
    }
  }

  /// Links `audiences` (slugs the vocabulary knows) to entry `id`.
  /// Returns their ids.
  @discardableResult
  func addAudiences(_ audiences: [String], to id: Int64) throws -> [Int64] {
    var ids: [Int64] = []
    ids.reserveCapacity(audiences.count)
    for slug in audiences {
      guard let audienceID = audienceIDs[slug] ?? vocabulary.audience(named: slug)?.id else {
        throw CatalogError(vocabulary.unknownMessage(slug))
      }
      try linkAudience.add(id, audienceID)
      ids.append(audienceID)
    }
    if !batchesLinks { try linkAudience.flush() }
    return ids
  }

  /// Links normalised `tags` to entry `id`, creating tags that do not exist.
  /// Returns their ids, in the order of `tags`.
  @discardableResult
  func addTags(_ tags: [String], to id: Int64) throws -> [Int64] {
    var ids: [Int64] = []
    ids.reserveCapacity(tags.count)
    for tag in tags {
      let tagID = try tagID(tag)
      try linkTag.add(id, tagID)
      ids.append(tagID)
    }
    if !batchesLinks { try linkTag.flush() }
    return ids
  }

  /// The id of tag `name`, created when missing.
  func tagID(_ name: String) throws -> Int64 {
    if let id = tagIDs[name] { return id }
    let find = try db.cachedStatement(sql: "SELECT id FROM tag WHERE name = ?")
    let id: Int64
    if let existing = try Int64.fetchOne(find, arguments: [name]) {
      id = existing
    } else {
      try db.cachedStatement(sql: "INSERT INTO tag (name) VALUES (?)").execute(arguments: [name])
      id = db.lastInsertedRowID
    }
    tagIDs[name] = id
    return id
  }

  func insertSources(_ sources: [Source], into id: Int64) throws {
    guard !sources.isEmpty else { return }
    let statement = try db.cachedStatement(
      sql: "INSERT INTO source (entry_id, n, title, publisher, url, published_at, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)"
    )
    for source in sources {
      try statement.execute(arguments: [
        id, source.n, source.title, source.publisher, source.url, source.publishedAt, source.excerpt,
      ])
    }
  }

  /// Links story `storyID` to story `relatedID`.
  func relate(_ storyID: Int64, to relatedID: Int64) throws {
    try db.cachedStatement(sql: "INSERT OR IGNORE INTO related (story_id, related_id) VALUES (?, ?)")
      .execute(arguments: [storyID, relatedID])
  }
}
