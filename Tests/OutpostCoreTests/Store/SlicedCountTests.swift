import Foundation
import Testing

@testable import OutpostCore

/// Counts shared between two connections (`SlicedCount`), on catalogs small
/// enough for a test: the span from which counts are shared is lowered for
/// the test's own catalog file.
@Suite("SlicedCount")
struct SlicedCountTests {
  let folder = TemporaryFolder()

  /// How many times something happened, seen from several threads.
  final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func mark() { lock.withLock { count += 1 } }
    var times: Int { lock.withLock { count } }
  }

  /// `count` tools that all say "zebra", with audiences and tags in
  /// overlapping patterns, and a few stories with dates.
  func catalog(_ count: Int) throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    var rows = ["slug,title,url,summary,audiences,tags"]
    let audiences = ["writers", "musicians", "marketers", "bloggers"]
    for index in 0..<count {
      let audience = [audiences[index % 4], index % 3 == 0 ? "researchers" : ""].filter { !$0.isEmpty }
      let tags = ["common", index % 2 == 0 ? "even" : "odd", index % 7 == 0 ? "seventh" : ""].filter { !$0.isEmpty }
      rows.append(
        "tool-\(index),Tool \(index),https://t\(index).example,a zebra helper \(index),"
          + "\"\(audience.joined(separator: ";"))\",\"\(tags.joined(separator: ";"))\"")
    }
    try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "z.csv", into: catalog, folder: folder)
    for (index, date) in ["2024-02-01T00:00:00Z", "2024-10-21T16:01:00Z", "2025-01-01T00:00:00Z"].enumerated() {
      var story = Entry(kind: .story, slug: "story-\(index)", title: "Story \(index)", summary: "zebra news")
      story.publishedAt = date
      story.audiences = ["writers"]
      story.tags = ["even"]
      try catalog.add(story)
    }
    return catalog
  }

  /// Lowers the span from which counts are shared for `catalog`'s file;
  /// `step` runs at each step of the two connections. Counts the second
  /// connection's snapshots.
  func sharing(
    _ catalog: Catalog, waitingForHelper: Bool = false,
    step: @escaping @Sendable (SlicedCount.TestHooks.Step) -> Void = { _ in }
  ) -> Seen {
    let seen = Seen()
    SlicedCount.setTestHooks(
      catalog.path,
      SlicedCount.TestHooks(
        sharedFromIDSpan: 0, callerWaitsForHelper: waitingForHelper,
        step: {
          if $0 == .helperAfterSnapshot { seen.mark() }
          step($0)
        }))
    return seen
  }

  /// Another process's commit of one more "zebra" tool.
  static func commitAnother(_ path: String) {
    let other = try! Catalog.open(at: path, options: CatalogOpenOptions(forWriting: true, newContent: .empty)).0
    _ = try! other.add(
      Entry(kind: .tool, slug: "late-zebra", title: "Late zebra", url: "https://late.example", summary: "zebra"))
  }

  /// Waits for `semaphore`, at most a minute: a step that never comes fails
  /// the test instead of hanging it.
  static func wait(_ semaphore: DispatchSemaphore) {
    let result = semaphore.wait(timeout: .now() + 60)
    #expect(result == .success, "a step of the two connections never came")
  }

  @Test("a count of slices by the second connection equals one connection's, for every kind of filter")
  func listCounts() throws {
    let catalog = try catalog(400)
    let seen = sharing(catalog, waitingForHelper: true)
    defer { SlicedCount.setTestHooks(catalog.path, nil) }
    let filters = [
      EntryFilter(),
      EntryFilter(kinds: [.story]),
      EntryFilter(audiences: ["musicians"]),
      EntryFilter(tags: ["seventh"]),
      EntryFilter(audiences: ["researchers"], tags: ["even"]),
      EntryFilter(audiences: ["writers", "researchers"], matchAll: true),
      EntryFilter(tags: ["odd", "seventh"]),
      EntryFilter(kinds: [.tool], audiences: ["bloggers"]),
      EntryFilter(tags: ["even"], since: "2024-06-01T00:00:00Z"),
      EntryFilter(until: "2024-12-31T00:00:00Z"),
    ]
    for filter in filters {
      let everything = try catalog.entries(matching: filter).count
      let page = try catalog.entryPage(matching: filter, limit: 2)
      #expect(page.entries.count == min(2, everything))
      #expect(page.total == everything, "\(filter)")
      #expect(try catalog.count(matching: filter) == everything)
      // Past the end, the page is empty and the count still whole.
      let past = try catalog.entryPage(matching: filter, limit: 2, offset: 10_000)
      #expect(past.entries.isEmpty && past.total == everything)
    }
    #expect(seen.times >= filters.count, "the second connection counted each filter's slices past the end")
  }

  @Test("a search's shared count equals one connection's, with and without a filter")
  func searchCounts() throws {
    let catalog = try catalog(Catalog.rankingWindow + 150)
    let seen = sharing(catalog, waitingForHelper: true)
    defer { SlicedCount.setTestHooks(catalog.path, nil) }
    let all = try catalog.searchPage("zebra", limit: 3)
    #expect(all.hits.count == 3)
    #expect(all.total == Catalog.rankingWindow + 153)
    let common = try catalog.searchPage("zebra", filter: EntryFilter(tags: ["common"]), limit: 3)
    #expect(common.total == Catalog.rankingWindow + 150)
    #expect(seen.times == 2)
  }

  /// A search for "zebra" while another process commits one more zebra
  /// tool once `committedAfter` has happened, before `committedBefore`
  /// goes on. The caller counts its slices only once the second connection
  /// has finished, so that both have counted by then.
  func searchWithCommit(
    _ catalog: Catalog, after committedAfter: SlicedCount.TestHooks.Step,
    before committedBefore: SlicedCount.TestHooks.Step
  ) throws -> SearchPage {
    let path = catalog.path
    let happened = DispatchSemaphore(value: 0)
    let helperFinished = DispatchSemaphore(value: 0)
    _ = sharing(catalog) { step in
      switch step {
      case committedAfter: happened.signal()
      case committedBefore:
        Self.wait(happened)
        Self.commitAnother(path)
      case .callerBeforeCounting: Self.wait(helperFinished)
      case .helperFinished: helperFinished.signal()
      default: break
      }
    }
    defer { SlicedCount.setTestHooks(path, nil) }
    return try catalog.searchPage("zebra", limit: 3)
  }

  @Test("a commit after the caller's snapshot, before the second's: the second connection counts nothing")
  func commitBeforeSecondSnapshot() throws {
    let catalog = try catalog(Catalog.rankingWindow + 150)
    let page = try searchWithCommit(catalog, after: .callerAfterSnapshot, before: .helperBeforeSnapshot)
    #expect(page.hits.first?.entry.slug != "late-zebra", "the caller's snapshot is from before the commit")
    #expect(page.total == Catalog.rankingWindow + 153, "and so is the count")
  }

  @Test("a commit after the second connection's snapshot, before the caller's: the caller counts alone")
  func commitBeforeCallerSnapshot() throws {
    let catalog = try catalog(Catalog.rankingWindow + 150)
    let page = try searchWithCommit(catalog, after: .helperAfterSnapshot, before: .callerBeforeSnapshot)
    #expect(page.hits.first?.entry.slug == "late-zebra", "the caller's snapshot holds the commit")
    #expect(page.total == Catalog.rankingWindow + 154, "and so does the count")
    // Listed without the steps' waits and commit, the new tool is counted.
    SlicedCount.setTestHooks(catalog.path, SlicedCount.TestHooks(sharedFromIDSpan: 0))
    defer { SlicedCount.setTestHooks(catalog.path, nil) }
    let listed = try catalog.entryPage(matching: EntryFilter(kinds: [.tool]), limit: 2)
    #expect(listed.total == Catalog.rankingWindow + 151)
  }

  @Test("slices cover every id once, in order, whatever the range")
  func slices() {
    for range: ClosedRange<Int64> in [
      1...1_000_001, 5...5, -3...3, Int64.min...Int64.max, 0...7, (Int64.max - 3)...Int64.max,
    ] {
      let slices = SlicedCount.split(range, into: 8)
      #expect(!slices.isEmpty && slices.count <= 8)
      #expect(slices.first?.lowerBound == Int64.min && slices.last?.upperBound == Int64.max)
      for (before, after) in zip(slices, slices.dropFirst()) {
        #expect(before.upperBound < Int64.max && before.upperBound + 1 == after.lowerBound, "\(range): \(slices)")
      }
    }
    let even = SlicedCount.split(1...1_000_001, into: 8)
    #expect(even.count == 8)
    let inside = even.dropFirst().dropLast().map { $0.upperBound - $0.lowerBound + 1 }
    #expect(inside.allSatisfy { $0 == inside.first }, "slices within the range are as wide as each other")
  }
}
