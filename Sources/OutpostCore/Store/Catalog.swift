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

  /// The catalog file.
  public let path: String
  let queue: DatabaseQueue
  /// Why writing is refused, when this catalog was written by a newer Outpost.
  public let readOnlyReason: String?

  init(path: String, queue: DatabaseQueue, readOnlyReason: String?) {
    self.path = path
    self.queue = queue
    self.readOnlyReason = readOnlyReason
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
        var result: T?
        try db.inTransaction(.immediate) {
          result = try body(db)
          return .commit
        }
        return result!
      }
    }
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
