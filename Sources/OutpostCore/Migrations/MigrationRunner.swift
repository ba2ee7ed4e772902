import Foundation
import GRDB

/// Reads the migration ledger and applies pending migrations.
///
/// Functions here run inside a transaction that the caller opened (the
/// catalog's `BEGIN IMMEDIATE`), so the ledger they read cannot change under
/// them and a failure rolls back every migration together.
struct MigrationRunner: Sendable {
  /// The ledger table: one row per applied migration.
  static let ledgerTable = "outpost_migration"

  var migrations: [Migration]

  /// The ledger rows, or none when the catalog has no ledger yet.
  ///
  /// Asked of SQLite itself, not of GRDB's schema cache: a `DatabaseQueue`
  /// keeps that cache from one transaction to the next, so a process that
  /// looked before another one migrated would be told, inside its own
  /// `BEGIN IMMEDIATE`, that the ledger it must re-read is still missing.
  static func ledger(_ db: Database) throws -> [LedgerRow] {
    let exists = try Bool.fetchOne(
      db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [ledgerTable])
    guard exists == true else { return [] }
    // SQL rather than the query interface, whose first use at every start
    // cost a millisecond of a one-entry command.
    return try LedgerRow.fetchAll(db, sql: "SELECT * FROM \(ledgerTable) ORDER BY version")
  }

  func plan(_ db: Database) throws -> MigrationPlan {
    MigrationPlan(ledger: try Self.ledger(db), known: migrations)
  }

  /// `outpost_tag_name(text)`: the normal form of a tag, NULL when nothing
  /// is left. Migration 0006 folds the stored tags with the very code that
  /// folds input (`TagName`): SQL has no diacritic folding, and a second
  /// copy of the rule in SQL would drift from the first. Only migrations
  /// call it, so nothing in the schema depends on it.
  static let tagNameFunction = DatabaseFunction("outpost_tag_name", argumentCount: 1, pure: true) { values in
    String.fromDatabaseValue(values[0]).flatMap(TagName.normalize)
  }

  /// Gives the connection `outpost_tag_name` unless it has it. Added once and
  /// never replaced or removed: SQLite refuses to change a function while a
  /// statement of the connection runs, and GRDB traps on that refusal.
  static func installTagNameFunction(_ db: Database) {
    if (try? db.execute(sql: "SELECT outpost_tag_name('')")) == nil { db.add(function: tagNameFunction) }
  }

  /// Applies every pending migration in version order and records each in
  /// the ledger. Returns what it applied.
  func applyPending(_ db: Database, now: String) throws -> [MigrationState] {
    try db.execute(
      sql: """
        CREATE TABLE IF NOT EXISTS \(Self.ledgerTable) (
          version      INTEGER PRIMARY KEY CHECK (version > 0),
          name         TEXT NOT NULL,
          checksum     TEXT NOT NULL CHECK (length(checksum) = 64),
          applied_at   TEXT NOT NULL,
          duration_ms  INTEGER NOT NULL CHECK (duration_ms >= 0)
        )
        """)
    let pending = try plan(db).pending
    if !pending.isEmpty { Self.installTagNameFunction(db) }
    var applied: [MigrationState] = []
    for state in pending {
      guard let migration = migrations.first(where: { $0.version == state.version }) else { continue }
      let start = DispatchTime.now()
      do {
        try db.execute(sql: migration.sql)
      } catch let error as DatabaseError {
        throw CatalogError(
          "migration \(migration.fileName) failed (\(error.message ?? "SQLite error")); nothing was changed")
      }
      let milliseconds = Int((DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000)
      try LedgerRow(
        version: migration.version, name: migration.name, checksum: migration.checksum, appliedAt: now,
        durationMilliseconds: milliseconds
      ).insert(db)
      var done = state
      done.status = .applied
      done.appliedAt = now
      done.appliedChecksum = migration.checksum
      done.durationMilliseconds = milliseconds
      applied.append(done)
    }
    return applied
  }
}
