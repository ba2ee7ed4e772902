import Foundation

/// Commits link results on a thread of its own, as they arrive: each commit
/// takes everything that came in while the previous one ran, so batches stay
/// small when results trickle and grow only as fast as they come. A kill
/// loses at most the batch being written; nothing waits for a full batch, so
/// a run whose last requests hang still has every earlier result on disk.
final class LinkResultWriter: @unchecked Sendable {
  private let catalog: Catalog
  private let condition = NSCondition()
  private var pending: [(target: LinkTarget, observation: LinkObservation)] = []
  private var closed = false
  private var failure: Error?
  private let finished = DispatchSemaphore(value: 0)
  /// Every record written, in order, when the caller wants them back.
  private(set) var records: [LinkRecord] = []
  private let keepsRecords: Bool
  /// Called on the writer's thread after each commit with the number of
  /// targets and the records written.
  private let committed: @Sendable (Int, [LinkRecord]) -> Void

  init(catalog: Catalog, keepsRecords: Bool, committed: @escaping @Sendable (Int, [LinkRecord]) -> Void) {
    self.catalog = catalog
    self.keepsRecords = keepsRecords
    self.committed = committed
    let thread = Thread { [self] in loop() }
    thread.name = "outpost link results"
    thread.start()
  }

  /// Queues one result; ignored once writing has failed.
  func add(_ target: LinkTarget, _ observation: LinkObservation) {
    condition.lock()
    if failure == nil { pending.append((target, observation)) }
    condition.signal()
    condition.unlock()
  }

  /// Writes what is queued, stops the thread and gives the first write error.
  func close() -> Error? {
    condition.lock()
    closed = true
    condition.signal()
    condition.unlock()
    finished.wait()
    return failure
  }

  private func loop() {
    while true {
      condition.lock()
      while pending.isEmpty, !closed { condition.wait() }
      let batch = pending
      pending.removeAll(keepingCapacity: true)
      let done = closed && batch.isEmpty
      condition.unlock()
      if done { break }
      do {
        let written = try catalog.saveLinkResults(batch)
        if keepsRecords { records += written }
        committed(batch.count, written)
      } catch {
        condition.lock()
        failure = failure ?? error
        pending.removeAll()
        condition.unlock()
      }
    }
    finished.signal()
  }
}
