import GRDB
import GRDBSQLite

/// Writes validated entries and their lists into the catalog.
///
/// Statements are prepared once and reused for every row, and tag ids are
/// cached, because a bulk import calls this a million times.
final class EntryWriter {
  let db: Database
  let vocabulary: AudienceVocabulary
  private var tagIDs: [String: Int64] = [:]
  /// Audience ids by exact slug: entries name audiences by slug once read,
  /// so the vocabulary's looser matching is needed only as a fallback.
  private let audienceIDs: [String: Int64]

  init(_ db: Database) throws {
    self.db = db
    self.vocabulary = try AudienceVocabulary.load(db)
    self.audienceIDs = Dictionary(vocabulary.audiences.map { ($0.slug, $0.id) }, uniquingKeysWith: { a, _ in a })
  }

  /// Inserts `entry` with its audiences, tags and sources; returns its id.
  /// Related links are made separately, once every story of an import exists.
  func insert(_ entry: Entry, now: String) throws -> Int64 {
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO entry (kind, slug, title, url, summary, description, pricing, published_at,
                           source_count, added_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    try statement.execute(arguments: [
      entry.kind.rawValue, entry.slug, entry.title, entry.url, entry.summary, entry.description,
      entry.pricing?.rawValue, entry.publishedAt, entry.sourceCount, entry.addedAt ?? now,
      entry.updatedAt ?? entry.addedAt ?? now,
    ])
    let id = db.lastInsertedRowID
    try addAudiences(entry.audiences, to: id)
    try addTags(entry.tags, to: id)
    try insertSources(entry.sources, into: id)
    return id
  }

  /// Changes the fields in `fields` of entry `id` to those of `entry`,
  /// leaving every other field as it is.
  func update(_ id: Int64, to entry: Entry, fields: Set<EntryField>, now: String) throws {
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
  func addAudiences(_ audiences: [String], to id: Int64) throws {
    guard !audiences.isEmpty else { return }
    let statement = try db.cachedStatement(
      sql: "INSERT OR IGNORE INTO entry_audience (entry_id, audience_id) VALUES (?, ?)")
    for slug in audiences {
      guard let audienceID = audienceIDs[slug] ?? vocabulary.audience(named: slug)?.id else {
        throw CatalogError(vocabulary.unknownMessage(slug))
      }
      try Self.execute(statement, id, audienceID)
    }
  }

  /// Links normalised `tags` to entry `id`, creating tags that do not exist.
  func addTags(_ tags: [String], to id: Int64) throws {
    guard !tags.isEmpty else { return }
    let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO entry_tag (entry_id, tag_id) VALUES (?, ?)")
    for tag in tags {
      try Self.execute(link, id, try tagID(tag))
    }
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
      sql: "INSERT INTO source (entry_id, n, title, publisher, url, published_at, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)")
    for source in sources {
      try statement.execute(arguments: [
        id, source.n, source.title, source.publisher, source.url, source.publishedAt, source.excerpt,
      ])
    }
  }

  /// Runs a two-integer statement through SQLite directly. Link rows are the
  /// most numerous writes of an import, and GRDB's general argument handling
  /// costs more than the insert itself.
  static func execute(_ statement: Statement, _ first: Int64, _ second: Int64) throws {
    let handle = statement.sqliteStatement
    sqlite3_reset(handle)
    sqlite3_bind_int64(handle, 1, first)
    sqlite3_bind_int64(handle, 2, second)
    let code = sqlite3_step(handle)
    guard code == SQLITE_DONE else {
      let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
      sqlite3_reset(handle)
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: nil)
    }
  }

  /// Links story `storyID` to story `relatedID`.
  func relate(_ storyID: Int64, to relatedID: Int64) throws {
    try db.cachedStatement(sql: "INSERT OR IGNORE INTO related (story_id, related_id) VALUES (?, ?)")
      .execute(arguments: [storyID, relatedID])
  }
}
