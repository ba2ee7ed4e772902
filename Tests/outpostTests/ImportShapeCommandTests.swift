import Foundation
import Testing

/// What real feeds look like: no kind column, Unix times and RFC 2822 dates,
/// sources under other names, without numbers.
@Suite("outpost import: kinds, dates and sources as feeds write them")
struct ImportShapeCommandTests {
  let outpost: OutpostProcess

  init() throws { outpost = try OutpostProcess.withCatalog() }

  @Test("without a kind, a record with sources, a date or a source count is a story, in JSON and CSV")
  func kindInference() throws {
    let json = #"""
      [{"title": "Story A", "published": "2024-10-21"},
       {"title": "Story B", "sources": [{"title": "A source"}]},
       {"name": "Tool C", "website": "https://c.example"}]
      """#
    _ = outpost.write(json, to: "mixed.json")
    let fromJSON = try outpost.run("import", "mixed.json")
    #expect(fromJSON.status == 0, "\(fromJSON)")
    #expect(fromJSON.stderr.contains("(new: 1 tool, 2 stories)"), "\(fromJSON)")
    let csv = """
      title,url,published_at,source_count
      Story D,,2024-10-21,
      Tool E,https://e.example,,
      Story F,,,3
      """
    _ = outpost.write(csv + "\n", to: "mixed.csv")
    let fromCSV = try outpost.run("import", "mixed.csv")
    #expect(fromCSV.status == 0, "\(fromCSV)")
    let entries = try outpost.entriesBySlug()
    let kinds = entries.mapValues { $0["kind"] as? String ?? "" }
    #expect(
      kinds == [
        "story-a": "story", "story-b": "story", "tool-c": "tool", "story-d": "story", "tool-e": "tool",
        "story-f": "story",
      ])
    #expect(entries["story-f"]?["source_count"] as? Int == 3)
    // A kind the input or the command line gives wins over the guess.
    _ = outpost.write(
      #"[{"title": "Dated tool", "url": "https://d.example", "published": "2024-10-21"}]"#, to: "t.json")
    try outpost.expectRefused(["t.json", "--kind", "tool"], at: "t.json: [0]", "published_at is for stories")
  }

  @Test("Unix times in seconds and milliseconds, as JSON numbers and CSV text, and RFC 2822 dates read in UTC")
  func dates() throws {
    let json = #"""
      [{"title": "Seconds", "published": 1729526460},
       {"title": "Millis", "published_at": 1729526460000},
       {"title": "Mail", "date": "Mon, 21 Oct 2024 18:01:00 +0200"},
       {"title": "Gmt", "published": "Mon, 21 Oct 2024 16:01:00 GMT"}]
      """#
    _ = outpost.write(json, to: "dates.json")
    #expect(try outpost.run("import", "dates.json").status == 0)
    _ = outpost.write("title,published_at\nText seconds,1729526460\nText millis,1729526460000\n", to: "dates.csv")
    #expect(try outpost.run("import", "dates.csv").status == 0)
    let entries = try outpost.entriesBySlug()
    for slug in ["seconds", "millis", "mail", "gmt", "text-seconds", "text-millis"] {
      #expect(entries[slug]?["published_at"] as? String == "2024-10-21T16:01:00Z", "\(slug)")
    }
  }

  @Test(
    "a date that is none is refused with a clear message, and nothing is written",
    arguments: [
      ("2024", "published_at '2024' is a number but no Unix time from 1973 to 5138"),
      ("17295264600000000", "seconds have 9 to 11 digits, milliseconds 12 to 14"),
      ("Tue, 21 Oct 2024 16:01:00 GMT", "is not a date like"),
      ("Mon, 21 Oct 2024 16:01:00 +9900", "is not a date like"),
    ])
  func badDates(date: String, message: String) throws {
    _ = outpost.write("title,url\nKeep,https://keep.example\n", to: "keep.csv")
    #expect(try outpost.run("import", "keep.csv").status == 0)
    _ = outpost.write("title,published_at\nOk,1729526460\nBad,\"\(date)\"\n", to: "bad.csv")
    try outpost.expectRefused(["bad.csv"], at: "bad.csv:3:5: ", message)
  }

  @Test("a story feed with its articles imports with one --map sources=articles")
  func storyFeed() throws {
    let feed = #"""
      {"stories": [{"title": "OpenAI ships a thing", "url": "https://news.example/openai", "published": 1729526460,
        "articles": [
          {"title": "OpenAI ships", "link": "https://reuters.example/a", "source": "Reuters"},
          {"headline": "Ships, says OpenAI", "href": "https://verge.example/b", "site": "The Verge",
           "date": "Mon, 21 Oct 2024 15:00:00 GMT"}]}]}
      """#
    _ = outpost.write(feed, to: "feed.json")
    // Without the map, the articles are named as not imported.
    let unmapped = try outpost.run("import", "feed.json", "--dry-run")
    #expect(unmapped.stderr.contains("not imported: column articles"), "\(unmapped)")
    let result = try outpost.run("import", "feed.json", "--map", "sources=articles")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("imported 1 new, 0 updated, 0 unchanged, 0 skipped (new: 0 tools, 1 story)"))
    let story = try #require(try outpost.entriesBySlug()["openai-ships-a-thing"])
    #expect(story["kind"] as? String == "story")
    #expect(story["published_at"] as? String == "2024-10-21T16:01:00Z")
    #expect(story["source_count"] as? Int == 2)
    let sources = try #require(story["sources"] as? [[String: Any]])
    #expect(sources.map { $0["n"] as? Int } == [1, 2])
    #expect(sources.map { $0["publisher"] as? String } == ["Reuters", "The Verge"])
    #expect(sources.map { $0["url"] as? String } == ["https://reuters.example/a", "https://verge.example/b"])
    #expect(sources.map { $0["title"] as? String } == ["OpenAI ships", "Ships, says OpenAI"])
    #expect(sources[1]["published_at"] as? String == "2024-10-21T15:00:00Z")
  }

  @Test("inside sources: given numbers are kept, and two names for one field or an unknown one are refused")
  func sourceFields() throws {
    let numbered = #"[{"title": "S", "sources": [{"n": 2, "name": "Two"}, {"n": 1, "name": "One"}]}]"#
    _ = outpost.write(numbered, to: "numbered.json")
    #expect(try outpost.run("import", "numbered.json").status == 0)
    let sources = try #require(try outpost.entriesBySlug()["s"]?["sources"] as? [[String: Any]])
    #expect(sources.map { $0["title"] as? String } == ["One", "Two"])
    _ = outpost.write(
      #"[{"title": "T", "sources": [{"title": "A", "url": "https://a.example", "link": "https://b.example"}]}]"#,
      to: "both.json")
    try outpost.expectRefused(["both.json"], at: "both.json: [0].sources", "'url' and 'link' both give url; keep one")
    _ = outpost.write(#"[{"title": "T", "sources": [{"title": "A", "colour": "red"}]}]"#, to: "unknown.json")
    try outpost.expectRefused(["unknown.json"], at: "unknown.json: [0].sources", "unknown field 'colour'")
    _ = outpost.write(#"[{"title": "T", "sources": [{"title": "A", "date": "soon"}]}]"#, to: "date.json")
    try outpost.expectRefused(
      ["date.json"], at: "date.json: [0].sources", "sources[0].published_at 'soon' is not a date")
  }
}
