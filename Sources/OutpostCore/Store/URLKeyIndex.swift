import GRDB
import GRDBSQLite

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
  ///
  /// Stepped through SQLite's C API, as `RawBinding` explains: an import into
  /// a large catalog asks this once a row.
  static func owners(of url: String, in db: Database) throws -> [(id: Int64, slug: String)] {
    let key = URLCheck.duplicateKey(url)
    guard !key.isEmpty else { return [] }
    let handle = try db.cachedStatement(sql: candidatesSQL).sqliteStatement
    sqlite3_reset(handle)
    defer { sqlite3_reset(handle) }
    RawBinding.bind(handle, 1, asciiLowercased(key))
    var owners: [(id: Int64, slug: String)] = []
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else {
        let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: nil)
      }
      let candidate = String(cString: sqlite3_column_text(handle, 2))
      guard URLCheck.duplicateKey(candidate) == key else { continue }
      owners.append((sqlite3_column_int64(handle, 0), String(cString: sqlite3_column_text(handle, 1))))
    }
    return owners.sorted { $0.id < $1.id }
  }

  /// SQLite's `lower` folds ASCII letters only; the key must be folded alike.
  static func asciiLowercased(_ text: String) -> String {
    String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
  }
}
