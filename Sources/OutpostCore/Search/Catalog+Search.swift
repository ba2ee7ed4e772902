import GRDB

/// One search hit.
public struct SearchHit: Sendable {
  public var entry: Entry
  /// Text around the match, with matched words between `SearchHit.markStart`
  /// and `SearchHit.markEnd` for the printer to show as it likes.
  public var snippet: String
  public static let markStart = "\u{1}"
  public static let markEnd = "\u{2}"
}

extension Catalog {
  /// Entries matching `text`, best first: bm25 with the title weighted
  /// highest, then summary, description and sources.
  public func search(_ text: String, filter: EntryFilter = EntryFilter(), limit: Int = 20, offset: Int = 0) throws
    -> [SearchHit]
  {
    guard let match = SearchQuery.fts(text) else { return [] }
    return try read { db in
      let (conditions, arguments) = filter.conditions()
      let extra = conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
      let sql = """
        SELECT f.rowid AS id, e.slug AS slug,
               snippet(entry_fts, -1, char(1), char(2), '…', 14) AS snippet
        FROM entry_fts f JOIN entry e ON e.id = f.rowid
        WHERE entry_fts MATCH ?\(extra)
        ORDER BY bm25(entry_fts, 10.0, 4.0, 2.0, 1.0), e.slug
        LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
        """
      let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments([match] + arguments))
      return try rows.map { row in
        SearchHit(entry: try EntryCursor.entry(db, slug: row["slug"])!, snippet: row["snippet"] ?? "")
      }
    }
  }
}
