import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// Several connections on one catalog at once, as several processes would
/// be: creation decided by one, a lock waited for wherever it is met, and
/// readers that never wait.
@Suite("Catalog: concurrent use")
struct CatalogConcurrencyTests {
  let folder = TemporaryFolder()

  func options(_ content: NewCatalogContent = .seed, notices: NoticeLog? = nil, clock: TestClock? = nil)
    -> CatalogOpenOptions
  {
    var options = CatalogOpenOptions(forWriting: true, newContent: content)
    if let notices { options.notice = { notices.append($0) } }
    if let clock { options.clock = clock.read }
    return options
  }

  func files() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
  }

  @Test("a new catalog is built beside its path and linked whole: WAL, application_id, no -wal, nothing left")
  func builtBesideAndLinked() throws {
    let path = folder.path("new.sqlite")
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    let outcome = try CatalogBuilder(path: path, options: options(), configuration: configuration).build()
    guard case .created(let report) = outcome else { return #expect(Bool(false), "\(outcome)") }
    #expect(report.created)
    #expect((report.seeded?.inserted ?? 0) > 40)
    #expect(try files() == ["new.sqlite"])
    let header = try #require(FileManager.default.contents(atPath: path))
    #expect(header[18] == 2 && header[19] == 2, "not in WAL mode")
    #expect(header[68..<72].elementsEqual([0x4F, 0x55, 0x54, 0x50]), "application_id is not OUTP")
  }

  @Test("a builder that finds the name taken leaves that catalog as it is, and its own file nowhere")
  func builderLosesToAnExistingCatalog() throws {
    let path = folder.path("taken.sqlite")
    _ = try Catalog.open(at: path, options: options(.empty))
    let before = fileBytes(path)
    let outcome = try CatalogBuilder(path: path, options: options(), configuration: Configuration()).build()
    guard case .madeElsewhere = outcome else { return #expect(Bool(false), "\(outcome)") }
    #expect(fileBytes(path) == before)
    let left = try files()
    #expect(left.allSatisfy { !$0.contains(".creating-") }, "\(left)")
  }

  @Test("the private file of a creation killed over an hour ago is removed; a recent one is kept")
  func leftoversRemoved() throws {
    let path = folder.path("cat.sqlite")
    for (name, age) in [("cat.sqlite.creating-1-old", 7_200.0), ("cat.sqlite.creating-2-new", 60.0)] {
      let file = folder.path(name)
      #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
      #expect(FileManager.default.createFile(atPath: file + "-wal", contents: Data("x".utf8)))
      try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: file)
    }
    _ = try Catalog.open(at: path, options: options(.empty))
    let left = try files()
    #expect(!left.contains("cat.sqlite.creating-1-old") && !left.contains("cat.sqlite.creating-1-old-wal"))
    #expect(left.contains("cat.sqlite.creating-2-new"))
  }

  @Test("three threads opening one missing path at once: one creates it, all find it complete", arguments: 0..<8)
  func threeOpenersAtOnce(round: Int) throws {
    let path = folder.path("race-\(round).sqlite")
    let contents: [NewCatalogContent] = [.seed, .empty, .seed]
    let reports = (0..<3).map { _ in Box<CatalogOpenReport>() }
    let counts = (0..<3).map { _ in Box<Int>() }
    DispatchQueue.concurrentPerform(iterations: 3) { index in
      do {
        let (catalog, report) = try Catalog.open(at: path, options: options(contents[index]))
        reports[index].value = report
        counts[index].value = try catalog.count()
      } catch {
        Issue.record("opener \(index) failed: \(error)")
      }
    }
    let created = reports.indices.filter { reports[$0].value?.created == true }
    #expect(created.count == 1, "\(reports.map { $0.value?.created })")
    let winner = try #require(created.first)
    let expected = contents[winner] == .seed ? reports[winner].value?.seeded?.inserted : 0
    #expect(
      counts.allSatisfy { $0.value == expected }, "\(counts.map(\.value)), expected \(String(describing: expected))")
    let catalog = try Catalog.open(at: path, options: options()).0
    #expect(try catalog.check().allSatisfy(\.passed))
    #expect(try files().allSatisfy { !$0.contains(".creating-") })
  }

  @Test("the ledger is re-read from the file: a migration another connection made meanwhile is seen")
  func ledgerNotCached() throws {
    let path = folder.path("empty.sqlite")
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    let other = try DatabaseQueue(path: path)
    // As `Catalog.open` would before it takes the lock: a look at the ledger.
    let before = try other.inDatabase { db in
      (try MigrationRunner.ledger(db), try db.tableExists(MigrationRunner.ledgerTable))
    }
    #expect(before.0.isEmpty && !before.1)
    let (_, report) = try Catalog.open(at: path, options: options(.empty))
    #expect(report.created)
    let after = try other.inDatabase { db in try MigrationRunner.ledger(db) }
    #expect(after.count == EmbeddedCatalogFiles.migrations.count)
  }

  @Test("check never waits for a writer: with the lock held elsewhere it checks the index on a copy")
  func checkDoesNotWait() throws {
    let notices = NoticeLog()
    let path = folder.path("check.sqlite")
    let catalog = try Catalog.open(at: path, options: options(notices: notices)).0
    // Made stale around the trigger, so that the copy must show it.
    try catalog.withConnection { db in
      try db.execute(sql: "DROP TRIGGER entry_fts_update; UPDATE entry SET title = 'Gannet' WHERE slug = 'chatgpt'")
    }
    let other = try TestCatalog.otherProcess(path)
    try other.inDatabase { db in
      try db.beginTransaction(.immediate)
      try db.execute(sql: "UPDATE entry SET summary = 'uncommitted' WHERE slug = 'suno'")
    }
    defer { try? other.inDatabase { db in try db.rollback() } }
    let findings = try catalog.check()
    let index = try #require(findings.first { $0.check == "search index" })
    #expect(index.problem?.contains("stale") == true, "\(findings)")
    #expect(findings.filter { $0.check != "search index" }.allSatisfy { $0.passed }, "\(findings)")
    #expect(!notices.lines.contains { $0.contains("waiting") }, "\(notices.lines)")
    #expect(try catalog.entry(slug: "suno")?.summary != "uncommitted")
  }

  @Test("a catalog in rollback-journal mode switches to WAL once another reader lets go, waiting meanwhile")
  func walSwitchWaits() throws {
    let seeded = try Catalog.open(at: folder.path("live.sqlite"), options: options()).0
    let path = folder.path("restored.sqlite")
    try seeded.backup(to: path)
    let reader = try TestCatalog.otherProcess(path)
    #expect(try reader.inDatabase { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "delete")
    try reader.inDatabase { db in
      try db.beginTransaction(.deferred)
      _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM entry")
    }
    let clock = TestClock()
    let notices = NoticeLog()
    let opening = Background { try Catalog.open(at: path, options: options(notices: notices, clock: clock)).0 }
    try clock.advance(by: 30, whenRead: 1)
    try waitUntil("the notice") { notices.lines.contains { $0.contains("waiting for another outpost process") } }
    try reader.inDatabase { db in try db.commit() }
    let catalog = try opening.result()
    #expect(try catalog.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    #expect(try catalog.count() == seeded.count())
  }
}

/// One value set by a concurrent closure.
final class Box<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: T?
  var value: T? {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
