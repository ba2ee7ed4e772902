import Foundation
import Testing

/// `add tool` and `add story`, end to end: slugs, normalised input, and
/// every way an entry is refused.
@Suite("outpost add")
struct AddCommandTests {
  let outpost = OutpostProcess()

  func added(_ arguments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let result = try outpost.run(["add"] + arguments)
    #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
    let slug = result.stdout.trimmingCharacters(in: .newlines)
    #expect(result.stdout == slug + "\n", "add prints the slug alone", sourceLocation: sourceLocation)
    let shown = try outpost.run("show", slug, "--format", "json")
    return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
  }

  @Test("add tool prints the slug; tags, audiences and pricing are normalised")
  func addTool() throws {
    try outpost.run("init", "--empty")
    let tool = try added([
      "tool", "Café AI", "--url", "https://cafe.ai", "--pricing", "Free trial", "--tag", "  Image Generation ",
      "--tag", "image generation", "--audience", "blogger", "--audience", "Small business owners",
      "--summary", "  A café that thinks.  ",
    ])
    #expect(tool["slug"] as? String == "cafe-ai")
    #expect(tool["title"] as? String == "Café AI")
    #expect(tool["pricing"] as? String == "freemium")
    #expect(tool["tags"] as? [String] == ["image-generation"])
    #expect(tool["audiences"] as? [String] == ["bloggers", "small-business-owners"])
    #expect(tool["summary"] as? String == "A café that thinks.")
    #expect(tool["published_at"] is NSNull)
  }

  @Test("slugs: collisions get -2, -3; no Latin letters still gives a stable valid slug")
  func derivedSlugs() throws {
    try outpost.run("init", "--empty")
    var slugs: [String] = []
    for index in 1...3 {
      slugs.append(try #require(try added(["tool", "Café AI", "--url", "https://cafe\(index).ai"])["slug"] as? String))
    }
    #expect(slugs == ["cafe-ai", "cafe-ai-2", "cafe-ai-3"])
    let first = try #require(try added(["tool", "🤖🎨", "--url", "https://robot.example"])["slug"] as? String)
    let second = try #require(try added(["tool", "🤖🎨", "--url", "https://robot2.example"])["slug"] as? String)
    #expect(first.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil, "\(first)")
    #expect(second == first + "-2")
    // Stable: another catalog derives the same slug from the same title.
    let other = OutpostProcess()
    try other.run("init", "--empty")
    #expect(try other.run("add", "tool", "🤖🎨", "--url", "https://robot.example").stdout == first + "\n")
    let japanese = try #require(try added(["tool", "東京 ツール", "--url", "https://tokyo.example"])["slug"] as? String)
    #expect(japanese.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) != nil, "\(japanese)")
    other.remove()
  }

  @Test("a slug given with --slug is used as is, and refused when taken or malformed")
  func givenSlug() throws {
    try outpost.run("init", "--empty")
    #expect(
      try added(["tool", "Anything", "--url", "https://a.example", "--slug", "my-tool"])["slug"] as? String == "my-tool"
    )
    try outpost.expectRefusal(
      ["add", "tool", "Other", "--url", "https://b.example", "--slug", "my-tool"], status: 1,
      "slug 'my-tool' already exists")
    for bad in ["Bad Slug", "-edge", "two--dashes", "café"] {
      try outpost.expectRefusal(
        ["add", "tool", "X", "--url", "https://x.example", "--slug=\(bad)"], status: 64, "slug '\(bad)'")
    }
  }

  @Test("bad URLs are refused with the reason: no scheme, ftp:, no host")
  func badURLs() throws {
    try outpost.run("init")
    try outpost.expectRefusal(
      ["add", "tool", "X", "--url", "example.com"], status: 64, "url 'example.com' is not a valid URL")
    try outpost.expectRefusal(
      ["add", "tool", "X", "--url", "ftp://example.com"], status: 64, "must start with http:// or https://")
    try outpost.expectRefusal(["add", "tool", "X", "--url", "https://"], status: 64, "has no host")
    try outpost.expectRefusal(["add", "tool", "X", "--url", "http:///path"], status: 64, "has no host")
    try outpost.expectRefusal(["add", "story", "X", "--url", "mailto:a@b.example"], status: 64, "http:// or https://")
    try outpost.expectRefusal(["add", "tool", "X"], status: 64, "--url")
  }

  @Test("empty titles and unknown pricing are refused")
  func badTitleAndPricing() throws {
    try outpost.run("init")
    for title in ["", "   ", "\n\t"] {
      try outpost.expectRefusal(["add", "tool", title, "--url", "https://x.example"], status: 64, "the title is empty")
      try outpost.expectRefusal(["add", "story", title], status: 64, "the title is empty")
    }
    try outpost.expectRefusal(
      ["add", "tool", "X", "--url", "https://x.example", "--pricing", "sometimes"], status: 64, "'sometimes'")
    try outpost.expectRefusal(["add", "story", "X", "--pricing", "free"], status: 64, "--pricing")
    try outpost.expectRefusal(
      ["add", "tool", "X", "--url", "https://x.example", "--tag", " ; "], status: 64, "holds no tag")
  }

  @Test("an unknown audience: exit 64, the closest suggested and the valid ones listed, without a usage dump")
  func unknownAudience() throws {
    try outpost.run("init")
    let typo = try outpost.expectRefusal(
      ["add", "tool", "X", "--url", "https://x.example", "--audience", "bloger"], status: 64, "did you mean 'bloggers'?"
    )
    #expect(
      typo.stderr.contains(
        "small-business-owners, bloggers, artists, musicians, entrepreneurs, marketers, writers, researchers"))
    #expect(!typo.stderr.contains("Usage: outpost <subcommand>"))
    let unrelated = try outpost.expectRefusal(
      ["add", "tool", "X", "--url", "https://x.example", "--audience", "podcasters"], status: 64,
      "unknown audience 'podcasters'")
    #expect(!unrelated.stderr.contains("did you mean"))
    #expect(unrelated.stderr.contains("outpost audiences add"))
  }

  @Test("a URL already in the catalog is reported as a likely duplicate, and the tool added all the same")
  func duplicateURL() throws {
    try outpost.run("init")
    let result = try outpost.run("add", "tool", "Chat again", "--url", "http://chatgpt.com")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("likely duplicate"))
    #expect(result.stderr.contains("chatgpt"))
    #expect(try outpost.listedSlugs().contains("chat-again"))
  }

  @Test("add story with numbered sources, a date in each spelling, and related stories")
  func addStory() throws {
    try outpost.run("init", "--empty")
    let first = try added(["story", "First story", "--published", "2024-10-21"])
    #expect(first["published_at"] as? String == "2024-10-21T00:00:00Z")
    #expect(first["pricing"] is NSNull)
    let story = try added([
      "story", "ByteDance fires intern", "--published", "21 Oct 2024", "--description", "Body [1] and [2].",
      "--source", "Ars Technica | Intern fired | https://arstechnica.example/a",
      "--source", " | Second source | ", "--related", "first-story", "--audience", "researchers",
    ])
    #expect(story["published_at"] as? String == "2024-10-21T00:00:00Z")
    #expect(story["related"] as? [String] == ["first-story"])
    #expect(story["source_count"] as? Int == 2)
    let sources = try #require(story["sources"] as? [[String: Any]])
    #expect(sources.map { $0["n"] as? Int } == [1, 2])
    #expect(sources[0]["publisher"] as? String == "Ars Technica")
    #expect(sources[0]["url"] as? String == "https://arstechnica.example/a")
    #expect(sources[1]["publisher"] is NSNull)
    #expect(sources[1]["title"] as? String == "Second source")
    let iso = try added(["story", "Third", "--published", "2024-10-21T18:01:00+02:00"])
    #expect(iso["published_at"] as? String == "2024-10-21T16:01:00Z")
  }

  @Test("add story refuses bad dates, bad sources and unknown related stories")
  func badStories() throws {
    try outpost.run("init")
    for date in ["2024-13-45", "2024-02-30", "yesterday", "21/10/2024"] {
      try outpost.expectRefusal(
        ["add", "story", "S", "--published", date], status: 64, "--published '\(date)' is not a date")
    }
    try outpost.expectRefusal(["add", "story", "S", "--source", "a | b | c | d"], status: 64, "has 4 parts")
    try outpost.expectRefusal(
      ["add", "story", "S", "--source", "Pub |  | https://x.example"], status: 64, "has no title")
    try outpost.expectRefusal(
      ["add", "story", "S", "--source", "Pub | T | ftp://x.example"], status: 64, "--source: url")
    try outpost.expectRefusal(["add", "story", "S", "--related", "chatgpt"], status: 1, "'chatgpt' is a tool")
    let story = try #require(try outpost.listedSlugs(["--kind", "story"]).first)
    try outpost.expectRefusal(
      ["add", "story", "S", "--related", String(story.dropLast())], status: 1, "did you mean '\(story)'")
  }
}
