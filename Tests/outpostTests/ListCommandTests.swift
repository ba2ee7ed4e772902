import Foundation
import Testing

/// `list`: FILTERS with DESIGN's semantics, sort, limit, offset, the four
/// formats, tables that fit the terminal, and colour only where it belongs.
@Suite("outpost list")
struct ListCommandTests {
  let outpost = OutpostProcess()

  /// Slugs of `entries` for which `keep` holds, sorted.
  func slugs(_ entries: [[String: Any]], where keep: ([String: Any]) -> Bool) -> [String] {
    entries.filter(keep).compactMap { $0["slug"] as? String }.sorted()
  }

  func audiences(_ entry: [String: Any]) -> Set<String> { Set((entry["audiences"] as? [String]) ?? []) }

  @Test("--audience bloggers --audience marketers matches either; with --all, both; the sets differ and are right")
  func audienceAnyAndAll() throws {
    try outpost.run("init")
    let all = try outpost.listed()
    let either = slugs(all) { !audiences($0).isDisjoint(with: ["bloggers", "marketers"]) }
    let both = slugs(all) { audiences($0).isSuperset(of: ["bloggers", "marketers"]) }
    #expect(!both.isEmpty && both.count < either.count, "the seed should tell any from all")
    #expect(try outpost.listedSlugs(["--audience", "bloggers", "--audience", "marketers"]).sorted() == either)
    #expect(try outpost.listedSlugs(["--audience", "bloggers", "--audience", "marketers", "--all"]).sorted() == both)
    let table = try outpost.run("list", "--audience", "bloggers", "--audience", "marketers", "--all")
    #expect(table.stdout.hasSuffix("\(both.count) entries\n"), "\(table)")
  }

  @Test(
    "audiences are understood by name, any case, singular or plural",
    arguments: [
      (["blogger"], "bloggers"), (["Small business owners"], "small-business-owners"), (["RESEARCHER"], "researchers"),
      (["small-business-owner"], "small-business-owners"),
    ])
  func audienceSpellings(typed: [String], slug: String) throws {
    try outpost.run("init")
    let expected = slugs(try outpost.listed()) { audiences($0).contains(slug) }
    #expect(!expected.isEmpty)
    #expect(try outpost.listedSlugs(typed.flatMap { ["--audience", $0] }).sorted() == expected)
  }

  @Test("different flags combine with AND; tags follow the same any/all rule")
  func combined() throws {
    try outpost.run("init")
    let all = try outpost.listed()
    func tags(_ entry: [String: Any]) -> Set<String> { Set((entry["tags"] as? [String]) ?? []) }
    let storiesForResearchers = slugs(all) { $0["kind"] as? String == "story" && audiences($0).contains("researchers") }
    #expect(
      try outpost.listedSlugs(["--kind", "story", "--audience", "researchers"]).sorted() == storiesForResearchers)
    let anyTag = slugs(all) { !tags($0).isDisjoint(with: ["music", "video"]) }
    let allTags = slugs(all) { tags($0).isSuperset(of: ["writing", "research"]) }
    #expect(try outpost.listedSlugs(["--tag", "music", "--tag", "Video"]).sorted() == anyTag)
    #expect(try outpost.listedSlugs(["--tag", "writing", "--tag", "research", "--all"]).sorted() == allTags)
    let mixed = slugs(all) {
      $0["kind"] as? String == "tool" && audiences($0).contains("writers") && tags($0).contains("research")
    }
    #expect(try outpost.listedSlugs(["--kind", "tool", "--audience", "writer", "--tag", "research"]).sorted() == mixed)
    #expect(try outpost.listed().count == all.count, "list with no filter lists everything")
  }

  @Test("--since and --until read a story's date; a date alone as --until covers that whole day")
  func dates() throws {
    try outpost.run("init", "--empty")
    try outpost.run("add", "story", "Early", "--published", "2024-10-20T23:00:00Z")
    try outpost.run("add", "story", "Afternoon", "--published", "2024-10-21T16:01:00Z")
    try outpost.run("add", "story", "Late", "--published", "2024-11-02")
    #expect(try outpost.listedSlugs(["--since", "2024-10-21", "--until", "2024-10-21"]) == ["afternoon"])
    #expect(try outpost.listedSlugs(["--until", "21 Oct 2024", "--sort", "newest"]) == ["afternoon", "early"])
    #expect(try outpost.listedSlugs(["--until", "2024-10-21T16:00:00Z"]) == ["early"])
    #expect(try outpost.listedSlugs(["--since", "2024-10-22T00:00:00+02:00"]) == ["late"])
    try outpost.expectRefusal(["list", "--since", "last week"], status: 64, "--since 'last week' is not a date")
    try outpost.expectRefusal(["list", "--until", "2024-02-30"], status: 64, "is not a date")
    try outpost.expectRefusal(
      ["list", "--since", "2024-11-01", "--until", "2024-10-01"], status: 64, "is after --until")
  }

  @Test("--sort title, newest and added; --limit and --offset page through the same order")
  func sortAndPage() throws {
    try outpost.run("init")
    let byTitle = try outpost.listed(["--sort", "title"])
    let titles = byTitle.compactMap { ($0["title"] as? String)?.lowercased() }
    #expect(titles == titles.sorted())
    let newest = try outpost.listed(["--sort", "newest"])
    let dates = newest.compactMap { ($0["published_at"] as? String) ?? ($0["added_at"] as? String) }
    #expect(dates == dates.sorted(by: >))
    try outpost.run("add", "tool", "Brand new", "--url", "https://brand-new.example")
    let added = try outpost.listed(["--sort", "added"])
    let stamps = added.compactMap { $0["added_at"] as? String }
    #expect(stamps == stamps.sorted(by: >))
    let latest = try #require(stamps.max())
    #expect(added.contains { $0["slug"] as? String == "brand-new" && $0["added_at"] as? String == latest })
    let all = try outpost.listedSlugs()
    #expect(try outpost.listedSlugs(["--limit", "5", "--offset", "3"]) == Array(all[3..<8]))
    #expect(try outpost.listedSlugs(["--offset", String(all.count - 2)]) == Array(all.suffix(2)))
    #expect(try outpost.listedSlugs(["--limit", "0"]).isEmpty)
    #expect(try outpost.run("list", "--limit", "0").stdout == "none shown (--limit 0)\n")
    #expect(try outpost.run("list", "--tag", "no-such-tag").stdout == "no entries match\n")
    let page = try outpost.run("list", "--limit", "5", "--offset", "3")
    #expect(page.stdout.hasSuffix("4–8 of \(all.count) entries; --offset 8 for more\n"), "\(page)")
    let lastPage = try outpost.run("list", "--limit", "5", "--offset", String(all.count - 2))
    #expect(lastPage.stdout.hasSuffix("\(all.count - 1)–\(all.count) of \(all.count) entries\n"), "\(lastPage)")
    let exact = try outpost.run("list", "--limit", String(all.count))
    #expect(exact.stdout.hasSuffix("\n\(all.count) entries\n"), "a full last page says no more follow: \(exact)")
    let past = try outpost.run("list", "--offset", "1000")
    #expect(past.status == 0)
    #expect(past.stdout.contains("no entries past --offset 1000"))
    try outpost.expectRefusal(["list", "--limit=-1"], status: 64, "--limit must be 0 or more")
    try outpost.expectRefusal(["list", "--offset=-2"], status: 64, "--offset must be 0 or more")
    try outpost.expectRefusal(["list", "--sort", "popular"], status: 64, "'popular'")
    try outpost.expectRefusal(["list", "--kind", "tools"], status: 64, "'tools'")
    try outpost.expectRefusal(["list", "--audience", "podcasters"], status: 64, "unknown audience 'podcasters'")
  }

  @Test("json, ndjson and csv parse and hold the same entries as the filter selects")
  func formats() throws {
    try outpost.run("init")
    let filter = ["--audience", "musicians", "--sort", "title"]
    let json = try outpost.listedSlugs(filter)
    #expect(!json.isEmpty)
    let ndjson = try outpost.run(["list", "--format", "ndjson"] + filter).stdout
    let ndjsonSlugs = try outputLines(ndjson).map { line in
      try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["slug"] as? String
    }
    #expect(ndjsonSlugs == json)
    let csv = try outpost.run(["list", "--format", "csv"] + filter).stdout
    let rows = csvRows(csv)
    #expect(
      rows.first == [
        "kind", "slug", "title", "url", "summary", "description", "pricing", "published_at", "audiences", "tags",
        "related", "sources", "source_count", "added_at", "updated_at",
      ])
    #expect(rows.dropFirst().allSatisfy { $0.count == 15 })
    #expect(rows.dropFirst().map { $0[1] } == json)
    #expect(rows.dropFirst().allSatisfy { $0[8].split(separator: ";").contains("musicians") })
    let empty = try outpost.run("list", "--format", "json", "--tag", "no-such-tag")
    #expect(empty.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
  }

  @Test("the table fits COLUMNS, counted in display columns, CJK and emoji included", arguments: [20, 40, 60, 80, 200])
  func tableFits(columns: Int) throws {
    try outpost.run("init")
    try outpost.run(
      "add", "tool", "日本語のとても長いツールの名前です、とても長い 🤖🎨 emoji ❤️", "--url", "https://jp.example", "--audience", "artists")
    try outpost.run(
      "add", "tool", "Ze\u{0301}\u{0301}ro-width marks and a long, long, long, long title", "--url", "https://z.example"
    )
    let result = try outpost.run(["list"], environment: ["COLUMNS": String(columns)])
    #expect(result.status == 0)
    let shown = outputLines(result.stdout)
    #expect(shown.count >= 56)
    // A slug is never cut: one wider than the terminal stands whole on its own line.
    let slugs = Set(try outpost.listedSlugs())
    for line in shown where !slugs.contains(line) {
      #expect(displayWidth(line) <= columns, "\(columns): '\(line)' is \(displayWidth(line)) wide")
    }
    if columns <= 60 { #expect(shown.contains { $0.contains("…") }, "a narrow table cuts with …") }
    if columns >= 200 { #expect(shown.contains { $0.contains("日本語のとても長いツールの名前です") }) }
  }

  @Test("without COLUMNS and without a terminal the table is 80 wide")
  func defaultWidth() throws {
    try outpost.run("init")
    let shown = outputLines(try outpost.run("list").stdout)
    #expect(shown.map(displayWidth).max() == 80)
  }

  @Test("slugs are never cut, at any width; a slug cut elsewhere and typed back is completed", arguments: [50, 80])
  func slugsWhole(columns: Int) throws {
    try outpost.run("init")
    let stories = try outpost.listedSlugs(["--kind", "story"])
    let output = try outpost.run(["list", "--kind", "story"], environment: ["COLUMNS": String(columns)]).stdout
    for slug in stories { #expect(outputLines(output).contains { $0.hasPrefix(slug) }, "\(slug) in \(output)") }
    for slug in stories {
      let cut = TextWidthForTests.middle(slug, 15)
      try outpost.expectRefusal(["show", cut], status: 1, "did you mean '\(slug)'?")
    }
  }

  @Test("colour: none on a pipe or with NO_COLOR; bold headers on a terminal otherwise")
  func colour() throws {
    try outpost.run("init")
    for command in [["list"], ["show", "chatgpt"], ["stats"], ["search", "music"], ["tags"]] {
      let piped = try outpost.run(command, environment: ["NO_COLOR": ""])
      #expect(piped.status == 0)
      #expect(!hasEscapes(piped.stdout + piped.stderr), "\(command) coloured a pipe")
      guard OutpostProcess.scriptTool != nil else { continue }
      let plain = try outpost.runOnTerminal(command, environment: ["NO_COLOR": "1"])
      #expect(!hasEscapes(plain.stdout), "\(command) ignored NO_COLOR: \(plain)")
      let coloured = try outpost.runOnTerminal(command)
      #expect(hasEscapes(coloured.stdout), "\(command) shows no colour on a terminal: \(coloured)")
    }
  }
}

/// Cuts a slug in the middle as older versions' tables did, to show such a
/// slug typed back is still completed.
enum TextWidthForTests {
  static func middle(_ slug: String, _ width: Int) -> String {
    let head = (width - 1 + 1) / 2
    let tail = width - 1 - head
    return String(slug.prefix(head)) + "…" + String(slug.suffix(tail))
  }
}
