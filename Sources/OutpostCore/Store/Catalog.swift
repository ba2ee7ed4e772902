import Foundation
import GRDB

/// An open Outpost catalog: one SQLite file, migrated to this build's schema.
///
/// Opening does everything DESIGN asks of "any command that opens the
/// catalog": it refuses files that are not catalogs, creates and seeds a
/// missing one, and applies pending migrations under `BEGIN IMMEDIATE`.
public final class Catalog: Sendable {
  /// `PRAGMA application_id` of every Outpost catalog: "OUTP" in ASCII.
  public static let applicationID: Int32 = 0x4F55_5450

  /// How long a writer waits for another process's write to finish before
  /// giving up: long enough for the largest import, since two imports started
  /// at once must both succeed, one after the other.
  static let writeLockWait: TimeInterval = 600
  /// How long a writer waits silently before saying it is waiting.
  static let writeLockQuietWait: TimeInterval = 1

  /// The catalog file.
  public let path: String
  let queue: DatabaseQueue
  /// Why writing is refused: the catalog was written by a newer Outpost, or
  /// the file, its folder or its file system cannot be written here.
  public let readOnlyReason: String?
  /// True when the connection itself is read-only (`SQLITE_OPEN_READONLY` or
  /// `immutable`), so that nothing, not even a rolled-back write, can run.
  public let isReadOnlyConnection: Bool
  /// How this catalog's connection waits for other processes' locks.
  let busy: BusyWait

  /// Whether `path` names a file, which a second connection can open: not
  /// an in-memory database.
  static func isFile(_ path: String) -> Bool { !path.isEmpty && path != ":memory:" }

  /// `busy` must be the one `queue` was configured with (see
  /// `Catalog.configuration`); without one, waits are silent.
  init(
    path: String, queue: DatabaseQueue, busy: BusyWait? = nil, readOnlyReason: String?,
    isReadOnlyConnection: Bool = false
  ) {
    self.path = path
    self.queue = queue
    self.busy =
      busy ?? BusyWait(catalogPath: path, notice: { _ in }, limit: Self.writeLockWait, quiet: Self.writeLockQuietWait)
    self.readOnlyReason = readOnlyReason
    self.isReadOnlyConnection = isReadOnlyConnection
  }

  /// Runs `body` in one read transaction: a consistent snapshot of the catalog.
  public func read<T>(_ body: (Database) throws -> T) throws -> T {
    try translatingErrors { try queue.read(body) }
  }

  /// Runs `body` in one read transaction, as `read` does, with `count`
  /// ready to be shared between two connections (`SlicedCount`) when the
  /// caller needs it; nil, `body` gets none.
  func read<T>(counting count: SlicedCount.Query?, _ body: (Database, SlicedCount?) throws -> T) throws -> T {
    guard let count else { return try read { db in try body(db, nil) } }
    return try translatingErrors {
      try withConnection { db in
        let counter = try SlicedCount(count, beside: db, catalog: self)
        defer { counter.cancel() }
        try db.beginTransaction(.deferred)
        defer { try? db.rollback() }
        try counter.checkSnapshot(inside: db)
        return try body(db, counter)
      }
    }
  }

  /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it or none of it.
  public func write<T>(_ body: (Database) throws -> T) throws -> T {
    if let readOnlyReason { throw CatalogError(readOnlyReason) }
    return try translatingErrors {
      try queue.inDatabase { db in
        try writeTransaction(db) { db in (try body(db), true) }
      }
    }
  }

  /// Runs `body` in a `BEGIN IMMEDIATE` transaction on `db`, committed when
  /// `body` says so and rolled back otherwise or when it throws.
  ///
  /// Immediate, so that the write lock is taken before anything is read: a
  /// transaction that read first and wrote later would meet another writer
  /// as an upgrade, which SQLite refuses at once with "busy" instead of
  /// waiting. Taken this way, the lock is waited for as `BusyWait` says:
  /// another process's import holds it for minutes, and two imports started
  /// at once must both succeed, one after the other.
  func writeTransaction<T>(_ db: Database, _ body: (Database) throws -> (T, commit: Bool)) throws -> T {
    try db.beginTransaction(.immediate)
    do {
      let (result, commit) = try body(db)
      if commit { try db.commit() } else { try db.rollback() }
      return result
    } catch {
      // SQLite may already have rolled back (a full disk does): ignore that.
      if db.isInsideTransaction { try? db.rollback() }
      throw error
    }
  }

  /// Runs `body` with the catalog's own connection, outside any transaction:
  /// for tests that set connection PRAGMAs such as `max_page_count`.
  func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
    try queue.inDatabase(body)
  }

  /// Runs `body` and rewords SQLite failures for the user.
  func translatingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as DatabaseError {
      throw CatalogError.database(error, path: path)
    }
  }
}
