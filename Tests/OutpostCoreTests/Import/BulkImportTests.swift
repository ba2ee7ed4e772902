import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// The machinery that makes a large import fast: reading ahead on a second
/// thread, and building secondary indexes once at the end. Neither may change
/// what an import does.
@Suite("Bulk import")
struct BulkImportTests {
  let folder = TemporaryFolder()

  static func item(_ number: Int) -> ImportItem {
    ImportItem(
      entry: Entry(kind: .tool, slug: "tool-\(number)", title: "Tool \(number)", url: "https://t\(number).example"),
      fields: [.kind, .slug, .title, .url], location: SourceLocation(file: "t.csv", line: number + 1))
  }

  /// Yields `count` items, then throws `failure` if given; counts its reads.
  final class CountingSource: ImportItemSource, @unchecked Sendable {
    let count: Int
    let failure: InputProblem?
    private let lock = NSLock()
    private var readCount = 0
    var reads: Int { lock.withLock { readCount } }

    init(count: Int, failure: InputProblem? = nil) {
      self.count = count
      self.failure = failure
    }

    func next() throws -> ImportStep? {
      let index = lock.withLock {
        readCount += 1
        return readCount - 1
      }
      if index < count { return .item(BulkImportTests.item(index)) }
      if index == count, let failure { throw failure }
      return nil
    }

    var unusedColumns: [String] { ["extra"] }
    var progress: (done: Int, total: Int?) { (reads, count) }
  }

  func drain(_ source: ReadAheadSource<CountingSource>) -> (slugs: [String], error: (any Error)?) {
    var slugs: [String] = []
    do {
      while let step = try source.next() {
        guard case .item(let item) = step else { continue }
        slugs.append(item.entry.slug)
      }
    } catch {
      return (slugs, error)
    }
    return (slugs, nil)
  }

  @Test("reading ahead yields every item once, in order, prepared, across many batches")
  func readAheadKeepsOrder() throws {
    let count = ReadAheadSource<CountingSource>.batchSize * 7 + 3
    let source = ReadAheadSource(
      CountingSource(count: count), preparation: ItemPreparation(options: ImportOptions(tags: ["bulk"])))
    defer { source.stop() }
    var slugs: [String] = []
    while let step = try source.next() {
      guard case .item(let item) = step else {
        Issue.record("unexpected \(step)")
        continue
      }
      #expect(item.slugGiven)  // set by the preparation alone
      #expect(item.entry.tags == ["bulk"])
      slugs.append(item.entry.slug)
    }
    #expect(slugs == (0..<count).map { "tool-\($0)" })
    #expect(source.unusedColumns == ["extra"])
    #expect(try source.next() == nil)
  }

  @Test("a read that fails reaches the importer after every item before it, once")
  func readAheadFailureInPlace() throws {
    let failure = InputProblem(SourceLocation(file: "t.csv", line: 601, column: 3), "unterminated quote")
    let source = ReadAheadSource(
      CountingSource(count: 600, failure: failure), preparation: ItemPreparation(options: ImportOptions()))
    defer { source.stop() }
    let (slugs, error) = drain(source)
    #expect(slugs.count == 600)
    #expect(slugs.last == "tool-599")
    #expect(error as? InputProblem == failure)
    #expect(try source.next() == nil)
  }

  @Test("stop ends the reading thread while it waits on a full queue, and it reads no further")
  func readAheadStops() throws {
    let inner = CountingSource(count: 1_000_000)
    let source = ReadAheadSource(inner, preparation: ItemPreparation(options: ImportOptions()))
    _ = try source.next()
    // The reader fills its queue, then waits for the importer: the test
    // waits for it to have read that much (a watchdog ends a hang).
    let limit = ReadAheadSource<CountingSource>.batchSize * (ReadAheadSource<CountingSource>.batchLimit + 2)
    let full = limit - ReadAheadSource<CountingSource>.batchSize
    let deadline = Date().addingTimeInterval(120)
    while inner.reads < full, Date() < deadline { usleep(1000) }
    try #require(inner.reads >= full, "the reader never filled its queue (\(inner.reads) reads)")
    source.stop()
    #expect(source.readerFinished)
    // Back-pressure: the reader got at most a full queue ahead, however long the input.
    #expect(inner.reads <= limit)
  }

  /// A source whose read blocks, as a pipe with a stalled writer does, until released.
  final class StalledSource: ImportItemSource, @unchecked Sendable {
    let released = DispatchSemaphore(value: 0)
    func next() throws -> ImportStep? {
      released.wait()
      return nil
    }
    var unusedColumns: [String] { [] }
    var progress: (done: Int, total: Int?) { (0, nil) }
  }

  @Test(
    "stop ends a read blocked on a stalled input through `unblock`, or does not wait for it on standard input",
    .timeLimit(.minutes(1)))
  func readAheadStopsABlockedRead() {
    let stalled = StalledSource()
    let source = ReadAheadSource(stalled, preparation: ItemPreparation(options: ImportOptions()))
    // The read stays blocked until the test releases it below: a stop that
    // waited for it would never return (the time limit ends the test).
    source.stop(unblock: {}, waiting: false)
    #expect(!source.readerFinished)
    // The importer's `unblock` shuts the socket down; here it releases the read.
    source.stop(unblock: { stalled.released.signal() })
    #expect(source.readerFinished)
  }

  @Test("a read that fails still reports the columns that fed no field")
  func readAheadFailureKeepsUnusedColumns() throws {
    let failure = InputProblem(SourceLocation(file: "t.csv", line: 3), "unterminated quote")
    let source = ReadAheadSource(
      CountingSource(count: 2, failure: failure), preparation: ItemPreparation(options: ImportOptions()))
    defer { source.stop() }
    _ = drain(source)
    #expect(source.unusedColumns == ["extra"])
  }

  @Test("a rule broken by the preparation on the reading thread is located and stops the import")
  func preparationProblemsAreLocated() throws {
    let catalog = try TestCatalog.empty(in: folder)
    // The kind is given: without one, a row with a published_at is a story.
    let rows = [
      "kind,slug,title,url,published_at", "tool,good,Good,https://g.example,",
      "tool,bad,Bad,https://b.example,2024-01-01",
    ]
    #expect {
      try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "p.csv", into: catalog, folder: folder)
    } throws: { error in
      (error as? ImportFailure)?.problems.lines == [
        "\(folder.path("p.csv")):3: published_at is for stories; a tool has none"
      ]
    }
    #expect(try catalog.count() == 0)
  }

  func schema(_ catalog: Catalog) throws -> [String] {
    try catalog.read { db in
      try String.fetchAll(
        db, sql: "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name")
    }
  }

  @Test("a bulk import builds again, at its end, exactly the indexes it dropped")
  func deferredIndexesComeBack() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let before = try schema(catalog)
    #expect(before.contains { $0.hasPrefix("index entry_by_title:") })
    var rows = ["slug,title,url,audiences,tags"]
    for number in 0..<3000 {
      rows.append("t-\(number),Title \(3000 - number),https://t\(number).example,writers;artists,tag-\(number % 7)")
    }
    try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "bulk.csv", into: catalog, folder: folder)
    #expect(try schema(catalog) == before)
    #expect(try catalog.check().allSatisfy(\.passed))
    // The rebuilt indexes are the ones queries use, and they hold every row.
    let plan = try catalog.read { db in
      try Row.fetchAll(
        db,
        sql:
          "EXPLAIN QUERY PLAN SELECT slug FROM entry e WHERE \(TitleBlocks.expression) = 0 ORDER BY title COLLATE NOCASE, slug LIMIT 20"
      )
      .map { $0["detail"] as String }
    }
    #expect(plan.contains { $0.contains("entry_by_title") })
    let counted = try catalog.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM entry_tag INDEXED BY entry_tag_by_tag WHERE tag_id > 0")
    }
    #expect(counted == 3000)
    let audienceLinks = try catalog.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM entry_audience") }
    #expect(audienceLinks == 6000)
  }

  @Test("an update amid batched link rows replaces that entry's links and keeps every other entry's")
  func linkBatchesMeetUpdates() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    var rows = ["slug,title,url,audiences,tags"]
    for number in 0..<100 { rows.append("before-\(number),Before,https://b\(number).example,writers,early") }
    rows.append("chatgpt,ChatGPT,https://chatgpt.com,artists,replaced")
    for number in 0..<100 { rows.append("after-\(number),After,https://a\(number).example,musicians,late") }
    try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "mixed.csv", into: catalog, folder: folder) {
      $0.options.onConflict = .update
    }
    let chatgpt = try #require(try catalog.entry(slug: "chatgpt"))
    #expect(chatgpt.tags == ["replaced"])
    #expect(chatgpt.audiences == ["artists"])
    #expect(try catalog.count(matching: EntryFilter(tags: ["early"])) == 100)
    #expect(try catalog.count(matching: EntryFilter(tags: ["late"])) == 100)
    #expect(try catalog.check().allSatisfy(\.passed))
  }

  @Test("a bulk import that fails leaves every index and trigger in place")
  func failedBulkImportKeepsSchema() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let before = try schema(catalog)
    var rows = ["slug,title,url,pricing"]
    for number in 0..<2000 { rows.append("t-\(number),Title,https://t\(number).example,free") }
    rows.append("last,Last,https://last.example,sometimes")
    #expect(throws: ImportFailure.self) {
      try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "bad.csv", into: catalog, folder: folder)
    }
    #expect(try schema(catalog) == before)
    #expect(try catalog.count() == 0)
  }

  @Test("a unique index of the catalog stays in force through a bulk import")
  func uniqueIndexesStay() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.write { db in try db.execute(sql: "CREATE UNIQUE INDEX local_url ON entry (url)") }
    var rows = ["slug,title,url"]
    for number in 0..<2000 { rows.append("t-\(number),Title,https://t\(number).example") }
    rows.append("again,Again,https://t0.example")
    #expect {
      try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "dup.csv", into: catalog, folder: folder)
    } throws: { error in
      // Refused at its row, while the rows were written: the index was there.
      (error as? ImportFailure)?.problems.lines.first?.hasPrefix("\(folder.path("dup.csv")):2002") == true
    }
    #expect(try schema(catalog).contains { $0.hasPrefix("index local_url:") })
  }

  /// A catalog whose largest entry id is 20 000, as an import sees a large
  /// one, with one entry in it.
  func largeLookingCatalog() throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.write { db in
      try db.execute(
        sql: """
          INSERT INTO entry (id, kind, slug, title, url, pricing, added_at, updated_at)
          VALUES (20000, 'tool', 'far', 'Far', 'https://far.example', 'free', '2026-01-01T00:00:00Z',
                  '2026-01-01T00:00:00Z')
          """)
    }
    return catalog
  }

  @Test("a small input into a large catalog gets the large cache and in-memory statement journals")
  func cacheChoice() throws {
    let small = try TestCatalog.empty(in: folder, name: "small.sqlite")
    let large = try largeLookingCatalog()
    #expect(try small.withConnection { try ImportCache.choose($0, inputBytes: 1000) } == .bulk)
    #expect(try large.withConnection { try ImportCache.choose($0, inputBytes: 1000) } == .intoLargeCatalog)
    #expect(try large.withConnection { try ImportCache.choose($0, inputBytes: 50_000_000) } == .bulk)
    #expect(ImportCache.intoLargeCatalog.pragmas.contains("temp_store = MEMORY"))
    #expect(ImportCache.bulk.pragmas.contains("temp_store = FILE"))
  }

  @Test("an import into a large catalog writes every index row by row, and a failure undoes all of it")
  func importIntoLargeCatalog() throws {
    let catalog = try largeLookingCatalog()
    let before = try schema(catalog)
    var rows = ["slug,title,url,audiences,tags"]
    for number in 0..<500 {
      rows.append("t-\(number),Title \(500 - number),https://t\(number).example,writers;artists,tag-\(number % 7)")
    }
    let good = rows.joined(separator: "\n") + "\n"
    // The same rows and one bad price at the end: nothing of it stays.
    #expect(throws: ImportFailure.self) {
      try TestCatalog.importText(
        "slug,title,url,pricing\n" + (0..<500).map { "u-\($0),U,https://u\($0).example,free\n" }.joined()
          + "bad,Bad,https://bad.example,sometimes\n", name: "bad.csv", into: catalog, folder: folder)
    }
    #expect(try catalog.count() == 1)
    try TestCatalog.importText(good, name: "good.csv", into: catalog, folder: folder)
    #expect(try schema(catalog) == before)
    #expect(try catalog.count() == 501)
    #expect(try catalog.count(matching: EntryFilter(tags: ["tag-3"])) == 71)
    #expect(try catalog.check().allSatisfy(\.passed))
  }

  @Test("indexes are deferred for a small catalog or an input at least its size, kept otherwise")
  func deferralDecision() {
    #expect(DeferredIndexes.worthwhile(lastID: 0, inputBytes: nil))
    #expect(DeferredIndexes.worthwhile(lastID: 9_999, inputBytes: 10))
    #expect(!DeferredIndexes.worthwhile(lastID: 1_000_000, inputBytes: nil))
    #expect(!DeferredIndexes.worthwhile(lastID: 1_000_000, inputBytes: 50_000_000))
    #expect(DeferredIndexes.worthwhile(lastID: 100_000, inputBytes: 60_000_000))
  }
}
