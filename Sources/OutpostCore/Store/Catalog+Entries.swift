import GRDB

extension Catalog {
  /// Entries matching `filter`, in `sort` order, with every list filled in.
  public func entries(
    matching filter: EntryFilter = EntryFilter(), sort: EntrySort = .kindSlug, limit: Int? = nil, offset: Int = 0
  ) throws -> [Entry] {
    try read { db in
      var result: [Entry] = []
      try EntryCursor.each(db, filter: filter, sort: sort, limit: limit, offset: offset) { result.append($0) }
      return result
    }
  }

  /// A page of `entries` and how many entries match in all, read from one
  /// snapshot. Only a full page, or one past the end, needs the matches
  /// counted: any other page ends where they do. The count is shared
  /// between two connections in a large catalog (`SlicedCount`).
  public func entryPage(
    matching filter: EntryFilter = EntryFilter(), sort: EntrySort = .kindSlug, limit: Int? = nil, offset: Int = 0
  ) throws -> (entries: [Entry], total: Int) {
    var count: SlicedCount.Query?
    if limit != nil {
      let (sql, arguments) = filter.countQuery(sliced: true)
      count = SlicedCount.Query(sql: sql, arguments: arguments)
      // A tag or audience few entries hold is counted at once by one
      // connection: a second would cost more than it saves.
      if let driver = filter.linkDriver() {
        count?.worthSharing = { db in try !EntryCursor.holdsFew(db, driver) }
      }
    }
    return try read(counting: count) { db, counter in
      var entries: [Entry] = []
      try EntryCursor.each(db, filter: filter, sort: sort, limit: limit, offset: offset) { entries.append($0) }
      let counted = (entries.isEmpty && offset > 0) || (limit.map { entries.count >= $0 } ?? false)
      guard counted else { return (entries, offset + entries.count) }
      if let counter { return (entries, try counter.total(on: db)) }
      let (sql, arguments) = filter.countQuery()
      return (entries, try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0)
    }
  }

  /// Calls `body` with each matching entry in order, reading them one at a
  /// time from a single snapshot: exports stream without holding the catalog
  /// in memory.
  public func forEachEntry(
    matching filter: EntryFilter = EntryFilter(), sort: EntrySort = .kindSlug, limit: Int? = nil, offset: Int = 0,
    _ body: (Entry) throws -> Void
  ) throws {
    try read { db in try EntryCursor.each(db, filter: filter, sort: sort, limit: limit, offset: offset, body) }
  }

  /// The entry with `slug`, or nil.
  public func entry(slug: String) throws -> Entry? {
    try read { db in try EntryCursor.entry(db, slug: slug) }
  }

  /// The number of entries matching `filter`.
  public func count(matching filter: EntryFilter = EntryFilter()) throws -> Int {
    try read { db in
      let (sql, arguments) = filter.countQuery()
      return try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0
    }
  }
}

/// Reads entries with their lists in one statement and their sources in a second.
enum EntryCursor {
  /// Lists come back `;`-joined (neither slugs nor tags can hold a `;`) and
  /// unordered; `list` sorts them, cheaper than a sorter a row in SQLite.
  static let selection = """
    SELECT e.id, e.kind, e.slug, e.title, e.url, e.summary, e.description, e.pricing, e.published_at,
      e.source_count, e.added_at, e.updated_at,
      (SELECT group_concat(a.slug, ';') FROM entry_audience ea JOIN audience a ON a.id = ea.audience_id
         WHERE ea.entry_id = e.id) AS audiences,
      (SELECT group_concat(t.name, ';') FROM entry_tag et JOIN tag t ON t.id = et.tag_id
         WHERE et.entry_id = e.id) AS tags,
      CASE e.kind WHEN 'story' THEN (SELECT group_concat(r.slug, ';') FROM related x JOIN entry r ON r.id = x.related_id
         WHERE x.story_id = e.id) END AS related
    FROM entry e
    """

  /// The same columns with audiences and tags as ids, for reading many
  /// entries: mapping ids through two small dictionaries is cheaper than two
  /// joins a row.
  static let bulkSelection = bulkColumns + " FROM entry e"

  /// `bulkSelection` without its FROM clause, for reading entries by id.
  static let bulkColumns = """
    SELECT e.id, e.kind, e.slug, e.title, e.url, e.summary, e.description, e.pricing, e.published_at,
      e.source_count, e.added_at, e.updated_at,
      (SELECT group_concat(audience_id, ';') FROM entry_audience WHERE entry_id = e.id) AS audiences,
      (SELECT group_concat(tag_id, ';') FROM entry_tag WHERE entry_id = e.id) AS tags,
      CASE e.kind WHEN 'story' THEN (SELECT group_concat(r.slug, ';') FROM related x JOIN entry r ON r.id = x.related_id
         WHERE x.story_id = e.id) END AS related
    """

  /// Audience slugs and tag names by id.
  struct Names {
    var audiences: [Int64: String] = [:]
    var tags: [Int64: String] = [:]

    init(_ db: Database) throws {
      for row in try Row.fetchAll(db, sql: "SELECT id, slug FROM audience") { audiences[row[0]] = row[1] }
      let cursor = try Row.fetchCursor(db, sql: "SELECT id, name FROM tag")
      while let row = try cursor.next() { tags[row[0]] = row[1] }
    }

    /// "3;1" → the names of ids 1 and 3, sorted.
    static func map(_ text: String?, _ names: [Int64: String]) -> [String] {
      guard let text, !text.isEmpty else { return [] }
      let items = text.utf8.split(separator: UInt8(ascii: ";")).compactMap {
        Int64(Substring(decoding: $0, as: UTF8.self)).flatMap { names[$0] }
      }
      return items.count > 1 ? items.sorted() : items
    }
  }

  /// A filter's tag (else audience) held by at most this many entries is
  /// listed from the link table's index, its entries then sorted; a commoner
  /// one by walking the sort order's index and probing each entry until the
  /// page is full. The walk finds twenty entries of a common tag at once, but
  /// for a tag that a few of a million entries hold it probes every entry:
  /// 4.8 s on the benchmark catalog. A listing without a limit reads the link
  /// table's index whatever the count.
  static let linkDriverLimit = 5_000

  /// True when a link driver (`EntryFilter.linkDriver`) holds at most
  /// `limit` entries; counted only that far: a tag of 100 000 entries took
  /// 7 ms to count in full.
  static func holdsFew(
    _ db: Database, _ driver: (sql: String, arguments: [String], rest: EntryFilter), _ limit: Int = linkDriverLimit
  ) throws -> Bool {
    try rows(of: driver.sql, driver.arguments, atMost: limit, in: db)
  }

  /// True when `kinds` is not empty and at most `limit` entries are of
  /// those kinds, counted that far in the kind index. They are then read
  /// from that index and sorted, as SQLite chooses on its own, instead of
  /// walking the title index past every other entry: `list --kind story` on
  /// a catalog of a million tools took 1.6 s that way.
  static func holdsFew(_ db: Database, kinds: [EntryKind], _ limit: Int = linkDriverLimit) throws -> Bool {
    guard !kinds.isEmpty else { return false }
    let (conditions, arguments) = EntryFilter(kinds: kinds).conditions()
    let sql = "SELECT 1 FROM entry e WHERE " + conditions.joined(separator: " AND ")
    return try rows(of: sql, arguments, atMost: limit, in: db)
  }

  /// True when `sql` yields at most `limit` rows, counted only that far.
  private static func rows(of sql: String, _ arguments: [String], atMost limit: Int, in db: Database) throws -> Bool {
    // A negative LIMIT is none.
    let probe = limit < Int.max ? limit + 1 : -1
    let count = "SELECT count(*) FROM (\(sql) LIMIT \(probe))"
    return try Int.fetchOne(db, sql: count, arguments: StatementArguments(arguments))! <= limit
  }

  /// The LIMIT and OFFSET of a page; none for every entry from the first.
  static func pageClause(limit: Int?, offset: Int) -> String {
    if let limit { return " LIMIT \(max(0, limit)) OFFSET \(max(0, offset))" }
    return offset > 0 ? " LIMIT -1 OFFSET \(offset)" : ""
  }

  static func each(
    _ db: Database, filter: EntryFilter, sort: EntrySort, limit: Int?, offset: Int,
    linkDriverLimit: Int = linkDriverLimit, _ body: (Entry) throws -> Void
  ) throws {
    let names = try Names(db)
    let (sql, arguments) = try query(
      db, filter: filter, sort: sort, limit: limit, offset: offset, linkDriverLimit: linkDriverLimit)
    let sources = try db.cachedStatement(
      sql: "SELECT n, title, publisher, url, published_at, excerpt FROM source WHERE entry_id = ? ORDER BY n")
    let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
    while let row = try rows.next() {
      try body(try entry(row, sources: sources, names: names))
    }
  }

  /// The statement `each` reads, with its arguments.
  static func query(
    _ db: Database, filter: EntryFilter, sort: EntrySort, limit: Int?, offset: Int,
    linkDriverLimit: Int = linkDriverLimit
  ) throws -> (sql: String, arguments: [String]) {
    var sql: String
    var conditions: [String]
    var arguments: [String]
    // Whether the entries are read in the sort's index order, probing the
    // filter on each, rather than gathered from a link table and sorted.
    let walks: Bool
    if let driver = filter.linkDriver(), try limit == nil || holdsFew(db, driver, linkDriverLimit) {
      // CROSS JOIN keeps SQLite from reordering the join back into the walk.
      sql = bulkColumns + " FROM (\(driver.sql)) d CROSS JOIN entry e ON e.id = d.id"
      (conditions, arguments) = driver.rest.conditions()
      arguments = driver.arguments + arguments
      walks = false
    } else {
      sql = bulkSelection
      (conditions, arguments) = filter.conditions(ids: try filter.linkIDs(db))
      walks = true
    }
    if walks, sort == .title, try !holdsFew(db, kinds: filter.kinds, linkDriverLimit),
      let blocks = try TitleBlocks.range(db),
      let merged = TitleBlocks.query(
        columns: bulkColumns, conditions: conditions, arguments: arguments, blocks: blocks, limit: limit,
        offset: offset)
    {
      return merged
    }
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += " ORDER BY " + sort.orderBy + pageClause(limit: limit, offset: offset)
    return (sql, arguments)
  }

  static func entry(_ db: Database, slug: String) throws -> Entry? {
    let sources = try db.cachedStatement(
      sql: "SELECT n, title, publisher, url, published_at, excerpt FROM source WHERE entry_id = ? ORDER BY n")
    guard let row = try Row.fetchOne(db, sql: selection + " WHERE e.slug = ?", arguments: [slug]) else { return nil }
    return try entry(row, sources: sources)
  }

  /// The entry of id `id`, or nil: an import reads each entry it may patch.
  static func entry(_ db: Database, id: Int64) throws -> Entry? {
    let sources = try db.cachedStatement(
      sql: "SELECT n, title, publisher, url, published_at, excerpt FROM source WHERE entry_id = ? ORDER BY n")
    let statement = try db.cachedStatement(sql: selection + " WHERE e.id = ?")
    guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
    return try entry(row, sources: sources)
  }

  /// Reads columns by position, in `selection`'s order: looking them up by
  /// name costs more than the rest of an export's row.
  /// With `names`, the row is of `bulkSelection`; without, of `selection`.
  static func entry(_ row: Row, sources: Statement, names: Names? = nil) throws -> Entry {
    let kind = EntryKind(rawValue: row[1]) ?? .tool
    let audiences = names.map { Names.map(row[12], $0.audiences) } ?? list(row[12])
    let tags = names.map { Names.map(row[13], $0.tags) } ?? list(row[13])
    var entry = Entry(
      kind: kind, slug: row[2], title: row[3], url: row[4], summary: row[5], description: row[6],
      pricing: (row[7] as String?).flatMap(Pricing.init(rawValue:)), publishedAt: row[8],
      audiences: audiences, tags: tags, related: list(row[14]), sourceCount: row[9],
      addedAt: row[10], updatedAt: row[11])
    if kind == .story {
      let id: Int64 = row[0]
      entry.sources = try Row.fetchAll(sources, arguments: [id]).map {
        Source(n: $0[0], title: $0[1], publisher: $0[2], url: $0[3], publishedAt: $0[4], excerpt: $0[5])
      }
    }
    return entry
  }

  private static func list(_ text: String?) -> [String] {
    guard let text, !text.isEmpty else { return [] }
    // Split on bytes: Character-wise splitting is the slowest part of an export.
    let items = text.utf8.split(separator: UInt8(ascii: ";")).map { String(decoding: $0, as: UTF8.self) }
    return items.count > 1 ? items.sorted() : items
  }
}
