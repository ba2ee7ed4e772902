import GRDB

extension Catalog {
  /// Every migration, applied, pending, modified or unknown.
  public func migrationStates() throws -> [MigrationState] {
    try read { db in try MigrationRunner(migrations: EmbeddedCatalogFiles.migrations).plan(db).states }
  }

  /// Runs the pending migrations and rolls them back: proof they apply.
  /// Opening has applied them already, so this finds them only when the
  /// catalog was opened without migrating (see `Catalog.inspect`).
  public func dryRunMigrations() throws -> [MigrationState] {
    try translatingErrors {
      try queue.inDatabase { db in
        try writeTransaction(db) { db in
          let applied = try MigrationRunner(migrations: EmbeddedCatalogFiles.migrations).applyPending(
            db, now: Timestamp.now())
          return (applied, commit: false)
        }
      }
    }
  }
}
