import Foundation

/// Runs `outpost links check`: requests every distinct URL once, at most
/// `concurrency` at a time and `perHost` per host, and records each result
/// as it arrives.
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
  private var task: Task<Void, Never>?
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
    let running = task
    lock.unlock()
    running?.cancel()
  }

  /// Runs the check and waits for it, calling `report` on this thread now
  /// and then with the progress so far.
  public func run(report: (LinkCheckProgress) -> Void = { _ in }) throws -> LinkCheckSummary {
    let writer = LinkResultWriter(catalog: catalog, keepsRecords: options.keepsRecords) { [self] targets, records in
      lock.lock()
      progress.done += targets
      for record in records { progress.counts[record.status, default: 0] += 1 }
      progressChanged = true
      lock.signal()
      lock.unlock()
    }
    let session = LinkSession(
      timeout: options.timeout, userAgent: options.userAgent, maximumConnections: options.perHost)
    defer { session.close() }
    let probe = LinkProbe(session: session)
    let checked = Checked()
    lock.lock()
    let alreadyStopped = stopRequested
    task = Task { [self, targets, options] in
      guard !alreadyStopped else { return }
      await Self.requestAll(targets, options: options, probe: probe) { index, observation in
        writer.add(targets[index], observation)
        checked.add()
      }
      self.markFinished()
    }
    lock.unlock()
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

  /// Requests every target under the limits, handing each observation to
  /// `record` as it comes; returns when all are done or the task is cancelled.
  private static func requestAll(
    _ targets: [LinkTarget], options: LinkCheckOptions, probe: LinkProbe,
    record: @escaping @Sendable (Int, LinkObservation) -> Void
  ) async {
    var schedule = LinkSchedule(targets, perHost: max(1, options.perHost))
    await withTaskGroup(of: (Int, String, LinkObservation?).self) { group in
      var inFlight = 0
      while true {
        while !Task.isCancelled, inFlight < max(1, options.concurrency), let (index, host) = schedule.next() {
          inFlight += 1
          group.addTask { (index, host, await probe.check(targets[index].urls[0])) }
        }
        guard inFlight > 0, let (index, host, observation) = await group.next() else { return }
        inFlight -= 1
        schedule.finished(host)
        // An answer that came in as the run was stopped is still a result.
        if let observation { record(index, observation) }
      }
    }
  }

  /// A count shared with the request task.
  private final class Checked: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
  }
}
