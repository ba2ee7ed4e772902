import Foundation
import GRDB

/// The number of matches of a search, for the footer.
///
/// FTS5 can only count a word's matches by walking its list in the index: a
/// word in 718 000 of the benchmark's million entries takes 47 ms of CPU,
/// more than the rest of the search. A large count is therefore split in two
/// by rowid, and the upper half counted on a second, read-only connection on
/// a thread of its own while this one counts the lower half: on two cores the
/// wall time halves. The halves are separate read transactions, so a write
/// committed between their starts can be counted in one half and not the
/// other; the footer's number is that of an instant during the search.
struct SearchCount {
  /// Below this many entries in the catalog, a second connection costs more
  /// (opening it reads the schema) than counting alone.
  static let splitAbove: Int64 = 200_000

  /// `SELECT count(*) FROM entry_fts f … WHERE entry_fts MATCH ?…`, without
  /// a rowid condition.
  let sql: String
  let arguments: StatementArguments
  /// `splitAbove`, or less to try the split on a small catalog.
  var splitThreshold = Self.splitAbove

  /// The count on `db`, split as above when `catalog` is a plain file this
  /// process can open again.
  func run(_ db: Database, catalog: Catalog) throws -> Int {
    guard catalog.readOnlyReason == nil, !catalog.isReadOnlyConnection,
      // Two subqueries: `min` and `max` in one SELECT would scan the table.
      let bounds = try Row.fetchOne(
        db, sql: "SELECT (SELECT min(rowid) FROM entry) AS low, (SELECT max(rowid) FROM entry) AS high"),
      let low: Int64 = bounds["low"], let high: Int64 = bounds["high"], high - low > splitThreshold
    else {
      return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }
    let middle = low + (high - low) / 2
    let upper = UpperHalf(path: catalog.path, sql: sql + " AND f.rowid > ?", arguments: arguments + [middle])
    let thread = Thread { upper.run() }
    thread.name = "outpost search count"
    thread.start()
    let lower = try Int.fetchOne(db, sql: sql + " AND f.rowid <= ?", arguments: arguments + [middle]) ?? 0
    return lower + (try upper.wait())
  }

  /// The upper half's count, made on its own connection and thread.
  private final class UpperHalf: @unchecked Sendable {
    let path: String
    let sql: String
    let arguments: StatementArguments
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Int, Error> = .success(0)

    init(path: String, sql: String, arguments: StatementArguments) {
      self.path = path
      self.sql = sql
      self.arguments = arguments
    }

    func run() {
      result = Result {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "outpost search count"
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
      }
      done.signal()
    }

    func wait() throws -> Int {
      done.wait()
      return try result.get()
    }
  }
}
