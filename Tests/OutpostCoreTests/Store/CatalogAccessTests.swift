import Foundation
import Testing

@testable import OutpostCore

#if canImport(Glibc)
  import Glibc
#endif

/// What `CatalogAccess` says of a catalog whose companions come and go, as
/// they do while other processes open and close it.
@Suite("CatalogAccess")
struct CatalogAccessTests {
  let folder = TemporaryFolder()

  /// The last process to close a catalog deletes its `-wal`. A check made
  /// while that happens must not call the vanishing file read-only: `bench/stress`
  /// saw `remove` refused with "stress.sqlite-wal beside it is read-only
  /// (mode ?)" when the check asked "exists?" and then "writable?".
  @Test func aWriteAheadLogDeletedDuringTheCheckIsNoReasonToRefuse() throws {
    let catalog = folder.path("catalog.sqlite")
    let wal = catalog + "-wal"
    #expect(FileManager.default.createFile(atPath: catalog, contents: Data()))

    let stop = Box<Bool>()
    // The file appears and disappears until the checks are done.
    let churn = Background {
      while stop.value != true {
        let fd = open(wal, O_CREAT | O_WRONLY, 0o644)
        if fd >= 0 { close(fd) }
        unlink(wal)
      }
    }
    defer {
      stop.value = true
      _ = try? churn.result()
    }

    var refusals: [String] = []
    for _ in 0..<200_000 {
      if let problem = CatalogAccess.writeProblem(catalog) { refusals.append(problem) }
      if refusals.count >= 3 { break }
    }
    #expect(refusals.isEmpty, "refused while the -wal came and went: \(refusals)")
  }

  /// A companion that is there and cannot be written is still a reason:
  /// mode 0444 for a user, `chattr +i` for root (who may write any mode).
  @Test(
    "a write-ahead log that cannot be written is still a reason to refuse",
    .enabled(if: CatalogAccessTests.canMakeFilesUnwritable, "root here, and chattr +i does not work"))
  func aReadOnlyWriteAheadLogIsStillRefused() throws {
    let catalog = folder.path("catalog.sqlite")
    let wal = catalog + "-wal"
    #expect(FileManager.default.createFile(atPath: catalog, contents: Data()))
    #expect(FileManager.default.createFile(atPath: wal, contents: Data()))
    #expect(Self.makeUnwritable(wal))
    defer { Self.makeWritable(wal) }
    let problem = try #require(CatalogAccess.writeProblem(catalog))
    if getuid() == 0 {
      #expect(problem == "catalog.sqlite-wal beside it is marked immutable (chattr +i; lsattr shows it); chattr -i it")
    } else {
      #expect(problem.hasPrefix("catalog.sqlite-wal beside it is read-only (mode 0444)"), "\(problem)")
    }
  }

  static let canMakeFilesUnwritable: Bool = {
    let probe = NSTemporaryDirectory() + "outpost-access-probe-\(getpid())"
    guard FileManager.default.createFile(atPath: probe, contents: Data()) else { return false }
    defer {
      makeWritable(probe)
      unlink(probe)
    }
    return makeUnwritable(probe) && access(probe, W_OK) != 0
  }()

  @discardableResult
  static func makeUnwritable(_ path: String) -> Bool {
    if getuid() != 0 { return chmod(path, 0o444) == 0 }
    return chattr("+i", path)
  }

  static func makeWritable(_ path: String) {
    if getuid() == 0 { chattr("-i", path) } else { chmod(path, 0o644) }
  }

  @discardableResult
  static func chattr(_ flag: String, _ path: String) -> Bool {
    guard
      let tool = ["/usr/bin/chattr", "/bin/chattr"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = [flag, path]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}
