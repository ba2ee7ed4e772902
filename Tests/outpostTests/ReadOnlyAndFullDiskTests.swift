import Foundation
import Testing

/// A catalog that cannot be written, and a disk that fills up: every read
/// still works, every write is refused in plain words, and the catalog is
/// left exactly as it was.
///
/// Tests run as root in CI, and root ignores file modes: so each way of
/// making a write fail is the one that binds root too (a read-only mount, an
/// immutable file, a full tmpfs), or runs the binary without the capability
/// that lets root ignore modes (`CrashSupport.permissionsPrefix`). Each is
/// probed first; where this machine allows none, the test is skipped rather
/// than passing without having refused anything.
@Suite("outpost: read-only catalogs and a full disk")
struct ReadOnlyAndFullDiskTests {
  /// A folder holding `locked/outpost.sqlite`, a seeded catalog with an
  /// extra entry, so that the folder of the test itself stays writable.
  struct Fixture {
    let outpost: OutpostProcess
    let folder: String
    let catalog: String
    let export: String
    let bytes: Data?
    let count: Int
    let input: String

    init() throws {
      outpost = OutpostProcess()
      folder = outpost.path("locked")
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      catalog = folder + "/outpost.sqlite"
      #expect(try outpost.run("init", "--db", catalog).status == 0)
      let added = try outpost.run("add", "tool", "Kept Tool", "--url", "https://kept.example", "--db", catalog)
      #expect(added.status == 0, "\(added)")
      let exported = try outpost.run("export", "--format", "ndjson", "--db", catalog)
      export = exported.stdout
      count = exported.stdout.split(separator: "\n").count
      bytes = FileManager.default.contents(atPath: catalog)
      input = outpost.write(CrashSupport.csv(rows: 50, batch: "refused"), to: "refused.csv")
      #expect(!FileManager.default.fileExists(atPath: catalog + "-wal"), "the catalog was left open")
    }
  }

  /// Every reading command works on the catalog; every writing one is
  /// refused with `reason` in a message naming it; nothing changes.
  func expectReadableNotWritable(_ fixture: Fixture, prefix: [String] = [], reason: String) throws {
    let outpost = fixture.outpost
    let db = ["--db", fixture.catalog]
    func run(_ arguments: [String]) throws -> OutpostProcess.Result {
      try outpost.run(prefix: prefix, arguments + db)
    }
    let list = try run(["list", "--format", "ndjson"])
    #expect(list.status == 0, "list failed: \(list)")
    #expect(list.stdout.split(separator: "\n").count == fixture.count)
    #expect(try run(["list"]).status == 0)
    let show = try run(["show", "kept-tool", "--format", "json"])
    #expect(show.status == 0 && show.stdout.contains("https://kept.example"), "\(show)")
    #expect(try run(["search", "kept", "--format", "json"]).stdout.contains("kept-tool"))
    #expect(try run(["stats"]).status == 0)
    #expect(try run(["migrate", "status"]).status == 0)
    let export = try run(["export", "--format", "ndjson"])
    #expect(export.status == 0)
    #expect(export.stdout == fixture.export, "a read-only catalog exported differently")
    try CrashSupport.expectCheckPasses(outpost, db: fixture.catalog, prefix: prefix)

    let writes: [[String]] = [
      ["add", "tool", "New Tool", "--url", "https://new.example"],
      ["import", fixture.input],
      ["tag", "kept-tool", "another"],
      ["remove", "kept-tool", "--yes"],
    ]
    for write in writes {
      let result = try run(write)
      #expect(result.status == 1, "\(write[0]) on a read-only catalog: \(result)")
      #expect(result.stderr.contains("cannot be changed"), "\(result)")
      #expect(result.stderr.contains(reason), "\(write[0]) should say '\(reason)': \(result)")
      #expect(result.stderr.contains(fixture.catalog), "\(result)")
      #expect(result.stderr.split(separator: "\n").count == 1, "one clear line: \(result)")
      outpost.expectNoLeaks(result)
    }
    #expect(FileManager.default.contents(atPath: fixture.catalog) == fixture.bytes, "the catalog file changed")
  }

  /// After the lock is lifted the catalog is as it was, and writable: no
  /// read-only `-shm` or `-wal` file was left beside it to keep it read-only.
  func expectIntactAndWritable(_ fixture: Fixture) throws {
    #expect(!FileManager.default.fileExists(atPath: fixture.catalog + "-shm"), "a -shm file was left behind")
    let outpost = fixture.outpost
    let export = try outpost.run("export", "--format", "ndjson", "--db", fixture.catalog)
    #expect(export.stdout == fixture.export)
    try CrashSupport.expectCheckPasses(outpost, db: fixture.catalog)
    let added = try outpost.run("add", "tool", "After Tool", "--url", "https://after.example", "--db", fixture.catalog)
    #expect(added.status == 0, "the catalog stayed read-only: \(added)")
  }

  @Test(
    "a read-only catalog file (chmod 444, permissions enforced): reads work, writes are refused, nothing changes",
    .enabled(if: CrashSupport.permissionsPrefix != nil, "file permissions cannot be enforced here"),
    .timeLimit(.minutes(2)))
  func readOnlyFile() throws {
    let fixture = try Fixture()
    defer { fixture.outpost.remove() }
    let prefix = try #require(CrashSupport.permissionsPrefix)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: fixture.catalog)
    try expectReadableNotWritable(fixture, prefix: prefix, reason: "the file is read-only (mode 0444)")
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: fixture.catalog)
    try expectIntactAndWritable(fixture)
  }

  @Test(
    "an immutable catalog file (chattr +i, binding root too): reads work, writes are refused, nothing changes",
    .enabled(if: CrashSupport.immutableFilesWork, "chattr +i is not available on this file system"),
    .timeLimit(.minutes(2)))
  func immutableFile() throws {
    let fixture = try Fixture()
    defer { fixture.outpost.remove() }
    let chattr = try #require(CrashSupport.tool("chattr"))
    #expect(CrashSupport.system(chattr, ["+i", fixture.catalog]) == 0)
    defer { CrashSupport.system(chattr, ["-i", fixture.catalog]) }
    try expectReadableNotWritable(fixture, reason: "immutable")
    #expect(CrashSupport.system(chattr, ["-i", fixture.catalog]) == 0)
    try expectIntactAndWritable(fixture)
  }

  @Test(
    "a read-only folder (chmod 555, permissions enforced): reads work, writes are refused, nothing changes",
    .enabled(if: CrashSupport.permissionsPrefix != nil, "file permissions cannot be enforced here"),
    .timeLimit(.minutes(2)))
  func readOnlyFolder() throws {
    let fixture = try Fixture()
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.folder)
      fixture.outpost.remove()
    }
    let prefix = try #require(CrashSupport.permissionsPrefix)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: fixture.folder)
    try expectReadableNotWritable(fixture, prefix: prefix, reason: "folder \(fixture.folder) is read-only")
    // A missing catalog cannot be created there either, and it says why.
    let create = try fixture.outpost.run(prefix: prefix, ["list", "--db", fixture.folder + "/new.sqlite"])
    #expect(create.status == 1, "\(create)")
    #expect(create.stderr.contains("cannot create") && create.stderr.contains("is read-only"), "\(create)")
    fixture.outpost.expectNoLeaks(create)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.folder)
    try expectIntactAndWritable(fixture)
  }

  @Test(
    "a catalog on a read-only mount (binding root too): reads work, writes are refused, nothing changes",
    .enabled(if: CrashSupport.mountsWork, "mounting is not permitted here"),
    .timeLimit(.minutes(2)))
  func readOnlyMount() throws {
    let fixture = try Fixture()
    defer { fixture.outpost.remove() }
    // The folder is bound read-only onto itself: the same files, seen
    // through a mount that refuses every write.
    #expect(CrashSupport.mount(["--bind", fixture.folder, fixture.folder]))
    defer { CrashSupport.unmount(fixture.folder) }
    #expect(CrashSupport.mount(["-o", "remount,bind,ro", fixture.folder]))
    try expectReadableNotWritable(fixture, reason: "mounted read-only")
    CrashSupport.unmount(fixture.folder)
    try expectIntactAndWritable(fixture)
  }

  @Test(
    "a full disk (a 2 MiB tmpfs): the import is refused as 'disk … full', the catalog intact and usable",
    .enabled(if: CrashSupport.mountsWork, "mounting a tmpfs is not permitted here; see CatalogFullDiskTests"),
    .timeLimit(.minutes(2)))
  func fullDisk() throws {
    let outpost = OutpostProcess()
    defer { outpost.remove() }
    let disk = outpost.path("disk")
    try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
    #expect(CrashSupport.mount(["-t", "tmpfs", "-o", "size=2m", "tmpfs", disk]))
    defer { CrashSupport.unmount(disk) }
    let catalog = disk + "/outpost.sqlite"
    #expect(try outpost.run("init", "--db", catalog).status == 0)
    let before = try outpost.run("export", "--format", "ndjson", "--db", catalog).stdout
    #expect(!before.isEmpty)

    // 20 000 rows make a catalog of about 10 MiB: five times the disk.
    let file = outpost.write(CrashSupport.csv(rows: 20_000, batch: "overflow"), to: "overflow.csv")
    let result = try outpost.run("import", file, "--db", catalog)
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("disk holding \(catalog) is full"), "\(result)")
    #expect(result.stderr.contains("nothing was changed"), "\(result)")
    outpost.expectNoLeaks(result)

    #expect(try outpost.run("export", "--format", "ndjson", "--db", catalog).stdout == before)
    try CrashSupport.expectCheckPasses(outpost, db: catalog)
    // The space the failed import took is given back: a small write fits.
    let added = try outpost.run("add", "tool", "Small Tool", "--url", "https://small.example", "--db", catalog)
    #expect(added.status == 0, "\(added)")
    let addMore = try outpost.run("import", file, "--db", catalog, "--quiet")
    #expect(addMore.status == 1 && addMore.stderr.contains("full"), "\(addMore)")
    try CrashSupport.expectCheckPasses(outpost, db: catalog)
  }
}
