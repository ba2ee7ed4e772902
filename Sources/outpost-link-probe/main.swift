import ArgumentParser
import Foundation
import OutpostLinkProbe

/// `outpost links check`'s helper: makes the HTTP requests in a process of
/// its own, so that no other command loads libcurl (see `LinkProbeMessage`).
/// Not meant to be run by hand: `outpost links check` starts it.
struct LinkProbeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "outpost-link-probe",
    abstract: "The HTTP requests of `outpost links check`; started by it, not by hand.",
    discussion: """
      Reads one JSON job a line ({"i": index, "k": key, "u": url}) on standard input, to its end. \
      Then writes one JSON result a line ({"i": index, "o": observation}) as each request ends.
      SIGTERM stops it; SIGINT is left to outpost, which stops it once the results in hand are saved.
      """)

  @Option var concurrency = 16
  @Option(name: .customLong("per-host")) var perHost = 2
  @Option var timeout: Double = 10
  @Option(name: .customLong("user-agent")) var userAgent = "Outpost (link check)"

  func run() throws {
    // Ctrl-C reaches the whole process group: outpost decides, and stops
    // this process with SIGTERM once the results in hand are written.
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let stop = StopSignal()
    let terminate = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    terminate.setEventHandler { stop.fire() }
    terminate.resume()
    let jobs = try LinkProbeRunner.readJobs()
    let limits = LinkProbeRunner.Limits(
      concurrency: concurrency, perHost: perHost, timeout: timeout, userAgent: userAgent)
    let done = DispatchSemaphore(value: 0)
    let task = Task {
      await LinkProbeRunner.run(jobs, limits: limits)
      done.signal()
    }
    stop.onFire { task.cancel() }
    done.wait()
  }
}

/// A SIGTERM that may come before or after there is a task to cancel.
final class StopSignal: @unchecked Sendable {
  private let lock = NSLock()
  private var fired = false
  private var action: (@Sendable () -> Void)?

  func fire() {
    let run: (@Sendable () -> Void)? = lock.withLock {
      fired = true
      return action
    }
    run?()
  }

  /// Runs `action` on `fire()`, or now if it already came.
  func onFire(_ action: @escaping @Sendable () -> Void) {
    let now: Bool = lock.withLock {
      self.action = action
      return fired
    }
    if now { action() }
  }
}

LinkProbeCommand.main()
