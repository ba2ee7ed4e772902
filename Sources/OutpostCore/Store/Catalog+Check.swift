import Foundation
import GRDB

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
  public func check() throws -> [CheckFinding] {
    // FTS5's integrity-check is an INSERT, so this cannot be a read-only
    // transaction; it changes nothing, and is rolled back all the same.
    try translatingErrors {
      try queue.inDatabase { db in
        var findings: [CheckFinding] = []
        try db.inTransaction(.deferred) {
          findings = try check(db)
          return .rollback
        }
        return findings
      }
    }
  }

  /// Builds the search index again from the entries' text: what `check`
  /// advises when the index fails. Readers keep the old index until it commits.
  public func rebuildSearchIndex() throws {
    try write { db in try db.execute(sql: "INSERT INTO entry_fts (entry_fts) VALUES ('rebuild')") }
  }

  private func check(_ db: Database) throws -> [CheckFinding] {
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

      findings.append(CheckFinding(check: "search index", problem: try searchIndexProblem(db)))

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
  private func searchIndexProblem(_ db: Database) throws -> String? {
    let matches: Bool
    if isReadOnlyConnection {
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
          "could not be checked: \(path) is read-only here, and no temporary copy could be made in "
            + "\(folder.deletingLastPathComponent().path) (\((error as? DatabaseError)?.message ?? "\(error)"))"))
    }
    defer { try? copy.close() }
    return .success(try copy.inDatabase(Self.indexMatchesEntries))
  }

  /// Writes a consistent copy of the catalog to `path` while other processes
  /// may be writing: SQLite's online backup reads one snapshot.
  public func backup(to path: String) throws {
    if FileManager.default.fileExists(atPath: path) {
      throw CatalogError("\(path) already exists; remove it or choose another name")
    }
    let temporary = path + ".partial"
    try? FileManager.default.removeItem(atPath: temporary)
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
      try FileManager.default.moveItem(atPath: temporary, toPath: path)
    } catch let error as DatabaseError {
      try? FileManager.default.removeItem(atPath: temporary)
      throw CatalogError.database(error, path: path)
    } catch let error as CocoaError {
      try? FileManager.default.removeItem(atPath: temporary)
      throw CatalogError("cannot write \(path): \(error.localizedDescription)")
    }
  }
}
