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
      let (conditions, arguments) = filter.conditions()
      let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
      return try Int.fetchOne(db, sql: "SELECT count(*) FROM entry e \(whereClause)", arguments: StatementArguments(arguments)) ?? 0
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
      (SELECT group_concat(r.slug, ';') FROM related x JOIN entry r ON r.id = x.related_id
         WHERE x.story_id = e.id) AS related
    FROM entry e
    """

  static func each(
    _ db: Database, filter: EntryFilter, sort: EntrySort, limit: Int?, offset: Int, _ body: (Entry) throws -> Void
  ) throws {
    let (conditions, arguments) = filter.conditions()
    var sql = selection
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    sql += " ORDER BY " + sort.orderBy
    if let limit { sql += " LIMIT \(max(0, limit)) OFFSET \(max(0, offset))" } else if offset > 0 {
      sql += " LIMIT -1 OFFSET \(offset)"
    }
    let sources = try db.cachedStatement(
      sql: "SELECT n, title, publisher, url, published_at, excerpt FROM source WHERE entry_id = ? ORDER BY n")
    let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
    while let row = try rows.next() {
      try body(try entry(row, sources: sources))
    }
  }

  static func entry(_ db: Database, slug: String) throws -> Entry? {
    let sources = try db.cachedStatement(
      sql: "SELECT n, title, publisher, url, published_at, excerpt FROM source WHERE entry_id = ? ORDER BY n")
    guard let row = try Row.fetchOne(db, sql: selection + " WHERE e.slug = ?", arguments: [slug]) else { return nil }
    return try entry(row, sources: sources)
  }

  static func entry(_ row: Row, sources: Statement) throws -> Entry {
    let kind = EntryKind(rawValue: row["kind"]) ?? .tool
    var entry = Entry(
      kind: kind, slug: row["slug"], title: row["title"], url: row["url"], summary: row["summary"],
      description: row["description"], pricing: (row["pricing"] as String?).flatMap(Pricing.init(rawValue:)),
      publishedAt: row["published_at"], audiences: list(row["audiences"]), tags: list(row["tags"]),
      related: list(row["related"]), sourceCount: row["source_count"], addedAt: row["added_at"],
      updatedAt: row["updated_at"])
    if kind == .story {
      let id: Int64 = row["id"]
      entry.sources = try Row.fetchAll(sources, arguments: [id]).map {
        Source(
          n: $0["n"], title: $0["title"], publisher: $0["publisher"], url: $0["url"],
          publishedAt: $0["published_at"], excerpt: $0["excerpt"])
      }
    }
    return entry
  }

  private static func list(_ text: String?) -> [String] {
    guard let text, !text.isEmpty else { return [] }
    return text.split(separator: ";").map(String.init).sorted()
  }
}
