import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// A full disk and a busy catalog, simulated inside the process, so they are
/// tested even where mounting a small tmpfs or racing processes is not
/// possible: `PRAGMA max_page_count` makes SQLite fail exactly as a full disk
/// does (SQLITE_FULL), and a second connection holds the write lock.
@Suite("Catalog: full disk and busy writers")
struct CatalogFullDiskTests {
  let folder = TemporaryFolder()

  static func csv(rows: Int, batch: String) -> String {
    var text = "title,url,summary,tags,audiences\n"
    for row in 0..<rows {
      text += "\(batch) tool \(row),https://\(batch).example.com/\(row),A summary for tool \(row),\(batch),writers\n"
    }
    return text
  }

  @Test("an import that fills the disk is refused as 'disk … full', and the catalog stays intact and usable")
  func importOnFullDisk() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let before = try catalog.count()
    let pages = try catalog.withConnection { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    // Room for a few rows more, not for 5 000.
    try catalog.withConnection { db in _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages + 30)") }

    let error = #expect(throws: CatalogError.self) {
      try TestCatalog.importText(
        Self.csv(rows: 5_000, batch: "overflow"), name: "overflow.csv", into: catalog, folder: folder)
    }
    let message = error?.message ?? ""
    #expect(message.contains("disk holding") && message.contains("is full"), "\(message)")
    #expect(message.contains("nothing was changed"))
    #expect(!message.contains("SQLITE") && !message.contains("INSERT"))

    #expect(try catalog.count() == before)
    #expect(try catalog.check().allSatisfy(\.passed))
    // The connection is usable after the failure: what fits is written.
    try catalog.add(Entry(kind: .tool, slug: "", title: "Small Tool", url: "https://small.example"))
    #expect(try catalog.count() == before + 1)
    let tooBig = #expect(throws: CatalogError.self) {
      try catalog.add(
        Entry(
          kind: .tool, slug: "", title: "Huge Tool", url: "https://huge.example",
          description: String(repeating: "far too long for the pages left ", count: 20_000)))
    }
    #expect(tooBig?.message.contains("is full") == true)

    // Space freed, the same import succeeds whole.
    try catalog.withConnection { db in _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = 1073741823") }
    let summary = try TestCatalog.importText(
      Self.csv(rows: 5_000, batch: "overflow"), name: "overflow.csv", into: catalog, folder: folder)
    #expect(summary.inserted == 5_000)
    #expect(try catalog.count() == before + 1 + 5_000)
    #expect(try catalog.check().allSatisfy(\.passed))
  }

  @Test("once SQLite has abandoned an import's transaction, nothing more can be committed")
  func abandonedTransactionCommitsNothing() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.withConnection { db in
      let guardian = AbandonedTransaction.CommitGuard()
      try db.execute(sql: "BEGIN IMMEDIATE")
      #expect(AbandonedTransaction.check(db) == nil)
      guardian.arm(db)
      // What SQLite does on its own when the disk fills mid-statement.
      try db.execute(sql: "ROLLBACK")
      #expect(AbandonedTransaction.check(db) != nil)
      // A statement the importer would run next, now in autocommit mode.
      #expect(throws: AbandonedTransaction.CommitRefused.self) {
        try db.execute(sql: "INSERT INTO tag (name) VALUES ('leaked')")
      }
      guardian.disarm(db)
    }
    #expect(try catalog.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM tag") } == 0)
  }

  @Test(
    "an import waits, saying so, for another process's write lock held for nine minutes and more",
    .timeLimit(.minutes(2)))
  func importWaitsForAnotherWriter() throws {
    let clock = TestClock()
    let notices = NoticeLog()
    let path = folder.path("busy.sqlite")
    var options = CatalogOpenOptions(forWriting: true, newContent: .empty)
    options.notice = { notices.append($0) }
    options.clock = clock.read
    let catalog = try Catalog.open(at: path, options: options).0

    // Another connection, as another process would, takes the write lock
    // and keeps it for as long as the test's clock says: 9 min 50 s, far
    // beyond any ordinary busy timeout, and within the ten-minute wait.
    let other = try TestCatalog.otherProcess(path)
    try other.inDatabase { db in try db.beginTransaction(.immediate) }
    let importing = Background {
      try TestCatalog.importText(
        Self.csv(rows: 100, batch: "waited"), name: "waited.csv", into: catalog, folder: folder)
    }
    try clock.advance(by: 30, whenRead: 1)
    try waitUntil { notices.lines.contains { $0.contains("waiting for another outpost process") } }
    try clock.advance(by: 560, whenRead: 1)
    try clock.waitForReads(2)
    #expect(!importing.isFinished, "the import gave up before the ten minutes")
    try other.inDatabase { db in try db.rollback() }
    let summary = try importing.result()
    #expect(summary.inserted == 100)
    let waiting = notices.lines.filter { $0.contains("waiting") }
    #expect(waiting.count == 1, "\(notices.lines)")
    #expect(
      waiting.first
        == "waiting for another outpost process to finish writing to busy.sqlite (up to 10 minutes; Ctrl-C to give up)")
    #expect(try catalog.count() == 100)
  }

  @Test("a write lock held beyond the ten minutes fails as 'busy', names the file, and changes nothing")
  func importGivesUpAfterTenMinutes() throws {
    let clock = TestClock()
    let path = folder.path("busy.sqlite")
    var options = CatalogOpenOptions(forWriting: true, newContent: .empty)
    options.clock = clock.read
    let catalog = try Catalog.open(at: path, options: options).0
    let other = try TestCatalog.otherProcess(path)
    try other.inDatabase { db in try db.beginTransaction(.immediate) }
    defer { try? other.inDatabase { db in try db.rollback() } }
    let importing = Background {
      try TestCatalog.importText(Self.csv(rows: 10, batch: "late"), name: "late.csv", into: catalog, folder: folder)
    }
    try clock.advance(by: 601, whenRead: 1)
    let error = #expect(throws: CatalogError.self) { try importing.result() }
    #expect(error?.message == "\(path) is busy: another outpost kept it locked for too long; try again")
    try other.inDatabase { db in try db.rollback() }
    #expect(try catalog.count() == 0)
  }
}
