import GRDB

/// Finds the entries whose URL is a likely duplicate of another through the
/// index of migration 0005, so that `add` and an import into a large catalog
/// read a few index rows instead of every entry's URL.
///
/// The index holds `URLCheck.duplicateKey` lower-cased whole (SQL cannot fold
/// only the host); it narrows the search to a handful of candidates, which are
/// then compared with the exact key.
enum URLKeyIndex {
  /// The indexed expression, spelled as migration 0005 spells it: SQLite uses
  /// the index only for a query that repeats it.
  static let expression = """
    rtrim(CASE WHEN lower(substr(url, instr(url, '://') + 3, 4)) = 'www.' \
    THEN lower(substr(url, instr(url, '://') + 7)) \
    ELSE lower(substr(url, instr(url, '://') + 3)) END, '/')
    """

  /// The candidates' query; `url IS NOT NULL` lets SQLite use the partial index.
  static let candidatesSQL = "SELECT id, slug, url FROM entry WHERE url IS NOT NULL AND \(expression) = ?"

  /// Entries whose URL has the same duplicate key as `url`, by id order.
  static func owners(of url: String, in db: Database) throws -> [(id: Int64, slug: String)] {
    let key = URLCheck.duplicateKey(url)
    guard !key.isEmpty else { return [] }
    let rows = try Row.fetchAll(db.cachedStatement(sql: candidatesSQL), arguments: [asciiLowercased(key)])
    return
      rows
      .filter { URLCheck.duplicateKey($0["url"]) == key }
      .map { (id: $0["id"], slug: $0["slug"]) }
      .sorted { $0.id < $1.id }
  }

  /// SQLite's `lower` folds ASCII letters only; the key must be folded alike.
  static func asciiLowercased(_ text: String) -> String {
    String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
  }
}
