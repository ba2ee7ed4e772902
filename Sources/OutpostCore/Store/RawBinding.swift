import GRDB
import GRDBSQLite

/// Binds and runs prepared statements through SQLite's C API, for the rows
/// an import writes by the hundred thousand; everything else goes through GRDB.
///
/// Errors come back as GRDB's `DatabaseError`, with SQLite's extended result
/// code and message, so callers tell a slug clash from a broken rule as they
/// would for a statement GRDB ran.
enum RawBinding {
  /// SQLite copies a value bound with this destructor, so the Swift string's
  /// buffer need not outlive the call.
  private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

  static func bind(_ handle: OpaquePointer, _ index: Int32, _ text: String?) {
    guard var text else {
      sqlite3_bind_null(handle, index)
      return
    }
    text.withUTF8 { bytes in
      // A null pointer would bind NULL: an empty text needs a real one.
      let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
      _ = sqlite3_bind_text(
        handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
        Int32(bytes.count), transient)
    }
  }

  static func bind(_ handle: OpaquePointer, _ index: Int32, _ number: Int64?) {
    if let number { sqlite3_bind_int64(handle, index, number) } else { sqlite3_bind_null(handle, index) }
  }

  /// Runs a statement that returns no row, leaving it reset.
  static func step(_ handle: OpaquePointer) throws {
    let code = sqlite3_step(handle)
    guard code == SQLITE_DONE else {
      let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
      sqlite3_reset(handle)
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: nil)
    }
    sqlite3_reset(handle)
  }

  /// Runs a two-integer statement, as link rows are.
  static func execute(_ handle: OpaquePointer, _ first: Int64, _ second: Int64) throws {
    sqlite3_reset(handle)
    sqlite3_bind_int64(handle, 1, first)
    sqlite3_bind_int64(handle, 2, second)
    try step(handle)
  }
}
