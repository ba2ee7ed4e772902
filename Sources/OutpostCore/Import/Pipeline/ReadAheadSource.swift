import Foundation

/// Reads, maps and checks an input's records on a second thread while the
/// importer writes the ones before them.
///
/// Turning a CSV row into a checked entry costs about as much as writing it
/// to SQLite, and SQLite writes on one thread: reading ahead puts the other
/// core to work. Records travel in batches, so the two threads meet once every
/// few hundred rows rather than at every row, and at most `batchLimit` batches
/// wait at a time, so memory stays flat however large the input.
///
/// The reading thread never touches the database. Call `stop()` when the
/// import ends, however it ends: it waits for that thread, which may be
/// reading the input the caller is about to close.
final class ReadAheadSource<Inner: ImportItemSource & SendableMetatype>: PreparedItemSource, @unchecked Sendable {
  struct Batch {
    var steps: [ImportStep]
    var progress: (done: Int, total: Int?)
    /// The last batch: the input ended, or could not be read past this point.
    var isLast = false
    var failure: (any Error)?
    var unusedColumns: [String] = []
    var columnProfile: ColumnProfile?
  }

  static var batchSize: Int { 256 }
  static var batchLimit: Int { 8 }

  // Shared between the threads, under `condition`.
  private let condition = NSCondition()
  private var waiting: [Batch] = []
  private var stopping = false
  private var readerDone = false

  // The reading thread's alone.
  private var inner: Inner
  private let preparation: ItemPreparation

  // The importer's alone: the batch being read, last step first (see `hand`).
  private var current: [ImportStep] = []
  private var ended = false
  private var failure: (any Error)?
  private(set) var progress: (done: Int, total: Int?)
  private(set) var unusedColumns: [String] = []
  private(set) var columnProfile: ColumnProfile?

  /// Reads `inner` ahead, running `preparation` on each item as it is read.
  init(_ inner: Inner, preparation: ItemPreparation) {
    self.inner = inner
    self.preparation = preparation
    self.progress = inner.progress
    Thread.detachNewThread { [self] in readAll() }
  }

  func next() throws -> ImportStep? {
    while current.isEmpty {
      if ended {
        if let failure {
          self.failure = nil
          throw failure
        }
        return nil
      }
      let batch = take()
      current = batch.steps
      progress = batch.progress
      if batch.isLast {
        ended = true
        failure = batch.failure
        unusedColumns = batch.unusedColumns
        columnProfile = batch.columnProfile
      }
    }
    return current.popLast()
  }

  /// Tells the reading thread to stop and, when `waiting`, waits until it has.
  ///
  /// The reading thread may be blocked reading a pipe whose writer has
  /// stalled: `unblock` is called first to end that read (the importer shuts
  /// the socket down). Only standard input itself cannot be interrupted; it is
  /// never closed either, so there the caller need not wait, and an import
  /// that failed does not hang on a silent pipe.
  func stop(unblock: () -> Void = {}, waiting: Bool = true) {
    condition.lock()
    stopping = true
    condition.broadcast()
    condition.unlock()
    unblock()
    guard waiting else { return }
    condition.lock()
    while !readerDone { condition.wait() }
    condition.unlock()
  }

  /// Whether the reading thread has finished, for tests.
  var readerFinished: Bool { condition.withLock { readerDone } }

  private func take() -> Batch {
    condition.lock()
    defer { condition.unlock() }
    while waiting.isEmpty { condition.wait() }
    condition.broadcast()
    return waiting.removeFirst()
  }

  /// The reading thread: reads batches until the input ends or `stop()`.
  private func readAll() {
    defer {
      condition.lock()
      readerDone = true
      condition.broadcast()
      condition.unlock()
    }
    var steps: [ImportStep] = []
    steps.reserveCapacity(Self.batchSize)
    while true {
      let step: ImportStep?
      do {
        step = try inner.next()
      } catch {
        _ = hand(
          Batch(
            steps: steps, progress: inner.progress, isLast: true, failure: error, unusedColumns: inner.unusedColumns,
            columnProfile: inner.columnProfile))
        return
      }
      guard let step else {
        _ = hand(
          Batch(
            steps: steps, progress: inner.progress, isLast: true, unusedColumns: inner.unusedColumns,
            columnProfile: inner.columnProfile))
        return
      }
      steps.append(preparation.prepare(step))
      if steps.count == Self.batchSize {
        // Handed over, not shared, so that `hand` reverses it in place.
        guard hand(Batch(steps: consume steps, progress: inner.progress)) else { return }
        steps = []
        steps.reserveCapacity(Self.batchSize)
      }
    }
  }

  /// Queues `batch` for the importer, waiting while too many wait; false
  /// once the importer has stopped.
  private func hand(_ batch: consuming Batch) -> Bool {
    // Reversed here, in place, so that the importer takes each step with
    // `popLast`, moving it out rather than copying it.
    batch.steps.reverse()
    condition.lock()
    defer { condition.unlock() }
    while waiting.count >= Self.batchLimit && !stopping { condition.wait() }
    guard !stopping else { return false }
    waiting.append(batch)
    condition.broadcast()
    return true
  }
}
