import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Makes a new catalog whole in a private file beside its path, then gives
/// it its name with `link(2)`.
///
/// So creation is decided by one process, whatever number start at once on
/// a missing path: `link` is atomic and refuses a name that exists, so the
/// first to finish names the catalog and every other one, refused, opens
/// that complete catalog (schema, seed, `application_id`, WAL) instead of its
/// own. Nobody ever sees a half-made catalog, and no two processes ever
/// share a file that is still in rollback-journal mode, where switching to
/// WAL fails at once with "busy" instead of waiting.
struct CatalogBuilder {
  /// What `build` did.
  enum Outcome {
    /// This process made the catalog.
    case created(CatalogOpenReport)
    /// Another process made it first; the one at `path` is complete.
    case madeElsewhere
    /// The file system has no hard links (some network and FAT mounts):
    /// the catalog is to be made in place instead.
    case linksUnsupported
  }

  /// The final path of the catalog.
  var path: String
  var options: CatalogOpenOptions
  var configuration: Configuration

  /// Private files older than this are leftovers of a process killed while
  /// creating: no creation takes an hour.
  static let leftoverAge: TimeInterval = 3600

  /// The private file's name: beside the catalog (a link cannot cross file
  /// systems), named after it and this process, so a leftover says what it is.
  static func temporaryPath(for path: String) -> String {
    "\(path).creating-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
  }

  func build() throws -> Outcome {
    removeLeftovers()
    let temporary = Self.temporaryPath(for: path)
    defer { Self.removeWithCompanions(temporary) }
    let report: CatalogOpenReport
    do {
      let queue = try DatabaseQueue(path: temporary, configuration: configuration)
      report = try fill(queue)
      try queue.inDatabase { db in
        // Persistent in the file: every process that opens it later finds
        // it in WAL mode and never has to switch it under another's feet.
        _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
      }
      // Closing the only connection checkpoints the -wal into the file and
      // removes it: what is linked is the whole catalog, alone.
      try queue.close()
    } catch let error as DatabaseError {
      throw CatalogError.database(error, path: path)
    }
    if link(temporary, path) == 0 { return .created(report) }
    switch errno {
    case EEXIST: return .madeElsewhere
    case EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS, EXDEV: return .linksUnsupported
    case let code: throw CatalogError("cannot create \(path): \(String(cString: strerror(code)))")
    }
  }

  /// Migrations, `application_id` and the seed, in one transaction.
  private func fill(_ queue: DatabaseQueue) throws -> CatalogOpenReport {
    var report = CatalogOpenReport()
    try queue.inDatabase { db in
      try db.inTransaction(.immediate) {
        report.applied = try MigrationRunner(migrations: options.migrations).applyPending(db, now: Timestamp.now())
        try db.execute(sql: "PRAGMA application_id = \(Catalog.applicationID)")
        if options.newContent == .seed {
          report.seeded = try SeedCatalog.load(options.seedFiles, into: db)
        }
        return .commit
      }
    }
    report.created = true
    return report
  }

  /// Removes private files that creations killed long ago left beside the
  /// catalog; a recent one may be another process's creation under way.
  private func removeLeftovers() {
    let folder = CatalogAccess.folderOf(path)
    let prefix = (path as NSString).lastPathComponent + ".creating-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names
    where name.hasPrefix(prefix) && !["-wal", "-shm", "-journal"].contains(where: { name.hasSuffix($0) }) {
      let file = (folder as NSString).appendingPathComponent(name)
      let modified = (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate]) as? Date
      if let modified, Date().timeIntervalSince(modified) > Self.leftoverAge { Self.removeWithCompanions(file) }
    }
  }

  private static func removeWithCompanions(_ file: String) {
    for name in [file, file + "-wal", file + "-shm", file + "-journal"] { unlink(name) }
  }
}
