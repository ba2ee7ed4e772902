import Foundation
import GRDB

/// The browser's search index, built on a second connection on a thread of
/// its own while the build's connection reads and renders the pages.
///
/// Reading every term of the catalog's FTS5 index is one long scan that
/// cannot be split: 9 s of a 100 000-entry build with one core busy and the
/// other idle, after the pages. Beside the pages, the cores share it.
///
/// Both connections must read the same catalog. The second one takes its
/// snapshot first, and `sharesSnapshot(with:)` compares `PRAGMA data_version`
/// read before the second started with the value inside the build's own
/// transaction: equal, no commit came between, and both read the same
/// catalog; different, the build makes the index itself, after its pages.
final class SearchAside: @unchecked Sendable {
  typealias Job = (Database) throws -> SiteSearchIndex.Outcome

  private let condition = NSCondition()
  private var snapshotTaken = false
  private var job: Job?
  private var cancelled = false
  private var outcome: Result<SiteSearchIndex.Outcome, any Error>?
  private var connection: DatabaseQueue?
  /// `PRAGMA data_version` of the build's connection before the snapshot.
  private let versionBefore: Int

  /// What a test runs once the second connection of the catalog at a path
  /// has its snapshot, before the build's transaction begins: a commit there
  /// is the one case the `data_version` check exists for.
  nonisolated(unsafe) private static var hooks: [String: @Sendable () -> Void] = [:]
  private static let hooksLock = NSLock()

  static func setAfterSnapshot(_ path: String, _ hook: (@Sendable () -> Void)?) {
    hooksLock.withLock { hooks[path] = hook }
  }

  private static func afterSnapshot(_ path: String) -> (@Sendable () -> Void)? {
    hooksLock.withLock { hooks[path] }
  }

  /// Opens the second connection of `catalog` and takes its snapshot; call
  /// it on the build's connection `db` before its transaction begins. Nil
  /// when the catalog cannot have a second connection (read-only, or not a
  /// file).
  static func open(beside db: Database, catalog: Catalog) throws -> SearchAside? {
    guard !catalog.isReadOnlyConnection, Catalog.isFile(catalog.path) else { return nil }
    let before = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
    return SearchAside(path: catalog.path, configuration: db.configuration, versionBefore: before)
  }

  /// Starts the thread; returns once its snapshot is taken (or it failed).
  private init(path: String, configuration: Configuration, versionBefore: Int) {
    self.versionBefore = versionBefore
    let thread = Thread { [self] in run(path: path, configuration: configuration) }
    thread.start()
    condition.lock()
    while !snapshotTaken && outcome == nil { condition.wait() }
    condition.unlock()
  }

  /// True when the build's connection, inside its transaction, reads the
  /// catalog the second connection reads.
  func sharesSnapshot(with db: Database) throws -> Bool {
    // The first read of a deferred transaction takes its snapshot.
    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
    let now = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
    return condition.withLock { outcome == nil } && now == versionBefore
  }

  private func run(path: String, configuration: Configuration) {
    let result = Result<SiteSearchIndex.Outcome, any Error> {
      var configuration = configuration
      configuration.readonly = true
      let queue = try DatabaseQueue(path: path, configuration: configuration)
      try condition.withLock {
        connection = queue
        if cancelled { throw CancellationError() }
      }
      return try queue.inDatabase { db in
        // Deferred, not GRDB's read: the index is read through temporary
        // fts5vocab tables, which a query-only connection refuses.
        try db.beginTransaction(.deferred)
        defer { try? db.rollback() }
        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
        Self.afterSnapshot(path)?()
        condition.lock()
        snapshotTaken = true
        condition.broadcast()
        while job == nil && !cancelled { condition.wait() }
        let job = cancelled ? nil : job
        condition.unlock()
        guard let job else { throw CancellationError() }
        // The job holds the build: it is let go of once done, for the build
        // to be freed where its caller chooses.
        defer { condition.withLock { self.job = nil } }
        return try job(db)
      }
    }
    condition.withLock {
      outcome = result
      connection = nil
      condition.broadcast()
    }
  }

  /// Gives the thread its work: it runs `job` on its connection.
  func start(_ job: @escaping Job) {
    condition.withLock {
      self.job = job
      condition.broadcast()
    }
  }

  /// What the job made, once it is done.
  func value() throws -> SiteSearchIndex.Outcome {
    condition.lock()
    defer { condition.unlock() }
    while outcome == nil { condition.wait() }
    return try outcome!.get()
  }

  /// Stops the thread if it still runs, and waits for it to let go of its
  /// connection and of the build.
  func cancel() {
    condition.lock()
    defer { condition.unlock() }
    guard outcome == nil else { return }
    cancelled = true
    connection?.interrupt()
    condition.broadcast()
    while outcome == nil { condition.wait() }
  }
}
