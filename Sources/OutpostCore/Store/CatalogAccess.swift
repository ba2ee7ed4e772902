import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the operating system lets this process do with a catalog file, asked
/// before SQLite is, so that a catalog that cannot be written is still read,
/// and a write is refused in words that say why.
///
/// `access(2)` answers for this process's real permissions: it says "yes" to
/// root for a mode 0444 file (root may write it, and SQLite would), "no" for
/// an immutable file (`chattr +i`) or a read-only mount, whoever asks.
enum CatalogAccess {
  /// What `access(2)` means by EPERM on a file whose mode allows writing.
  private static let immutable = "marked immutable (chattr +i; lsattr shows it)"

  /// Why the catalog at `path` (an existing file) cannot be changed here, or
  /// nil when it can.
  static func writeProblem(_ path: String) -> String? {
    let folder = folderOf(path)
    if isReadOnlyFileSystem(path) {
      return "the file system holding it is mounted read-only"
    }
    if access(path, W_OK) != 0 {
      let reason = errno
      if reason == EROFS { return "the file system holding it is mounted read-only" }
      if reason == EPERM { return "the file is \(immutable)" }
      return "the file is read-only (mode \(modeText(path))) for this user"
    }
    // One `access` per companion, not "exists, then writable": the last
    // process to close the catalog deletes PATH-wal between the two, and a
    // companion gone is no reason to refuse (the stress run found that).
    for companion in [path + "-wal", path + "-shm"] where access(companion, W_OK) != 0 {
      let reason = errno
      if reason == ENOENT { continue }
      let name = (companion as NSString).lastPathComponent
      if reason == EPERM { return "\(name) beside it is \(immutable); chattr -i it" }
      return "\(name) beside it is read-only (mode \(modeText(companion))); make it writable, "
        + "or remove it while no outpost is using the catalog"
    }
    if access(folder, W_OK) != 0 {
      // SQLite writes through PATH-wal and PATH-shm beside the file; when
      // both already exist and can be written, the folder need not be.
      let companions = [path + "-wal", path + "-shm"]
      if !companions.allSatisfy({ access($0, W_OK) == 0 }) {
        let name = (path as NSString).lastPathComponent
        return "its folder \(folder) is read-only (mode \(modeText(folder))), "
          + "and writing needs \(name)-wal and \(name)-shm made beside it"
      }
    }
    return nil
  }

  /// Why a catalog cannot be created at `path` (a missing file), or nil.
  static func createProblem(_ path: String) -> String? {
    let folder = folderOf(path)
    if isReadOnlyFileSystem(folder) { return "the file system holding \(folder) is mounted read-only" }
    if access(folder, W_OK) != 0 {
      if errno == EROFS { return "the file system holding \(folder) is mounted read-only" }
      return "the folder \(folder) is read-only (mode \(modeText(folder))) for this user"
    }
    return nil
  }

  /// True when a write-ahead log with content lies beside `path`: it holds
  /// commits the file alone lacks, so the file cannot be read as immutable.
  static func hasWriteAheadLog(_ path: String) -> Bool {
    let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue
    return (size ?? 0) > 0
  }

  static func folderOf(_ path: String) -> String {
    let folder = (path as NSString).deletingLastPathComponent
    return folder.isEmpty ? "." : folder
  }

  private static func isReadOnlyFileSystem(_ path: String) -> Bool {
    var info = statvfs()
    guard statvfs(path, &info) == 0 else { return false }
    return info.f_flag & UInt(ST_RDONLY) != 0
  }

  private static func modeText(_ path: String) -> String {
    var info = stat()
    guard stat(path, &info) == 0 else { return "?" }
    return String(format: "%04o", Int(info.st_mode) & 0o7777)
  }
}
