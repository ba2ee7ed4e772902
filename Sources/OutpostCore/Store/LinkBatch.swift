import GRDB
import GRDBSQLite

/// Link rows of one table (an entry and a tag, an entry and an audience),
/// written `size` at a time by one multi-row `INSERT`.
///
/// A bulk import writes four link rows an entry; one statement for each cost
/// SQLite more in starting and finishing statements than in the rows. Rows
/// wait in memory until `flush`, so whoever reads or deletes links must flush
/// first: the importer does, before it updates an entry and at the input's end.
///
/// A failed batch is thrown from the call that flushes it, which may be
/// another entry's: that is acceptable only because a link row cannot break a
/// rule (`OR IGNORE` takes duplicates; both ids exist by construction), so the
/// only failures are a full disk or an I/O error, which end the import whole.
final class LinkBatch {
  static let size = 64

  private let db: Database
  private let insert: String
  // Prepared on first use: a one-entry command that writes no link of this
  // table should not compile them (the 64-row one alone took 2 ms of `edit`).
  private var one: Statement?
  private var many: Statement?
  private var pairs: [(Int64, Int64)] = []

  /// `insert` is `INSERT OR IGNORE INTO table (a, b)`, without its values.
  init(_ db: Database, insert: String) {
    self.db = db
    self.insert = insert
    pairs.reserveCapacity(Self.size)
  }

  func add(_ first: Int64, _ second: Int64) throws {
    pairs.append((first, second))
    if pairs.count == Self.size { try flush() }
  }

  /// Writes the rows waiting.
  func flush() throws {
    defer { pairs.removeAll(keepingCapacity: true) }
    guard pairs.count == Self.size else {
      guard !pairs.isEmpty else { return }
      if one == nil { one = try db.makeStatement(sql: insert + " VALUES (?, ?)") }
      for (first, second) in pairs { try RawBinding.execute(one!.sqliteStatement, first, second) }
      return
    }
    if many == nil {
      many = try db.makeStatement(
        sql: insert + " VALUES " + Array(repeating: "(?, ?)", count: Self.size).joined(separator: ", "))
    }
    let handle = many!.sqliteStatement
    sqlite3_reset(handle)
    for (index, (first, second)) in pairs.enumerated() {
      sqlite3_bind_int64(handle, Int32(2 * index + 1), first)
      sqlite3_bind_int64(handle, Int32(2 * index + 2), second)
    }
    try RawBinding.step(handle)
  }
}
