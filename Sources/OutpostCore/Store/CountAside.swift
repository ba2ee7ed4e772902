import Foundation
import GRDB

/// A `SELECT count(*)` run on a second connection, on a thread of its own,
/// while the catalog's connection reads the page that count is the footer
/// of. A footer's exact count can cost more than the page: 40 ms for a word
/// in 718 000 of the benchmark's million entries, or for the 25 000 entries
/// that hold both a tag and an audience, against 20 to 30 ms for the page.
/// Side by side, a command takes the longer of the two, not their sum.
///
/// Both connections read the same catalog. The second one takes its snapshot
/// before the first, and `Catalog.read(countingAside:_:)` compares
/// `PRAGMA data_version` from before the second started with the value
/// inside its own transaction: equal, no commit came between, and both saw
/// the same catalog; different, the count is taken again inside the page's
/// own transaction.
final class CountAside: @unchecked Sendable {
  private let condition = NSCondition()
  private var snapshotTaken = false
  private var outcome: Result<Int, any Error>?
  private var connection: DatabaseQueue?
  private var cancelled = false

  /// What a test runs once the second connection of the catalog at a path
  /// has its snapshot, before the page's transaction begins: a commit there
  /// is the one case the `data_version` check exists for.
  nonisolated(unsafe) private static var hooks: [String: @Sendable () -> Void] = [:]
  private static let hooksLock = NSLock()

  static func setAfterSnapshot(_ path: String, _ hook: (@Sendable () -> Void)?) {
    hooksLock.withLock { hooks[path] = hook }
  }

  private static func afterSnapshot(_ path: String) -> (@Sendable () -> Void)? {
    hooksLock.withLock { hooks[path] }
  }

  /// Starts the count on a new thread; returns once its snapshot is taken
  /// (or the count has failed, when `value` then says so).
  init(path: String, configuration: Configuration, sql: String, arguments: StatementArguments) {
    let thread = Thread { [self] in run(path: path, configuration: configuration, sql: sql, arguments: arguments) }
    thread.start()
    condition.lock()
    while !snapshotTaken && outcome == nil { condition.wait() }
    condition.unlock()
  }

  private func run(path: String, configuration: Configuration, sql: String, arguments: StatementArguments) {
    let result = Result<Int, any Error> {
      var configuration = configuration
      configuration.readonly = true
      let queue = try DatabaseQueue(path: path, configuration: configuration)
      condition.lock()
      connection = queue
      let cancelledEarly = cancelled
      condition.unlock()
      if cancelledEarly { throw CancellationError() }
      return try queue.read { db in
        // The first read of the transaction takes its snapshot.
        _ = try Int.fetchOne(db, sql: "PRAGMA data_version")
        Self.afterSnapshot(path)?()
        condition.lock()
        snapshotTaken = true
        condition.broadcast()
        condition.unlock()
        return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
      }
    }
    condition.lock()
    outcome = result
    connection = nil
    condition.broadcast()
    condition.unlock()
  }

  /// The count, once the thread has it.
  func value() throws -> Int {
    condition.lock()
    defer { condition.unlock() }
    while outcome == nil { condition.wait() }
    return try outcome!.get()
  }

  /// Stops a count no longer needed, and waits for its thread to let go of
  /// its connection.
  func cancel() {
    condition.lock()
    cancelled = true
    connection?.interrupt()
    while outcome == nil { condition.wait() }
    condition.unlock()
  }
}

extension Catalog {
  /// Runs `body` in one read transaction, as `read`, while `count` runs
  /// aside (`CountAside`) when `count` is given; `body` says whether it
  /// needs the count after all. The count is of the same catalog `body`
  /// read, or nil when not asked for or not needed.
  func read<T>(
    countingAside count: (sql: String, arguments: StatementArguments)?,
    _ body: (Database) throws -> (T, needsCount: Bool)
  ) throws -> (T, count: Int?) {
    guard let count else { return (try read(body).0, nil) }
    // A connection that cannot write (an `immutable` file, or one this
    // process may not change) gets no second one: counted in turn.
    guard !isReadOnlyConnection else {
      return try read { db in
        let (page, needsCount) = try body(db)
        return (page, needsCount ? try Int.fetchOne(db, sql: count.sql, arguments: count.arguments) ?? 0 : nil)
      }
    }
    return try translatingErrors {
      let before = try queue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
      let aside = CountAside(
        path: path, configuration: queue.configuration, sql: count.sql, arguments: count.arguments)
      do {
        return try queue.read { db in
          let now = try Int.fetchOne(db, sql: "PRAGMA data_version")
          let (page, needsCount) = try body(db)
          guard needsCount else {
            aside.cancel()
            return (page, nil)
          }
          if now == before, let counted = try? aside.value() { return (page, counted) }
          // Something committed between the two snapshots, or the second
          // connection failed: counted here, in the page's own snapshot.
          aside.cancel()
          return (page, try Int.fetchOne(db, sql: count.sql, arguments: count.arguments) ?? 0)
        }
      } catch {
        aside.cancel()
        throw error
      }
    }
  }
}
