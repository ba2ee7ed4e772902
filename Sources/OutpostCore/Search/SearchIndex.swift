/// The search index's columns, and the statements that put an entry's text
/// into it and take it out, for the code that writes the index without its
/// triggers (an import).
///
/// The index is external-content FTS5 (migrations 0002 and 0003): it reads
/// each entry's text from the view `entry_search_text`, whose columns are
/// the index's, in the same order.
enum SearchIndex {
  /// The columns, in the index's order; `Catalog.search` weighs them.
  static let columns = ["title", "summary", "description", "sources", "tags", "audiences"]

  private static let list = columns.joined(separator: ", ")

  /// Indexes the entries `condition` (on the view's `id`) selects.
  static func insertSQL(where condition: String) -> String {
    "INSERT INTO entry_fts (rowid, \(list)) SELECT id, \(list) FROM entry_search_text WHERE \(condition)"
  }

  /// Takes the entries `condition` selects out of the index; their text must
  /// still be what was indexed.
  static func deleteSQL(where condition: String) -> String {
    "INSERT INTO entry_fts (entry_fts, rowid, \(list)) SELECT 'delete', id, \(list) FROM entry_search_text WHERE \(condition)"
  }
}
