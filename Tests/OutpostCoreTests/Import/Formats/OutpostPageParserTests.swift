import Foundation
import Testing

@testable import OutpostCore

@Suite struct OutpostPageParserTests {
  /// The fixed "now" every page is read at, so the inferred years never drift.
  static let now = Timestamp.date(from: "2026-11-29T12:00:00Z")!

  static func fixture() throws -> String {
    let url = try #require(
      Bundle.module.url(forResource: "outpost-page-bytedance", withExtension: "txt", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
  }

  static func parse(_ text: String) throws(InputProblem) -> [Entry] {
    try OutpostPageParser.parse(text, fileName: "page.txt", now: now)
  }

  static func problem(_ text: String) -> InputProblem? {
    do throws(InputProblem) {
      _ = try parse(text)
      return nil
    } catch {
      return error
    }
  }

  /// A well-formed page with `count` sources, built line by line.
  static func page(
    sources count: Int, title: (Int) -> String = { "Headline number \($0) - Daily Wire \($0)" },
    related: Bool = true, shareLines: Int = 3
  ) -> String {
    var lines = ["Curated by THEOUTPOST", "On Thu, 29 Feb, 12:15 AM UTC", count == 1 ? "1 Source" : "\(count) Sources"]
    for k in stride(from: 1, through: count, by: 1) {
      lines += ["[\(k)]", title(k), "Excerpt of source \(k), first line.", "Excerpt of source \(k), second line."]
    }
    lines += ["Share", "Share", "Copy Link"].prefix(shareLines)
    lines.append("Acme Corp. released a model. It was big news.")
    lines.append("The model shipped in 2025 with 8,000 GPUs behind it \(count).")
    lines.append("Critics were worth 10 million words \(min(count, 2)), \(count)")
    if related {
      lines += ["Related", "[1]", "A follow-up story about the model. More follows.", "7 Sources", "7 Sources"]
      lines += ["Another story, told once", "1 Source"]
    }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: The real page

  @Test func realPageStory() throws {
    let entries = try Self.parse(Self.fixture())
    #expect(entries.count == 6)
    let story = try #require(entries.first)
    #expect(story.kind == .story)
    #expect(
      story.title
        == "ByteDance, the parent company of TikTok, confirmed firing an intern for maliciously interfering with AI model training tasks"
    )
    #expect(story.slug == "bytedance-the-parent-company-of-tiktok-confirmed-firing-an")
    #expect(story.publishedAt == "2024-10-21T16:01:00Z")
    #expect(story.summary?.hasPrefix("ByteDance, the parent company of TikTok, confirmed firing") == true)
    #expect(story.summary?.hasSuffix("acknowledges the seriousness of the incident.") == true)
    #expect(story.url == nil)
    #expect(story.pricing == nil)
    #expect(story.audiences.isEmpty && story.tags.isEmpty)
    #expect(story.addedAt == nil && story.updatedAt == nil)
    #expect(story.sources.count == 12)
    #expect(story.sourceCount == 12)
    #expect(story.sources.map(\.n) == Array(1...12))
    #expect(story.related == entries.dropFirst().map(\.slug))
  }

  @Test func realPageSources() throws {
    let sources = try #require(Self.parse(Self.fixture()).first).sources
    #expect(
      sources.map(\.publisher) == [
        nil, nil, "Softonic", nil, "Fortune", nil, nil, nil, "Benzinga", "BBC News", nil, "NBC News",
      ])
    #expect(sources[2].title == "TikTok just fired an intern for sabotaging its AI")
    #expect(sources[10].title == "AI Sabotage at ByteDance - What Former Interns Say About Company")
    #expect(sources[0].excerpt?.hasPrefix("Work experience is often hard won") == true)
    #expect(sources.allSatisfy { $0.url == nil && $0.publishedAt == nil })
    #expect(sources.allSatisfy { !($0.excerpt ?? "").isEmpty })
  }

  @Test func realPageCitations() throws {
    let description = try #require(Self.parse(Self.fixture()).first?.description)
    let paragraphs = description.components(separatedBy: "\n\n")
    #expect(paragraphs.count == 8)
    #expect(paragraphs[0].hasSuffix("ByteDance's AI development efforts [1]."))
    #expect(description.contains(#"calling these reports "seriously exaggerated" [3]. However"#))
    #expect(description.contains("disrupted 8,000 GPUs"))
    #expect(paragraphs.allSatisfy { $0.hasSuffix("].") })
    #expect(!description.contains(" 1."))
  }

  @Test func realPageRelatedStubs() throws {
    let stubs = try Array(Self.parse(Self.fixture()).dropFirst())
    #expect(stubs.map(\.sourceCount) == [4, 10, 3, 4, 10])
    #expect(stubs.allSatisfy { $0.kind == .story && $0.sources.isEmpty && $0.publishedAt == nil && $0.related.isEmpty })
    #expect(stubs[0].slug == "bytedance-tiktoks-parent-company-is-suing-a-former-intern")
    #expect(
      stubs[0].title
        == "ByteDance, TikTok's parent company, is suing a former intern for $1.1 million, accusing him of deliberately sabotaging an AI training…"
    )
    #expect(stubs[0].summary?.hasSuffix("China's competitive AI landscape.") == true)
    #expect(stubs.allSatisfy { $0.title.count <= OutpostPageParser.titleLimit + 1 })
  }

  @Test func crlfAndBOMReadTheSame() throws {
    let text = try Self.fixture()
    let windows = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
    #expect(try Self.parse(windows) == Self.parse(text))
  }

  // MARK: Years

  @Test(arguments: [
    (2, 10, 21, 16, 1, "2024-10-21T16:01:00Z"),  // Mon 21 Oct: the seed page
    (5, 2, 29, 9, 30, "2024-02-29T09:30:00Z"),  // Thu 29 Feb: a leap day
    (2, 2, 29, 0, 0, "2016-02-29T00:00:00Z"),  // Mon 29 Feb
    (3, 2, 29, 0, 0, "2000-02-29T00:00:00Z"),  // Tue 29 Feb: 26 years back
    (5, 12, 24, 8, 0, "2020-12-24T08:00:00Z"),  // Thu 24 Dec 2026 is still to come
    (1, 11, 29, 9, 0, "2026-11-29T09:00:00Z"),  // Sun 29 Nov, earlier today
    (1, 11, 29, 13, 0, "2020-11-29T13:00:00Z"),  // Sun 29 Nov, later today
  ])
  func yearIsTheLatestNotInTheFuture(
    weekday: Int, month: Int, day: Int, hour: Int, minute: Int, expected: String
  ) throws {
    let date = try #require(
      OutpostPageParser.publicationDate(
        weekday: weekday, month: month, day: day, hour: hour, minute: minute, notAfter: Self.now))
    #expect(Timestamp.format(date) == expected)
  }

  @Test func impossibleDatesHaveNoYear() {
    #expect(
      OutpostPageParser.publicationDate(weekday: 2, month: 2, day: 31, hour: 0, minute: 0, notAfter: Self.now) == nil)
    #expect(
      OutpostPageParser.publicationDate(weekday: 2, month: 4, day: 31, hour: 0, minute: 0, notAfter: Self.now) == nil)
  }

  @Test(arguments: [
    ("On Mon, 21 Oct, 4:01 PM UTC", 2, 10, 21, 16, 1),
    ("On Sun, 3 Mar, 12:00 AM UTC", 1, 3, 3, 0, 0),
    ("On Sat, 3 Mar, 12:59 PM UTC", 7, 3, 3, 12, 59),
    ("on monday, Oct 21, 11:05 am utc", 2, 10, 21, 11, 5),
  ])
  func dateLines(line: String, weekday: Int, month: Int, day: Int, hour: Int, minute: Int) throws {
    let parts = try #require(OutpostPageParser.DateLine(line))
    let got: [Int] = [parts.weekday, parts.month, parts.day, parts.hour, parts.minute]
    #expect(got == [weekday, month, day, hour, minute])
  }

  @Test(arguments: [
    "On Mon, 21 Oct, 13:01 PM UTC", "On Mon, 21 Oct 2024", "On Funday, 21 Oct, 4:01 PM UTC", "Mon, 21 Oct, 4:01 PM UTC",
    "On Mon, 32 Oct, 4:01 PM UTC",
  ])
  func notDateLines(line: String) {
    #expect(OutpostPageParser.DateLine(line) == nil)
  }

  // MARK: Titles, publishers, citations

  @Test(arguments: [
    ("OpenAI ships a model. It is big.", "OpenAI ships a model"),
    ("Is this the end? Nobody knows.", "Is this the end?"),
    ("One sentence only.", "One sentence only"),
    ("The U.S. Senate held a hearing. More later.", "The U.S. Senate held a hearing"),
    ("Prices rose 3.5 percent. Analysts shrugged.", "Prices rose 3.5 percent"),
    ("Acme Corp. Announced nothing. Really.", "Acme Corp. Announced nothing"),
    ("lower. case next stays", "lower. case next stays"),
  ])
  func titleIsTheFirstSentence(summary: String, title: String) {
    #expect(OutpostPageParser.title(fromSummary: summary) == title)
  }

  @Test func longTitlesAreCutAtAWord() {
    let summary = String(repeating: "word ", count: 60) + "end."
    let title = OutpostPageParser.title(fromSummary: summary)
    #expect(title.hasSuffix("word…"))
    #expect(title.count <= OutpostPageParser.titleLimit + 1)
    #expect(!title.contains("  "))
  }

  @Test(
    arguments: [
      (
        "TikTok just fired an intern for sabotaging its AI - Softonic",
        "TikTok just fired an intern for sabotaging its AI", "Softonic"
      ),
      ("Robots are here | The Wall Street", "Robots are here", "The Wall Street"),
      ("Chips - 9to5 Mac", "Chips", "9to5 Mac"),
      ("Chips - about chips", "Chips - about chips", nil),
      ("Chips - 9To5Mac", "Chips", "9To5Mac"),
      (
        "AI Sabotage at ByteDance - What Former Interns Say About Company",
        "AI Sabotage at ByteDance - What Former Interns Say About Company", nil
      ),
      ("Fired - but why", "Fired - but why", nil),
      ("No separator here", "No separator here", nil),
      (" - Orphan", " - Orphan", nil),
    ] as [(String, String, String?)])
  func publisherFromTitle(raw: String, title: String, publisher: String?) {
    let split = OutpostPageParser.splitPublisher(fromTitle: raw)
    #expect(split.title == title)
    #expect(split.publisher == publisher)
  }

  @Test(
    arguments: [
      ("It happened. BBC News has contacted the firm.", "BBC News"),
      ("The firm did not respond to Fortune's request for comment.", "Fortune"),
      ("Questions submitted by NBC News. Nothing came back.", "NBC News"),
      ("Market data brought to you by Benzinga APIs", "Benzinga"),
      (
        "This story was generated using Benzinga Neuro and edited by a person. Data brought to you by Acme Feeds",
        "Benzinga"
      ),
      ("Nobody names themselves here.", nil),
      ("we have contacted nobody", nil),
    ] as [(String, String?)])
  func publisherFromExcerpt(excerpt: String, publisher: String?) {
    #expect(OutpostPageParser.publisher(inExcerpt: excerpt) == publisher)
  }

  @Test(arguments: [
    ("the efforts 1.", 12, "the efforts [1]."),
    (#""seriously exaggerated" 3. However"#, 12, #""seriously exaggerated" [3]. However"#),
    ("two sources 1, 2.", 12, "two sources [1][2]."),
    ("two sources 4 5. Next", 12, "two sources [4][5]. Next"),
    ("at the very end 12", 12, "at the very end [12]"),
    ("worth 10 million dollars.", 12, "worth 10 million dollars."),
    ("disrupted 8,000 GPUs.", 12, "disrupted 8,000 GPUs."),
    ("launched in 2025.", 12, "launched in 2025."),
    ("grew 3.5 percent.", 12, "grew 3.5 percent."),
    ("the top 20.", 12, "the top 20."),
    ("rose to 50 3.", 12, "rose to 50 [3]."),
    ("no sources 1.", 0, "no sources 1."),
    ("version 3.x is out", 12, "version 3.x is out"),
  ])
  func citationMarkers(paragraph: String, sources: Int, marked: String) {
    #expect(OutpostPageParser.markCitations(in: paragraph, sourceCount: sources) == marked)
  }

  // MARK: Variants

  @Test func oneSource() throws {
    let entries = try Self.parse(Self.page(sources: 1))
    let story = try #require(entries.first)
    #expect(story.sources.count == 1 && story.sourceCount == 1)
    #expect(story.sources[0].title == "Headline number 1")
    #expect(story.sources[0].publisher == "Daily Wire 1")
    #expect(story.sources[0].excerpt == "Excerpt of source 1, first line.\nExcerpt of source 1, second line.")
    #expect(story.publishedAt == "2024-02-29T00:15:00Z")
    #expect(story.title == "Acme Corp. released a model")
    #expect(story.description?.contains("behind it [1].") == true)
    #expect(story.description?.hasSuffix("worth 10 million words [1][1]") == true)
  }

  @Test func fifteenSources() throws {
    let story = try #require(Self.parse(Self.page(sources: 15)).first)
    #expect(story.sources.map(\.n) == Array(1...15))
    #expect(story.sources.map(\.publisher) == (1...15).map { "Daily Wire \($0)" })
    #expect(story.description?.contains("in 2025 with 8,000 GPUs behind it [15].") == true)
    #expect(story.description?.hasSuffix("worth 10 million words [2][15]") == true)
  }

  @Test func titlesWithoutPublisher() throws {
    let story = try #require(
      Self.parse(Self.page(sources: 3, title: { "A plain headline \($0) with no outlet" })).first)
    #expect(story.sources.map(\.publisher) == [nil, nil, nil])
    #expect(story.sources.map(\.title) == (1...3).map { "A plain headline \($0) with no outlet" })
  }

  @Test func relatedStubsFromASyntheticPage() throws {
    let entries = try Self.parse(Self.page(sources: 2))
    #expect(entries.count == 3)
    #expect(entries[1].title == "A follow-up story about the model")
    #expect(entries[1].sourceCount == 7)
    #expect(entries[2].title == "Another story, told once")
    #expect(entries[2].sourceCount == 1)
    #expect(entries[0].related == ["a-follow-up-story-about-the-model", "another-story-told-once"])
  }

  @Test func noRelatedSection() throws {
    let entries = try Self.parse(Self.page(sources: 4, related: false))
    #expect(entries.count == 1)
    #expect(entries[0].related.isEmpty)
    #expect(entries[0].description?.components(separatedBy: "\n\n").count == 2)
  }

  @Test func noShareLines() throws {
    let story = try #require(Self.parse(Self.page(sources: 2, shareLines: 0)).first)
    #expect(story.sources[1].excerpt == "Excerpt of source 2, first line.")
    #expect(story.summary == "Excerpt of source 2, second line.")
  }

  // MARK: Refusals

  @Test(arguments: [
    ("", 1, "the file is empty"),
    (
      "Lorem ipsum dolor sit amet.\nConsectetur adipiscing elit.\n", 1,
      "expected a date line like 'On Mon, 21 Oct, 4:01 PM UTC'"
    ),
    ("\n\n   \nJust prose here.\n", 4, "expected a date line"),
    ("Curated by THEOUTPOST\nHello\n", 2, "expected a date line"),
    ("On Mon, 21 Oct, 4:01 PM UTC\ntwelve sources\n", 2, "expected the number of sources like '12 Sources'"),
    ("On Mon, 21 Oct, 4:01 PM UTC\n", 1, "the text ends here; expected the number of sources"),
    ("On Mon, 21 Oct, 4:01 PM UTC\n2 Sources\n[1]\nA\nB\n[3]\nC\n", 6, "expected '[2]'"),
    ("On Mon, 21 Oct, 4:01 PM UTC\n2 Sources\n[1]\n[2]\n", 4, "expected the title of source 1"),
    ("On Mon, 21 Oct, 4:01 PM UTC\n1 Source\n[1]\nA\nB\nShare\n", 6, "expected the story's summary"),
    ("On Mon, 31 Feb, 4:01 PM UTC\n1 Source\n", 1, "no year in the last 28"),
  ])
  func notAPage(text: String, line: Int, message: String) throws {
    let problem = try #require(Self.problem(text))
    #expect(problem.location == SourceLocation(file: "page.txt", line: line))
    #expect(problem.message.contains(message))
  }

  @Test func pageCutInTheMiddleOfTheSources() throws {
    let lines = try Self.fixture().components(separatedBy: "\n")
    let problem = try #require(Self.problem(lines.prefix(20).joined(separator: "\n")))
    #expect(problem.description.hasPrefix("page.txt:20: the text ends here; expected '[6]'"))
  }

  @Test func declaredCountMustMatchTheBlocks() throws {
    let text = try Self.fixture()
    let tooMany = try #require(Self.problem(text.replacingOccurrences(of: "\n12 Sources\n", with: "\n13 Sources\n")))
    #expect(tooMany.location.line == 42)
    #expect(tooMany.message.contains("expected '[13]'") && tooMany.message.contains("lists 12"))
    let tooFew = try #require(Self.problem(text.replacingOccurrences(of: "\n12 Sources\n", with: "\n11 Sources\n")))
    #expect(tooFew.location.line == 39)
    let misnumbered = try #require(
      Self.problem(text.replacingOccurrences(of: "\n[4]\nByteDance intern", with: "\n[5]\nByteDance intern")))
    #expect(misnumbered.location.line == 15)
    #expect(misnumbered.message.contains("expected '[4]'"))
  }

  @Test func everyTruncationParsesOrIsLocated() throws {
    let lines = try Self.fixture().components(separatedBy: "\n")
    for count in 0...lines.count {
      let text = lines.prefix(count).joined(separator: "\n")
      do throws(InputProblem) {
        let entries = try Self.parse(text)
        #expect(count >= 45, "a page cut at line \(count) should be refused")
        #expect(entries.first?.sources.count == 12)
      } catch {
        #expect((1...max(count, 1)).contains(error.location.line ?? 0), "cut at \(count): \(error)")
      }
    }
  }

  @Test func garbageNeverCrashes() {
    var generator = FuzzRandom(seed: 42)
    for length in [1, 7, 100, 5_000, 100_000] {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      _ = Self.problem(String(decoding: bytes, as: UTF8.self))
    }
    let lines = (try? Self.fixture().components(separatedBy: "\n")) ?? []
    for _ in 0..<200 {
      var shuffled = lines
      let i = Int.random(in: 0..<max(shuffled.count, 1), using: &generator)
      let j = Int.random(in: 0..<max(shuffled.count, 1), using: &generator)
      if !shuffled.isEmpty { shuffled.swapAt(i, j) }
      _ = Self.problem(shuffled.joined(separator: "\n"))
    }
  }

  @Test func hugeLinesAreHandled() throws {
    let huge = String(repeating: "a", count: 2_000_000)
    #expect(Self.problem(huge)?.location.line == 1)
    let digits = String(repeating: " 1", count: 200_000)
    let text = "On Mon, 21 Oct, 4:01 PM UTC\n1 Source\n[1]\nT\nE\nShare\nSummary.\nBody\(digits)\n"
    let story = try #require(Self.parse(text).first)
    #expect(story.description?.hasSuffix("[1][1][1]") == true)
  }
}
