import GRDB
import GRDBSQLite

/// What a build keeps in memory of each published entry: enough to list it,
/// link to it and tell whether it changed, but not its body or sources,
/// which are read again only for the pages that need them. Entries are
/// newest first (a story's publication date, else the day it was added),
/// the order of every list on the site.
struct SiteSkeleton {
  /// Read by index where it matters (`items[i].field`): a copy of an item
  /// is nine reference counts, and a build handles a hundred thousand.
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
  var indexByID = EntryPositions()
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
    // The order comes from the date index alone, which holds every id; the
    // rows are then read in the table's own order. Read through the index,
    // each row is a lookup of its own, and a large catalog's pages are read
    // again and again: 0.53 s against 0.23 s for 100 000 entries.
    var order: [Int64] = []
    let ordered = try db.makeStatement(
      sql: "SELECT e.id FROM entry e \(whereClause) ORDER BY coalesce(e.published_at, e.added_at) DESC, e.slug DESC")
    try ordered.setArguments(StatementArguments(arguments))
    try Self.each(db, ordered) { handle in order.append(sqlite3_column_int64(handle, 0)) }
    let slot = EntryPositions(order)
    order = []
    let statement = try db.makeStatement(
      sql: """
        SELECT e.id, e.kind, e.slug, e.title, coalesce(e.published_at, e.added_at), e.summary, e.source_count,
          e.pricing, e.url, e.description, e.published_at, e.added_at, e.updated_at
        FROM entry e \(whereClause) ORDER BY e.id
        """)
    try statement.setArguments(StatementArguments(arguments))
    // Entries added together (an import) are neighbours in the table and
    // share their dates: each such run shares one string, not a copy each.
    var lastDate = ""
    var lastUpdated = ""
    var read: [Item] = []
    var places: [Int32] = []
    read.reserveCapacity(slot.count)
    places.reserveCapacity(slot.count)
    try Self.each(db, statement) { handle in
      let id = sqlite3_column_int64(handle, 0)
      guard let place = slot[id] else { return }
      var hash = StableHash()
      for column in Int32(1)...12 { Self.hashColumn(handle, column, into: &hash) }
      let kind: EntryKind = Self.text(handle, 1) == "story" ? .story : .tool
      // Made in place: an item made first and then appended is copied.
      read.append(
        Item(
          id: id, kind: kind, slug: Self.text(handle, 2) ?? "", title: SiteText.clean(Self.text(handle, 3) ?? ""),
          date: Self.text(handle, 4, sharing: &lastDate), updated: Self.text(handle, 12, sharing: &lastUpdated),
          blurb: SiteText.blurb(Self.text(handle, 5)),
          sourceCount: sqlite3_column_type(handle, 6) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, 6)),
          pricing: Self.text(handle, 7).flatMap(Pricing.init(rawValue:)), fingerprint: hash.value))
      places.append(place)
    }
    // Newest first: each item moved to its place, by swaps, not copies.
    // (Both statements read one snapshot, so they find the same entries.)
    guard read.count == slot.count else { throw CatalogError("the catalog changed while the site was read") }
    for start in places.indices {
      while places[start] != Int32(start) {
        let place = Int(places[start])
        read.swapAt(start, place)
        places.swapAt(start, place)
      }
    }
    items = read
    read = []
    indexByID = EntryPositions(items.map(\.id))
  }

  /// Steps `statement` to its end, calling `body` on each row.
  private static func each(_ db: Database, _ statement: Statement, _ body: (OpaquePointer) throws -> Void) throws {
    let handle = statement.sqliteStatement
    defer { sqlite3_reset(handle) }
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else {
        throw DatabaseError(
          resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
      }
      try body(handle)
    }
  }

  /// Audiences, tags and related stories, each table read once in key order.
  /// Each entry's links come together (the tables' keys begin with the
  /// entry), so each entry is changed once per table, not once per row.
  private mutating func readLinks(_ db: Database) throws {
    let vocabulary = try AudienceVocabulary.load(db)
    let audiencePosition = EntryPositions(vocabulary.audiences.map(\.id))
    try Self.eachGroup(db, "SELECT entry_id, audience_id FROM entry_audience ORDER BY entry_id", indexByID) {
      index, audienceIDs in
      var positions: [Int32] = []
      var hash: UInt64 = 0
      for audienceID in audienceIDs {
        guard let position = audiencePosition[audienceID] else { continue }
        positions.append(position)
        hash &+= StableHash.mix(UInt64(bitPattern: audienceID) ^ 0xa0d1)
      }
      items[index].audiences = positions.sorted()
      items[index].fingerprint &+= hash
    }
    var tagNames: [Int64: String] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT id, name FROM tag") { tagNames[row[0]] = row[1] }
    let tagIDs = tagNames.keys.sorted { tagNames[$0]!.utf8.lexicographicallyPrecedes(tagNames[$1]!.utf8) }
    let tagPosition = EntryPositions(tagIDs)
    let tagHash = tagIDs.map { StableHash.mix(StableHash.of(tagNames[$0]!)) }
    try Self.eachGroup(db, "SELECT entry_id, tag_id FROM entry_tag ORDER BY entry_id", indexByID) { index, tagIDs in
      var positions: [Int32] = []
      var hash: UInt64 = 0
      for tagID in tagIDs {
        guard let position = tagPosition[tagID] else { continue }
        positions.append(position)
        hash &+= tagHash[Int(position)]
      }
      items[index].tags = positions.sorted()
      items[index].fingerprint &+= hash
    }
    try Self.eachGroup(db, "SELECT story_id, related_id FROM related ORDER BY story_id", indexByID) {
      index, relatedIDs in
      var hash: UInt64 = 0
      for relatedID in relatedIDs { hash &+= StableHash.mix(UInt64(bitPattern: relatedID) ^ 0x4e1a) }
      items[index].related = relatedIDs.sorted()
      items[index].fingerprint &+= hash
    }
    // Lists in the entries' order: newest first.
    var audienceItems = [[Int32]](repeating: [], count: vocabulary.audiences.count)
    var tagItems = [[Int32]](repeating: [], count: tagIDs.count)
    for index in items.indices {
      for position in items[index].audiences { audienceItems[Int(position)].append(Int32(index)) }
      for position in items[index].tags { tagItems[Int(position)].append(Int32(index)) }
    }
    audiences = zip(vocabulary.audiences, audienceItems).map { (audience: $0, items: $1) }
    tags = zip(tagIDs, tagItems).compactMap { id, list in list.isEmpty ? nil : (name: tagNames[id]!, items: list) }
    // Positions into `tags` now that empty tags are gone.
    var kept = [Int32](repeating: -1, count: tagItems.count)
    var next: Int32 = 0
    for (position, list) in tagItems.enumerated() where !list.isEmpty {
      kept[position] = next
      next += 1
    }
    guard next < Int32(tagItems.count) else { return }
    for index in items.indices where !items[index].tags.isEmpty {
      items[index].tags = items[index].tags.map { kept[Int($0)] }
    }
  }

  /// Each story's sources, hashed in order into its fingerprint.
  private mutating func readSources(_ db: Database) throws {
    let statement = try db.makeStatement(
      sql: "SELECT entry_id, n, title, publisher, url, published_at, excerpt FROM source ORDER BY entry_id, n")
    var current: Int64 = -1
    var hash = StableHash()
    func finish() {
      if current >= 0, let index = indexByID[current] { items[Int(index)].fingerprint &+= StableHash.mix(hash.value) }
    }
    try Self.each(db, statement) { handle in
      let entryID = sqlite3_column_int64(handle, 0)
      if entryID != current {
        finish()
        current = entryID
        hash = StableHash()
      }
      guard indexByID[entryID] != nil else { return }
      for column in Int32(1)...6 { Self.hashColumn(handle, column, into: &hash) }
    }
    finish()
  }

  /// Calls `body` with the item index of each published entry among the
  /// first column of `sql`'s rows, and the second column of its rows; rows
  /// of one entry come together.
  private static func eachGroup(
    _ db: Database, _ sql: String, _ indexByID: EntryPositions, _ body: (Int, [Int64]) -> Void
  ) throws {
    var current: Int64?
    var group: [Int64] = []
    func finish() {
      guard let current, let index = indexByID[current] else { return }
      body(Int(index), group)
    }
    try each(db, try db.makeStatement(sql: sql)) { handle in
      let id = sqlite3_column_int64(handle, 0)
      if id != current {
        finish()
        current = id
        group.removeAll(keepingCapacity: true)
      }
      group.append(sqlite3_column_int64(handle, 1))
    }
    finish()
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
