import Foundation
import Testing

@testable import OutpostCore

/// The real files of `Fixtures/realdata` import completely: every row is
/// inserted, and every likely duplicate is reported as well.
@Suite("Import: real data files")
struct RealDataImportTests {
  let folder = TemporaryFolder()

  static func realData(_ path: String) -> String { TestCatalog.fixture("realdata/" + path) }

  @discardableResult
  func importFile(_ path: String, into catalog: Catalog, configure: (inout ImportRequest) -> Void = { _ in }) throws
    -> ImportSummary
  {
    var request = ImportRequest(path: Self.realData(path))
    configure(&request)
    return try catalog.importEntries(request)
  }

  /// URLs that appear more than once, compared as a curator would (no scheme,
  /// no `www.`, host in any case, no trailing `/`): how many likely duplicates
  /// an import must report. Written apart from `URLCheck` on purpose.
  static func repeatedURLCount(_ urls: [String]) -> Int {
    var seen = Set<String>()
    var repeats = 0
    for url in urls {
      var key = url.trimmingCharacters(in: .whitespaces)
      key = key.components(separatedBy: "://").last ?? key
      let host = key.prefix { $0 != "/" }
      key = host.lowercased() + key.dropFirst(host.count)
      if key.hasPrefix("www.") { key.removeFirst(4) }
      while key.hasSuffix("/") { key.removeLast() }
      if !seen.insert(key).inserted { repeats += 1 }
    }
    return repeats
  }

  static func duplicateNotices(_ summary: ImportSummary) -> [String] {
    summary.notices.lines.filter { $0.contains("likely a duplicate, imported all the same") }
  }

  @Test("autoventure ai-tools.csv: 449 tools, 12 likely duplicates reported, review_url listed unused")
  func autoventureCSV() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let summary = try importFile("autoventure/ai-tools.csv", into: catalog)
    #expect(summary.insertedByKind == [.tool: 449])
    #expect(try catalog.count() == 449)
    #expect(summary.unusedColumns == ["review_url"])
    let websites = try catalog.entries().compactMap(\.url)
    #expect(Self.repeatedURLCount(websites) == 12)
    #expect(Self.duplicateNotices(summary).count == 12)
    #expect(
      summary.notices.lines.contains {
        $0.hasSuffix(
          "ai-tools.csv:76: https://zapier.com is also the url of 'zapier'; likely a duplicate, imported all the same")
      })

    let podcast = try #require(try catalog.entry(slug: "adobe-podcast"))
    #expect(podcast.title == "Adobe Podcast")
    #expect(podcast.url == "https://podcast.adobe.com")
    #expect(podcast.pricing == .free)
    #expect(podcast.tags == ["audio"])
    #expect(podcast.summary == "AI audio enhancement and transcription. Free tier available.")
    #expect(podcast.description == nil)
    // "Free trial" and the like map onto the vocabulary: nothing is left unknown.
    #expect(try catalog.entries().allSatisfy { $0.pricing != nil && $0.pricing != .unknown })
  }

  @Test("autoventure ai-tools.json: the {\"tools\": [...]} wrapper gives the same 449 tools as the CSV")
  func autoventureJSON() throws {
    let fromJSON = try TestCatalog.empty(in: folder, name: "json.sqlite")
    let summary = try importFile("autoventure/ai-tools.json", into: fromJSON)
    let wrapper = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: Self.realData("autoventure/ai-tools.json"))))
        as? [String: Any])
    #expect(summary.insertedByKind == [.tool: wrapper["count"] as? Int ?? -1])
    #expect((wrapper["tools"] as? [Any])?.count == 449)
    #expect(summary.unusedColumns == ["category_id", "review_url"])
    #expect(Self.duplicateNotices(summary).count == 12)
    #expect(
      summary.notices.lines.contains {
        $0.contains("ai-tools.json: [74]: https://zapier.com is also the url of 'zapier'")
      })

    let fromCSV = try TestCatalog.empty(in: folder, name: "csv.sqlite")
    try importFile("autoventure/ai-tools.csv", into: fromCSV)
    let csvEntries = try fromCSV.entries().map(OutpostPageImportTests.withoutTimes)
    #expect(try fromJSON.entries().map(OutpostPageImportTests.withoutTimes) == csvEntries)
  }

  @Test(
    "china-ai-tools ai_tools.csv: Chinese headers by synonym or --map, BOM, multi-line and padded cells",
    arguments: [false, true])
  func chinaAITools(explicitMap: Bool) throws {
    let catalog = try TestCatalog.empty(in: folder)
    let summary = try importFile("china-ai-tools/ai_tools.csv", into: catalog) { request in
      if explicitMap {
        request.fieldMap = [.title: "名称", .url: "网址", .tags: "网站类别", .summary: "网站介绍"]
      }
    }
    #expect(summary.insertedByKind == [.tool: 273])
    #expect(summary.unusedColumns.isEmpty)
    let entries = try catalog.entries()
    #expect(Self.repeatedURLCount(entries.compactMap(\.url)) == 7)
    #expect(Self.duplicateNotices(summary).count == 7)
    // Padded cells are trimmed, the URL with a trailing space included.
    #expect(entries.allSatisfy { $0.url == $0.url?.trimmingCharacters(in: .whitespaces) })
    #expect(entries.contains { $0.url == "https://developer.huaweicloud.com/product/codearts-snap.html" })
    #expect(entries.allSatisfy { $0.summary == $0.summary?.trimmingCharacters(in: .whitespacesAndNewlines) })

    let brain = try #require(entries.first { $0.title == "360 智脑" })
    #expect(brain.url == "https://ai.360.cn/")
    #expect(brain.tags == ["ai写作", "ai翻译", "ai-助手", "代码辅助", "图像生成", "文本创作", "翻译"].sorted())
    #expect(brain.summary?.hasPrefix("360智脑依托360安全大脑的海量数据和专业知识") == true)
    // A quoted cell with line breaks keeps them.
    #expect(entries.contains { $0.summary?.contains("\n1. 提供AI代码助手") == true })
  }

  /// Every top-level section of the real awesome list, skipped ones included.
  static let everyAwesomeSection = [
    "Recommended reading", "Text", "Coding", "Agents", "Image", "Video", "Audio", "Other", "Learning resources",
    "More lists",
  ]

  @Test(
    "awesome-generative-ai README.md: with every section chosen, every http item is a tool, a link listed twice one")
  func awesomeList() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let summary = try importFile("awesome-generative-ai/README.md", into: catalog) {
      $0.sections = AwesomeSectionChoice(only: Self.everyAwesomeSection)
    }
    let text = try String(contentsOfFile: Self.realData("awesome-generative-ai/README.md"), encoding: .utf8)
    let items = text.split(separator: "\n").filter {
      $0.range(of: #"^\s*[-*+] \[[^\]]+\]\(https?://"#, options: .regularExpression) != nil
    }
    let anchors = text.split(separator: "\n").filter {
      $0.range(of: #"^\s*[-*+] \[[^\]]+\]\(#"#, options: .regularExpression) != nil
    }
    #expect(items.count == 344)
    #expect(anchors.count == 10)
    // HeyGen and PromptBase are listed twice each, under two headings: one tool each.
    let itemURLs = Set(
      items.compactMap { line in
        line.range(of: #"\]\(https?://[^)\s]+"#, options: .regularExpression).map { String(line[$0]) }
      })
    #expect(itemURLs.count == 342)
    #expect(summary.insertedByKind == [.tool: items.count - 2])
    #expect(summary.skippedSections.isEmpty)
    let entries = try catalog.entries()
    #expect(Self.repeatedURLCount(entries.compactMap(\.url)) == 0)
    #expect(Self.duplicateNotices(summary).isEmpty)
    #expect(try catalog.entry(slug: "heygen")?.tags == ["avatars", "video"])

    // Repeated names with other links are kept apart: the later one gets a numbered slug.
    #expect(entries.filter { $0.title == "OpenAI API" }.map(\.slug).sorted() == ["openai-api", "openai-api-2"])
    let libreChat = try #require(entries.first { $0.title == "LibreChat" })
    #expect(libreChat.tags == ["custom-interfaces", "opensource", "text"])
    #expect(entries.allSatisfy { $0.url?.hasPrefix("http") == true })
    let anchorNames = anchors.compactMap { line in
      line.split(separator: "[").dropFirst().first?.split(separator: "]").first
    }
    #expect(anchorNames.count == 10)
    #expect(!entries.contains { entry in anchorNames.contains { $0 == entry.title } })
  }

  @Test("awesome-generative-ai README.md by default: reading, learning and other lists skipped and named")
  func awesomeListDefaultSections() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let summary = try importFile("awesome-generative-ai/README.md", into: catalog)
    #expect(summary.skippedSections == ["Contents", "Recommended reading", "Learning resources", "More lists"])
    #expect(summary.insertedByKind == [.tool: AwesomeListCleanupTests.realToolCount])
    let tags = Set(try catalog.tagCounts().map(\.name))
    #expect(tags.isDisjoint(with: ["recommended-reading", "milestones", "learning-resources", "more-lists"]))
    #expect(try catalog.entry(slug: "learn-prompting") == nil)
  }

  @Test("importing the awesome list again with --on-conflict skip skips every item, repeated names included")
  func awesomeListAgain() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let every: (inout ImportRequest) -> Void = { $0.sections = AwesomeSectionChoice(only: Self.everyAwesomeSection) }
    try importFile("awesome-generative-ai/README.md", into: catalog, configure: every)
    let again = try importFile("awesome-generative-ai/README.md", into: catalog) {
      every(&$0)
      $0.options.onConflict = .skip
    }
    // A repeated name's second item was stored as `name-2`; meeting it again
    // must find that entry (same URL), not make a `name-3`.
    #expect(again.inserted == 0, "\(again.notices.lines)")
    #expect(again.skipped == 342)
    #expect(try catalog.count() == 342)
  }

  @Test("a Markdown file with no list items is refused rather than importing nothing")
  func markdownWithoutItems() throws {
    let catalog = try TestCatalog.empty(in: folder)
    #expect(throws: ImportFailure.self) {
      try TestCatalog.importText("# Notes\n\nJust prose.\n", name: "notes.md", into: catalog, folder: folder)
    }
  }
}
