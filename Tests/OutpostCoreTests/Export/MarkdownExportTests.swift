import Foundation
import Testing

@testable import OutpostCore

/// `export --format markdown`: an awesome list that `import --format awesome`
/// reads back to the same titles, URLs, summaries and tags.
@Suite("Export: Markdown awesome list")
struct MarkdownExportTests {
  let folder = TemporaryFolder()

  /// What a Markdown round trip must keep of an entry.
  struct Listed: Hashable, CustomStringConvertible {
    var title: String
    var url: String
    var summary: String?
    var tags: [String]
    init(_ entry: Entry) {
      title = entry.title
      url = entry.url ?? ""
      summary = entry.summary
      tags = entry.tags.sorted()
    }
    var description: String { "\(title.debugDescription) \(url) \(summary.debugDescription) \(tags)" }
  }

  func markdown(_ catalog: Catalog, groupBy: MarkdownGrouping = .tag) throws -> (String, MarkdownExportSummary) {
    var buffer = ByteBuffer()
    let summary = try catalog.exportMarkdown(matching: EntryFilter(), groupBy: groupBy, to: &buffer)
    return (String(decoding: buffer.bytes, as: UTF8.self), summary)
  }

  /// Exports `catalog` as Markdown, imports it into a new empty catalog and
  /// returns both sides, keyed by URL.
  func roundTrip(_ catalog: Catalog, name: String) throws -> (before: [String: Listed], after: [String: Listed]) {
    let (text, _) = try markdown(catalog)
    let target = try TestCatalog.empty(in: folder, name: name + ".sqlite")
    try TestCatalog.importText(text, name: name + ".md", into: target, folder: folder) { $0.format = .awesome }
    let before = try catalog.entries().filter { $0.url != nil }.map(Listed.init)
    let after = try target.entries().map(Listed.init)
    #expect(try target.entries().allSatisfy { $0.kind == .tool })
    return (
      Dictionary(uniqueKeysWithValues: before.map { ($0.url, $0) }),
      Dictionary(uniqueKeysWithValues: after.map { ($0.url, $0) })
    )
  }

  func expectSame(_ sides: (before: [String: Listed], after: [String: Listed])) {
    #expect(sides.before.count == sides.after.count)
    for (url, entry) in sides.before {
      #expect(sides.after[url] == entry, "\(entry) came back as \(sides.after[url].map(\.description) ?? "nothing")")
    }
  }

  @Test("the starter catalog reads back with the same titles, URLs, summaries and tags; stories without URL named")
  func seedRoundTrip() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let sides = try roundTrip(catalog, name: "seed")
    #expect(sides.before.count == 48)
    expectSame(sides)
    let (_, summary) = try markdown(catalog)
    #expect(summary.listed == 48)
    #expect(summary.unlisted.count == 6)
  }

  @Test("the real awesome list, imported, exported and imported again, is the same list")
  func awesomeListRoundTrip() throws {
    let catalog = try TestCatalog.empty(in: folder)
    var request = ImportRequest(path: TestCatalog.fixture("realdata/awesome-generative-ai/README.md"))
    request.sections = AwesomeSectionChoice(only: RealDataImportTests.everyAwesomeSection)
    try catalog.importEntries(request)
    let sides = try roundTrip(catalog, name: "awesome")
    #expect(sides.before.count == 342)
    expectSame(sides)
  }

  @Test("text that Markdown would change is escaped, and comes back as it was")
  func hostileText() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let tools: [(String, String, String?, [String])] = [
      (
        "Foo [beta] (v2) *star* _x_ `c` <b> & #tag \\ back!", "https://foo.example/a_(b)", "Line one\nLine two  spaced",
        ["books"]
      ),
      ("- Dash first", "https://dash.example", "- dash and : colon first, trailing space ", ["license"]),
      ("  Spaced  title ", "https://spaced.example", "Tabs\there &amp; entities &#10; stay, [not](a link) ![x](y)", []),
      (
        "Emoji 🤖 Bot", "https://emoji.example", "#hashtag-like words, ~~struck~~ and <https://x.example>",
        ["ai写作", "cafe"]
      ),
      ("Plain", "https://plain.example", nil, ["uncategorised-not", "a-b"]),
      ("Ends with period.", "https://period.example", "Wait.. (sic) () .", ["contents"]),
    ]
    for (index, tool) in tools.enumerated() {
      _ = try catalog.add(
        Entry(
          kind: .tool, slug: "t\(index)", title: tool.0, url: tool.1, summary: tool.2, pricing: .free, tags: tool.3))
    }
    let (text, _) = try markdown(catalog)
    #expect(text.hasPrefix("# Outpost catalog\n\n\(MarkdownList.marker)\n\n## Contents\n"))
    #expect(
      text.contains("\n## Uncategorised\n\n- [&#32;&#32;Spaced &#32;title&#32;](https://spaced.example)"), "\(text)")
    expectSame(try roundTrip(catalog, name: "hostile"))
  }

  @Test("sections per tag or audience, entries under each one they have, sorted by title, Uncategorised last")
  func layout() throws {
    let catalog = try TestCatalog.empty(in: folder)
    func tool(_ title: String, tags: [String], audiences: [String]) throws {
      _ = try catalog.add(
        Entry(
          kind: .tool, slug: Slug.derive(from: title), title: title, url: "https://\(Slug.derive(from: title)).example",
          summary: "About \(title).", pricing: .free, audiences: audiences, tags: tags))
    }
    try tool("zeta", tags: ["video", "audio"], audiences: ["artists"])
    try tool("Alpha", tags: ["video"], audiences: ["writers", "artists"])
    try tool("beta", tags: [], audiences: [])
    let (byTag, _) = try markdown(catalog)
    #expect(
      byTag == """
        # Outpost catalog

        \(MarkdownList.marker)

        ## Contents

        - [audio](#audio)
        - [video](#video)
        - [Uncategorised](#uncategorised)

        ## audio

        - [zeta](https://zeta.example) - About zeta.

        ## video

        - [Alpha](https://alpha.example) - About Alpha.
        - [zeta](https://zeta.example) - About zeta.

        ## Uncategorised

        - [beta](https://beta.example) - About beta.

        """)
    let (byAudience, _) = try markdown(catalog, groupBy: .audience)
    let headings = byAudience.split(separator: "\n").filter { $0.hasPrefix("## ") }
    #expect(headings == ["## Contents", "## Artists", "## Writers", "## Uncategorised"])
    #expect(byAudience.contains("## Artists\n\n- [Alpha](https://alpha.example) - About Alpha.\n- [zeta]"))
  }
}
