import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// A condition the test waited for that never came: the watchdog's verdict.
struct WaitedInVain: Error, CustomStringConvertible {
  var what: String
  var description: String { "waited \(Int(Watchdog.seconds)) s in vain for \(what)" }
}

enum Watchdog {
  /// Far longer than any condition takes on a loaded machine: it only ends
  /// a test that would otherwise hang.
  static let seconds: TimeInterval = 120
}

/// Waits until `condition` holds, polling; throws after the watchdog's time.
func waitUntil(
  _ what: String = "a condition", _ condition: () throws -> Bool,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  let deadline = Date().addingTimeInterval(Watchdog.seconds)
  while try !condition() {
    if Date() > deadline {
      Issue.record("waited in vain for \(what)", sourceLocation: sourceLocation)
      throw WaitedInVain(what: what)
    }
    usleep(2_000)
  }
}

/// A clock that stands still until the test moves it, so that a wait of
/// ten minutes is tested in a moment. Counts its reads, so the test knows
/// when the code under test has looked at it.
final class TestClock: @unchecked Sendable {
  private let lock = NSLock()
  private var now: TimeInterval = 1_000
  private var reads = 0

  var read: @Sendable () -> TimeInterval {
    { [self] in
      lock.withLock {
        reads += 1
        return now
      }
    }
  }

  /// Moves the clock on by `seconds` once it has been read `count` more times.
  func advance(by seconds: TimeInterval, whenRead count: Int) throws {
    try waitForReads(count)
    lock.withLock { now += seconds }
  }

  /// Waits until the clock has been read `count` more times.
  func waitForReads(_ count: Int) throws {
    let target = lock.withLock { reads } + count
    try waitUntil("\(count) reads of the clock") { lock.withLock { reads } >= target }
  }
}

/// Work running on its own thread, whose result the test collects later.
final class Background<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private let done = DispatchSemaphore(value: 0)
  private var outcome: Result<T, any Error>?

  init(_ work: @escaping @Sendable () throws -> T) {
    let thread = Thread { [self] in
      let result = Result { try work() }
      lock.withLock { outcome = result }
      done.signal()
    }
    thread.start()
  }

  var isFinished: Bool { lock.withLock { outcome != nil } }

  /// Waits for the work to end; its value, or its error thrown.
  func result() throws -> T {
    done.wait()
    done.signal()
    return try lock.withLock { outcome! }.get()
  }
}

extension TestCatalog {
  /// A connection to `path` standing for another process: it may keep a
  /// transaction, and so a lock, open from one access to the next.
  static func otherProcess(_ path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.allowsUnsafeTransactions = true
    return try DatabaseQueue(path: path, configuration: configuration)
  }
}
