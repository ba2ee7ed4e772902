import Foundation
import OutpostCore
import Testing

/// `search` and `stats`, end to end.
@Suite("outpost search and stats")
struct SearchCommandTests {
  let outpost = OutpostProcess()

  func found(_ arguments: [String]) throws -> [String] {
    let result = try outpost.run(["search"] + arguments + ["--format", "json"])
    #expect(result.status == 0, "\(result)")
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    return entries.compactMap { $0["slug"] as? String }
  }

  @Test(
    "whatever is typed is safe: exit 0, no FTS error",
    arguments: [
      "C++", "\"unbalanced", "AND", "-", "*", "NEAR(", "OR NOT", "title:music", "^x", "\"\"", "a\"b\"c", "(((", "'",
      "💥",
      "NEAR(music generation, 2)", "music AND", "-music", "col:*",
    ])
  func hostileQueries(query: String) throws {
    try outpost.run("init")
    for format in ["table", "json"] {
      let result = try outpost.run("search", query, "--format", format)
      #expect(result.status == 0, "\(query): \(result)")
      #expect(result.stderr.isEmpty, "\(query): \(result)")
      outpost.expectNoTrace(result)
      #expect(!result.stdout.lowercased().contains("syntax error"))
      #expect(!result.stdout.lowercased().contains("fts5"))
    }
  }

  @Test("words are ANDed, a quoted phrase is a phrase, word* a prefix; operators are just words")
  func querySemantics() throws {
    try outpost.run("init", "--empty")
    try outpost.run(
      "add", "tool", "Alpha", "--url", "https://a.example", "--summary", "Turns speech into text for podcasts.")
    try outpost.run(
      "add", "tool", "Beta", "--url", "https://b.example", "--summary", "Text into speech, and podcasts AND more.")
    try outpost.run("add", "tool", "Gamma", "--url", "https://c.example", "--summary", "Transcribes interviews.")
    #expect(Set(try found(["speech podcasts"])) == ["alpha", "beta"])
    #expect(try found(["\"speech into text\""]) == ["alpha"])
    #expect(try found(["transcri*"]) == ["gamma"])
    #expect(try found(["transcri"]).isEmpty)
    #expect(try found(["AND more"]) == ["beta"])
    #expect(try found(["\"speech into"]) == ["alpha"], "an unbalanced quote opens a phrase to the end")
  }

  @Test("the title weighs most: a title match ranks above a match in the body")
  func ranking() throws {
    try outpost.run("init", "--empty")
    try outpost.run(
      "add", "tool", "Helper", "--url", "https://h.example", "--description",
      "Works well with Midjourney prompts and Midjourney styles.")
    try outpost.run("add", "tool", "Midjourney", "--url", "https://m.example", "--summary", "Images from prompts.")
    #expect(try found(["midjourney"]) == ["midjourney", "helper"])
  }

  @Test("story sources' titles and excerpts are searched too")
  func sources() throws {
    try outpost.run("init", "--empty")
    try outpost.run(
      "add", "story", "Plain headline", "--source", "Daily Planet | Zeppelin sightings soar | https://planet.example/z")
    #expect(try found(["zeppelin"]) == ["plain-headline"])
  }

  @Test("filters combine with the query, --limit cuts, and the table shows a snippet around the match")
  func filtersAndSnippet() throws {
    try outpost.run("init")
    let musicians = try found(["music", "--audience", "musicians"])
    let everyone = try found(["music", "--limit", "100"])
    #expect(!musicians.isEmpty && musicians.count < everyone.count)
    let audiences = try outpost.listed(["--audience", "musicians"]).compactMap { $0["slug"] as? String }
    #expect(Set(musicians).isSubset(of: Set(audiences)))
    #expect(try found(["music", "--limit", "2"]) == Array(everyone.prefix(2)))
    #expect(try found(["music", "--limit", "2", "--offset", "1"]) == Array(everyone[1...2]))
    let story = try found(["intern", "--kind", "story"])
    #expect(!story.isEmpty)
    #expect(try found(["intern", "--kind", "tool"]).isEmpty)
    let table = try outpost.run(["search", "intern"], environment: ["COLUMNS": "100"])
    #expect(table.stdout.hasPrefix("SLUG"))
    #expect(table.stdout.contains("MATCH"))
    let rows = outputLines(table.stdout).dropFirst().dropLast()
    #expect(!rows.isEmpty)
    for row in rows { #expect(row.lowercased().contains("intern"), "no match shown in '\(row)'") }
    #expect(outputLines(table.stdout).last == "\(rows.count) match\(rows.count == 1 ? "" : "es")")
    try outpost.expectRefusal(["search", "music", "--audience", "musican"], status: 64, "did you mean 'musicians'?")
    try outpost.expectRefusal(["search", "music", "--limit=-3"], status: 64, "--limit must be 0 or more")
    try outpost.expectRefusal(["search"], status: 64, "query")
  }

  @Test("no match, or nothing searchable, says so and exits 0")
  func nothingFound() throws {
    try outpost.run("init")
    let none = try outpost.run("search", "xylophonist")
    #expect(none.status == 0)
    #expect(none.stdout == "no entries match 'xylophonist'\n")
    let symbols = try outpost.run("search", "*")
    #expect(symbols.stdout.contains("holds no word"))
    #expect(
      try outpost.run("search", "-", "--format", "json").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
  }

  @Test("stats counts by kind and audience, the top tags and the newest entries, as the entries say")
  func stats() throws {
    try outpost.run("init")
    try outpost.run("add", "tool", "Newest tool", "--url", "https://newest.example", "--tag", "quote\"d")
    let entries = try outpost.listed()
    let result = try outpost.run("stats", "--format", "json")
    #expect(result.status == 0, "\(result)")
    let stats = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(stats["entries"] as? Int == entries.count)
    let byKind = try #require(stats["by_kind"] as? [String: Int])
    #expect(byKind["tool"] == entries.filter { $0["kind"] as? String == "tool" }.count)
    #expect(byKind["story"] == entries.filter { $0["kind"] as? String == "story" }.count)
    let byAudience = try #require(stats["by_audience"] as? [String: Int])
    #expect(
      byAudience["writers"] == entries.filter { ($0["audiences"] as? [String])?.contains("writers") == true }.count)
    #expect(byAudience.count == 8)
    let topTags = try #require(stats["top_tags"] as? [String: Int])
    #expect(topTags.count == 10)
    let writing = entries.filter { ($0["tags"] as? [String])?.contains("writing") == true }.count
    #expect(topTags["writing"] == writing)
    let newest = try #require(stats["newest"] as? [[String: Any]])
    #expect(newest.contains { $0["slug"] as? String == "newest-tool" })
    let text = try outpost.run("stats")
    #expect(text.stdout.hasPrefix("\(entries.count) entries: \(byKind["tool"]!) tools, \(byKind["story"]!) stories\n"))
    for heading in ["By audience", "Top tags", "Newest"] { #expect(text.stdout.contains(heading)) }
    #expect(text.stdout.contains("newest-tool"))
    // Names are escaped in every JSON report: a tag holding a quote still parses.
    // Typed, the quote folds away (`quote-d`); a catalog written by another
    // SQLite client can still hold one, as here.
    #expect(try outpost.listedSlugs(["--tag", "quote-d"]) == ["newest-tool"])
    let (catalog, _) = try Catalog.open(at: outpost.catalog, options: CatalogOpenOptions(forWriting: true))
    try catalog.retag("newest-tool", tags: ["quote\"d"], audiences: [], remove: false)
    let tags = try outpost.run("tags", "--format", "json").stdout
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(tags.utf8)) as? [[String: Any]])
    #expect(rows.contains { $0["tag"] as? String == "quote\"d" })
  }

  @Test("stats of an empty catalog")
  func emptyStats() throws {
    try outpost.run("init", "--empty")
    let text = try outpost.run("stats")
    #expect(text.stdout.hasPrefix("0 entries: 0 tools, 0 stories\n"))
    let json = try outpost.run("stats", "--format", "json")
    let stats = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(stats["entries"] as? Int == 0)
    #expect((stats["newest"] as? [Any])?.isEmpty == true)
  }
}
