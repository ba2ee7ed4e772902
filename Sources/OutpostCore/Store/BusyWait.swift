import Foundation
import GRDB

/// How a catalog connection waits for another process's lock: up to ten
/// minutes in all, saying so once on stderr after the first second.
///
/// It serves two ways of meeting a lock. SQLite calls `shouldRetry` (the
/// connection's busy handler) wherever it waits for one: a `BEGIN IMMEDIATE`
/// behind another writer, a first read behind a closing process's
/// checkpoint or a WAL recovery. In the few places where SQLite returns
/// `SQLITE_BUSY` without calling it (switching a file to WAL while another
/// process has it open), the step is run again by `retrying`, on the same
/// budget and with the same notice. A wait that outlasts the budget fails as
/// "busy", which DESIGN allows only when another process holds a lock for
/// longer than any import takes.
final class BusyWait: @unchecked Sendable {
  /// Sleeps between tries, in milliseconds: SQLite's own busy-timeout steps,
  /// short at first so that a lock held for a moment costs a moment.
  private static let delays: [UInt32] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]

  private let name: String
  private let notice: @Sendable (String) -> Void
  private let limit: TimeInterval
  private let quiet: TimeInterval
  /// Seconds on a monotonic clock; a test passes one that runs faster.
  private let clock: @Sendable () -> TimeInterval

  private let lock = NSLock()
  /// When the busy handler's current wait began (its try 0).
  private var handlerSince: TimeInterval?
  /// When the current `retrying` wait began: it spans many handler waits.
  private var retrySince: TimeInterval?
  private var noticed = false
  /// False while a caller would rather not wait at all (`impatiently`).
  private var patient = true

  init(
    catalogPath: String, notice: @escaping @Sendable (String) -> Void, limit: TimeInterval, quiet: TimeInterval,
    clock: @escaping @Sendable () -> TimeInterval = BusyWait.monotonicSeconds
  ) {
    self.name = (catalogPath as NSString).lastPathComponent
    self.notice = notice
    self.limit = limit
    self.quiet = quiet
    self.clock = clock
  }

  /// Seconds since boot, unaffected by changes of the wall clock.
  @Sendable static func monotonicSeconds() -> TimeInterval {
    TimeInterval(DispatchTime.now().uptimeNanoseconds) / 1e9
  }

  /// The busy handler: true to try again after a short sleep, false to let
  /// SQLite fail with `SQLITE_BUSY`.
  func shouldRetry(tries: Int) -> Bool {
    let since: TimeInterval? = lock.withLock {
      guard patient else { return nil }
      if tries == 0 || handlerSince == nil { handlerSince = clock() }
      return retrySince ?? handlerSince
    }
    guard let since, waitGoesOn(since: since) else { return false }
    usleep(Self.delays[min(tries, Self.delays.count - 1)] * 1000)
    return true
  }

  /// Runs `body`, and runs it again while it fails with `SQLITE_BUSY`, for
  /// the steps where SQLite does not wait by itself. `body` must leave
  /// nothing half done when it fails (one statement, or a transaction).
  func retrying<T>(_ body: () throws -> T) throws -> T {
    let start = clock()
    lock.withLock { if retrySince == nil { retrySince = start } }
    defer { lock.withLock { if retrySince == start { retrySince = nil } } }
    var tries = 0
    while true {
      do {
        return try body()
      } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
        guard lock.withLock({ patient }), waitGoesOn(since: start) else { throw error }
        usleep(Self.delays[min(tries, Self.delays.count - 1)] * 1000)
        tries += 1
      }
    }
  }

  /// Runs `body` with no waiting at all: a lock held elsewhere fails at once
  /// with `SQLITE_BUSY`, for a caller that has something better to do then.
  func impatiently<T>(_ body: () throws -> T) rethrows -> T {
    lock.withLock { patient = false }
    defer { lock.withLock { patient = true } }
    return try body()
  }

  /// True while the wait begun at `since` is within the budget; says once,
  /// after the quiet second, that this process is waiting.
  private func waitGoesOn(since: TimeInterval) -> Bool {
    let waited = clock() - since
    if waited >= limit { return false }
    if waited >= quiet {
      let first = lock.withLock {
        defer { noticed = true }
        return !noticed
      }
      if first {
        notice(
          "waiting for another outpost process to finish writing to \(name) "
            + "(up to \(Int(limit / 60)) minutes; Ctrl-C to give up)")
      }
    }
    return true
  }
}
