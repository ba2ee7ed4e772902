import Foundation
import Testing

@testable import OutpostCore

@Suite struct AwesomeListParserTests {
  static func fixture() throws -> String {
    try String(contentsOfFile: TestCatalog.fixture("realdata/awesome-generative-ai/README.md"), encoding: .utf8)
  }

  static func parse(_ text: String) -> (entries: [Entry], problems: [InputProblem]) {
    AwesomeListParser.parse(text, fileName: "list.md")
  }

  /// The real list with every section chosen, those skipped by default included.
  static func parseEverySection(_ text: String) -> (entries: [Entry], problems: [InputProblem]) {
    AwesomeListParser.parse(
      text, fileName: "list.md", sections: AwesomeSectionChoice(only: RealDataImportTests.everyAwesomeSection))
  }

  // MARK: The real list

  @Test func realListItems() throws {
    let (entries, problems) = Self.parseEverySection(try Self.fixture())
    // 344 items; HeyGen and PromptBase are each listed under two headings.
    #expect(entries.count == 344 - 2)
    #expect(problems.isEmpty)
    #expect(entries.allSatisfy { $0.kind == .tool && $0.pricing == .unknown })
    #expect(entries.allSatisfy { $0.url?.hasPrefix("http") == true })
    #expect(entries.allSatisfy { $0.slug == Slug.derive(from: $0.title) })
    let tags = Set(entries.flatMap(\.tags))
    #expect(!tags.contains("contents") && !tags.contains("awesome-generative-ai"))
    #expect(!entries.contains { $0.title == "Recommended reading" || $0.title == "Contribution Guidelines" })
    #expect(entries.first?.title == "How Large Language Models Will Transform Science, Society, and AI")
    #expect(entries.last?.url == "https://github.com/sindresorhus/awesome-chatgpt")
  }

  @Test func realListEntriesByHand() throws {
    let entries = Self.parseEverySection(try Self.fixture()).entries
    let libreChat = try #require(entries.first { $0.title == "LibreChat" })
    #expect(libreChat.url == "https://librechat.ai/")
    #expect(libreChat.tags == ["text", "custom-interfaces", "opensource"])
    #expect(libreChat.summary == "LibreChat is a free and open-source chat interface for assistant AIs.")

    let grok = try #require(entries.first { $0.title == "Grok" })
    #expect(grok.summary == "An LLM by xAI with open source and open weights.")
    #expect(grok.tags == ["text", "models", "opensource"])

    let dalle = try #require(entries.first { $0.title == "DALL·E 2" })
    #expect(dalle.slug == "dall-e-2")
    #expect(dalle.tags == ["recommended-reading", "milestones"])

    let minimax = try #require(entries.first { $0.title == "MiniMax" })
    #expect(minimax.summary == "Multimodal foundation models for text, speech, video, and music generation")

    // Listed twice (a milestone and a model): both kept, in file order.
    #expect(
      entries.filter { $0.title == "OpenAI API" }.map(\.url) == [
        "https://openai.com/blog/openai-api/", "https://openai.com/api/",
      ])
    let art = try #require(entries.first { $0.title == "Tools and Resources for AI Art" })
    #expect(art.summary == "A large list of Google Colab notebooks for generative AI, by @pharmapsychotic.")
    #expect(art.tags == ["more-lists"])
  }

  // MARK: Item shapes

  @Test(
    arguments: [
      ("- [Tool](https://tool.ai) - Does things.", "Does things."),
      ("* [Tool](https://tool.ai) — Does things.", "Does things."),
      ("+ [Tool](https://tool.ai) – Does things.", "Does things."),
      ("- [Tool](https://tool.ai): Does things.", "Does things."),
      ("- [Tool](https://tool.ai) Does things.", "Does things."),
      ("  - **[Tool](https://tool.ai)** - Does things.", "Does things."),
      ("- [Tool](https://tool.ai \"Tool's site\") - Does things.", "Does things."),
      ("- [Tool](https://tool.ai)", nil),
      ("- [Tool](https://tool.ai) - ", nil),
      ("- [Tool](https://tool.ai) - [#opensource](https://github.com/x/y)", nil),
    ] as [(String, String?)])
  func itemShapes(line: String, summary: String?) throws {
    let (entries, problems) = Self.parse("# List\n\n## Things\n\n" + line + "\n")
    #expect(problems.isEmpty)
    let entry = try #require(entries.first)
    #expect(entries.count == 1)
    #expect(entry.title == "Tool")
    #expect(entry.slug == "tool")
    #expect(entry.url == "https://tool.ai")
    #expect(entry.summary == summary)
    #expect(entry.tags.first == "things")
  }

  @Test func headingsInForceBecomeTags() {
    let text = """
      # Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)

      - [Before any section](https://a.example)

      ## Image Tools

      - [Painter](https://painter.example) - Paints.

      ### Upscalers ###

      - [Bigger](https://bigger.example) - Upscales. #OpenSource #free-tier

      ## 🎵 Audio

      - [Singer](https://singer.example) - Sings, unlike C# or #1 hits.

      Video and Film
      --------------

      - [Director](https://director.example) - Directs.
      """
    let entries = Self.parse(text).entries
    #expect(entries.map(\.title) == ["Before any section", "Painter", "Bigger", "Singer", "Director"])
    #expect(
      entries.map(\.tags) == [
        [], ["image-tools"], ["image-tools", "upscalers", "opensource", "free-tier"], ["audio"], ["video-and-film"],
      ])
    #expect(entries[2].summary == "Upscales.")
    #expect(entries[3].summary == "Sings, unlike C# or #1 hits.")
  }

  @Test func aBadgeLineOverARuleIsNotTheTitle() {
    let text =
      "[![CI](https://ci.example/b.svg)](https://ci.example)\n---\n# Awesome X\n## Tools\n- [T](https://t.example)\n"
    #expect(Self.parse(text).entries.first?.tags == ["tools"])
  }

  @Test func notTools() {
    let text = """
      # List

      [![Build](https://ci.example/badge.svg)](https://ci.example)

      ## Table of Contents

      - [Image](#image)
      - [Somewhere else](https://elsewhere.example)

      ## Image

      - [![Logo](https://img.example/logo.png)](https://logo.example)
      - [Guidelines](CONTRIBUTING.md) - How to add a tool.
      - [Docs](./docs/index.md)
      - Plain bullet without a link
      - See [Inline](https://inline.example) for more.

      ```markdown
      - [Fenced](https://fenced.example) - Inside a code block.
      ```

      ~~~
      - [Tilde](https://tilde.example)
      ~~~

      <!-- - [Hidden](https://hidden.example) -->
      <!--
      - [Also hidden](https://hidden2.example)
      -->
      - [Kept](https://kept.example) <!-- a note --> - Visible.

      ## License

      - [CC0](https://creativecommons.org/publicdomain/zero/1.0/)
      """
    let (entries, problems) = Self.parse(text)
    #expect(problems.isEmpty)
    #expect(entries.map(\.title) == ["Kept"])
    #expect(entries.first?.summary == "Visible.")
    #expect(entries.first?.tags == ["image"])
  }

  @Test func unusableLinksAreProblems() throws {
    let text = """
      # List
      ## Tools
      - [Good](https://good.example) - Fine.
      - [Mail](mailto:someone@example.com) - Writes mail.
      - [Files](ftp://files.example/pub) - Serves files.
      - [Bare](www.bare.example) - Forgot the scheme.
      - [Hostless](https://) - Nothing there.
      - [](https://nameless.example) - No name.
      """
    let (entries, problems) = Self.parse(text)
    #expect(entries.map(\.title) == ["Good"])
    #expect(problems.map(\.location.line) == [4, 5, 6, 7, 8])
    #expect(problems.allSatisfy { $0.location.file == "list.md" })
    #expect(problems[0].location.column == 10)
    #expect(problems[0].message.contains("must start with http:// or https://"))
    #expect(problems[2].message.contains("https://www.bare.example"))
    #expect(problems[4].message.contains("has no name"))
  }

  @Test func repeatedNamesAreKept() {
    let text = "## A\n- [Same](https://one.example)\n## B\n- [Same](https://two.example)\n"
    let entries = Self.parse(text).entries
    #expect(entries.map(\.slug) == ["same", "same"])
    #expect(entries.map(\.tags) == [["a"], ["b"]])
  }

  @Test func crlfAndBOM() {
    let text = "# List\n\n## Tools\n\n- [Tool](https://tool.example) - Works.\n"
    let windows = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
    #expect(Self.parse(windows).entries == Self.parse(text).entries)
    #expect(Self.parse(windows).entries.first?.summary == "Works.")
  }

  @Test func emptyAndGarbageInput() {
    #expect(Self.parse("").entries.isEmpty)
    var state: UInt64 = 7
    for length in [1, 100, 10_000, 200_000] {
      let bytes = (0..<length).map { _ -> UInt8 in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
      }
      _ = Self.parse(String(decoding: bytes, as: UTF8.self))
    }
    let brackets = "- " + String(repeating: "[", count: 100_000) + "\n- [x](" + String(repeating: "(", count: 50_000)
    #expect(Self.parse(brackets).entries.isEmpty)
  }
}
