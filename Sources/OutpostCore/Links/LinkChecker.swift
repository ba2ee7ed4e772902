import Foundation

/// Runs `outpost links check`: has `outpost-link-probe` request every
/// distinct URL once, at most `concurrency` at a time and `perHost` per
/// host, and records each result as it arrives.
///
/// `stop()` (Ctrl-C) stops new requests and abandons those in flight: their
/// answers would come at most a timeout later and the user asked to stop
/// now. Everything recorded before stays, and `recheckAfter` on the next run
/// resumes where this one ended.
public final class LinkChecker: @unchecked Sendable {
  private let catalog: Catalog
  private let options: LinkCheckOptions
  private let lock = NSCondition()
  private var stopRequested = false
  private var helper: LinkProbeProcess?
  private var progress: LinkCheckProgress
  private var progressChanged = false
  private var finished = false
  private let targets: [LinkTarget]
  private let recent: Int

  /// A checker of the URLs `options.filter` selects, planned now.
  public init(catalog: Catalog, options: LinkCheckOptions, now: Date = Date()) throws {
    self.catalog = catalog
    self.options = options
    let since = options.recheckAfter.map { now.addingTimeInterval(-$0) }
    (targets, recent) = try catalog.linkTargets(matching: options.filter, checkedSince: since)
    progress = LinkCheckProgress(done: 0, total: targets.count, counts: [:])
  }

  /// Distinct URLs this run will request.
  public var plannedCount: Int { targets.count }

  /// Stops the run as soon as the results in hand are written; safe from any
  /// thread, a signal handler's queue included.
  public func stop() {
    lock.lock()
    stopRequested = true
    let running = helper
    lock.unlock()
    running?.stop()
  }

  /// Runs the check and waits for it, calling `report` on this thread now
  /// and then with the progress so far.
  public func run(report: (LinkCheckProgress) -> Void = { _ in }) throws -> LinkCheckSummary {
    // Found before anything starts: a missing helper fails the run at once.
    let probe = targets.isEmpty ? nil : try LinkProbeProcess(executable: options.probeExecutable, options: options)
    let writer = LinkResultWriter(catalog: catalog, keepsRecords: options.keepsRecords) { [self] targets, records in
      lock.lock()
      progress.done += targets
      for record in records { progress.counts[record.status, default: 0] += 1 }
      progressChanged = true
      lock.signal()
      lock.unlock()
    }
    let checked = Checked()
    let failure = Failure()
    lock.lock()
    helper = probe
    if stopRequested { probe?.stop() }
    lock.unlock()
    let requests = Thread { [self, targets] in
      do {
        try probe?.run(targets) { index, observation in
          writer.add(targets[index], observation)
          checked.add()
        }
      } catch {
        failure.set(error)
      }
      self.markFinished()
    }
    requests.name = "outpost link requests"
    requests.start()
    while true {
      lock.lock()
      while !finished, !progressChanged { _ = lock.wait(until: Date().addingTimeInterval(0.2)) }
      progressChanged = false
      let snapshot = progress
      let done = finished
      lock.unlock()
      report(snapshot)
      if done { break }
    }
    if let error = writer.close() { throw error }
    if let error = failure.value { throw error }
    lock.lock()
    defer { lock.unlock() }
    return LinkCheckSummary(
      planned: targets.count, recent: recent, checked: checked.value, counts: progress.counts,
      interrupted: stopRequested, records: writer.records)
  }

  /// Wakes `run`'s loop for the last time.
  private func markFinished() {
    lock.lock()
    finished = true
    lock.signal()
    lock.unlock()
  }

  /// The helper's failure, if any, handed to `run`'s thread.
  private final class Failure: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?
    func set(_ error: Error) { lock.withLock { self.error = error } }
    var value: Error? { lock.withLock { error } }
  }

  /// A count shared with the request thread.
  private final class Checked: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
  }
}
