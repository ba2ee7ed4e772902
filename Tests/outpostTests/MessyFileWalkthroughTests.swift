import Foundation
import Testing

/// README's "Importing a messy file", command for command, on the file it
/// uses: each step's advice is what the step before it printed.
@Suite("README: importing a messy file")
struct MessyFileWalkthroughTests {
  let outpost = OutpostProcess()
  static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("OutpostCoreTests/Fixtures/messy/scraped-tools.csv").path

  @Test("the errors name the flags; with them the good rows import and the bad one goes to a file to fix")
  func walkthrough() throws {
    #expect(try outpost.run("init", "--empty").status == 0)
    let first = try outpost.run("import", Self.file)
    #expect(first.status == 1, "\(first)")
    #expect(first.stderr.contains("title is missing on 8 rows (lines 2, 3, 4, …)"), "\(first)")
    #expect(first.stderr.contains("try --map title=tools_names"), "\(first)")
    #expect(first.stderr.contains("pricing 'Visit Site' is not one of"), "\(first)")
    #expect(try outpost.listedSlugs([]).isEmpty, "nothing imported")

    let mapped = try outpost.run("import", Self.file, "--map", "title=tools_names", "--map", "url=urls")
    #expect(mapped.status == 1, "\(mapped)")
    #expect(mapped.stderr.contains("scraped-tools.csv:6:6: url 'htps://tome.app/'"), "\(mapped)")
    #expect(mapped.stderr.contains("on 2 rows (lines 4, 8)"), "\(mapped)")

    let flags = ["--map", "title=tools_names", "--map", "url=urls", "--value", "pricing:*=unknown"]
    let partial = try outpost.run(["import", Self.file] + flags + ["--rejects", "fix-me.csv"])
    #expect(partial.status == 0, "\(partial)")
    #expect(partial.stderr.contains("imported 7 new, 0 updated, 0 unchanged, 0 skipped"), "\(partial)")
    #expect(partial.stderr.contains("1 row refused, written to fix-me.csv"), "\(partial)")

    let sed = try outpost.launch("/bin/sed", ["-i", "s|htps://|https://|", "fix-me.csv"])
    #expect(sed.status == 0, "\(sed)")
    let rest = try outpost.run(["import", "fix-me.csv"] + flags)
    #expect(rest.status == 0, "\(rest)")
    #expect(rest.stderr.contains("imported 1 new"), "\(rest)")

    #expect(try outpost.listedSlugs([]).count == 8)
    #expect(try outpost.listedSlugs(["--tag", "Editor's Choice"]).sorted() == ["jasper", "runway", "suno"])
    let notion = try outpost.run("show", "notion-ai")
    #expect(notion.stdout.contains("pricing: unknown"), "\(notion)")
    #expect(notion.stdout.contains("planning-development"), "\(notion)")
  }
}
