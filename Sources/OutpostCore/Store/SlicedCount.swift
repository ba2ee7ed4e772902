import Foundation
import GRDB
import GRDBSQLite

/// The number of entries a query matches, counted in ranges of entry ids by
/// the caller's connection and by a second one on a thread of its own, at
/// the same time.
///
/// `list` and `search` tell how many entries match in all. In a catalog of a
/// million entries that count reads most of an index for a common tag or
/// word: 25 207 entries of `list --audience musicians --tag video` merged
/// from lists of 249 434 and 100 303 links, 31 ms against 11 ms for the page
/// itself. The second connection starts on the count's slices while the
/// caller reads its page, and the caller takes the slices left once its page
/// is read, so the count is shared between the two cores.
///
/// Both connections must read the same catalog. Each reads `PRAGMA
/// data_version` before its snapshot and again inside it: the caller before
/// the second connection starts, the second one before the caller's
/// transaction begins. Equal on both sides, no commit came between the
/// first of those reads and the last snapshot, and both snapshots are the
/// same. Otherwise the caller counts every slice itself. A small catalog, or
/// one opened read-only, gets no second connection: one slice, counted by
/// the caller.
///
/// Slices are run through SQLite's C API: the second connection needs no
/// more than one statement, and GRDB's set-up of a connection costs more than
/// the schema SQLite reads for it.
final class SlicedCount: @unchecked Sendable {
  /// A count with `?` parameters bound from `arguments` in order and, when
  /// `sliced`, named parameters `:lo` and `:hi`, the bounds of a slice's
  /// entry ids. A count not sliced is counted whole by the second
  /// connection, beside the caller's page: FTS5 reads a word's matches a
  /// third slower with a rowid range (718 265 matches: 48 ms whole, 2 × 32
  /// ms in halves), so splitting them gains nothing.
  struct Query {
    var sql: String
    var arguments: [String]
    var sliced = true
    /// Asked before the snapshot, as a guess: false when the count is known
    /// to be small enough for the caller alone.
    var worthSharing: (Database) throws -> Bool = { _ in true }
  }

  /// From this many entry ids between the smallest and the largest, a count
  /// is shared: below it, opening a second connection costs more than the
  /// count can save.
  static let sharedFromIDSpan: Int64 = 100_000
  /// Enough slices that the two connections finish close together.
  static let sliceCount = 8

  private let query: Query
  private let hooks: TestHooks?
  private let slices: [ClosedRange<Int64>]
  private let condition = NSCondition()
  /// The next slice no connection has taken.
  private var next = 0
  private var counts: [Int?]
  /// Slices the second connection took and has not finished.
  private var inProgress = 0
  /// The second connection read its first `data_version`; the caller's
  /// snapshot may be taken.
  private var helperVersionRead = false
  private var helperStarted = false
  private var helperDone = true
  private var cancelled = false
  private var helperHandle: OpaquePointer?
  private var versionBefore = 0
  /// The caller's check passed: what the second connection counts is in
  /// the caller's snapshot.
  private var shared = false

  /// What a test sets for the catalog at one path: a smaller span from
  /// which counts are shared (and `Query.worthSharing` not asked), for a
  /// small catalog to share them; whether the caller leaves every slice to
  /// the second connection, for its counts to be tested; and what runs at
  /// each step of the two connections, for a test to order them (another
  /// process's commit between two snapshots).
  struct TestHooks: Sendable {
    enum Step: Sendable {
      case helperBeforeSnapshot, helperAfterSnapshot, helperFinished
      case callerBeforeSnapshot, callerAfterSnapshot, callerBeforeCounting
    }
    var sharedFromIDSpan: Int64 = 0
    var callerWaitsForHelper = false
    var step: @Sendable (Step) -> Void = { _ in }
  }

  nonisolated(unsafe) private static var hooks: [String: TestHooks] = [:]
  private static let hooksLock = NSLock()

  static func setTestHooks(_ path: String, _ hook: TestHooks?) {
    hooksLock.withLock { hooks[path] = hook }
  }

  private static func testHooks(_ path: String) -> TestHooks? {
    hooksLock.withLock { hooks[path] }
  }

  /// Prepares the count of `query` on `db`, whose transaction has not
  /// begun; when the catalog is large enough, starts the second connection
  /// and returns once it has read its first `data_version`. The caller's
  /// transaction begins next, then `checkSnapshot(inside:)`.
  init(_ query: Query, beside db: Database, catalog: Catalog) throws {
    self.query = query
    // Two subqueries: SQLite reads min() or max() from the end of the table
    // only when a query holds one of them; together they scan every row.
    let bounds = try Row.fetchOne(db, sql: "SELECT (SELECT min(id) FROM entry), (SELECT max(id) FROM entry)")
    let low: Int64? = bounds?[0]
    let high: Int64? = bounds?[1]
    hooks = Self.testHooks(catalog.path)
    let shareFrom = hooks?.sharedFromIDSpan ?? Self.sharedFromIDSpan
    guard !catalog.isReadOnlyConnection, Catalog.isFile(catalog.path),
      let low, let high, high / 2 - low / 2 >= shareFrom / 2, try hooks != nil || query.worthSharing(db)
    else {
      slices = [Int64.min...Int64.max]
      counts = [nil]
      return
    }
    slices = query.sliced ? Self.split(low...high, into: Self.sliceCount) : [Int64.min...Int64.max]
    counts = Array(repeating: nil, count: slices.count)
    versionBefore = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
    helperStarted = true
    helperDone = false
    let path = catalog.path
    let thread = Thread { [self] in help(path: path) }
    thread.start()
    condition.lock()
    while !helperVersionRead && !helperDone { condition.wait() }
    condition.unlock()
  }

  /// `range` cut into `count` slices, the first and last open-ended so that
  /// ids outside the range read before the snapshot are counted too.
  static func split(_ range: ClosedRange<Int64>, into count: Int) -> [ClosedRange<Int64>] {
    // Halves first, so that no id range overflows an Int64.
    let width = max(1, (range.upperBound / 2 - range.lowerBound / 2) / Int64(count) * 2 + 2)
    var slices: [ClosedRange<Int64>] = []
    var low = Int64.min
    for index in 0..<count {
      let (step, tooWide) = width.multipliedReportingOverflow(by: Int64(index + 1))
      let (end, overflow) = range.lowerBound.addingReportingOverflow(step)
      guard index < count - 1, !tooWide, !overflow, end > low else {
        slices.append(low...Int64.max)
        break
      }
      slices.append(low...(end - 1))
      low = end
    }
    return slices
  }

  /// Checks, inside the caller's transaction on `db`, that no commit came
  /// since the caller's first `data_version`; if one did, the caller will
  /// count every slice.
  func checkSnapshot(inside db: Database) throws {
    guard helperStarted else { return }
    hooks?.step(.callerBeforeSnapshot)
    // The first read of a deferred transaction takes its snapshot.
    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
    let now = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
    hooks?.step(.callerAfterSnapshot)
    condition.withLock { shared = now == versionBefore }
    if !shared { cancel() }
  }

  /// The count, in the caller's snapshot: the slices left are counted on
  /// `db`, then those the second connection took are waited for, and any it
  /// gave up on counted here.
  func total(on db: Database) throws -> Int {
    let statement = try Self.prepare(db.sqliteConnection, query.sql)
    defer { sqlite3_finalize(statement) }
    func count(_ slice: Int) throws -> Int {
      try Self.count(statement, db.sqliteConnection, query.arguments, slices[slice])
    }
    hooks?.step(.callerBeforeCounting)
    guard shared else { return try slices.indices.reduce(0) { try $0 + count($1) } }
    if hooks?.callerWaitsForHelper == true { condition.withLock { while !helperDone { condition.wait() } } }
    while let slice = claim(helper: false) {
      let counted = try count(slice)
      condition.withLock { counts[slice] = counted }
    }
    condition.lock()
    while inProgress > 0 { condition.wait() }
    let done = counts
    condition.unlock()
    return try done.indices.reduce(0) { try $0 + (done[$1] ?? count($1)) }
  }

  /// Stops the second connection: it takes no more slices, the one it
  /// counts is interrupted, and it closes on its own thread.
  func cancel() {
    condition.withLock {
      cancelled = true
      if let helperHandle { sqlite3_interrupt(helperHandle) }
    }
  }

  /// The next slice to count, or nil. The second connection takes none once
  /// cancelled, and its slice is marked in progress.
  private func claim(helper: Bool) -> Int? {
    condition.withLock {
      guard next < slices.count, !(helper && cancelled) else { return nil }
      next += 1
      if helper { inProgress += 1 }
      return next - 1
    }
  }

  /// The second connection: its first `data_version`, then its snapshot,
  /// which is the caller's when `data_version` has not moved; then slices
  /// until none is left.
  private func help(path: String) {
    var handle: OpaquePointer?
    var statement: OpaquePointer?
    defer {
      sqlite3_finalize(statement)
      condition.withLock {
        helperHandle = nil
        helperDone = true
        condition.broadcast()
      }
      sqlite3_close_v2(handle)
      hooks?.step(.helperFinished)
    }
    let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK
    let first = opened ? Self.dataVersion(handle) : nil
    condition.withLock {
      helperHandle = handle
      helperVersionRead = true
      condition.broadcast()
    }
    guard let first else { return }
    hooks?.step(.helperBeforeSnapshot)
    guard sqlite3_exec(handle, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK,
      Self.dataVersion(handle) == first, let prepared = try? Self.prepare(handle, query.sql)
    else { return }
    hooks?.step(.helperAfterSnapshot)
    statement = prepared
    while let slice = claim(helper: true) {
      let counted = try? Self.count(prepared, handle, query.arguments, slices[slice])
      condition.withLock {
        inProgress -= 1
        // Nil when interrupted or failed: the caller counts the slice.
        counts[slice] = counted
        condition.broadcast()
      }
      if counted == nil { return }
    }
  }

  private static func dataVersion(_ handle: OpaquePointer?) -> Int64? {
    var statement: OpaquePointer?
    defer { sqlite3_finalize(statement) }
    guard sqlite3_prepare_v2(handle, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK,
      sqlite3_step(statement) == SQLITE_ROW
    else { return nil }
    return sqlite3_column_int64(statement, 0)
  }

  private static func prepare(_ handle: OpaquePointer?, _ sql: String) throws -> OpaquePointer? {
    var statement: OpaquePointer?
    let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard code == SQLITE_OK else { throw error(handle, code, sql) }
    return statement
  }

  /// Binds `:lo`, `:hi` and the `?` arguments in order, steps once, resets.
  private static func count(
    _ statement: OpaquePointer?, _ handle: OpaquePointer?, _ arguments: [String], _ slice: ClosedRange<Int64>
  ) throws -> Int {
    defer {
      sqlite3_reset(statement)
      sqlite3_clear_bindings(statement)
    }
    var positional = arguments.makeIterator()
    let parameters = sqlite3_bind_parameter_count(statement)
    for index in stride(from: Int32(1), through: parameters, by: 1) {
      switch sqlite3_bind_parameter_name(statement, index).map({ String(cString: $0) }) {
      case ":lo": sqlite3_bind_int64(statement, index, slice.lowerBound)
      case ":hi": sqlite3_bind_int64(statement, index, slice.upperBound)
      default: RawBinding.bind(statement!, index, positional.next())
      }
    }
    let code = sqlite3_step(statement)
    guard code == SQLITE_ROW else { throw error(handle, code, nil) }
    return Int(sqlite3_column_int64(statement, 0))
  }

  private static func error(_ handle: OpaquePointer?, _ code: Int32, _ sql: String?) -> DatabaseError {
    DatabaseError(
      resultCode: ResultCode(rawValue: code), message: handle.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
  }
}
