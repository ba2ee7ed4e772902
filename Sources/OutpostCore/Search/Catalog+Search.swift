import GRDB

/// One search hit.
public struct SearchHit: Sendable {
  /// The entry found, with every list filled in.
  public var entry: Entry
  /// Text around the match, with matched words between `SearchHit.markStart`
  /// and `SearchHit.markEnd` for the printer to show as it likes.
  public var snippet: String
  /// Opens a matched word in `snippet`; takes no width in a table.
  public static let markStart = "\u{1}"
  /// Closes a matched word in `snippet`.
  public static let markEnd = "\u{2}"

  /// The snippet starting at most `lead` words before its first match, so a
  /// narrow table cell still shows the match: "…a former intern for $1.1M".
  public func focusedSnippet(lead: Int = 3) -> String {
    guard let mark = snippet.range(of: Self.markStart) else { return snippet }
    let before = snippet[..<mark.lowerBound].split(separator: " ", omittingEmptySubsequences: true)
    guard before.count > lead else { return snippet }
    let kept = before.suffix(lead).joined(separator: " ")
    return "…" + kept + (kept.isEmpty ? "" : " ") + snippet[mark.lowerBound...]
  }
}

/// One page of search hits, and how many entries match in all.
public struct SearchPage: Sendable {
  /// The hits of the page asked for, best first.
  public var hits: [SearchHit]
  /// Every entry the query and filter match, not only those shown.
  public var total: Int
}

extension Catalog {
  /// How many matches, newest first, a search ranks: all of them in any
  /// curated catalog, the newest 2 000 for a common word in a huge one.
  public static let rankingWindow = 2_000

  /// The bm25 weights of the index's columns (`SearchIndex.columns`): the
  /// title weighs most, then the summary and the tags, the description, and
  /// the sources and audiences least.
  static let columnWeights = "10.0, 4.0, 2.0, 1.0, 3.0, 1.0"

  /// Entries matching `text`, best first: bm25 (`SearchRank`) with the title
  /// weighted highest, then summary, tags, description, sources and audiences.
  public func search(_ text: String, filter: EntryFilter = EntryFilter(), limit: Int = 20, offset: Int = 0) throws
    -> [SearchHit]
  {
    try searchPage(text, filter: filter, limit: limit, offset: offset, counting: false).hits
  }

  /// A page of `search`, with the number of matches in all. Counting reads
  /// every match's id but ranks none, so a word in most of a million entries
  /// costs a scan of its list in the index, not a million bm25 scores.
  ///
  /// `beforeCounting` hears the hits as soon as they are read, while the
  /// matches are still being counted: a table can be printed meanwhile.
  public func searchPage(
    _ text: String, filter: EntryFilter = EntryFilter(), limit: Int = 20, offset: Int = 0, counting: Bool = true,
    beforeCounting: ([SearchHit]) -> Void = { _ in }
  ) throws -> SearchPage {
    guard let match = SearchQuery.fts(text) else { return SearchPage(hits: [], total: 0) }
    let (conditions, arguments) = filter.conditions()
    let extra = conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
    // Counted by a second connection beside the page in a large catalog
    // (`SlicedCount`): the count reads every match, the page only the newest.
    let count = SlicedCount.Query(
      sql: conditions.isEmpty
        ? "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?"
        : "SELECT count(*) FROM entry_fts f JOIN entry e ON e.id = f.rowid WHERE entry_fts MATCH ?\(extra)",
      arguments: [match] + arguments, sliced: false)
    return try read(counting: counting ? count : nil) { db, counter in
      try SearchRank.register(db)
      let queryArguments = StatementArguments([match] + arguments)
      // Ranked first without snippets: SQLite would otherwise build a snippet
      // for every match before LIMIT keeps twenty of them. bm25 costs about
      // a microsecond a match, so a word found in most of a million entries
      // would take a second: the newest `rankingWindow` matches are ranked.
      let window = max(Self.rankingWindow, offset + limit)
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT id, count(*) OVER () AS ranked FROM (
            SELECT f.rowid AS id, e.slug AS slug, \(SearchRank.functionName)(entry_fts, \(Self.columnWeights)) AS score
            FROM entry_fts f JOIN entry e ON e.id = f.rowid
            WHERE entry_fts MATCH ?\(extra)
            ORDER BY f.rowid DESC LIMIT \(window))
          ORDER BY score, slug
          LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
          """, arguments: queryArguments)
      let ranked: [Int64] = rows.map { $0["id"] }
      // The hits first: the second connection goes on counting meanwhile.
      let hits = try Self.hits(db, match: match, ranked: ranked)
      beforeCounting(hits)
      var total = 0
      if counting {
        // A window not filled holds every match; only a full one needs counting.
        if let first = rows.first, first["ranked"] < window {
          total = first["ranked"]
        } else if rows.isEmpty, offset == 0, limit > 0 {
          total = 0
        } else if let counter {
          total = try counter.total(on: db)
        }
      }
      return SearchPage(hits: hits, total: total)
    }
  }

  /// The entries of `ranked`, in that order, each with its snippet.
  private static func hits(_ db: Database, match: String, ranked: [Int64]) throws -> [SearchHit] {
    guard !ranked.isEmpty else { return [] }
    // One snippet per column: the title is shown on its own, so the match
    // is shown from the body, tags or audiences when they hold it.
    let snippets = try Row.fetchAll(
      db,
      sql: """
        SELECT rowid AS id,
               snippet(entry_fts, -1, char(1), char(2), '…', 14) AS best,
               snippet(entry_fts, 1, char(1), char(2), '…', 14) AS summary,
               snippet(entry_fts, 2, char(1), char(2), '…', 14) AS description,
               snippet(entry_fts, 3, char(1), char(2), '…', 14) AS sources,
               snippet(entry_fts, 4, char(1), char(2), '…', 14) AS tags,
               snippet(entry_fts, 5, char(1), char(2), '…', 14) AS audiences
        FROM entry_fts WHERE entry_fts MATCH ? AND rowid IN (\(ranked.map { _ in "?" }.joined(separator: ", ")))
        """, arguments: StatementArguments([match as any DatabaseValueConvertible] + ranked))
    var byID: [Int64: String] = [:]
    for row in snippets { byID[row["id"]] = Self.snippet(row) }
    let slugs = try db.cachedStatement(sql: "SELECT slug FROM entry WHERE id = ?")
    return try ranked.map { id in
      let slug = try String.fetchOne(slugs, arguments: [id])!
      return SearchHit(entry: try EntryCursor.entry(db, slug: slug)!, snippet: byID[id] ?? "")
    }
  }

  /// The first body column with a marked match, else the tags or audiences
  /// that matched ("tags: job-search"), else the opening words of the first
  /// body text (the title alone matched), else the best snippet.
  private static func snippet(_ row: Row) -> String {
    let body: [String] = ["summary", "description", "sources"].compactMap { row[$0] }
    if let marked = body.first(where: { $0.contains(SearchHit.markStart) }) { return marked }
    for column in ["tags", "audiences"] {
      if let marked: String = row[column], marked.contains(SearchHit.markStart) { return column + ": " + marked }
    }
    if let opening = body.first(where: { !$0.isEmpty }) { return opening }
    return row["best"] ?? ""
  }
}
