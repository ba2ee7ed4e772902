import Foundation
import Testing

/// Issue 13's examples, end to end, on a catalog built here: searches that
/// find what the user means, totals, suggestions and whole slugs.
@Suite("outpost search and lookups that find what the user means")
struct SearchLookupCommandTests {
  let outpost = OutpostProcess()
  static let story = "bytedance-tiktoks-parent-company-is-suing-a-former-intern"

  /// Three entries saying "newsletters", two tagged job-search, 21 about travel, one long story slug.
  func build() throws {
    var rows = ["kind,slug,title,url,summary,tags,audiences"]
    for index in 1...3 {
      rows.append("tool,letters-\(index),Letters \(index),https://l\(index).example,Writes newsletters,email,writers")
    }
    rows.append("tool,hunter,Hunter,https://hunter.example,Finds openings,job-search,small-business-owners")
    rows.append("tool,resume-kit,Resume Kit,https://resume.example,Polishes a CV,job-search,marketers")
    for index in 1...21 {
      rows.append("tool,trip-\(index),Trip \(index),https://t\(index).example,Travelling planner \(index),travel,")
    }
    rows.append(
      "story,\(Self.story),\"ByteDance, TikTok's parent company, is suing a former intern\",,"
        + "A former intern is sued for sabotage,ai-safety,researchers")
    let path = outpost.write(rows.joined(separator: "\n") + "\n", to: "catalog.csv")
    try outpost.run("init", "--empty")
    let imported = try outpost.run("import", path)
    #expect(imported.status == 0, "\(imported)")
  }

  func found(_ arguments: [String]) throws -> [String] {
    let result = try outpost.run(["search"] + arguments + ["--format", "json"])
    #expect(result.status == 0, "\(result)")
    let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    return entries.compactMap { $0["slug"] as? String }
  }

  @Test("search newsletter finds the entries saying newsletters; \"job search\" the entries tagged job-search")
  func stems() throws {
    try build()
    #expect(try found(["newsletter"]).sorted() == ["letters-1", "letters-2", "letters-3"])
    #expect(try found(["job search"]).sorted() == ["hunter", "resume-kit"])
    #expect(try found(["\"job search\""]).sorted() == ["hunter", "resume-kit"])
    #expect(try found(["travel", "--limit", "100"]).count == 21)
  }

  @Test("the footer tells the true total; json stays a bare array")
  func totals() throws {
    try build()
    let table = try outpost.run("search", "travel*")
    #expect(table.status == 0)
    #expect(outputLines(table.stdout).last == "20 of 21 matches; --limit or --offset for more", "\(table)")
    #expect(outputLines(table.stdout).count == 22)
    let next = try outpost.run("search", "travel*", "--offset", "20")
    #expect(outputLines(next.stdout).last == "21 of 21 matches", "\(next)")
    let all = try outpost.run("search", "newsletter")
    #expect(outputLines(all.stdout).last == "3 matches")
    let json = try outpost.run("search", "travel*", "--format", "json")
    let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(array.count == 20)
    #expect(!json.stdout.contains("matches"))
    let list = try outpost.run("list", "--tag", "travel", "--limit", "5")
    #expect(outputLines(list.stdout).last == "5 of 21 entries; --limit or --offset for more", "\(list)")
    let whole = try outpost.run("list", "--tag", "travel")
    #expect(outputLines(whole.stdout).last == "21 entries")
    #expect(
      try outpost.run("search", "travel*", "--limit", "0").stdout == "none shown (--limit 0); 21 matches in all\n")
  }

  @Test("an unknown audience or tag gets a did you mean")
  func suggestions() throws {
    try build()
    try outpost.expectRefusal(["list", "--audience", "marketting"], status: 64, "did you mean 'marketers'?")
    try outpost.expectRefusal(
      ["search", "kit", "--audience", "small business"], status: 64, "did you mean 'small-business-owners'?")
    let tag = try outpost.run("list", "--tag", "jobsearch")
    #expect(tag.status == 0)
    #expect(tag.stdout == "no entries match\n")
    #expect(tag.stderr.contains("no tag 'jobsearch'; did you mean 'job-search'?"), "\(tag)")
    let known = try outpost.run("list", "--tag", "job-search")
    #expect(known.stderr.isEmpty, "\(known)")
    let far = try outpost.run("search", "planner", "--tag", "zzzz")
    #expect(far.stderr.contains("no tag 'zzzz'; `outpost tags` lists them"), "\(far)")
    try outpost.expectRefusal(["tags", "rename", "jobsearch", "careers"], status: 1, "did you mean 'job-search'?")
    try outpost.expectRefusal(["show", "hunterr"], status: 1, "did you mean 'hunter'?")
  }

  @Test("a story slug is never cut at 80 columns, in list and in search", arguments: [80, 60, 40])
  func wholeSlugs(columns: Int) throws {
    try build()
    for command in [
      ["list"], ["list", "--kind", "story"], ["search", "intern"], ["search", "former intern sabotage"],
    ] {
      let result = try outpost.run(command, environment: ["COLUMNS": String(columns)])
      #expect(result.status == 0)
      #expect(result.stdout.contains(Self.story), "\(command) at \(columns): \(result.stdout)")
      for line in outputLines(result.stdout) where !line.contains(Self.story) {
        #expect(displayWidth(line) <= columns, "\(command) at \(columns): '\(line)'")
      }
    }
    let table = outputLines(try outpost.run(["list", "--kind", "story"], environment: ["COLUMNS": "80"]).stdout)
    #expect(table.first?.hasPrefix("SLUG") == true, "80 columns still hold a table: \(table)")
  }

  @Test("matches are bold on a terminal, plain with NO_COLOR or through a pipe")
  func highlight() throws {
    try build()
    let piped = try outpost.run("search", "sabotage")
    #expect(!hasEscapes(piped.stdout))
    #expect(piped.stdout.contains("sabotage"))
    guard OutpostProcess.scriptTool != nil else { return }
    let terminal = try outpost.runOnTerminal(["search", "sabotage"])
    #expect(terminal.stdout.contains("\u{1B}[1msabotage\u{1B}[22m"), "\(terminal)")
    let plain = try outpost.runOnTerminal(["search", "sabotage"], environment: ["NO_COLOR": "1"])
    #expect(!hasEscapes(plain.stdout))
  }
}
