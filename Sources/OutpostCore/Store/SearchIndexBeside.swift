import Foundation
import GRDB
import GRDBSQLite

/// The search index of a large import into an empty catalog, built on a
/// thread of its own in a scratch database beside the catalog while the
/// import writes its rows, then copied into the catalog whole.
///
/// Indexing is a third of a bulk import (1.0 s of 3.5 s for 100 000 rows),
/// all of it on the import's one connection after its rows are written, with
/// the second core idle. A second connection of the catalog cannot help: it
/// cannot see the rows before they are committed. So the importer hands each
/// entry's search text, exactly as the view `entry_search_text` will read it,
/// to this thread, which fills a table of that name in the scratch database
/// and indexes it there with the catalog's own `CREATE VIRTUAL TABLE`, while
/// the importer goes on with its rows and indexes. At the end the importer
/// attaches the scratch database and copies the index's tables.
///
/// This is only sound when the catalog's index is empty and every row the
/// import indexes is inserted once and never changed: the copied index must
/// be the one the catalog would have built. `start` refuses any other import;
/// an entry changed after its text was handed over (`spoil`) makes the
/// importer index in place as before, and so does any failure here.
///
/// The index table is dropped and made again before the copy, from its
/// stored SQL, with its settings kept, so that no FTS5 object of the
/// importer's connection holds the empty index's structure in memory.
///
/// The scratch file (`CATALOG.outpost-search-PID-RANDOM`) is removed once
/// the import's transaction has ended; one that a killed import left is
/// removed by the next import, which holds the write lock (`removeLeftovers`).
final class SearchIndexBeside: @unchecked Sendable {
  /// Where an import leaves the index it built beside it, for the caller
  /// to `detach` once the import's transaction has ended.
  final class Slot {
    var beside: SearchIndexBeside?

    func detach(_ db: Database) {
      beside?.detach(db)
      beside = nil
    }
  }

  /// One entry's search text, column for column as `entry_search_text` has it.
  struct Row: Sendable {
    var id: Int64
    var title: String
    var summary: String?
    var description: String?
    var sources: String?
    var tags: String?
    var audiences: String?
  }

  /// Rows handed over at a time, and batches waiting at most: what the
  /// import holds for this thread is bounded (33 batches, about 20 MB of
  /// the benchmark's rows), and a thread that falls behind slows the import
  /// rather than growing it.
  static let batchSize = 1024
  static let waitingBatches = 32
  /// Rows the thread writes with one statement.
  static let rowsPerInsert = 64
  /// Below this many bytes of input the thread costs more than it saves.
  static let smallInput = 1 << 20
  static let attachedName = "outpost_search_beside"

  let path: String
  private let catalogPath: String
  private let createSQL: String
  private let settings: [(key: String, value: DatabaseValue)]
  private let condition = NSCondition()
  private var waiting: [[Row]] = []
  private var batch: [Row] = []
  private var inputEnded = false
  private var stopped = false
  private var outcome: Result<Void, any Error>?
  private var spoiled = false
  private var attached = false
  /// The thread's connection while it is open, for `stop` to interrupt.
  private var handle: OpaquePointer?

  /// Starts the thread for an import of `inputBytes` into `catalogPath`
  /// through `db`, or nil when the import must index in place: the catalog
  /// holds entries, it is not a file, or the input is small or unknown.
  static func start(_ db: Database, catalogPath: String, inputBytes: Int?) throws -> SearchIndexBeside? {
    guard let inputBytes, inputBytes >= smallInput, isPlainFile(catalogPath),
      try Bool.fetchOne(
        db, sql: "SELECT NOT EXISTS (SELECT 1 FROM entry) AND NOT EXISTS (SELECT 1 FROM entry_fts_docsize)") == true,
      let createSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'entry_fts'")
    else { return nil }
    let settings = try GRDB.Row.fetchAll(db, sql: "SELECT k, v FROM entry_fts_config WHERE k <> 'version'").map {
      (key: $0["k"] as String, value: $0["v"] as DatabaseValue)
    }
    // A name of its own: another process's import may still be removing
    // its own scratch file after its commit.
    let name = "\(scratchPrefix)\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 16))"
    return SearchIndexBeside(
      catalogPath: catalogPath, path: catalogPath + name, createSQL: createSQL, settings: settings)
  }

  /// A catalog on disk named by a plain path, beside which a file can be
  /// named by adding to it (not a `file:` URI).
  private static func isPlainFile(_ catalogPath: String) -> Bool {
    Catalog.isFile(catalogPath) && !catalogPath.hasPrefix("file:")
  }

  /// What a scratch file's name adds to the catalog's.
  static let scratchPrefix = ".outpost-search-"

  /// Removes the scratch files that imports killed before their end left
  /// beside the catalog at `catalogPath`. Call it holding the catalog's
  /// write lock, as every import does: no other import is then using one,
  /// and a file still there is a leftover (or one whose import has just
  /// committed and is about to remove it too).
  static func removeLeftovers(beside catalogPath: String) {
    guard isPlainFile(catalogPath) else { return }
    let catalog = URL(fileURLWithPath: catalogPath)
    let prefix = catalog.lastPathComponent + scratchPrefix
    let folder = catalog.deletingLastPathComponent()
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
    for name in names where name.hasPrefix(prefix) {
      // unlink(2) leaves a folder of that name alone.
      unlink(folder.appendingPathComponent(name).path)
    }
  }

  /// Catalog paths whose next scratch database fails to open, for tests of
  /// the import that then indexes in place.
  nonisolated(unsafe) private static var failing: Set<String> = []
  private static let failingLock = NSLock()

  static func setFailing(_ catalogPath: String, _ fails: Bool) {
    failingLock.withLock {
      if fails { failing.insert(catalogPath) } else { failing.remove(catalogPath) }
    }
  }

  private init(catalogPath: String, path: String, createSQL: String, settings: [(key: String, value: DatabaseValue)]) {
    self.catalogPath = catalogPath
    self.path = path
    self.createSQL = createSQL
    self.settings = settings
    batch.reserveCapacity(Self.batchSize)
    Thread { [self] in run() }.start()
  }

  /// The text `entry_search_text` reads for an entry inserted with `entry`'s
  /// fields and sources, linked to tags `tags` (id and name, as stored) and
  /// to audiences `audiences` (id and name): tags and audiences in id
  /// order, each once; sources in number order.
  static func row(
    id: Int64, _ entry: Entry, tags: [(id: Int64, name: String)], audiences: [(id: Int64, name: String)]
  ) -> Row {
    func joined(_ links: [(id: Int64, name: String)], _ separator: String) -> String? {
      guard !links.isEmpty else { return nil }
      var last: Int64?
      var names: [String] = []
      for link in links.sorted(by: { $0.id < $1.id }) where link.id != last {
        names.append(link.name)
        last = link.id
      }
      return names.joined(separator: separator)
    }
    let sources =
      entry.sources.isEmpty
      ? nil
      : entry.sources.sorted { $0.n < $1.n }.map { $0.title + " " + ($0.excerpt ?? "") }.joined(separator: "\n")
    return Row(
      id: id, title: entry.title, summary: entry.summary, description: entry.description, sources: sources,
      tags: joined(tags, " "), audiences: joined(audiences, ", "))
  }

  /// Hands over one inserted entry's text; waits while the thread is behind.
  func add(_ row: Row) {
    guard !spoiled else { return }
    batch.append(row)
    if batch.count >= Self.batchSize { handOver(last: false) }
  }

  /// An entry whose text was handed over changed: the import indexes in
  /// place, and the thread stops.
  func spoil() {
    guard !spoiled else { return }
    spoiled = true
    stop()
  }

  private func handOver(last: Bool) {
    condition.lock()
    if inputEnded {
      condition.unlock()
      return
    }
    while waiting.count >= Self.waitingBatches && outcome == nil && !stopped { condition.wait() }
    // A thread that ended early failed: its rows are dropped, not kept.
    if !batch.isEmpty, outcome == nil, !stopped { waiting.append(batch) }
    if last { inputEnded = true }
    condition.broadcast()
    condition.unlock()
    batch = []
    batch.reserveCapacity(Self.batchSize)
  }

  /// Hands over the last rows: the thread indexes them all while the
  /// import goes on with its own indexes.
  func endInput() {
    guard !spoiled else { return }
    handOver(last: true)
  }

  /// Waits for the thread's index and copies it into the catalog's, inside
  /// the import's transaction; false when the import must index in place.
  /// Call `detach` once the transaction has ended.
  func finish(into db: Database) throws -> Bool {
    guard !spoiled else { return false }
    endInput()
    condition.lock()
    while outcome == nil { condition.wait() }
    let result = outcome!
    condition.unlock()
    guard case .success = result else { return false }
    try db.execute(sql: "ATTACH DATABASE ? AS \(Self.attachedName)", arguments: [path])
    attached = true
    let own = try GRDB.Row.fetchAll(db, sql: "SELECT k, v FROM entry_fts_config")
    try db.execute(sql: "DROP TABLE entry_fts")
    try db.execute(sql: createSQL)
    try db.execute(sql: "DELETE FROM entry_fts_data")
    for table in ["entry_fts_data", "entry_fts_idx", "entry_fts_docsize"] {
      try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM \(Self.attachedName).\(table)")
    }
    for setting in own {
      try db.execute(
        sql: "INSERT OR REPLACE INTO entry_fts_config (k, v) VALUES (?, ?)",
        arguments: [setting["k"] as DatabaseValue, setting["v"] as DatabaseValue])
    }
    return true
  }

  /// Detaches the scratch database (after the transaction: SQLite keeps an
  /// attached database while a transaction reads it) and removes it.
  func detach(_ db: Database) {
    stop()
    if attached { try? db.execute(sql: "DETACH DATABASE \(Self.attachedName)") }
    attached = false
    condition.lock()
    while outcome == nil { condition.wait() }
    condition.unlock()
    removeFile()
  }

  /// Tells the thread to stop, interrupting what its connection runs, and
  /// returns at once.
  private func stop() {
    condition.lock()
    stopped = true
    waiting = []
    if let handle { sqlite3_interrupt(handle) }
    condition.broadcast()
    condition.unlock()
  }

  private func removeFile() {
    for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
  }

  // MARK: the thread

  private func run() {
    var opened: OpaquePointer?
    let result: Result<Void, any Error>
    do {
      if Self.failingLock.withLock({ Self.failing.contains(catalogPath) }) {
        throw CatalogError("set to fail by a test")
      }
      guard
        sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
          == SQLITE_OK,
        let opened
      else { throw CatalogError("could not make \(path)") }
      condition.withLock { handle = opened }
      try build(opened)
      result = .success(())
    } catch {
      result = .failure(error)
    }
    condition.lock()
    handle = nil
    condition.unlock()
    sqlite3_close_v2(opened)
    condition.lock()
    outcome = stopped ? .failure(CatalogError("stopped")) : result
    condition.broadcast()
    condition.unlock()
  }

  /// Fills the scratch database's text table as rows come, then indexes it.
  private func build(_ handle: OpaquePointer) throws {
    func execute(_ sql: String) throws {
      guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
        throw CatalogError(String(cString: sqlite3_errmsg(handle)))
      }
    }
    /// A statement the caller finalizes.
    func prepare(_ sql: String) throws -> OpaquePointer {
      var statement: OpaquePointer?
      guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
        throw CatalogError(String(cString: sqlite3_errmsg(handle)))
      }
      return statement
    }
    // Nothing here needs to survive a crash: the file is thrown away.
    try execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192")
    try execute(
      "CREATE TABLE entry_search_text (id INTEGER PRIMARY KEY, title, summary, description, sources, tags, audiences)")
    try execute(createSQL)
    // As the catalog's index is set (its page size, its merging), through FTS5's own command.
    let set = try prepare("INSERT INTO entry_fts (entry_fts, rank) VALUES (?, ?)")
    defer { sqlite3_finalize(set) }
    for setting in settings {
      RawBinding.bind(set, 1, setting.key)
      switch setting.value.storage {
      case .int64(let number): sqlite3_bind_int64(set, 2, number)
      case .double(let number): sqlite3_bind_double(set, 2, number)
      case .string(let text): RawBinding.bind(set, 2, text)
      default: sqlite3_bind_null(set, 2)
      }
      try RawBinding.step(set)
    }
    try execute("BEGIN")
    // Rows go in `rowsPerInsert` at a time: one statement a row spent more
    // on starting and ending statements than on the rows.
    func insert(_ count: Int) throws -> OpaquePointer {
      try prepare(
        "INSERT INTO entry_search_text VALUES "
          + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", "))
    }
    let many = try insert(Self.rowsPerInsert)
    defer { sqlite3_finalize(many) }
    let one = try insert(1)
    defer { sqlite3_finalize(one) }
    while let rows = nextBatch() {
      var start = 0
      while start < rows.count {
        let count = rows.count - start >= Self.rowsPerInsert ? Self.rowsPerInsert : 1
        let statement = count == 1 ? one : many
        for offset in 0..<count {
          let row = rows[start + offset]
          let first = Int32(offset * 7)
          RawBinding.bind(statement, first + 1, row.id)
          RawBinding.bind(statement, first + 2, row.title)
          RawBinding.bind(statement, first + 3, row.summary)
          RawBinding.bind(statement, first + 4, row.description)
          RawBinding.bind(statement, first + 5, row.sources)
          RawBinding.bind(statement, first + 6, row.tags)
          RawBinding.bind(statement, first + 7, row.audiences)
        }
        try RawBinding.step(statement)
        start += count
      }
    }
    if isStopped { return }
    try execute("INSERT INTO entry_fts (entry_fts) VALUES ('rebuild'); COMMIT")
  }

  private var isStopped: Bool { condition.withLock { stopped } }

  /// The next batch handed over, or nil once the input ended or the
  /// import stopped the thread.
  private func nextBatch() -> [Row]? {
    condition.lock()
    defer { condition.unlock() }
    while waiting.isEmpty && !inputEnded && !stopped { condition.wait() }
    guard !stopped, !waiting.isEmpty else { return nil }
    let rows = waiting.removeFirst()
    condition.broadcast()
    return rows
  }
}
