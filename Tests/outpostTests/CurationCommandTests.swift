import Foundation
import Testing

/// `show`, `edit` and `remove`, end to end, on the starter catalog.
@Suite("outpost show, edit, remove")
struct CurationCommandTests {
  let outpost = OutpostProcess()

  /// The seed story that has its sources stored and links related stories.
  func storyWithSources() throws -> [String: Any] {
    let stories = try outpost.listed(["--kind", "story"])
    return try #require(
      stories.first { ($0["sources"] as? [Any])?.isEmpty == false && ($0["related"] as? [Any])?.isEmpty == false })
  }

  @Test("show text gives a story's numbered sources and its related stories")
  func showStoryText() throws {
    try outpost.run("init")
    let story = try storyWithSources()
    let slug = try #require(story["slug"] as? String)
    let result = try outpost.run(["show", slug], environment: ["COLUMNS": "100"])
    #expect(result.status == 0, "\(result)")
    let sources = try #require(story["sources"] as? [[String: Any]])
    #expect(result.stdout.contains("Sources"))
    for source in sources {
      let n = try #require(source["n"] as? Int)
      let title = try #require(source["title"] as? String)
      let line = try #require(outputLines(result.stdout).first { $0.hasPrefix("[\(n)] ") }, "no line for source [\(n)]")
      #expect(title.hasPrefix(line.dropFirst("[\(n)] ".count).split(separator: " ").prefix(3).joined(separator: " ")))
    }
    #expect(result.stdout.contains("Related stories"))
    for related in try #require(story["related"] as? [String]) {
      #expect(result.stdout.contains(related), "related \(related) missing")
    }
    for line in outputLines(result.stdout) where !line.contains("://") {
      #expect(displayWidth(line) <= 100, "'\(line)' is wider than 100")
    }
  }

  @Test("show text of a tool gives its url, pricing, audiences and tags")
  func showToolText() throws {
    try outpost.run("init")
    let result = try outpost.run("show", "chatgpt")
    #expect(result.status == 0)
    let tool = try #require(try outpost.listed().first { $0["slug"] as? String == "chatgpt" })
    #expect(result.stdout.hasPrefix("ChatGPT\n"))
    #expect(result.stdout.contains(try #require(tool["url"] as? String)))
    #expect(result.stdout.contains("pricing: \(try #require(tool["pricing"] as? String))"))
    #expect(
      result.stdout.contains("audiences: " + (try #require(tool["audiences"] as? [String])).joined(separator: ", ")))
    #expect(!hasEscapes(result.stdout))
  }

  @Test("show --format json gives the interchange object: one object, DESIGN's field order, as export writes it")
  func showJSON() throws {
    try outpost.run("init")
    let slug = try #require(try storyWithSources()["slug"] as? String)
    let result = try outpost.run("show", slug, "--format", "json")
    #expect(result.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["slug"] as? String == slug)
    let order = [
      "kind", "slug", "title", "url", "summary", "description", "pricing", "published_at", "audiences", "tags",
      "related", "sources", "source_count", "added_at", "updated_at",
    ]
    #expect(Set(object.keys) == Set(order))
    let positions = order.map { result.stdout.range(of: "\"\($0)\":")?.lowerBound }
    #expect(!positions.contains(nil))
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "fields out of DESIGN's order")
    let exported = try outpost.run("export", "--format", "ndjson").stdout
    #expect(outputLines(exported).contains(result.stdout.trimmingCharacters(in: .newlines)))
  }

  @Test("an unknown slug is answered with the nearest one, exit 1, for show, edit, tag and remove")
  func unknownSlug() throws {
    try outpost.run("init")
    try outpost.expectRefusal(["show", "chatgtp"], status: 1, "no entry 'chatgtp'; did you mean 'chatgpt'?")
    try outpost.expectRefusal(["edit", "midjorney", "--title", "X"], status: 1, "did you mean 'midjourney'?")
    try outpost.expectRefusal(["tag", "claud", "x"], status: 1, "did you mean 'claude'?")
    try outpost.expectRefusal(["remove", "sunoo", "--yes"], status: 1, "did you mean 'suno'?")
    try outpost.expectRefusal(["show", "zzzzzzzzzzzz"], status: 1, "`outpost list` shows the slugs")
    // A slug cut short by the table, … and all, is completed.
    let long = try #require(try storyWithSources()["slug"] as? String)
    try outpost.expectRefusal(["show", String(long.prefix(22)) + "…"], status: 1, "did you mean '\(long)'?")
    try outpost.expectRefusal(
      ["show", String(long.prefix(11)) + "…" + String(long.suffix(11))], status: 1, "did you mean '\(long)'?")
  }

  @Test("edit changes only the fields given; an empty summary clears it")
  func edit() throws {
    try outpost.run("init")
    let before = try #require(try outpost.listed().first { $0["slug"] as? String == "chatgpt" })
    let result = try outpost.run(
      "edit", "chatgpt", "--pricing", "free trial", "--summary", "", "--title", "  ChatGPT 5 ")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("updated chatgpt"))
    let after = try #require(try outpost.listed().first { $0["slug"] as? String == "chatgpt" })
    #expect(after["pricing"] as? String == "freemium")
    #expect(after["summary"] is NSNull)
    #expect(after["title"] as? String == "ChatGPT 5")
    #expect(after["description"] as? String == before["description"] as? String)
    #expect(after["url"] as? String == before["url"] as? String)
    #expect(after["added_at"] as? String == before["added_at"] as? String)
    // Search follows the edit.
    #expect(try outpost.run("search", "ChatGPT 5", "--format", "ndjson").stdout.contains("\"slug\": \"chatgpt\""))
  }

  @Test("edit of a story: date in any spelling, url cleared with an empty value")
  func editStory() throws {
    try outpost.run("init", "--empty")
    try outpost.run("add", "story", "Story", "--url", "https://news.example/s")
    #expect(try outpost.run("edit", "story", "--published", "21 Oct 2024", "--url", "").status == 0)
    let story = try #require(try outpost.listed().first)
    #expect(story["published_at"] as? String == "2024-10-21T00:00:00Z")
    #expect(story["url"] is NSNull)
  }

  @Test("edit refuses nothing to change, bad values and fields of the other kind; nothing changes")
  func editRefused() throws {
    try outpost.run("init")
    try outpost.expectRefusal(["edit", "chatgpt"], status: 64, "nothing to change")
    try outpost.expectRefusal(["edit", "chatgpt", "--title", " "], status: 64, "the title is empty")
    try outpost.expectRefusal(["edit", "chatgpt", "--url", "ftp://x.example"], status: 64, "http:// or https://")
    try outpost.expectRefusal(["edit", "chatgpt", "--url", ""], status: 1, "a tool needs a url")
    try outpost.expectRefusal(["edit", "chatgpt", "--pricing", "sometimes"], status: 64, "'sometimes'")
    try outpost.expectRefusal(
      ["edit", "chatgpt", "--published", "2024-10-21"], status: 1, "--published is for stories")
    let story = try #require(try outpost.listedSlugs(["--kind", "story"]).first)
    try outpost.expectRefusal(["edit", story, "--pricing", "free"], status: 1, "--pricing is for tools")
    try outpost.expectRefusal(["edit", story, "--published", "31 Feb 2024"], status: 64, "is not a date")
  }

  @Test("remove from a pipe without --yes refuses and never reads an answer from stdin")
  func removeFromPipe() throws {
    try outpost.run("init")
    let refused = try outpost.expectRefusal(
      ["remove", "chatgpt"], status: 64, "standard input is not a terminal", stdin: Data("y\nyes\n".utf8))
    #expect(refused.stderr.contains("--yes"))
    #expect(try outpost.listedSlugs().contains("chatgpt"))
  }

  @Test("remove --yes removes every slug named, all or none")
  func removeYes() throws {
    try outpost.run("init")
    let count = try outpost.listedSlugs().count
    try outpost.expectRefusal(["remove", "chatgpt", "nosuch-entry", "--yes"], status: 1, "no entry 'nosuch-entry'")
    let result = try outpost.run("remove", "chatgpt", "claude", "chatgpt", "-y")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("removed 2 entries"))
    let slugs = try outpost.listedSlugs()
    #expect(slugs.count == count - 2)
    #expect(!slugs.contains("chatgpt") && !slugs.contains("claude"))
    try outpost.expectRefusal(["remove"], status: 64, "slug")
  }

  @Test(
    "remove on a terminal asks, and removes only on yes",
    .enabled(if: OutpostProcess.scriptTool != nil, "needs util-linux script for a terminal"))
  func removeOnTerminal() throws {
    try outpost.run("init")
    let declined = try outpost.runOnTerminal(["remove", "chatgpt"], input: "n\n", environment: ["NO_COLOR": "1"])
    #expect(declined.status == 0, "\(declined)")
    #expect(declined.stdout.contains("remove chatgpt (ChatGPT)? [y/N]"), "\(declined)")
    #expect(declined.stdout.contains("nothing removed"))
    #expect(try outpost.listedSlugs().contains("chatgpt"))
    let accepted = try outpost.runOnTerminal(["remove", "chatgpt"], input: "y\n", environment: ["NO_COLOR": "1"])
    #expect(accepted.status == 0, "\(accepted)")
    #expect(accepted.stdout.contains("removed 1 entry"))
    #expect(!(try outpost.listedSlugs().contains("chatgpt")))
  }
}
