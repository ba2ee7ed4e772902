import Foundation
import Testing

@testable import OutpostCore

/// Issue 12's awesome lists: Markdown out of summaries, every unreadable
/// item reported, sections that are not tools skipped, repeated links merged.
@Suite struct AwesomeListCleanupTests {
  static func parse(_ text: String, sections: AwesomeSectionChoice = AwesomeSectionChoice()) -> AwesomeList {
    AwesomeListParser.parseLocated(text, fileName: "list.md", sections: sections)
  }

  static func summary(of line: String) -> String? {
    parse("# List\n\n## Tools\n\n" + line + "\n").items.first?.entry.summary
  }

  // MARK: Markdown in descriptions

  @Test(
    "Markdown and HTML in a description become plain text",
    arguments: [
      ("- [T](https://t.ai) - *reviews* - Chats with you.", "reviews - Chats with you."),
      (
        "- [T](https://t.ai) *[reviews](https://r.example/t)* - ChatGPT by OpenAI is a model.",
        "ChatGPT by OpenAI is a model."
      ),
      ("- [T](https://t.ai) [![stars](https://img.shields.io/x.svg)](https://github.com/t/t) - Does it.", "Does it."),
      ("- [T](https://t.ai) - **Bold** and _italic_ and `code` and ~~gone~~.", "Bold and italic and code and gone."),
      ("- [T](https://t.ai) - <b>Fast</b> &amp; <sup>new</sup>.", "Fast & new."),
      ("- [T](https://t.ai) - Image <br> generator.", "Image generator."),
      ("- [T](https://t.ai) - ![logo](https://t.ai/logo.png) Upscales images.", "Upscales images."),
      (
        "- [T](https://t.ai) - Reads snake_case_names, 5 * 3 and a lone *.",
        "Reads snake_case_names, 5 * 3 and a lone *."
      ),
      ("- [T](https://t.ai) - Escaped \\*stars\\* and \\#tag stay.", "Escaped *stars* and #tag stay."),
      ("- [T](https://t.ai) - See <https://t.ai/docs>.", "See https://t.ai/docs."),
      ("- [T](https://t.ai) - 3 < 4 and a <not tag.", "3 < 4 and a <not tag."),
    ] as [(String, String)])
  func markdownBecomesText(line: String, summary: String) {
    #expect(Self.summary(of: line) == summary)
  }

  @Test(
    "a description of nothing but marks that never pair is read in linear time, whole",
    arguments: ["**a *b _c ", "<a ", "&#1", "`"])
  func hostileDescriptions(unit: String) {
    func body(_ count: Int) -> String {
      guard unit == "`" else { return String(repeating: unit, count: count) }
      // Backtick runs of every length, none closed by a run as long.
      var text = ""
      var length = 1
      while text.utf8.count < count {
        text += String(repeating: "`", count: length) + " x "
        length += 1
      }
      return text
    }
    func seconds(_ count: Int) -> Double {
      let started = ContinuousClock.now
      let summary = Self.summary(of: "- [T](https://t.ai) - " + body(count))
      #expect(summary?.isEmpty == false)
      let elapsed = ContinuousClock.now - started
      return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    // As the reader fuzz tests judge slow input: by how the time grows, which
    // the machine's load does not decide. Four times the text costs about
    // four times as much when linear, sixteen when quadratic.
    let full = seconds(120_000)
    guard full >= 0.5 else { return }
    let quarter = min(seconds(30_000), seconds(30_000))
    #expect(full / max(quarter, 0.001) < 10, "\(full) s for the text, \(quarter) s for a quarter of it")
  }

  @Test("no summary of the real list keeps a Markdown mark")
  func realListSummariesArePlain() throws {
    let list = Self.parse(try AwesomeListParserTests.fixture())
    for item in list.items {
      let summary = item.entry.summary ?? ""
      #expect(!summary.contains("](") && !summary.contains("**") && !summary.contains("`"), "\(summary)")
    }
  }

  // MARK: Unreadable items

  @Test("every line that looks like an item but cannot be read is a located problem saying what a good one is")
  func unreadableItemsAreReported() throws {
    let text = """
      # List
      ## Coding
      - [Good](https://good.example) - Fine.
      - [Amazon Q Developer]([https://aws.amazon.com/q/developer/](https://aws.amazon.com/q/developer/))
      - [Spaced] (https://spaced.example) - A space breaks it.
      - [Unclosed](https://unclosed.example - Never closed.
      - [Referenced][1] - A reference link.
        * [Never closed(https://never.example)
      - [x] a task box, not an item
      - [ ] another
      - [WIP] prose in brackets
      <!-- - [Hidden]([https://h.example](https://h.example)) -->
      <!-- line 4: a rejects file's reason -->
      """
    let list = Self.parse(text)
    #expect(list.items.map(\.entry.title) == ["Good"])
    #expect(list.problems.map(\.location.line) == [4, 5, 6, 7, 8])
    #expect(list.problems.map(\.location.column) == [3, 3, 3, 3, 5])
    let amazon = list.problems[0]
    #expect(amazon.description.hasPrefix("list.md:4:3: item 'Amazon Q Developer'"))
    #expect(amazon.message.contains("write it as '- [Amazon Q Developer](https://aws.amazon.com/q/developer/)'"))
    for problem in list.problems.dropFirst() {
      #expect(problem.message.contains("a readable item looks like '- [Name](https://…) - Description'"))
    }
    #expect(list.problems[1].message.contains("a space between ']' and '('"))
  }

  @Test("unreadable items in a skipped section are not reported: the section is not read")
  func unreadableInSkippedSection() {
    let text =
      "# L\n## Contributing\n- [Bad]([https://b.example](https://b.example))\n## Tools\n- [T](https://t.example)\n"
    let list = Self.parse(text)
    #expect(list.problems.isEmpty)
    #expect(list.items.count == 1)
  }

  // MARK: Sections

  @Test(
    "headings about the list, other lists and learning material are skipped by default",
    arguments: [
      ("Contents", true), ("Table of Contents", true), ("Contributing", true), ("License", true),
      ("Related Awesome Lists", true), ("More lists", true), ("Lists on ChatGPT", true), ("Learn AI free", true),
      ("Learning resources", true), ("Recommended reading", true), ("Free Courses", true), ("📚 Books", true),
      ("Text", false), ("Machine Learning", false), ("Stable Diffusion resources", false),
      ("Reading assistants", false),
      ("Checklist apps", false), ("Image", false),
    ])
  func defaultSkips(heading: String, skipped: Bool) {
    #expect(AwesomeSectionChoice.isAboutTheList(heading) == skipped)
  }

  @Test("the real list: non-tool sections skipped and named once, their subsections with them")
  func realListSections() throws {
    let text = try AwesomeListParserTests.fixture()
    let list = Self.parse(text)
    #expect(list.skippedSections == ["Contents", "Recommended reading", "Learning resources", "More lists"])
    let urls = Set(list.items.compactMap(\.entry.url))
    #expect(!urls.contains("https://openai.com/blog/openai-api/"), "Milestones sit under Recommended reading")
    #expect(!urls.contains("https://learnprompting.org/"))
    #expect(!urls.contains("https://github.com/sindresorhus/awesome-chatgpt"))
    #expect(list.items.count == Self.realToolCount)
    #expect(list.problems.isEmpty)
    #expect(list.headings.first == "Contents" && list.headings.contains("Lists on ChatGPT"))
  }

  /// The items under sections that are tools, a repeated link counted once.
  static let realToolCount = 344 - 15 - 15 - 19 - 2

  @Test("--section chooses sections, any case, with their subsections; --skip-section skips more")
  func chosenSections() throws {
    let text = try AwesomeListParserTests.fixture()
    let reading = Self.parse(text, sections: AwesomeSectionChoice(only: ["recommended READING"]))
    #expect(reading.items.count == 15)
    #expect(reading.items.contains { $0.entry.tags == ["recommended-reading", "milestones"] })
    let text2 = Self.parse(text, sections: AwesomeSectionChoice(only: ["Text"], skip: ["chatbots", "Models"]))
    #expect(text2.items.allSatisfy { $0.entry.tags.first == "text" })
    #expect(!text2.items.contains { $0.entry.tags.contains("chatbots") || $0.entry.tags.contains("models") })
    #expect(text2.skippedSections == ["Models", "Chatbots"])
    let everything = Self.parse(
      text,
      sections: AwesomeSectionChoice(only: [
        "Recommended reading", "Text", "Coding", "Agents", "Image", "Video", "Audio", "Other", "Learning resources",
        "More lists",
      ]))
    #expect(everything.items.count == 344 - 2)
    #expect(everything.items.first?.entry.title == "How Large Language Models Will Transform Science, Society, and AI")
    #expect(everything.items.last?.entry.url == "https://github.com/sindresorhus/awesome-chatgpt")
  }

  @Test("a flag naming no heading is found, with the headings there are")
  func unmatchedSections() {
    let choice = AwesomeSectionChoice(only: ["Vidéo", "text"], skip: ["Nope"])
    #expect(choice.unmatched(in: ["Text", "Video"]).map(\.name) == ["Nope"])
    #expect(choice.unmatched(in: ["Text"]).map(\.flag) == ["--section", "--skip-section"])
  }

  // MARK: Repeated links

  @Test("the same link under several headings is one tool with all their tags")
  func repeatedLinksMerge() throws {
    let list = Self.parse(try AwesomeListParserTests.fixture())
    let heygen = list.items.filter { $0.entry.url == "https://app.heygen.com/" }
    #expect(heygen.count == 1)
    #expect(heygen.first?.entry.tags == ["video", "avatars"])
    #expect(heygen.first?.location.line == 375)
    let promptBase = try #require(list.items.first { $0.entry.url == "https://promptbase.com/" })
    #expect(promptBase.entry.tags == ["image", "image-libraries", "other"])
    #expect(promptBase.entry.summary == "Search prompts from top prompt engineers. Sell your own prompts.")
    let small = Self.parse("## A\n- [X](https://x.example) - First.\n## B\n- [X again](https://x.example) #b\n")
    #expect(small.items.map(\.entry.title) == ["X"])
    #expect(small.items.first?.entry.tags == ["a", "b"])
  }

  @Test("an Uncategorised heading gives no tag; an exported list skips no section by default")
  func exportedListMarkers() {
    let text = """
      # Outpost catalog

      \(MarkdownList.marker)

      ## Contents

      - [books](#books)

      ## books

      - [Reader](https://reader.example) - Reads.

      ## Uncategorised

      - [Loose](https://loose.example)
      """
    let list = Self.parse(text)
    #expect(list.items.map(\.entry.tags) == [["books"], []])
    #expect(list.skippedSections.isEmpty)
    #expect(
      Self.parse(text.replacingOccurrences(of: MarkdownList.marker, with: "")).items.map(\.entry.title) == ["Loose"])
  }
}
