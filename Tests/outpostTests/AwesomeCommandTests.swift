import Foundation
import Testing

/// Issue 12 on the command line: awesome lists imported cleanly, exported as
/// Markdown and read back, and tags typed any way finding the same entries.
@Suite("outpost import/export of awesome lists, and tags typed any way")
struct AwesomeCommandTests {
  static let awesomeList = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("OutpostCoreTests/Fixtures/realdata/awesome-generative-ai/README.md").path

  func json(_ result: OutpostProcess.Result) throws -> [[String: Any]] {
    #expect(result.status == 0, "\(result)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
  }

  @Test("one unreadable item fails the import with its line and what a readable item is; nothing is written")
  func unreadableItem() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    let list = """
      # Tools
      ## Coding
      - [Good](https://good.example) - Fine.
      - [Amazon Q Developer]([https://aws.amazon.com/q/developer/](https://aws.amazon.com/q/developer/))
      """
    outpost.write(list, to: "list.md")
    let result = try outpost.expectRefused(
      ["list.md"], at: "list.md:4:3: item 'Amazon Q Developer'",
      "write it as '- [Amazon Q Developer](https://aws.amazon.com/q/developer/)'")
    #expect(result.stderr.contains("nothing was imported: 1 problem"))
  }

  @Test("sections that are not tools are skipped and named; --section and --skip-section choose others")
  func sections() throws {
    let outpost = try OutpostProcess.withCatalog()
    let imported = try outpost.run("import", Self.awesomeList, "--dry-run")
    #expect(imported.status == 0, "\(imported)")
    #expect(
      imported.stderr.contains(
        "README.md: skipped sections: Contents, Recommended reading, Learning resources, More lists"), "\(imported)")
    let chosen = try outpost.run("import", Self.awesomeList, "--section", "TEXT", "--skip-section", "chatbots")
    #expect(chosen.status == 0, "\(chosen)")
    #expect(chosen.stderr.contains("README.md: skipped sections: Chatbots (--section NAME imports one)"), "\(chosen)")
    let entries = try json(try outpost.run("list", "--format", "json"))
    let tags = entries.compactMap { $0["tags"] as? [String] }
    #expect(!entries.isEmpty && tags.allSatisfy { $0.contains("text") && !$0.contains("chatbots") })
    #expect(!tags.contains { $0.contains("coding") })
  }

  @Test("a section the list does not have is a usage error listing its sections")
  func unknownSection() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    let result = try outpost.run("import", Self.awesomeList, "--section", "Vidoe")
    #expect(result.status == 64, "\(result)")
    #expect(result.stderr.contains("--section 'Vidoe' names no section of"), "\(result)")
    #expect(result.stderr.contains("its sections are: Contents, Recommended reading, Milestones, Text, Models"))
    outpost.write("title,url\nX,https://x.example\n", to: "tools.csv")
    let csv = try outpost.run("import", "tools.csv", "--format", "csv", "--section", "Text")
    #expect(csv.status == 64, "\(csv)")
    #expect(csv.stderr.contains("apply to awesome lists only"))
    let auto = try outpost.run("import", "tools.csv", "--skip-section", "Text")
    #expect(auto.status == 64, "\(auto)")
    #expect(try outpost.listedSlugs(["--tag", "text"]).isEmpty)
  }

  /// Titles, URLs, summaries and tags of `list --format json`, by URL.
  func listedByURL(_ outpost: OutpostProcess, _ db: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for entry in try json(try outpost.run("list", "--db", db, "--format", "json")) {
      guard let url = entry["url"] as? String else { continue }
      let tags = (entry["tags"] as? [String] ?? []).sorted().joined(separator: ",")
      result[url] = "\(entry["title"] ?? "") | \(entry["summary"] ?? "nil") | \(tags)"
    }
    return result
  }

  @Test(
    "the starter catalog and the real awesome list export as Markdown and read back the same", arguments: [true, false])
  func markdownRoundTrip(seed: Bool) throws {
    let outpost = try OutpostProcess.withCatalog(seed: seed)
    if !seed {
      let imported = try outpost.run("import", Self.awesomeList, "--quiet")
      #expect(imported.status == 0, "\(imported)")
    }
    let exported = try outpost.run("export", "--format", "markdown", "-o", "list.md")
    #expect(exported.status == 0, "\(exported)")
    if seed { #expect(exported.stderr.contains("not in the list: 6 stories without a url"), "\(exported)") }
    let imported = try outpost.run("init", "--empty", "--db", "back.sqlite")
    #expect(imported.status == 0, "\(imported)")
    let back = try outpost.run("import", "list.md", "--format", "awesome", "--db", "back.sqlite")
    #expect(back.status == 0, "\(back)")
    #expect(!back.stderr.contains("skipped sections"), "\(back)")
    let before = try listedByURL(outpost, "outpost.sqlite")
    let after = try listedByURL(outpost, "back.sqlite")
    #expect(before.count == (seed ? 48 : 293))
    #expect(after.count == before.count)
    for (url, entry) in before { #expect(after[url] == entry, "\(url)") }
  }

  @Test("--group-by applies to markdown only; --group-by audience makes audience sections")
  func groupBy() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    let refused = try outpost.run("export", "--group-by", "tag")
    #expect(refused.status == 64, "\(refused)")
    let byAudience = try outpost.run("export", "--format", "markdown", "--group-by", "audience")
    #expect(byAudience.status == 0, "\(byAudience)")
    #expect(byAudience.stdout.contains("\n## Small business owners\n"))
    #expect(byAudience.stdout.contains("- [Small business owners](#small-business-owners)"))
  }

  @Test("a tag typed with punctuation, accents or case finds, adds, removes and renames the same tag")
  func tagsTypedAnyWay() throws {
    let outpost = try OutpostProcess.withCatalog()
    #expect(
      try outpost.run(
        "add", "tool", "Quill", "--url", "https://quill.example", "--tag", "Editor's Choice", "--tag", "Café"
      ).status == 0)
    outpost.write("title,url,tags\nInk,https://ink.example,Planning & Development; EDITOR’S choice\n", to: "t.csv")
    #expect(try outpost.run("import", "t.csv").status == 0)
    let names = try json(try outpost.run("tags", "--format", "json")).compactMap { $0["tag"] as? String }
    #expect(Set(names) == ["editors-choice", "cafe", "planning-development"], "\(names)")
    for typed in ["editors-choice", "Editor's Choice", "EDITORS CHOICE", "editor’s-choice"] {
      #expect(try outpost.listedSlugs(["--tag", typed]) == ["ink", "quill"], "\(typed)")
      let exported = try outpost.run("export", "--tag", typed, "--format", "ndjson")
      #expect(exported.stdout.split(separator: "\n").count == 2, "\(typed)")
    }
    let searched = try outpost.run("search", "quill", "--tag", "CAFE")
    #expect(searched.status == 0 && searched.stdout.contains("quill"), "\(searched)")
    #expect(try outpost.run("tag", "ink", "Café!").status == 0)
    #expect(try outpost.listedSlugs(["--tag", "cafe"]) == ["ink", "quill"])
    #expect(try outpost.run("untag", "quill", "CAFÉ").status == 0)
    #expect(try outpost.listedSlugs(["--tag", "cafe"]) == ["ink"])
    #expect(try outpost.run("tags", "rename", "Planning & Development", "Editor's Choice").status == 0)
    #expect(try outpost.listedSlugs(["--tag", "planning-development"]).isEmpty)
    #expect(try outpost.listedSlugs(["--tag", "editors-choice"]) == ["ink", "quill"])
  }
}
