import GRDB
import GRDBSQLite

/// What a build keeps in memory of each published entry: enough to list it,
/// link to it and tell whether it changed, but not its body or sources,
/// which are read again only for the pages that need them. Entries are
/// newest first (a story's publication date, else the day it was added),
/// the order of every list on the site.
struct SiteSkeleton {
  struct Item {
    var id: Int64
    var kind: EntryKind
    var slug: String
    var title: String
    /// published_at, else added_at.
    var date: String
    var updated: String
    /// The summary, cut for lists.
    var blurb: String?
    var sourceCount: Int?
    var pricing: Pricing?
    /// A hash of everything the entry holds: its fields, sources, tags,
    /// audiences and related stories. A page is rendered again only when
    /// the fingerprint of an entry it shows changed.
    var fingerprint: UInt64 = 0
    var audiences: [Int32] = []
    var tags: [Int32] = []
    var related: [Int64] = []

    var path: String { SitePaths.entry(kind, slug) }
  }

  var items: [Item] = []
  var indexByID: [Int64: Int32] = [:]
  /// Every audience in the vocabulary's order, with its entries.
  var audiences: [(audience: AudienceVocabulary.Audience, items: [Int32])] = []
  /// Every tag some published entry has, by name, with its entries.
  var tags: [(name: String, items: [Int32])] = []

  /// Reads the entries `filter` selects and `leaveOut` does not, in one pass
  /// over each table.
  init(_ db: Database, filter: EntryFilter, leaveOut: EntryFilter?) throws {
    try readEntries(db, filter: filter, leaveOut: leaveOut)
    try readLinks(db)
    try readSources(db)
  }

  private mutating func readEntries(_ db: Database, filter: EntryFilter, leaveOut: EntryFilter?) throws {
    var (conditions, arguments) = filter.conditions()
    if let leaveOut {
      let (excluded, excludedArguments) = leaveOut.conditions()
      if !excluded.isEmpty {
        conditions.append("NOT (" + excluded.joined(separator: " AND ") + ")")
        arguments += excludedArguments
      }
    }
    let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    let statement = try db.makeStatement(
      sql: """
        SELECT e.id, e.kind, e.slug, e.title, coalesce(e.published_at, e.added_at), e.summary, e.source_count,
          e.pricing, e.url, e.description, e.published_at, e.added_at, e.updated_at
        FROM entry e \(whereClause)
        ORDER BY coalesce(e.published_at, e.added_at) DESC, e.slug DESC
        """)
    try statement.setArguments(StatementArguments(arguments))
    let handle = statement.sqliteStatement
    defer { sqlite3_reset(handle) }
    // Entries come newest first, so equal dates are neighbours, and many
    // entries are updated in the same second (an import): each such run
    // shares one string, not a copy per entry.
    var lastDate = ""
    var lastUpdated = ""
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else {
        throw DatabaseError(
          resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
      }
      var hash = StableHash()
      for column in Int32(1)...12 { Self.hashColumn(handle, column, into: &hash) }
      let id = sqlite3_column_int64(handle, 0)
      let kind: EntryKind = Self.text(handle, 1) == "story" ? .story : .tool
      var item = Item(
        id: id, kind: kind, slug: Self.text(handle, 2) ?? "", title: SiteText.clean(Self.text(handle, 3) ?? ""),
        date: Self.text(handle, 4, sharing: &lastDate), updated: Self.text(handle, 12, sharing: &lastUpdated),
        blurb: SiteText.blurb(Self.text(handle, 5)),
        sourceCount: sqlite3_column_type(handle, 6) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, 6)),
        pricing: Self.text(handle, 7).flatMap(Pricing.init(rawValue:)))
      item.fingerprint = hash.value
      indexByID[id] = Int32(items.count)
      items.append(item)
    }
  }

  /// Audiences, tags and related stories, each table read once in key order.
  private mutating func readLinks(_ db: Database) throws {
    let vocabulary = try AudienceVocabulary.load(db)
    var audiencePosition: [Int64: Int32] = [:]
    for (position, audience) in vocabulary.audiences.enumerated() { audiencePosition[audience.id] = Int32(position) }
    try Self.eachPair(db, "SELECT entry_id, audience_id FROM entry_audience", indexByID) { index, audienceID in
      guard let position = audiencePosition[audienceID] else { return }
      items[index].audiences.append(position)
      items[index].fingerprint &+= StableHash.mix(UInt64(bitPattern: audienceID) ^ 0xa0d1)
    }
    var tagNames: [Int64: String] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT id, name FROM tag") { tagNames[row[0]] = row[1] }
    let tagIDs = tagNames.keys.sorted { tagNames[$0]!.utf8.lexicographicallyPrecedes(tagNames[$1]!.utf8) }
    var tagPosition: [Int64: Int32] = [:]
    var tagHash: [Int64: UInt64] = [:]
    for (position, id) in tagIDs.enumerated() {
      tagPosition[id] = Int32(position)
      tagHash[id] = StableHash.mix(StableHash.of(tagNames[id]!))
    }
    try Self.eachPair(db, "SELECT entry_id, tag_id FROM entry_tag", indexByID) { index, tagID in
      guard let position = tagPosition[tagID] else { return }
      items[index].tags.append(position)
      items[index].fingerprint &+= tagHash[tagID]!
    }
    try Self.eachPair(db, "SELECT story_id, related_id FROM related", indexByID) { index, relatedID in
      items[index].related.append(relatedID)
      items[index].fingerprint &+= StableHash.mix(UInt64(bitPattern: relatedID) ^ 0x4e1a)
    }
    // Lists in the entries' order: newest first.
    var audienceItems = [[Int32]](repeating: [], count: vocabulary.audiences.count)
    var tagItems = [[Int32]](repeating: [], count: tagIDs.count)
    for index in items.indices {
      items[index].tags.sort()
      items[index].audiences.sort()
      items[index].related.sort()
      for position in items[index].audiences { audienceItems[Int(position)].append(Int32(index)) }
      for position in items[index].tags { tagItems[Int(position)].append(Int32(index)) }
    }
    audiences = zip(vocabulary.audiences, audienceItems).map { (audience: $0, items: $1) }
    tags = zip(tagIDs, tagItems).compactMap { id, list in list.isEmpty ? nil : (name: tagNames[id]!, items: list) }
    // Positions into `tags` now that empty tags are gone.
    var kept: [Int32: Int32] = [:]
    var next: Int32 = 0
    for (position, list) in tagItems.enumerated() where !list.isEmpty {
      kept[Int32(position)] = next
      next += 1
    }
    for index in items.indices { items[index].tags = items[index].tags.compactMap { kept[$0] } }
  }

  /// Each story's sources, hashed in order into its fingerprint.
  private mutating func readSources(_ db: Database) throws {
    let statement = try db.makeStatement(
      sql: "SELECT entry_id, n, title, publisher, url, published_at, excerpt FROM source ORDER BY entry_id, n")
    let handle = statement.sqliteStatement
    defer { sqlite3_reset(handle) }
    var current: Int64 = -1
    var hash = StableHash()
    func finish() {
      if current >= 0, let index = indexByID[current] { items[Int(index)].fingerprint &+= StableHash.mix(hash.value) }
    }
    while sqlite3_step(handle) == SQLITE_ROW {
      let entryID = sqlite3_column_int64(handle, 0)
      if entryID != current {
        finish()
        current = entryID
        hash = StableHash()
      }
      guard indexByID[entryID] != nil else { continue }
      for column in Int32(1)...6 { Self.hashColumn(handle, column, into: &hash) }
    }
    finish()
  }

  /// Calls `body` with the item index and second column of each row of
  /// `sql` whose first column is a published entry's id.
  private static func eachPair(
    _ db: Database, _ sql: String, _ indexByID: [Int64: Int32], _ body: (Int, Int64) -> Void
  ) throws {
    let statement = try db.makeStatement(sql: sql)
    let handle = statement.sqliteStatement
    defer { sqlite3_reset(handle) }
    while sqlite3_step(handle) == SQLITE_ROW {
      guard let index = indexByID[sqlite3_column_int64(handle, 0)] else { continue }
      body(Int(index), sqlite3_column_int64(handle, 1))
    }
  }

  static func hashColumn(_ handle: OpaquePointer, _ column: Int32, into hash: inout StableHash) {
    if sqlite3_column_type(handle, column) == SQLITE_NULL {
      hash.add(separator: 0xfe)
      return
    }
    let pointer = sqlite3_column_text(handle, column)
    let count = Int(sqlite3_column_bytes(handle, column))
    if let pointer { hash.add(bytes: UnsafeRawBufferPointer(start: pointer, count: count)) }
    hash.add(separator: 0xff)
  }

  /// The text of `column` ("" for NULL), `last` itself when it is the same.
  static func text(_ handle: OpaquePointer, _ column: Int32, sharing last: inout String) -> String {
    guard let pointer = sqlite3_column_text(handle, column) else { return "" }
    let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    if !last.utf8.elementsEqual(bytes) { last = String(decoding: bytes, as: UTF8.self) }
    return last
  }

  static func text(_ handle: OpaquePointer, _ column: Int32) -> String? {
    guard let pointer = sqlite3_column_text(handle, column) else { return nil }
    let count = Int(sqlite3_column_bytes(handle, column))
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
  }
}
