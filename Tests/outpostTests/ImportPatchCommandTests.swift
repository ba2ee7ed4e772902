import Foundation
import Testing

/// `--on-conflict update` as a patch: a row that names an existing entry
/// changes only what it supplies, needs nothing a new entry needs, and a
/// row that changes nothing is counted as unchanged and keeps `updated_at`.
@Suite("outpost import: patches")
struct ImportPatchCommandTests {
  let outpost: OutpostProcess

  init() throws { outpost = try OutpostProcess.withCatalog() }

  /// A curated tool and story, dated 2020 so that a write would show.
  func addCurated() throws {
    let text = """
      kind,slug,title,url,summary,description,pricing,published_at,audiences,tags,updated_at
      tool,tool-5,Tool Five,https://five.example,Old summary,Curated description,paid,,writers,curated,2020-01-01
      story,story-1,Story One,,Story summary,Story body,,2024-10-21,,news,2020-01-01
      """
    try outpost.imported(text, as: "curated.csv")
  }

  @Test("a patch of three columns changes one field, with update; fail names the conflict, skip skips it")
  func threeColumnPatch() throws {
    try addCurated()
    let patch = "kind,slug,summary\ntool,tool-5,A new summary\n"
    _ = outpost.write(patch, to: "patch.csv")
    // Not "title is missing": the row names an entry, and the fix is a flag.
    try outpost.expectRefused(
      ["patch.csv"], at: "patch.csv:2: ", "slug 'tool-5' already exists; use --on-conflict skip or update")
    let before = try outpost.exported()
    let skip = try outpost.run("import", "patch.csv", "--on-conflict", "skip")
    #expect(skip.stderr.contains("imported 0 new, 0 updated, 0 unchanged, 1 skipped"), "\(skip)")
    let dry = try outpost.run("import", "patch.csv", "--on-conflict", "update", "--dry-run")
    #expect(dry.stderr.contains("would import 0 new, 1 updated, 0 unchanged, 0 skipped"), "\(dry)")
    #expect(try outpost.exported() == before)
    // As the issue typed it: printf 'kind,slug,summary\n…' | outpost import - --on-conflict update
    let result = try outpost.run(["import", "-", "--on-conflict", "update"], stdin: Data(patch.utf8))
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("imported 0 new, 1 updated, 0 unchanged, 0 skipped (new: 0 tools, 0 stories)"))
    let tool = try #require(try outpost.entriesBySlug()["tool-5"])
    #expect(tool["summary"] as? String == "A new summary")
    #expect(tool["title"] as? String == "Tool Five")
    #expect(tool["url"] as? String == "https://five.example")
    #expect(tool["description"] as? String == "Curated description")
    #expect(tool["pricing"] as? String == "paid")
    #expect(tool["audiences"] as? [String] == ["writers"])
    #expect(tool["tags"] as? [String] == ["curated"])
    #expect(tool["updated_at"] as? String != "2020-01-01T00:00:00Z")
  }

  @Test("a patch naming no entry is a new entry and needs what one needs; with --dry-run too")
  func patchOfNothing() throws {
    try addCurated()
    _ = outpost.write("kind,slug,summary\ntool,tool-6,A summary\n", to: "patch.csv")
    try outpost.expectRefused(
      ["patch.csv", "--on-conflict", "update"], at: "patch.csv:2: ", "title is missing; every entry needs one")
    try outpost.expectRefused(
      ["patch.csv", "--on-conflict", "update", "--dry-run"], at: "patch.csv:2: ", "title is missing")
    _ = outpost.write("slug,title\ntool-6,Tool Six\n", to: "nourl.csv")
    try outpost.expectRefused(
      ["nourl.csv", "--on-conflict", "update"], at: "nourl.csv:2: ", "url is missing; a tool needs one")
  }

  @Test("a patch without a kind keeps the entry's kind, and the rules are checked on the entry as it will be")
  func patchKeepsKind() throws {
    try addCurated()
    _ = outpost.write("slug,summary\nstory-1,A sharper summary\n", to: "story.csv")
    let result = try outpost.run("import", "story.csv", "--on-conflict", "update")
    #expect(result.status == 0, "\(result)")
    let story = try #require(try outpost.entriesBySlug()["story-1"])
    #expect(story["kind"] as? String == "story")
    #expect(story["summary"] as? String == "A sharper summary")
    _ = outpost.write("slug,pricing\nstory-1,paid\n", to: "priced.csv")
    try outpost.expectRefused(
      ["priced.csv", "--on-conflict", "update"], at: "priced.csv:2: ", "pricing is for tools; a story has none")
  }

  @Test("an identical re-import reports 0 updated and keeps updated_at; a real change moves it")
  func unchangedRows() throws {
    try addCurated()
    // The same rows without their updated_at column: nothing they supply differs.
    let text = """
      kind,slug,title,url,summary,description,pricing,published_at,audiences,tags
      tool,tool-5,Tool Five,https://five.example,Old summary,Curated description,paid,,writers,curated
      story,story-1,Story One,,Story summary,Story body,,2024-10-21,,news
      """
    _ = outpost.write(text + "\n", to: "same.csv")
    let before = try outpost.exported()
    let again = try outpost.run("import", "same.csv", "--on-conflict", "update")
    #expect(again.status == 0, "\(again)")
    #expect(again.stderr.contains("imported 0 new, 0 updated, 2 unchanged, 0 skipped"), "\(again)")
    #expect(try outpost.exported() == before)
    // An export imported back is unchanged too, stories and sources included.
    let exported = outpost.write(before, to: "export.ndjson")
    let back = try outpost.run("import", exported, "--on-conflict", "update")
    #expect(back.stderr.contains("imported 0 new, 0 updated, 2 unchanged, 0 skipped"), "\(back)")
    #expect(try outpost.exported() == before)
    // One changed cell: one updated, one unchanged, and only the changed entry's updated_at moves.
    _ = outpost.write(text.replacingOccurrences(of: "Story summary", with: "New story summary") + "\n", to: "one.csv")
    let one = try outpost.run("import", "one.csv", "--on-conflict", "update")
    #expect(one.stderr.contains("imported 0 new, 1 updated, 1 unchanged, 0 skipped"), "\(one)")
    let entries = try outpost.entriesBySlug()
    #expect(entries["tool-5"]?["updated_at"] as? String == "2020-01-01T00:00:00Z")
    #expect(entries["story-1"]?["updated_at"] as? String != "2020-01-01T00:00:00Z")
  }

  @Test("an awesome list updates the tools it lists without touching pricing or the description")
  func awesomeUpdate() throws {
    _ = outpost.write(
      "title,url,summary,description,pricing,audiences\nTool Six,https://six.example,Old,Curated description,paid,writers\n",
      to: "six.csv")
    #expect(try outpost.run("import", "six.csv").status == 0)
    let list = """
      # Awesome Tools

      ## Writing

      - [Tool Six](https://six.example) - A summary from the list.
      """
    _ = outpost.write(list + "\n", to: "README.md")
    let result = try outpost.run("import", "README.md", "--on-conflict", "update")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("imported 0 new, 1 updated, 0 unchanged, 0 skipped"), "\(result)")
    let tool = try #require(try outpost.entriesBySlug()["tool-six"])
    #expect(tool["pricing"] as? String == "paid")
    #expect(tool["description"] as? String == "Curated description")
    #expect(tool["audiences"] as? [String] == ["writers"])
    #expect((tool["summary"] as? String)?.hasPrefix("A summary from the list") == true, "\(tool)")
    #expect(tool["tags"] as? [String] == ["writing"])
    let again = try outpost.run("import", "README.md", "--on-conflict", "update")
    #expect(again.stderr.contains("imported 0 new, 0 updated, 1 unchanged, 0 skipped"), "\(again)")
  }

  @Test("with --match url an awesome list updates a curated tool whose slug is not its name's")
  func awesomeUpdateByURL() throws {
    try addCurated()
    _ = outpost.write("# Awesome\n\n## Video\n\n- [Tool 5](https://www.five.example/) - Listed.\n", to: "README.md")
    let result = try outpost.run("import", "README.md", "--match", "url", "--on-conflict", "update")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("imported 0 new, 1 updated, 0 unchanged, 0 skipped"), "\(result)")
    let entries = try outpost.entriesBySlug()
    #expect(entries.count == 2)
    #expect(entries["tool-5"]?["pricing"] as? String == "paid")
    #expect(entries["tool-5"]?["description"] as? String == "Curated description")
    #expect(entries["tool-5"]?["tags"] as? [String] == ["video"])
  }
}
