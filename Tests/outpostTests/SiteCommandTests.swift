import Foundation
import Testing

/// `outpost site` and `outpost site templates` as a user runs them.
@Suite("outpost site")
struct SiteCommandTests {
  let outpost = OutpostProcess()

  func hashes(_ folder: String) -> [String: Data] {
    let site = URL(fileURLWithPath: outpost.path(folder))
    return Dictionary(
      uniqueKeysWithValues: SiteFixture.files(in: site).map {
        ($0, FileManager.default.contents(atPath: site.appendingPathComponent($0).path)!)
      })
  }

  @Test("site DIR builds the site and says what it wrote; --quiet says nothing")
  func build() throws {
    try outpost.run("init")
    let result = try outpost.run("site", "public")
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.contains("files in public for 54 entries"), "\(result)")
    #expect(FileManager.default.fileExists(atPath: outpost.path("public/index.html")))
    let again = try outpost.run("site", "public")
    let files = try #require(again.stdout.split(separator: " ").first.flatMap { Int($0) }, "\(again)")
    #expect(again.stdout.contains(": 0 written, \(files) unchanged, 0 removed"), "\(again)")
    let quiet = try outpost.run("site", "public", "--quiet")
    #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet)")
  }

  @Test("after an edit only the pages showing the entry change; a removed entry's page is gone")
  func incremental() throws {
    try outpost.run("init")
    try outpost.run("site", "public")
    let before = hashes("public")
    let tool = try #require(try outpost.listedSlugs(["--kind", "tool"]).first)
    let gone = try #require(try outpost.listedSlugs(["--kind", "tool"]).last)
    #expect(try outpost.run("edit", tool, "--title", "Zyxwv Edited Title").status == 0)
    let result = try outpost.run("site", "public")
    #expect(result.status == 0, "\(result)")
    let after = hashes("public")
    let changed = Set(after.keys.filter { before[$0] != after[$0] })
    let showing = Set(after.keys.filter { String(decoding: after[$0]!, as: UTF8.self).contains("Zyxwv Edited Title") })
    #expect(!showing.isEmpty && showing.isSubset(of: changed))
    let unexplained = changed.subtracting(showing).filter { !$0.hasPrefix("search/t-") && $0 != "search/index.js" }
    #expect(unexplained.isEmpty, "changed without showing the entry: \(unexplained.sorted())")
    #expect(try outpost.run("remove", gone, "--yes").status == 0)
    try outpost.run("site", "public")
    #expect(!FileManager.default.fileExists(atPath: outpost.path("public/tools/\(gone).html")))
    let remaining = hashes("public")
    #expect(!remaining.values.contains { String(decoding: $0, as: UTF8.self).contains("tools/\(gone).html") })
  }

  @Test("a folder holding files it did not make is refused, and left as it was")
  func foreignFolder() throws {
    try outpost.run("init")
    try FileManager.default.createDirectory(atPath: outpost.path("mine"), withIntermediateDirectories: true)
    _ = outpost.write("my notes", to: "mine/notes.txt")
    let result = try outpost.run("site", "mine")
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("is not empty and was not made by `outpost site`"), "\(result)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: outpost.path("mine")) == ["notes.txt"])
    outpost.expectNoTrace(result)
    _ = outpost.write("a file", to: "afile")
    let file = try outpost.run("site", "afile")
    #expect(file.status == 1 && file.stderr.contains("is a file"), "\(file)")
  }

  @Test("bad options are usage errors")
  func usage() throws {
    try outpost.run("init")
    let url = try outpost.run("site", "public", "--base-url", "ftp://example.org/")
    #expect(url.status == 64 && url.stderr.contains("--base-url 'ftp://example.org/' is not an http or https URL"))
    let audience = try outpost.run("site", "public", "--audience", "musicans")
    #expect(audience.status == 64, "\(audience)")
    #expect(!FileManager.default.fileExists(atPath: outpost.path("public")))
  }

  @Test("site templates DIR writes the defaults; edited, they change the site through --templates")
  func templates() throws {
    try outpost.run("init")
    let written = try outpost.run("site", "templates", "mine")
    #expect(written.status == 0, "\(written)")
    let layout = outpost.path("mine/layout.mustache")
    let text = try String(contentsOfFile: layout, encoding: .utf8)
    try text.replacingOccurrences(of: "Made with Outpost", with: "Curated by Zed").write(
      toFile: layout, atomically: true, encoding: .utf8)
    let built = try outpost.run("site", "public", "--templates", "mine")
    #expect(built.status == 0, "\(built)")
    let home = try String(contentsOfFile: outpost.path("public/index.html"), encoding: .utf8)
    #expect(home.contains("Curated by Zed"))
    let again = try outpost.run("site", "templates", "mine")
    #expect(again.status == 1 && again.stderr.contains("already exists"), "\(again)")
    let missing = try outpost.run("site", "other", "--templates", "nowhere")
    #expect(missing.status == 1 && missing.stderr.contains("is not a folder"), "\(missing)")
  }

  @Test("a terminal sees a progress bar")
  func progress() throws {
    try outpost.run("init")
    let result = try outpost.runOnTerminal(["site", "public"], environment: ["OUTPOST_PROGRESS_DELAY": "0"])
    #expect(result.stdout.contains("site ["), "\(result)")
  }
}
