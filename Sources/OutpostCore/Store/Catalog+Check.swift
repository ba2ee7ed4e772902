import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One finding of `outpost check`.
public struct CheckFinding: Sendable, Equatable {
  public var check: String
  /// Nil when the check passed.
  public var problem: String?
  public var passed: Bool { problem == nil }
}

extension Catalog {
  /// Checks the file's integrity, its foreign keys, the search index against
  /// the entries, and the migration checksums.
  ///
  /// A reader: it never waits for a writer. FTS5 checks its index only
  /// through an INSERT (rolled back), which needs the write lock: when
  /// another process holds it, the index is checked on a copy of the
  /// snapshot instead, as on a read-only catalog.
  public func check() throws -> [CheckFinding] {
    try translatingErrors {
      if !isReadOnlyConnection, let findings = try checkHoldingWriteLock() { return findings }
      return try queue.read { db in try check(db, indexOnCopy: true) }
    }
  }

  /// The checks in a `BEGIN IMMEDIATE` transaction taken without waiting,
  /// then rolled back; nil when another process holds the write lock.
  /// (Taken at once, not as an upgrade of a read: SQLite would refuse that
  /// upgrade with "busy" whenever another process had written meanwhile.)
  private func checkHoldingWriteLock() throws -> [CheckFinding]? {
    try queue.inDatabase { db in
      do {
        try busy.impatiently { try db.beginTransaction(.immediate) }
      } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
        return nil
      }
      defer { if db.isInsideTransaction { try? db.rollback() } }
      return try check(db, indexOnCopy: false)
    }
  }

  /// Builds the search index again from the entries' text: what `check`
  /// advises when the index fails. Readers keep the old index until it commits.
  public func rebuildSearchIndex() throws {
    try write { db in try db.execute(sql: "INSERT INTO entry_fts (entry_fts) VALUES ('rebuild')") }
  }

  private func check(_ db: Database, indexOnCopy: Bool) throws -> [CheckFinding] {
    do {
      var findings: [CheckFinding] = []
      let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
      findings.append(
        CheckFinding(
          check: "file integrity",
          problem: integrity == ["ok"] ? nil : integrity.prefix(5).joined(separator: "; ")))

      let broken = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
      let brokenTables = Set(broken.map { $0[0] as String })
      findings.append(
        CheckFinding(
          check: "links between entries, tags, audiences and sources",
          problem: broken.isEmpty
            ? nil : "\(broken.count) broken link(s) in \(brokenTables.sorted().joined(separator: ", "))"))

      findings.append(CheckFinding(check: "search index", problem: try searchIndexProblem(db, onCopy: indexOnCopy)))

      let plan = try MigrationRunner(migrations: EmbeddedCatalogFiles.migrations).plan(db)
      var migrationProblems: [String] = []
      for state in plan.states {
        switch state.status {
        case .modified: migrationProblems.append("\(state.fileName) differs from the file that was applied")
        case .unknown: migrationProblems.append("\(state.fileName) is unknown to this build")
        case .pending: migrationProblems.append("\(state.fileName) is not applied")
        case .applied: break
        }
      }
      findings.append(
        CheckFinding(
          check: "migrations (\(plan.states.count))",
          problem: migrationProblems.isEmpty ? nil : migrationProblems.joined(separator: "; ")))
      return findings
    }
  }

  /// Compares the search index with the text it should hold for each entry.
  ///
  /// The index is external-content (migration 0002): FTS5's integrity check
  /// with rank 1 re-reads every entry's text and compares its terms with the
  /// index's, which finds damage, stale text, missing and deleted entries
  /// alike. Its row sizes table then tells missing and deleted entries apart.
  private func searchIndexProblem(_ db: Database, onCopy: Bool) throws -> String? {
    let matches: Bool
    if onCopy {
      switch try indexMatchesOnCopy(db) {
      case .success(let result): matches = result
      case .failure(let unavailable): return unavailable.message
      }
    } else {
      matches = try Self.indexMatchesEntries(db)
    }
    return matches ? nil : try indexMismatchDetail(db)
  }

  /// FTS5's integrity check, which reports a mismatch as corruption; any
  /// other failure (busy, I/O, memory) is no finding about the index and
  /// goes to the caller.
  private static func indexMatchesEntries(_ db: Database) throws -> Bool {
    do {
      try db.execute(sql: "INSERT INTO entry_fts (entry_fts, rank) VALUES ('integrity-check', 1)")
      return true
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
      return false
    }
  }

  /// What is wrong with an index that failed its integrity check.
  private func indexMismatchDetail(_ db: Database) throws -> String {
    let missing =
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM entry WHERE id NOT IN (SELECT id FROM entry_fts_docsize)") ?? 0
    let orphans =
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM entry_fts_docsize WHERE id NOT IN (SELECT id FROM entry)") ?? 0
    var problems: [String] = []
    if missing > 0 { problems.append("\(missing) entr\(missing == 1 ? "y is" : "ies are") missing from it") }
    if orphans > 0 { problems.append("it holds \(orphans) row(s) of deleted entries") }
    if problems.isEmpty { problems.append("it is stale or damaged: its words differ from the entries' text") }
    return problems.joined(separator: "; ") + "; `outpost check --rebuild-search-index` rebuilds it from the entries"
  }

  /// FTS5 checks its index's structure only through an INSERT, which a
  /// read-only catalog refuses: so the check runs on a temporary copy of the
  /// snapshot `db` reads, and a read-only catalog is checked as fully as any.
  /// Fails when no copy can be made.
  private func indexMatchesOnCopy(_ db: Database) throws -> Result<Bool, CatalogError> {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-check-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let copy: DatabaseQueue
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      copy = try DatabaseQueue(path: folder.appendingPathComponent("copy.sqlite").path)
      try copy.writeWithoutTransaction { copyDB in try db.backup(to: copyDB) }
    } catch {
      return .failure(
        CatalogError(
          "could not be checked: \(path) is read-only here or another process is writing to it, and no temporary "
            + "copy could be made in "
            + "\(folder.deletingLastPathComponent().path) (\((error as? DatabaseError)?.message ?? "\(error)"))"))
    }
    defer { try? copy.close() }
    return .success(try copy.inDatabase(Self.indexMatchesEntries))
  }

  /// Writes a consistent copy of the catalog to `path` while other processes
  /// may be writing: SQLite's online backup reads one snapshot. A reader: it
  /// never waits for a writer.
  public func backup(to path: String) throws {
    if FileManager.default.fileExists(atPath: path) {
      throw CatalogError("\(path) already exists; remove it or choose another name")
    }
    // This process's own partial copy: two backups to one name at once
    // must not write into each other's.
    let temporary = "\(path).partial-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    defer { try? FileManager.default.removeItem(atPath: temporary) }
    do {
      let copy = try DatabaseQueue(path: temporary)
      try queue.read { db in
        try copy.writeWithoutTransaction { copyDB in try db.backup(to: copyDB) }
      }
      try copy.writeWithoutTransaction { db in
        // A lone file: no -wal beside it to lose when the copy is moved.
        _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
      }
      try copy.close()
      try Self.name(temporary, path)
    } catch let error as DatabaseError {
      throw CatalogError.database(error, path: path)
    } catch let error as CocoaError {
      throw CatalogError("cannot write \(path): \(error.localizedDescription)")
    }
  }

  /// Gives the finished copy its name, never replacing a file that appeared
  /// there meanwhile: `link(2)` refuses an existing name. Where the file
  /// system has no hard links (a FAT stick), it is renamed instead.
  private static func name(_ temporary: String, _ path: String) throws {
    if link(temporary, path) == 0 { return }
    let code = errno
    if code == EEXIST { throw CatalogError("\(path) already exists; remove it or choose another name") }
    guard [EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS].contains(code) else {
      throw CatalogError("cannot write \(path): \(String(cString: strerror(code)))")
    }
    if FileManager.default.fileExists(atPath: path) {
      throw CatalogError("\(path) already exists; remove it or choose another name")
    }
    try FileManager.default.moveItem(atPath: temporary, toPath: path)
  }
}
