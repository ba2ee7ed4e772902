import Foundation
import GRDB
import Testing

@testable import OutpostCore

@Suite("Counts beside the page")
struct CountAsideTests {
  let folder = TemporaryFolder()

  /// A catalog of `count` tools tagged `t` whose summaries say "zebra".
  func catalog(_ count: Int) throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    try add(count, from: 0, to: catalog)
    return catalog
  }

  func add(_ count: Int, from first: Int, to catalog: Catalog) throws {
    var rows = ["slug,title,url,summary,tags"]
    for index in first..<(first + count) {
      rows.append("tool-\(index),Tool \(index),https://z\(index).example,a zebra helper,t")
    }
    try TestCatalog.importText(
      rows.joined(separator: "\n") + "\n", name: "z\(first).csv", into: catalog, folder: folder)
  }

  /// The same catalog through a connection of its own, as another process has.
  func another(_ catalog: Catalog) throws -> Catalog {
    try Catalog.open(at: catalog.path, options: CatalogOpenOptions(forWriting: true)).0
  }

  @Test("a full page, a page past the end and an unlimited list each tell the whole count")
  func pagesCount() throws {
    let catalog = try catalog(30)
    let filter = EntryFilter(tags: ["t"])
    let full = try catalog.entriesPage(matching: filter, limit: 5)
    #expect(full.entries.count == 5)
    #expect(full.total == 30)
    let past = try catalog.entriesPage(matching: filter, limit: 5, offset: 100)
    #expect(past.entries.isEmpty)
    #expect(past.total == 30)
    let partial = try catalog.entriesPage(matching: filter, limit: 50, offset: 20)
    #expect(partial.entries.count == 10)
    #expect(partial.total == 30)
    let all = try catalog.entriesPage(matching: filter)
    #expect(all.entries.count == 30)
    #expect(all.total == 30)
    #expect(try catalog.entriesPage(matching: EntryFilter(tags: ["none"]), limit: 5).total == 0)
  }

  @Test("a commit between the two snapshots is counted in the page's own snapshot")
  func commitBetweenSnapshots() throws {
    let catalog = try catalog(10)
    let ran = Flag()
    CountAside.setAfterSnapshot(catalog.path) {
      // The second connection has its snapshot; this commit, by a third, comes after it.
      try! add(1, from: 10, to: another(catalog))
      ran.set()
    }
    defer { CountAside.setAfterSnapshot(catalog.path, nil) }
    let page = try catalog.entriesPage(matching: EntryFilter(tags: ["t"]), limit: 5)
    #expect(ran.isSet)
    #expect(page.total == 11)
    // Without a commit in between, the count aside is the one used.
    CountAside.setAfterSnapshot(catalog.path, nil)
    #expect(try catalog.entriesPage(matching: EntryFilter(tags: ["t"]), limit: 5).total == 11)
  }

  @Test("search counts a full ranking window beside it, in the same snapshot")
  func searchCountsAside() throws {
    let catalog = try catalog(Catalog.rankingWindow + 100)
    #expect(try catalog.searchPage("zebra", limit: 5).total == Catalog.rankingWindow + 100)
    let ran = Flag()
    CountAside.setAfterSnapshot(catalog.path) {
      try! add(1, from: Catalog.rankingWindow + 100, to: another(catalog))
      ran.set()
    }
    defer { CountAside.setAfterSnapshot(catalog.path, nil) }
    let page = try catalog.searchPage("zebra", limit: 5)
    #expect(ran.isSet)
    #expect(page.total == Catalog.rankingWindow + 101)
    #expect(page.hits.count == 5)
  }

  @Test("a second connection that cannot open leaves the count to the first")
  func failedSecondConnection() throws {
    let catalog = try catalog(10)
    let aside = CountAside(
      path: folder.path("missing/none.sqlite"), configuration: Configuration(), sql: "SELECT 1",
      arguments: StatementArguments())
    #expect(throws: (any Error).self) { try aside.value() }
    // The catalog's own count is unaffected.
    #expect(try catalog.entriesPage(matching: EntryFilter(tags: ["t"]), limit: 5).total == 10)
  }
}

/// A flag set on one thread and read on another.
final class Flag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  func set() { lock.withLock { value = true } }
  var isSet: Bool { lock.withLock { value } }
}
