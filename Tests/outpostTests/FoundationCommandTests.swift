import Foundation
import GRDB
import OutpostCore
import Testing

/// The catalog foundation, end to end: first use, init, migrate, check, backup
/// and every way a file can be refused.
@Suite("outpost: catalog foundation")
struct FoundationCommandTests {
  let outpost = OutpostProcess()

  /// Messages a user must never see.
  func expectClean(_ result: OutpostProcess.Result, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for leak in ["Fatal error", "SQLITE_", "SELECT ", "INSERT ", "UPDATE ", "CREATE ", ".swift:", "Stack dump"] {
      #expect(!result.stderr.contains(leak), "stderr shows \(leak): \(result.stderr)", sourceLocation: sourceLocation)
    }
  }

  @Test("the binary copied alone into a folder creates ./outpost.sqlite with the seed where it is run")
  func binaryCopiedAloneWorks() throws {
    let bin = OutpostProcess()
    let copy = bin.path("outpost")
    try FileManager.default.copyItem(atPath: OutpostProcess.binary.path, toPath: copy)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: copy)
    process.arguments = ["list", "--format", "ndjson"]
    process.currentDirectoryURL = outpost.folder
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "OUTPOST_DB")
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(FileManager.default.fileExists(atPath: outpost.catalog))
    #expect(!FileManager.default.fileExists(atPath: bin.path("outpost.sqlite")))
    #expect(err.split(separator: "\n").count == 1)
    #expect(err.contains("created"))
    #expect(String(decoding: out, as: UTF8.self).split(separator: "\n").count >= 40)
    bin.remove()
  }

  @Test("--db wins over OUTPOST_DB, which wins over ./outpost.sqlite; --db also works before the command")
  func catalogPathPrecedence() throws {
    try outpost.run(["init", "--empty"], environment: ["OUTPOST_DB": outpost.path("env.sqlite")])
    #expect(FileManager.default.fileExists(atPath: outpost.path("env.sqlite")))
    #expect(!FileManager.default.fileExists(atPath: outpost.catalog))
    try outpost.run(
      ["init", "--empty", "--db", outpost.path("flag.sqlite")], environment: ["OUTPOST_DB": outpost.path("env.sqlite")])
    #expect(FileManager.default.fileExists(atPath: outpost.path("flag.sqlite")))
    let leading = try outpost.run("--db", outpost.path("lead.sqlite"), "init", "--empty")
    #expect(leading.status == 0, "\(leading)")
    #expect(FileManager.default.fileExists(atPath: outpost.path("lead.sqlite")))
  }

  @Test("init on an existing catalog changes nothing and says so")
  func initTwice() throws {
    #expect(try outpost.run("init").status == 0)
    let before = outpost.bytes()
    let again = try outpost.run("init", "--empty")
    #expect(again.status == 0)
    #expect(again.stderr.contains("already an Outpost catalog"))
    #expect(outpost.bytes() == before)
  }

  @Test("migrate status --format json lists every migration with its state and checksum")
  func migrateStatusJSON() throws {
    try outpost.run("init")
    let result = try outpost.run("migrate", "status", "--format", "json")
    #expect(result.status == 0)
    let states = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(states.count >= 1)
    for state in states {
      #expect(state["status"] as? String == "applied")
      #expect((state["checksum"] as? String)?.count == 64)
      #expect(state["file"] as? String != nil)
    }
    let table = try outpost.run("migrate", "status")
    #expect(table.stdout.contains("0001_initial_schema.sql"))
    #expect(table.stdout.contains("applied"))
  }

  @Test("migrate on an up-to-date catalog says so; --dry-run changes nothing")
  func migrateUpToDate() throws {
    try outpost.run("init")
    let before = outpost.bytes()
    let result = try outpost.run("migrate")
    #expect(result.status == 0)
    #expect(result.stdout.contains("up to date"))
    let dry = try outpost.run("migrate", "--dry-run")
    #expect(dry.status == 0)
    #expect(outpost.bytes() == before)
  }

  @Test("a ledger checksum changed by hand: a clear message, exit 1, file unchanged; status shows 'modified'")
  func modifiedChecksum() throws {
    try outpost.run("init")
    try tamper { db in
      try db.execute(sql: "UPDATE outpost_migration SET checksum = replace(checksum, substr(checksum, 1, 1), 'f')")
    }
    let before = outpost.bytes()
    for command in [["list"], ["add", "tool", "X", "--url", "https://x.ai"], ["check"]] {
      let result = try outpost.run(command)
      #expect(result.status == 1, "\(command): \(result)")
      #expect(result.stderr.contains("0001_initial_schema.sql"))
      expectClean(result)
    }
    let status = try outpost.run("migrate", "status")
    #expect(status.stdout.contains("modified"))
    #expect(outpost.bytes() == before)
  }

  @Test("a catalog with a migration from a newer version: reads work, writes are refused, file unchanged")
  func newerCatalog() throws {
    try outpost.run("init")
    // The version after the last this build knows.
    let next = EmbeddedCatalogFiles.migrations.count + 1
    try tamper { db in
      try db.execute(
        sql:
          "INSERT INTO outpost_migration VALUES (\(next), 'future_feature', '\(String(repeating: "b", count: 64))', '2031-01-01T00:00:00Z', 3)"
      )
    }
    let before = outpost.bytes()
    let read = try outpost.run("list", "--format", "json")
    #expect(read.status == 0)
    #expect(read.stdout.contains("chatgpt"))
    let write = try outpost.run("add", "tool", "New", "--url", "https://new.ai")
    #expect(write.status == 1)
    #expect(write.stderr.contains("newer Outpost"))
    #expect(write.stderr.contains(String(format: "%04d_future_feature.sql", next)))
    expectClean(write)
    #expect(try outpost.run("migrate", "status").stdout.contains("unknown"))
    #expect(outpost.bytes() == before)
  }

  @Test("a SQLite file of another application is refused, never migrated")
  func foreignSQLite() throws {
    let queue = try DatabaseQueue(path: outpost.catalog)
    try queue.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }
    try queue.close()
    let before = outpost.bytes()
    for command in [["list"], ["init"], ["migrate"], ["check"]] {
      let result = try outpost.run(command)
      #expect(result.status == 1, "\(command): \(result)")
      #expect(result.stderr.contains("another application"))
      expectClean(result)
    }
    #expect(outpost.bytes() == before)
  }

  @Test("a text file named .sqlite is refused and left as it was")
  func textFileCatalog() throws {
    _ = outpost.write("name,url\nfoo,https://foo\n", to: "outpost.sqlite")
    let before = outpost.bytes()
    let result = try outpost.run("list")
    #expect(result.status == 1)
    #expect(result.stderr.contains("not a SQLite database"))
    expectClean(result)
    #expect(outpost.bytes() == before)
  }

  @Test("check passes on the seed catalog and fails, exit 1, on foreign keys broken by hand")
  func checkCommand() throws {
    let good = try outpost.run("check")
    #expect(good.status == 0, "\(good)")
    #expect(!good.stdout.contains("FAIL"))
    try tamper { db in
      try db.execute(sql: "PRAGMA foreign_keys = OFF")
      try db.execute(sql: "INSERT INTO entry_audience (entry_id, audience_id) VALUES (424242, 1)")
    }
    let bad = try outpost.run("check")
    #expect(bad.status == 1)
    #expect(bad.stdout.contains("FAIL"))
    #expect(bad.stdout.contains("entry_audience"))
    expectClean(bad)
  }

  @Test("check finds a search index out of step with the entries, and --rebuild-search-index mends it")
  func checkRebuildsSearchIndex() throws {
    try outpost.run("init")
    try tamper { db in
      // Around the triggers, as a hand-written statement could.
      try db.execute(sql: "DROP TRIGGER entry_fts_update")
      try db.execute(sql: "UPDATE entry SET title = 'Gannet' WHERE slug = 'chatgpt'")
    }
    let stale = try outpost.run("check")
    #expect(stale.status == 1)
    #expect(stale.stdout.contains("FAIL  search index: it is stale or damaged"), "\(stale.stdout)")
    #expect(stale.stdout.contains("`outpost check --rebuild-search-index` rebuilds it from the entries"))
    let missed = try outpost.run("search", "gannet")
    #expect((missed.stdout + missed.stderr).lowercased().contains("no entries match 'gannet'"), "\(missed)")
    let mended = try outpost.run("check", "--rebuild-search-index")
    #expect(mended.status == 0, "\(mended)")
    #expect(mended.stdout.hasPrefix("rebuilt the search index of 54 entries\n"))
    #expect(!mended.stdout.contains("FAIL"))
    #expect(try outpost.run("search", "gannet").stdout.contains("chatgpt"))
    expectClean(mended)
  }

  @Test("backup writes a copy that is itself a good catalog, and refuses to overwrite")
  func backupCommand() throws {
    try outpost.run("init")
    let result = try outpost.run("backup", outpost.path("copy.sqlite"))
    #expect(result.status == 0, "\(result)")
    let check = try outpost.run("check", "--db", outpost.path("copy.sqlite"))
    #expect(check.status == 0)
    let again = try outpost.run("backup", outpost.path("copy.sqlite"))
    #expect(again.status == 1)
    #expect(again.stderr.contains("already exists"))
  }

  @Test(
    "backup while another process is in the middle of an import: never waits, and every copy holds none or all of it",
    .timeLimit(.minutes(5)))
  func backupDuringWrites() throws {
    try outpost.run("init", "--empty")
    let rows = (0..<3000).map { "Tool \($0),https://tool-\($0).example/\n" }
    // The import reads its rows from a pipe, so the test decides when it
    // is halfway: holding the write lock, its transaction open, waiting.
    let input = Pipe()
    let importing = try BackgroundOutpost(outpost, ["import", "-", "--format", "csv", "--quiet"], stdin: input)
    defer { if importing.isRunning { _ = importing.kill9() } }
    try input.fileHandleForWriting.write(contentsOf: Data(("title,url\n" + rows[..<1500].joined()).utf8))
    try waitUntil("the import holds the write lock") { try CrashSupport.writeLockHeld(outpost.catalog) }
    var copies: [String] = []
    func backUp() throws {
      let copy = outpost.path("snap-\(copies.count).sqlite")
      let result = try outpost.run("backup", copy)
      #expect(result.status == 0, "\(result)")
      #expect(!result.stderr.contains("waiting"), "a backup waited for the writer: \(result)")
      copies.append(copy)
    }
    for _ in 0..<3 { try backUp() }
    let halfway = copies.count
    try input.fileHandleForWriting.write(contentsOf: Data(rows[1500...].joined().utf8))
    try input.fileHandleForWriting.close()
    // More copies while the import finishes; how many overlap it is up to
    // the machine, and each must be whole all the same.
    while importing.isRunning && copies.count < halfway + 20 { try backUp() }
    let imported = importing.finish()
    #expect(imported.status == 0, "\(imported)")
    try backUp()
    var counts: [Int] = []
    for copy in copies {
      let check = try outpost.run("check", "--db", copy)
      #expect(check.status == 0, "\(check)")
      counts.append(try CrashSupport.count(outpost, db: copy))
    }
    // All of the import or none of it: never part. None while it was held
    // halfway, all once it had ended.
    #expect(counts.allSatisfy { $0 == 0 || $0 == 3000 }, "\(counts)")
    #expect(counts.prefix(halfway).allSatisfy { $0 == 0 }, "\(counts)")
    #expect(counts.last == 3000)
  }

  @Test("--help lists every command and --version prints a version")
  func helpAndVersion() throws {
    let help = try outpost.run("--help")
    #expect(help.status == 0)
    for command in [
      "init", "add", "edit", "remove", "show", "tag", "untag", "tags", "audiences", "list", "search",
      "export", "import", "stats", "check", "backup", "migrate",
    ] {
      #expect(help.stdout.contains("  \(command)"), "\(command) missing from --help")
    }
    let version = try outpost.run("--version")
    #expect(version.status == 0)
    #expect(version.stdout.split(separator: ".").count == 3)
  }

  @Test("a bad flag is a usage error: exit 64")
  func usageErrors() throws {
    #expect(try outpost.run("list", "--frobnicate").status == 64)
    #expect(try outpost.run("list", "--format", "xml").status == 64)
    #expect(try outpost.run("nosuchcommand").status == 64)
  }

  /// Changes the catalog behind Outpost's back, as a user with sqlite3 would.
  func tamper(_ change: (Database) throws -> Void) throws {
    let queue = try DatabaseQueue(path: outpost.catalog)
    try queue.writeWithoutTransaction(change)
    try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    try queue.close()
  }
}
