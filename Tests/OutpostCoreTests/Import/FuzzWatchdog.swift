import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Names the case being run on stderr when the process dies of a signal (a
/// Swift trap, a bad access) or a case runs longer than `hangSeconds`, so
/// the case can be replayed from its seed.
enum FuzzWatchdog {
  private static let capacity = 512
  nonisolated(unsafe) private static let label = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
  nonisolated(unsafe) private static var labelLength = 0
  nonisolated(unsafe) private static var caseStarted = 0.0
  nonisolated(unsafe) private static var running = false
  nonisolated(unsafe) private static var installed = false
  private static let lock = NSLock()

  /// Installs the signal handlers and starts the watchdog thread, once.
  static func start(hangSeconds: Double) {
    lock.lock()
    defer { lock.unlock() }
    running = true
    guard !installed else { return }
    installed = true
    for deadly in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
      _ = signal(deadly) { number in
        // Another test's crash, after the campaign, is not named after its last case.
        if FuzzWatchdog.running { FuzzWatchdog.writeLabel(prefix: "ReaderFuzz: crashed (signal \(number)) in ") }
        _ = signal(number, SIG_DFL)
        raise(number)
      }
    }
    Thread.detachNewThread {
      while true {
        Thread.sleep(forTimeInterval: 0.5)
        lock.lock()
        let hung = running && caseStarted > 0 && Date().timeIntervalSince1970 - caseStarted > hangSeconds
        lock.unlock()
        if hung {
          writeLabel(prefix: "ReaderFuzz: a case ran longer than \(Int(hangSeconds)) s (a hang?): ")
          exit(70)
        }
      }
    }
  }

  static func stop() {
    lock.lock()
    running = false
    caseStarted = 0
    lock.unlock()
  }

  /// Records the case about to run.
  static func enter(_ text: String) {
    lock.lock()
    var bytes = Array(text.utf8.prefix(capacity - 2))
    bytes.append(0x0A)
    for (i, b) in bytes.enumerated() { label[i] = CChar(bitPattern: b) }
    labelLength = bytes.count
    caseStarted = Date().timeIntervalSince1970
    lock.unlock()
  }

  /// Async-signal-safe enough for a dying process: one write(2) of a prepared buffer.
  private static func writeLabel(prefix: String) {
    var bytes = Array(prefix.utf8)
    bytes.withUnsafeMutableBytes { _ = write(2, $0.baseAddress, $0.count) }
    _ = write(2, label, labelLength)
  }
}
