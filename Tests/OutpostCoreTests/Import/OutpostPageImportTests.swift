import Foundation
import Testing

@testable import OutpostCore

/// `outpost import --format outpost-page` into a catalog: the seed story
/// again, other page shapes, stubs filled in later, and refusals.
@Suite("Import: TheOutpost story pages")
struct OutpostPageImportTests {
  let folder = TemporaryFolder()
  /// The moment the seed catalog's page was read at.
  static let now = Timestamp.date(from: "2026-11-29T12:00:00Z")!

  /// Imports `text` as a story page; `--audience`/`--tag` as given.
  @discardableResult
  func importPage(
    _ text: String, name: String = "page.txt", into catalog: Catalog, audiences: [String] = [], tags: [String] = [],
    now: Date = now
  ) throws -> ImportSummary {
    try TestCatalog.importText(text, name: name, into: catalog, folder: folder) {
      $0.format = .outpostPage
      $0.now = now
      $0.options.audiences = audiences
      $0.options.tags = tags
    }
  }

  /// A page: the date line, `sources` blocks, the summary and body, then the
  /// related stories given as (summary, declared count).
  static func page(
    date: String = "On Thu, 29 Feb, 12:15 AM UTC", summary: String, sources: [String],
    related: [(summary: String, count: Int)] = []
  ) -> String {
    var lines = ["Curated by THEOUTPOST", date, sources.count == 1 ? "1 Source" : "\(sources.count) Sources"]
    for (index, title) in sources.enumerated() {
      lines += ["[\(index + 1)]", title, "Excerpt of source \(index + 1)."]
    }
    lines += ["Share", "Share", "Copy Link", summary, "The first paragraph cites its source 1."]
    if !related.isEmpty { lines.append("Related") }
    for story in related { lines += [story.summary, "\(story.count) Sources", "\(story.count) Sources"] }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test("the seed page into an empty catalog gives the story and stubs the seed catalog holds")
  func seedPageGivesTheSeedStory() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let text = try String(contentsOfFile: TestCatalog.fixture("outpost-page-bytedance.txt"), encoding: .utf8)
    let summary = try importPage(
      text, into: catalog, audiences: ["researchers", "entrepreneurs"], tags: ["industry-news", "ai-safety"])
    #expect(summary.insertedByKind == [.story: 6])
    let seed = try TestCatalog.seeded(in: folder, name: "seed.sqlite")
    let expected = try seed.entries(matching: EntryFilter(kinds: [.story]))
    let got = try catalog.entries(matching: EntryFilter(kinds: [.story]))
    #expect(got.map(\.slug) == expected.map(\.slug))
    for (mine, theirs) in zip(got, expected) {
      #expect(Self.withoutTimes(mine) == Self.withoutTimes(theirs), "\(mine.slug)")
    }
    let story = try #require(got.first { !$0.sources.isEmpty })
    #expect(story.related.count == 5)
  }

  @Test("the page format is detected from the content of a .txt file")
  func detectedFromContent() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let text = try String(contentsOfFile: TestCatalog.fixture("outpost-page-bytedance.txt"), encoding: .utf8)
    let summary = try TestCatalog.importText(text, name: "page.txt", into: catalog, folder: folder) {
      $0.now = Self.now
    }
    #expect(summary.insertedByKind == [.story: 6])
  }

  @Test(
    "the year is the latest one, not in the future, whose date falls on the weekday",
    arguments: [
      ("On Mon, 21 Oct, 4:01 PM UTC", "2026-11-29T12:00:00Z", "2024-10-21T16:01:00Z"),
      ("On Mon, 21 Oct, 4:01 PM UTC", "2024-10-21T16:01:00Z", "2024-10-21T16:01:00Z"),
      ("On Mon, 21 Oct, 4:01 PM UTC", "2024-10-21T16:00:00Z", "2019-10-21T16:01:00Z"),
      ("On Thu, 29 Feb, 12:15 AM UTC", "2026-11-29T12:00:00Z", "2024-02-29T00:15:00Z"),
      ("On Thu, 29 Feb, 12:15 AM UTC", "2024-02-28T00:00:00Z", "1996-02-29T00:15:00Z"),
      ("On Wed, 1 Jan, 12:00 PM UTC", "2026-11-29T12:00:00Z", "2025-01-01T12:00:00Z"),
    ])
  func yearInference(date: String, now: String, expected: String) throws {
    let catalog = try TestCatalog.empty(in: folder)
    try importPage(
      Self.page(date: date, summary: "A dated story. It has a body.", sources: ["Headline - Daily Wire"]),
      into: catalog, now: try #require(Timestamp.date(from: now)))
    #expect(try catalog.entry(slug: "a-dated-story")?.publishedAt == expected)
  }

  @Test("pages with one source, fifteen sources, and sources naming no publisher", arguments: [1, 3, 15])
  func sourceCounts(count: Int) throws {
    let catalog = try TestCatalog.empty(in: folder)
    let titles = (1...count).map { $0 % 2 == 0 ? "Plain headline \($0) with no outlet" : "Headline \($0) - Daily Wire" }
    try importPage(Self.page(summary: "Counting sources. Then more.", sources: titles), into: catalog)
    let story = try #require(try catalog.entry(slug: "counting-sources"))
    #expect(story.sources.map(\.n) == Array(1...count))
    #expect(story.sourceCount == count)
    #expect(story.sources.map(\.publisher) == (1...count).map { $0 % 2 == 0 ? nil : "Daily Wire" })
    #expect(story.sources.map(\.title) == titles.map { $0.replacingOccurrences(of: " - Daily Wire", with: "") })
    #expect(story.description == "The first paragraph cites its source [1].")
    #expect(story.related.isEmpty)
    #expect(try catalog.count() == 1)
  }

  @Test("a later import of a related story's own page fills its stub in")
  func stubFilledInLater() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let followUp = "The follow-up story, told in full. It has sources."
    try importPage(
      Self.page(summary: "The first story. It links on.", sources: ["One - Daily Wire"], related: [(followUp, 2)]),
      name: "first.txt", into: catalog, audiences: ["researchers"])
    let stub = try #require(try catalog.entry(slug: "the-follow-up-story-told-in-full"))
    #expect(stub.sources.isEmpty && stub.sourceCount == 2 && stub.description == nil)

    let filled = try importPage(
      Self.page(summary: followUp, sources: ["Two - Daily Wire", "Three | Morning Post"]), name: "second.txt",
      into: catalog)
    #expect(filled.updated == 1 && filled.inserted == 0)
    // Located at the page's summary line (after 3 header lines, 2 sources of 3 lines and 3 Share lines).
    #expect(
      filled.notices.lines.contains {
        $0.hasSuffix(
          "second.txt:13: filled in story 'the-follow-up-story-told-in-full', known until now from a related list")
      }, "\(filled.notices.lines)")
    let story = try #require(try catalog.entry(slug: "the-follow-up-story-told-in-full"))
    #expect(story.sources.map(\.publisher) == ["Daily Wire", "Morning Post"])
    #expect(story.sourceCount == 2)
    #expect(story.publishedAt == "2024-02-29T00:15:00Z")
    #expect(story.description != nil)
    #expect(story.audiences == ["researchers"])  // what the first import gave the stub stays
    #expect(try catalog.entry(slug: "the-first-story")?.related == ["the-follow-up-story-told-in-full"])
    // The stub's index row was replaced by the full story's text and sources.
    #expect(try catalog.check().allSatisfy(\.passed))
    #expect(try catalog.search("three").map(\.entry.slug) == ["the-follow-up-story-told-in-full"])

    // The full story is no stub any more: a third import meets --on-conflict.
    #expect(throws: ImportFailure.self) {
      try importPage(Self.page(summary: followUp, sources: ["Two - Daily Wire"]), name: "third.txt", into: catalog)
    }
  }

  @Test("a related story already imported in full is linked, never overwritten by the stub")
  func fullStoryIsNotOverwrittenByAStub() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let followUp = "The follow-up story, told in full. It has sources."
    try importPage(
      Self.page(summary: followUp, sources: ["Two - Daily Wire", "Three"]), name: "second.txt", into: catalog)
    let summary = try importPage(
      Self.page(summary: "The first story. It links on.", sources: ["One"], related: [(followUp, 9)]),
      name: "first.txt", into: catalog)
    #expect(summary.inserted == 1 && summary.skipped == 1)
    let story = try #require(try catalog.entry(slug: "the-follow-up-story-told-in-full"))
    #expect(story.sources.count == 2 && story.sourceCount == 2)
    #expect(try catalog.entry(slug: "the-first-story")?.related == ["the-follow-up-story-told-in-full"])
  }

  @Test("a text that is not a story page is refused at the line where it stops matching, and nothing is written")
  func notAPage() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let before = try catalog.exported(.ndjson)
    let cases: [(text: String, line: Int, message: String)] = [
      ("Dear diary,\nToday was long.\n", 1, "expected a date line"),
      ("On Mon, 21 Oct, 4:01 PM UTC\n2 Sources\n[1]\nA\nB\n[3]\nC\n", 6, "expected '[2]'"),
      // The first Share line (10) is where a third source should start.
      (
        Self.page(summary: "S. T.", sources: ["A", "B"]).replacingOccurrences(of: "2 Sources", with: "3 Sources"), 10,
        "the page declares 3 sources but lists 2"
      ),
    ]
    for (text, line, message) in cases {
      do {
        try importPage(text, into: catalog)
        Issue.record("imported: \(text)")
      } catch let problem as InputProblem {
        #expect(problem.location == OutpostCore.SourceLocation(file: folder.path("page.txt"), line: line), "\(problem)")
        #expect(problem.message.contains(message), "\(problem)")
      }
    }
    #expect(try catalog.exported(.ndjson) == before)
  }

  /// An entry without the times the program keeps.
  static func withoutTimes(_ entry: Entry) -> Entry {
    var entry = entry
    entry.addedAt = nil
    entry.updatedAt = nil
    return entry
  }
}
