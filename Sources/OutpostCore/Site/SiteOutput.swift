import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The site's folder: refuses one it did not make, writes each file
/// atomically (a temporary file renamed over it, in the same folder, so a
/// reader sees the old page or the new one, never half of one), and touches
/// only files its manifest or journal names.
///
/// The journal (`.outpost-site/journal`) lists each new file before it is
/// created: a build stopped half way (Ctrl-C, a full disk) leaves the next
/// one knowing every file that is its own.
final class SiteOutput {
  static let stateFolder = ".outpost-site"

  let directory: URL
  /// The folder's path with a slash at its end, for the paths of its files.
  private let root: String
  /// The manifest of the previous build, with the journal's files added
  /// (their content unknown, so they are written again).
  private(set) var previous: SiteManifest
  private var journal: FileHandle?
  private var journaled: Set<String> = []
  private var createdFolders: Set<String> = []
  /// `write` is called from several threads at once: it guards what it changes.
  private let lock = NSLock()
  private var lockFile: Int32
  private let temporarySuffix = ".tmp-\(getpid())"

  /// Opens `path` for a build: a missing or empty folder is made a site
  /// folder; one holding files but no manifest is refused.
  init(path: String) throws {
    directory = URL(fileURLWithPath: path, isDirectory: true)
    root = directory.path.hasSuffix("/") ? directory.path : directory.path + "/"
    let fm = FileManager.default
    let state = directory.appendingPathComponent(Self.stateFolder)
    let manifestPath = state.appendingPathComponent("manifest").path
    var isFolder: ObjCBool = false
    if fm.fileExists(atPath: directory.path, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw CatalogError("\(path) is a file; give a folder for the site") }
      let contents = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
      if !contents.isEmpty, !fm.fileExists(atPath: manifestPath) {
        throw CatalogError(
          "\(path) is not empty and was not made by `outpost site` (it has no \(Self.stateFolder)/manifest); "
            + "give a new or empty folder, so that no file of yours is overwritten")
      }
    }
    do {
      try fm.createDirectory(at: state, withIntermediateDirectories: true)
    } catch {
      throw CatalogError("cannot create the folder \(path): \(error.localizedDescription)")
    }
    lockFile = open(state.appendingPathComponent("lock").path, O_CREAT | O_RDWR, 0o644)
    guard lockFile >= 0, flock(lockFile, LOCK_EX | LOCK_NB) == 0 else {
      throw CatalogError("another `outpost site` is writing to \(path); wait for it to finish")
    }
    if let text = fm.contents(atPath: manifestPath).map({ [UInt8]($0) }) {
      guard let manifest = SiteManifest(text: text) else {
        throw CatalogError(
          "\(manifestPath) is not a manifest this version of outpost reads; build into a new folder")
      }
      previous = manifest
    } else {
      previous = SiteManifest()
      try writeManifest(previous)
    }
    let journalPath = state.appendingPathComponent("journal").path
    if let data = fm.contents(atPath: journalPath) {
      for line in data.split(separator: UInt8(ascii: "\n")) {
        let path = String(decoding: line, as: UTF8.self)
        if previous.pages[path] == nil { previous.pages[path] = SiteManifest.Page(contentHash: .unknown, inputs: 0) }
        journaled.insert(path)
      }
    }
    if !fm.fileExists(atPath: journalPath) { _ = fm.createFile(atPath: journalPath, contents: nil) }
    journal = FileHandle(forWritingAtPath: journalPath)
    _ = journal?.seekToEndOfFile()
  }

  deinit { letGo() }

  /// Closes the journal and lets go of the folder's lock: the build is over.
  func letGo() {
    try? journal?.close()
    journal = nil
    if lockFile >= 0 { close(lockFile) }
    lockFile = -1
  }

  /// Records that `paths` are this site's before any of them is created.
  func claim(_ paths: some Sequence<String>) throws {
    try lock.withLock {
      // Written a piece at a time: a large site's first build claims a
      // hundred thousand paths, which as one string would be the build's
      // peak of memory.
      var out: [UInt8] = []
      for path in paths where previous.pages[path] == nil && !journaled.contains(path) {
        journaled.insert(path)
        out += path.utf8
        out.append(UInt8(ascii: "\n"))
        if out.count >= 1 << 16 {
          try journal?.write(contentsOf: out)
          out.removeAll(keepingCapacity: true)
        }
      }
      if !out.isEmpty { try journal?.write(contentsOf: out) }
    }
  }

  /// Records that `path` is this site's before it is created.
  private func claim(_ path: String) throws {
    guard previous.pages[path] == nil else { return }
    try claim([path])
  }

  /// Writes `bytes` to `path` unless the last build wrote the same bytes
  /// there; their hash, and whether they were written.
  func writeIfChanged(_ path: String, _ bytes: [UInt8]) throws -> (hash: SiteManifest.ContentHash, written: Bool) {
    let hash = Self.contentHash(bytes)
    let written = previous.pages[path]?.contentHash != hash
    if written { try write(path, bytes) }
    return (hash, written)
  }

  /// Writes `bytes` to `path` (relative to the site), replacing any file
  /// there in one rename, or for a new file in one link.
  func write(_ path: String, _ bytes: [UInt8]) throws {
    try claim(path)
    let target = root + path
    let slash = target.utf8.lastIndex(of: UInt8(ascii: "/"))!
    let folder = String(target[..<slash])
    try lock.withLock {
      if !createdFolders.contains(folder) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        createdFolders.insert(folder)
      }
    }
    let temporary = folder + "/." + target[target.index(after: slash)...] + temporarySuffix
    if try writeUnnamed(path, folder: folder, target: target, temporary: temporary, bytes) { return }
    let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
    guard fd >= 0 else { throw failure("cannot write", path) }
    let ok = Self.writeAll(fd, bytes)
    let closed = close(fd) == 0
    guard ok, closed, rename(temporary, target) == 0 else {
      let error = failure("cannot write", path)
      unlink(temporary)
      throw error
    }
  }

  /// Linux's O_TMPFILE, which Glibc's headers define as an expression.
  private static let unnamedFile: Int32 = 0o20_000_000 | O_DIRECTORY
  /// Cleared when the file system or /proc cannot make unnamed files.
  private var unnamedFiles = true

  /// Writes `bytes` to a file with no name in `folder`, then gives it its
  /// name: `target` when none is there, else `temporary`, renamed over the
  /// old file. A file system makes a file's inode under its folder's lock,
  /// but an unnamed one without it: pages are written on several threads,
  /// and finding free inodes is most of a new page's cost.
  /// False, with nothing written, when unnamed files cannot be made here.
  private func writeUnnamed(
    _ path: String, folder: String, target: String, temporary: String, _ bytes: [UInt8]
  ) throws -> Bool {
    #if os(Linux)
      guard lock.withLock({ unnamedFiles }) else { return false }
      let fd = open(folder, Self.unnamedFile | O_WRONLY, 0o644)
      guard fd >= 0 else {
        lock.withLock { unnamedFiles = false }
        return false
      }
      defer { close(fd) }
      guard Self.writeAll(fd, bytes) else { throw failure("cannot write", path) }
      let handle = "/proc/self/fd/\(fd)"
      if linkat(AT_FDCWD, handle, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0 { return true }
      guard errno == EEXIST else {
        // No /proc: the file cannot be named; write it the other way.
        lock.withLock { unnamedFiles = false }
        return false
      }
      unlink(temporary)
      guard linkat(AT_FDCWD, handle, AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) == 0, rename(temporary, target) == 0
      else {
        let error = failure("cannot write", path)
        unlink(temporary)
        throw error
      }
      return true
    #else
      return false
    #endif
  }

  /// Removes a file an earlier build wrote, and its folder when emptied.
  func remove(_ path: String) {
    let target = directory.appendingPathComponent(path)
    unlink(target.path)
    let folder = target.deletingLastPathComponent()
    if folder.path != directory.path { rmdir(folder.path) }
  }

  /// Records `manifest` as the site's, then forgets the journal.
  func finish(_ manifest: SiteManifest) throws {
    // A build that changed nothing leaves the manifest as it is.
    if manifest != previous { try writeManifest(manifest) }
    try journal?.truncate(atOffset: 0)
    journaled = []
  }

  private func writeManifest(_ manifest: SiteManifest) throws {
    let state = Self.stateFolder + "/manifest"
    let target = directory.appendingPathComponent(state).path
    let temporary = target + temporarySuffix
    let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
    guard fd >= 0 else { throw failure("cannot write", state) }
    var ok = true
    manifest.write { piece in ok = ok && Self.writeAll(fd, piece) }
    let closed = close(fd) == 0
    guard ok, closed, rename(temporary, target) == 0 else {
      let error = failure("cannot write", state)
      unlink(temporary)
      throw error
    }
  }

  /// Writes all of `bytes` to `fd`; false on an error, `errno` telling which.
  static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer -> Bool in
      var written = 0
      while written < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        written += n
      }
      return true
    }
  }

  /// A file of the build's own, gone when closed: removed as soon as it is
  /// opened, in the site's state folder, so that nothing is left behind.
  func scratchFile() throws -> Int32 {
    let path = directory.appendingPathComponent(Self.stateFolder + "/scratch" + temporarySuffix).path
    // The lock makes this build the folder's only one: a file of this name
    // is one a stopped build of the same process id left.
    unlink(path)
    let fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0o600)
    guard fd >= 0 else { throw failure("cannot write", Self.stateFolder + "/scratch" + temporarySuffix) }
    unlink(path)
    return fd
  }

  private func failure(_ what: String, _ path: String) -> CatalogError {
    let reason = String(cString: strerror(errno)).lowercased()
    return CatalogError("\(what) \(directory.appendingPathComponent(path).path): \(reason)")
  }

  /// SHA-256 of `bytes`, its first 16 bytes: what the manifest keeps.
  static func contentHash(_ bytes: [UInt8]) -> SiteManifest.ContentHash {
    let digest = SHA256.hash(data: bytes)
    var high: UInt64 = 0
    var low: UInt64 = 0
    for (position, byte) in digest.prefix(16).enumerated() {
      if position < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
    }
    return SiteManifest.ContentHash(high: high, low: low)
  }
}
