import Foundation
import GRDB

/// What a missing catalog file becomes on first use.
public enum NewCatalogContent: Sendable {
  /// Filled with the bundled starter catalog.
  case seed
  /// Schema only.
  case empty
}

/// How a command wants the catalog.
public struct CatalogOpenOptions: Sendable {
  /// Whether the command will write. A catalog from a newer Outpost opens
  /// for reading only.
  public var forWriting: Bool
  public var newContent: NewCatalogContent
  /// Receives the one-line notices DESIGN asks for on stderr.
  public var notice: @Sendable (String) -> Void
  public var migrations: [Migration]
  public var seedFiles: [(name: String, bytes: [UInt8])]
  /// False for `migrate status` and `migrate --dry-run`: an existing catalog
  /// is opened as it is, even with a modified migration, and nothing is
  /// applied; it can then only be read.
  public var applyMigrations = true
  /// The clock lock waits are measured on; a test passes one that runs fast.
  var clock: @Sendable () -> TimeInterval = BusyWait.monotonicSeconds

  public init(
    forWriting: Bool, newContent: NewCatalogContent = .seed, notice: @escaping @Sendable (String) -> Void = { _ in },
    migrations: [Migration] = EmbeddedCatalogFiles.migrations,
    seedFiles: [(name: String, bytes: [UInt8])] = EmbeddedCatalogFiles.seedFiles
  ) {
    self.forWriting = forWriting
    self.newContent = newContent
    self.notice = notice
    self.migrations = migrations
    self.seedFiles = seedFiles
  }
}

/// What opening did, beyond opening.
public struct CatalogOpenReport: Sendable {
  /// True when this process created the catalog's schema.
  public var created = false
  /// Migrations this process applied.
  public var applied: [MigrationState] = []
  /// The copy written before migrating a non-empty catalog.
  public var backupPath: String?
  /// Entries loaded from the seed.
  public var seeded: ImportSummary?
}

extension Catalog {
  /// Opens the catalog at `path`, creating, seeding and migrating as needed.
  ///
  /// Any number of processes may do this at once on one path: a missing
  /// catalog is made by exactly one of them (see `CatalogBuilder`), and every
  /// lock met on the way is waited for as `BusyWait` says.
  public static func open(at path: String, options: CatalogOpenOptions) throws -> (Catalog, CatalogOpenReport) {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw CatalogError("\(path) is a folder; --db needs a catalog file such as \(path)/outpost.sqlite")
    }
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
      throw CatalogError("cannot create \(path): the folder \(folder) does not exist")
    }
    let busy = BusyWait(
      catalogPath: path, notice: options.notice, limit: writeLockWait, quiet: writeLockQuietWait,
      clock: options.clock)
    let configuration = Self.configuration(busy)
    var built: CatalogOpenReport?
    if !FileManager.default.fileExists(atPath: path) {
      if let reason = CatalogAccess.createProblem(path) { throw CatalogError("cannot create \(path): \(reason)") }
      let builder = CatalogBuilder(path: path, options: options, configuration: configuration)
      if case .created(let report) = try builder.build() { built = report }
    }
    // A catalog this process cannot change is still read, through a
    // read-only connection: opening it read-write would fail as soon as
    // SQLite needs its -shm file, and would make `list` fail with it.
    let exists = FileManager.default.fileExists(atPath: path)
    let writeProblem = exists ? CatalogAccess.writeProblem(path) : nil
    if let writeProblem, options.forWriting { throw CatalogError.readOnly(path, writeProblem) }
    let queue: DatabaseQueue
    do {
      queue =
        writeProblem == nil
        ? try DatabaseQueue(path: path, configuration: configuration)
        : try openReadOnly(path, configuration: configuration)
    } catch let error as DatabaseError {
      throw CatalogError.database(error, path: path)
    }
    var opener = CatalogOpener(path: path, queue: queue, busy: busy, options: options)
    opener.fileWriteProblem = writeProblem
    opener.built = built
    do {
      return try opener.open()
    } catch let error as DatabaseError {
      throw CatalogError.database(error, path: path)
    }
  }

  /// The connection every catalog file is opened with: foreign keys on, and
  /// `busy` deciding how long to wait for another process's lock.
  static func configuration(_ busy: BusyWait) -> Configuration {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .callback { tries in busy.shouldRetry(tries: tries) }
    configuration.label = "outpost"
    return configuration
  }
}

extension Catalog {
  /// Opens an existing catalog that cannot be written here, for reading.
  ///
  /// With no `-wal` beside it, no process has the catalog open and the file
  /// alone is the whole catalog: it is read as `immutable`, which makes no
  /// `-wal` or `-shm` files. (A read-only connection would make them, with
  /// the file's read-only mode, where the folder allows: and a `-shm` left
  /// read-only keeps the catalog read-only after its owner makes the file
  /// writable again.) Nobody can change the file meanwhile without making a
  /// `-wal`, so the only misreading possible is a writer with more rights
  /// than this process starting during this short read.
  ///
  /// With a `-wal`, its commits may be missing from the file: the catalog is
  /// read through a read-only connection, which needs `-shm`.
  fileprivate static func openReadOnly(_ path: String, configuration base: Configuration) throws -> DatabaseQueue {
    var configuration = base
    configuration.readonly = true
    func probed(_ queue: DatabaseQueue) throws -> DatabaseQueue {
      // SQLite finds out whether it can read the -wal and -shm at the first read.
      try queue.inDatabase { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
      return queue
    }
    func immutable() throws -> DatabaseQueue {
      let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
      return try probed(DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration))
    }
    if !FileManager.default.fileExists(atPath: path + "-wal") { return try immutable() }
    do {
      return try probed(DatabaseQueue(path: path, configuration: configuration))
    } catch let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode) {
      if !CatalogAccess.hasWriteAheadLog(path) { return try immutable() }
      let name = (path as NSString).lastPathComponent
      throw CatalogError(
        "cannot read \(path): \(name)-wal beside it holds changes not yet in \(name), and reading them needs "
          + "\(name)-shm, which cannot be made or opened in \(CatalogAccess.folderOf(path)). Run any outpost command "
          + "on it once where its folder can be written, or copy \(name) and \(name)-wal together to such a folder")
    }
  }
}

/// The steps of `Catalog.open`, in order.
private struct CatalogOpener {
  var path: String
  var queue: DatabaseQueue
  var busy: BusyWait
  var options: CatalogOpenOptions
  /// Why the file cannot be changed here, when it cannot: it was opened
  /// through a read-only connection.
  var fileWriteProblem: String?
  var fileReadOnlyReason: String? { fileWriteProblem.map { CatalogError.readOnly(path, $0).message } }
  /// What this process did when it made the catalog, if it did.
  var built: CatalogOpenReport?

  var runner: MigrationRunner { MigrationRunner(migrations: options.migrations) }

  func open() throws -> (Catalog, CatalogOpenReport) {
    // Nothing is written before the file is known to be ours or new.
    try queue.inDatabase { db in try checkIdentity(db) }
    let plan = try queue.inDatabase { db in try runner.plan(db) }
    if !options.applyMigrations, !plan.applied.isEmpty {
      let reason = fileReadOnlyReason ?? "\(path) was opened to inspect its migrations; it cannot be changed this way"
      if let built { announce(built) }
      return (catalog(readOnlyReason: reason), built ?? CatalogOpenReport())
    }
    try refuseModified(plan)
    var report = built ?? CatalogOpenReport()
    let newerReason = newerCatalogReason(plan)
    let readOnlyReason = newerReason ?? fileReadOnlyReason
    if let readOnlyReason, options.forWriting { throw CatalogError(readOnlyReason) }
    if newerReason == nil, !plan.pending.isEmpty, let fileWriteProblem {
      let names = plan.pending.map(\.fileName).joined(separator: ", ")
      throw CatalogError(
        "\(path) needs migration \(names) before this build can read it, but it cannot be changed here: "
          + "\(fileWriteProblem). Nothing was changed")
    }
    if readOnlyReason == nil {
      try useWriteAheadLog()
      if !plan.pending.isEmpty { report = try migrate() }
    }
    announce(report)
    return (catalog(readOnlyReason: readOnlyReason), report)
  }

  /// Switches a catalog in rollback-journal mode (an empty file, a restored
  /// backup) to WAL, which lets `list` run while an import writes, and
  /// persists in the file. The switch needs every other connection away,
  /// and SQLite refuses it at once, without waiting, while one is there: so
  /// it is tried again, for as long as any other lock is waited for.
  func useWriteAheadLog() throws {
    try queue.inDatabase { db in
      if try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" { return }
      try busy.retrying {
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
          throw CatalogError("cannot use \(path) in WAL mode, which lets readers and a writer work at once")
        }
      }
    }
  }

  func catalog(readOnlyReason: String?) -> Catalog {
    Catalog(
      path: path, queue: queue, busy: busy, readOnlyReason: readOnlyReason,
      isReadOnlyConnection: fileWriteProblem != nil)
  }

  /// Refuses a SQLite file that belongs to another application.
  func checkIdentity(_ db: Database) throws {
    let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
    if id == Catalog.applicationID { return }
    if id != 0 {
      throw CatalogError.foreignDatabase(path, String(format: "application_id 0x%08X", id))
    }
    let objects = try String.fetchAll(
      db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 3")
    if !objects.isEmpty {
      throw CatalogError.foreignDatabase(path, "it holds tables such as \(objects.joined(separator: ", "))")
    }
  }

  func refuseModified(_ plan: MigrationPlan) throws {
    guard let first = plan.modified.first else { return }
    throw CatalogError(
      "migration \(first.fileName) was changed after it was applied to \(path) "
        + "(catalog checksum \(first.appliedChecksum?.prefix(12) ?? "?")…, this build \(first.checksum.prefix(12))…); "
        + "a shipped migration is never edited: restore the file, or add a new migration. Nothing was changed")
  }

  func newerCatalogReason(_ plan: MigrationPlan) -> String? {
    guard !plan.unknown.isEmpty else { return nil }
    let names = plan.unknown.map(\.fileName).joined(separator: ", ")
    return "\(path) was written by a newer Outpost (it holds migration \(names), unknown to this build); "
      + "it can be read but not changed. Upgrade outpost to change it"
  }

  /// Applies pending migrations in one `BEGIN IMMEDIATE` transaction that
  /// re-reads the ledger, so a concurrent opener finds nothing left to do.
  func migrate() throws -> CatalogOpenReport {
    var report = CatalogOpenReport()
    try queue.inDatabase { db in
      // Immediate: it waits for another writer (see `BusyWait`), then reads
      // the ledger as that writer left it.
      try db.inTransaction(.immediate) {
        try checkIdentity(db)
        let plan = try runner.plan(db)
        try refuseModified(plan)
        guard plan.unknown.isEmpty, !plan.pending.isEmpty else { return .commit }
        let isNew = plan.applied.isEmpty
        if !isNew { report.backupPath = try backUp(before: plan.pending[0]) }
        let now = Timestamp.now()
        report.applied = try runner.applyPending(db, now: now)
        try db.execute(sql: "PRAGMA application_id = \(Catalog.applicationID)")
        report.created = isNew
        if isNew, options.newContent == .seed {
          report.seeded = try SeedCatalog.load(options.seedFiles, into: db)
        }
        return .commit
      }
    }
    return report
  }

  /// Copies the catalog beside itself before a migration changes it. The
  /// caller holds the write lock, so a second, reading connection sees
  /// exactly the state the migration starts from, and nobody can change it
  /// meanwhile. (SQLite's backup cannot read through the connection that is
  /// writing.)
  func backUp(before next: MigrationState) throws -> String {
    let stamp = Timestamp.now().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    let backupPath = "\(path).before-\(String(format: "%04d", next.version))-\(stamp).bak"
    var configuration = Catalog.configuration(busy)
    configuration.readonly = true
    let reader = try DatabaseQueue(path: path, configuration: configuration)
    let copy = try DatabaseQueue(path: backupPath)
    try reader.read { source in
      try copy.writeWithoutTransaction { destination in try source.backup(to: destination) }
    }
    try copy.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
    try copy.close()
    try reader.close()
    return backupPath
  }

  func announce(_ report: CatalogOpenReport) {
    let name = (path as NSString).lastPathComponent
    if report.created {
      if let seeded = report.seeded {
        options.notice(
          "created \(path) with the starter catalog (\(seeded.insertedDescription))")
      } else {
        options.notice("created empty catalog \(path)")
      }
    } else if !report.applied.isEmpty {
      let list = report.applied.map(\.fileName).joined(separator: ", ")
      let backup = report.backupPath.map { "; backup in \(($0 as NSString).lastPathComponent)" } ?? ""
      options.notice("migrated \(name): applied \(list)\(backup)")
    }
  }
}
