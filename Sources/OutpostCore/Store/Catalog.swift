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
  /// Receives one-line notices for stderr, such as waiting for another writer.
  let notice: @Sendable (String) -> Void

  init(
    path: String, queue: DatabaseQueue, readOnlyReason: String?, isReadOnlyConnection: Bool = false,
    notice: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.path = path
    self.queue = queue
    self.readOnlyReason = readOnlyReason
    self.isReadOnlyConnection = isReadOnlyConnection
    self.notice = notice
  }

  /// Runs `body` in one read transaction: a consistent snapshot of the catalog.
  public func read<T>(_ body: (Database) throws -> T) throws -> T {
    try translatingErrors { try queue.read(body) }
  }

  /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it or none of it.
  /// Immediate, so that two writers queue on the busy timeout instead of one
  /// failing when its read lock cannot be upgraded.
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
  /// Another process writing holds the lock for as long as its transaction
  /// lasts, which for an import of a large file is minutes: so this waits up
  /// to `writeLockWait`, saying so on stderr after `writeLockQuietWait`,
  /// rather than failing after the ordinary busy timeout.
  func writeTransaction<T>(_ db: Database, _ body: (Database) throws -> (T, commit: Bool)) throws -> T {
    try beginWriting(db)
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

  /// `BEGIN IMMEDIATE`, waiting for other writers as `writeTransaction` says.
  private func beginWriting(_ db: Database) throws {
    let ordinary = try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 10_000
    defer { try? db.execute(sql: "PRAGMA busy_timeout = \(ordinary)") }
    try db.execute(sql: "PRAGMA busy_timeout = \(Int(Self.writeLockQuietWait * 1000))")
    do {
      try db.beginTransaction(.immediate)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
      let minutes = Int(Self.writeLockWait / 60)
      notice(
        "waiting for another outpost process to finish writing to \((path as NSString).lastPathComponent) "
          + "(up to \(minutes) minutes; Ctrl-C to give up)")
      try db.execute(sql: "PRAGMA busy_timeout = \(Int((Self.writeLockWait - Self.writeLockQuietWait) * 1000))")
      try db.beginTransaction(.immediate)
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
