import Foundation
import GRDB

/// A failure opening or changing a catalog, worded for the curator: it names
/// the file, says what to do, and never shows SQL.
public struct CatalogError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }

  static func notADatabase(_ path: String) -> CatalogError {
    CatalogError("\(path) is not a SQLite database, so it cannot be an Outpost catalog; pass another --db path")
  }

  static func foreignDatabase(_ path: String, _ reason: String) -> CatalogError {
    CatalogError(
      "\(path) is a SQLite database of another application (\(reason)); Outpost leaves it untouched. Pass another --db path"
    )
  }

  /// A write refused because the catalog cannot be changed here.
  static func readOnly(_ path: String, _ reason: String) -> CatalogError {
    CatalogError(
      "\(path) cannot be changed: \(reason). Commands that only read it (list, search, show, export, check) "
        + "still work; nothing was changed")
  }

  /// Translates a SQLite failure into words a curator can act on.
  static func database(_ error: DatabaseError, path: String) -> CatalogError {
    switch error.resultCode {
    case .SQLITE_NOTADB: return notADatabase(path)
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return CatalogError("\(path) is busy: another outpost kept it locked for too long; try again")
    case .SQLITE_READONLY:
      if let reason = CatalogAccess.writeProblem(path) { return readOnly(path, reason) }
      return CatalogError(
        "\(path) is read-only here; check the permissions of the file, of its -wal and -shm files and of its folder. "
          + "Nothing was changed")
    case .SQLITE_FULL:
      return CatalogError("the disk holding \(path) is full; nothing was changed. Free some space and try again")
    case .SQLITE_CANTOPEN:
      if FileManager.default.fileExists(atPath: path), let reason = CatalogAccess.writeProblem(path) {
        return CatalogError("cannot open \(path): \(reason)")
      }
      if !FileManager.default.fileExists(atPath: path), let reason = CatalogAccess.createProblem(path) {
        return CatalogError("cannot create \(path): \(reason)")
      }
      return CatalogError("cannot open \(path): its folder does not exist or cannot be written")
    case .SQLITE_IOERR:
      return CatalogError("input/output error on \(path); nothing was changed. Is the disk full or removed?")
    case .SQLITE_CORRUPT:
      return CatalogError("\(path) is damaged (SQLite reports corruption); restore it from a backup")
    case .SQLITE_PERM, .SQLITE_AUTH:
      return CatalogError("permission denied on \(path)")
    default:
      return CatalogError("the catalog \(path) could not be changed: \(plainWords(error))")
    }
  }

  /// SQLite's own message without SQL text, for the rare error we do not map.
  private static func plainWords(_ error: DatabaseError) -> String {
    let message = error.message ?? "error \(error.resultCode.rawValue)"
    return message.replacingOccurrences(of: "outpost: ", with: "")
  }
}
