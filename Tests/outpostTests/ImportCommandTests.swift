import Foundation
import Testing

/// `outpost import` and `outpost export` as a curator uses them: conflicts,
/// dry runs, mapping, options applied to every entry, stdin, delimiters,
/// duplicates and atomic export files.
@Suite("outpost import and export")
struct ImportCommandTests {
  let outpost: OutpostProcess

  init() throws { outpost = try OutpostProcess.withCatalog() }

  /// Adds `alpha` with every field a later import could blank.
  func addAlpha() throws {
    let text = """
      slug,title,url,summary,description,pricing,audiences,tags
      alpha,Alpha,https://alpha.example,Old summary,Old description,free,writers,keep-me
      """
    try outpost.imported(text, as: "alpha.csv")
  }

  // MARK: --on-conflict

  @Test("--on-conflict fail (the default) reports every existing slug and writes nothing")
  func conflictFail() throws {
    try addAlpha()
    _ = outpost.write(
      "slug,title,url\nnew,New,https://new.example\nalpha,A,https://a.example\nalpha-x,X,https://x.example\n",
      to: "in.csv")
    _ = outpost.write("slug,title,url\nalpha,Alpha again,https://alpha.example\n", to: "again.csv")
    try outpost.expectRefused(
      ["again.csv"], at: "again.csv:2", "slug 'alpha' already exists; use --on-conflict skip or update")
    try outpost.expectRefused(["in.csv", "--on-conflict", "fail"], at: "in.csv:3", "slug 'alpha' already exists")
  }

  @Test("--on-conflict skip keeps the existing entry and inserts the rest")
  func conflictSkip() throws {
    try addAlpha()
    _ = outpost.write(
      "slug,title,url,pricing\nalpha,Changed,https://alpha.example,paid\nbeta,Beta,https://beta.example,paid\n",
      to: "in.csv")
    let result = try outpost.run("import", "in.csv", "--on-conflict", "skip")
    #expect(result.status == 0, "\(result)")
    #expect(
      result.stderr.contains("imported 1 new, 0 updated, 0 unchanged, 1 skipped (new: 1 tool, 0 stories)"), "\(result)")
    let entries = try outpost.entriesBySlug()
    #expect(entries["alpha"]?["title"] as? String == "Alpha")
    #expect(entries["alpha"]?["pricing"] as? String == "free")
    #expect(entries["beta"] != nil)
  }

  @Test("--on-conflict update changes only the fields supplied; empty cells and absent columns blank nothing")
  func conflictUpdate() throws {
    try addAlpha()
    _ = outpost.write("slug,title,url,pricing,summary\nalpha,Alpha,https://alpha.example,paid,\n", to: "in.csv")
    let result = try outpost.run("import", "in.csv", "--on-conflict", "update")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("imported 0 new, 1 updated, 0 unchanged, 0 skipped"), "\(result)")
    let alpha = try #require(try outpost.entriesBySlug()["alpha"])
    #expect(alpha["pricing"] as? String == "paid")
    #expect(alpha["summary"] as? String == "Old summary")
    #expect(alpha["description"] as? String == "Old description")
    #expect(alpha["audiences"] as? [String] == ["writers"])
    #expect(alpha["tags"] as? [String] == ["keep-me"])
  }

  @Test("--on-conflict update with --tag and --audience adds them and keeps the entry's own")
  func conflictUpdateAddsCommandLineLists() throws {
    try addAlpha()
    _ = outpost.write("slug,title,url,pricing\nalpha,Alpha,https://alpha.example,paid\n", to: "in.csv")
    let result = try outpost.run(
      "import", "in.csv", "--on-conflict", "update", "--tag", "reviewed", "--audience", "marketers")
    #expect(result.status == 0, "\(result)")
    let alpha = try #require(try outpost.entriesBySlug()["alpha"])
    // "Add this tag to every entry": the tags the file did not mention stay.
    #expect(alpha["tags"] as? [String] == ["keep-me", "reviewed"])
    #expect(alpha["audiences"] as? [String] == ["marketers", "writers"])
  }

  // MARK: --dry-run

  @Test("--dry-run reports inserted, updated and skipped, and writes nothing")
  func dryRun() throws {
    try addAlpha()
    _ = outpost.write(
      "slug,title,url,pricing\nalpha,Alpha,https://alpha.example,paid\nbeta,Beta,https://beta.example,paid\n",
      to: "in.csv")
    let before = try outpost.exported()
    let result = try outpost.run("import", "in.csv", "--on-conflict", "update", "--dry-run")
    #expect(result.status == 0, "\(result)")
    #expect(
      result.stderr.contains(
        "would import 1 new, 1 updated, 0 unchanged, 0 skipped (new: 1 tool, 0 stories); nothing was written (--dry-run)"
      ), "\(result)")
    #expect(try outpost.exported() == before)
    let skip = try outpost.run("import", "in.csv", "--on-conflict", "skip", "--dry-run")
    #expect(
      skip.stderr.contains("would import 1 new, 0 updated, 0 unchanged, 1 skipped (new: 1 tool, 0 stories)"), "\(skip)")
    #expect(try outpost.exported() == before)
    // A dry run with problems reports them like a real run.
    _ = outpost.write("title,url\nBad,nope\n", to: "bad.csv")
    try outpost.expectRefused(["bad.csv", "--dry-run"], at: "bad.csv:2:5: ", "not a valid URL")
  }

  @Test("--dry-run against a catalog that does not exist yet creates nothing")
  func dryRunCreatesNoCatalog() throws {
    let fresh = OutpostProcess()
    _ = fresh.write("title,url\nBeta,https://beta.example\n", to: "in.csv")
    let result = try fresh.run("import", "in.csv", "--dry-run")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("would import 1 new, 0 updated, 0 unchanged, 0 skipped (new: 1 tool, 0 stories)"))
    #expect(!FileManager.default.fileExists(atPath: fresh.catalog))
  }

  // MARK: --map, synonyms, unused columns

  @Test("--map FIELD=COLUMN reads a field from any column; synonyms need none; unused columns are listed")
  func mapAndUnusedColumns() throws {
    _ = outpost.write(
      "tools_names,Link,Category,notes,internal_id\nAlpha,https://alpha.example,Writing,A tool,17\n", to: "in.csv")
    let result = try outpost.run("import", "in.csv", "--map", "title=tools_names", "--map", "summary=NOTES")
    #expect(result.status == 0, "\(result)")
    #expect(
      result.stderr.contains("in.csv: not imported: column internal_id (use --map FIELD=COLUMN to import one)"),
      "\(result)")
    let alpha = try #require(try outpost.entriesBySlug()["alpha"])
    #expect(alpha["url"] as? String == "https://alpha.example")
    #expect(alpha["summary"] as? String == "A tool")
    #expect(alpha["tags"] as? [String] == ["writing"])
  }

  @Test(
    "a bad --map is a usage error (exit 64) that writes nothing",
    arguments: [
      ["--map", "title"], ["--map", "colour=name"], ["--map", "title=nosuch"],
      ["--map", "title=a", "--map", "title=b"],
    ])
  func badMap(arguments: [String]) throws {
    _ = outpost.write("name,link\nAlpha,https://alpha.example\n", to: "in.csv")
    let before = try outpost.exported()
    let result = try outpost.run(["import", "in.csv"] + arguments)
    #expect(result.status == 64, "\(result)")
    #expect(result.stderr.contains("--map"), "\(result)")
    outpost.expectNoLeaks(result)
    #expect(try outpost.exported() == before)
  }

  // MARK: Options for every entry

  @Test("--kind, --audience and --tag apply to every imported entry")
  func optionsApplyToEveryEntry() throws {
    let text = """
      title,url,tags
      One,https://one.example,own
      Two,,
      """
    _ = outpost.write(text + "\n", to: "in.csv")
    let result = try outpost.run(
      "import", "in.csv", "--kind", "story", "--audience", "Small business owners", "--audience", "blogger",
      "--tag", "Hot Stuff")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("imported 2 new, 0 updated, 0 unchanged, 0 skipped (new: 0 tools, 2 stories)"))
    for (slug, entry) in try outpost.entriesBySlug() {
      #expect(entry["kind"] as? String == "story", "\(slug)")
      #expect(entry["audiences"] as? [String] == ["bloggers", "small-business-owners"], "\(slug)")
      #expect((entry["tags"] as? [String])?.contains("hot-stuff") == true, "\(slug)")
    }
    let unknown = try outpost.run("import", "in.csv", "--audience", "painters")
    #expect(unknown.status != 0, "\(unknown)")
    #expect(unknown.stderr.contains("unknown audience 'painters'"), "\(unknown)")
  }

  @Test("--quiet prints nothing but errors, even when it creates the catalog")
  func quiet() throws {
    let fresh = OutpostProcess()
    _ = fresh.write("title,url,extra\nAlpha,https://alpha.example,x\nAlpha 2,https://alpha.example/,y\n", to: "in.csv")
    let result = try fresh.run("import", "in.csv", "--quiet")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.isEmpty, "\(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    _ = fresh.write("title,url\nBad,nope\n", to: "bad.csv")
    let bad = try fresh.run("import", "bad.csv", "--quiet")
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("bad.csv:2:5: "), "\(bad)")
  }

  @Test("when nothing is imported because no column was recognised, the unused columns say why")
  func unusedColumnsExplainAFailure() throws {
    _ = outpost.write("Product,Blurb\nAlpha,x\n", to: "foreign.csv")
    let result = try outpost.expectRefused(["foreign.csv"], at: "foreign.csv:2: ", "title is missing")
    #expect(
      result.stderr.hasSuffix(
        "foreign.csv: not imported: columns Product, Blurb (use --map FIELD=COLUMN to import one)\n"), "\(result)")
    // A thousand unused columns make one readable line.
    let header = ["title", "url"] + (0..<998).map { "c\($0)" }
    let row = ["T", "https://t.example"] + Array(repeating: "v", count: 998)
    _ = outpost.write(header.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n", to: "wide.csv")
    let wide = try outpost.run("import", "wide.csv")
    #expect(wide.status == 0, "\(wide)")
    #expect(
      wide.stderr.contains(
        "columns c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19 and 978 more"),
      "\(wide)")
  }

  @Test(
    "a long import or export on a terminal shows a progress bar; --quiet and pipes never do",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
  func progressBar() throws {
    let rows = (0..<12_000).map { "Tool \($0),https://tool-\($0).example,A tool that does thing \($0)" }
    _ = outpost.write((["title,url,summary"] + rows).joined(separator: "\n") + "\n", to: "many.csv")
    let piped = try outpost.run("import", "many.csv", "--dry-run")
    #expect(piped.status == 0 && !piped.stderr.contains("\r"), "\(piped)")
    // `script` gives the command a terminal; stdout and stderr both come back on it.
    let quiet = try outpost.runShell("exec script -qec \"$0 import many.csv --dry-run --quiet\" /dev/null")
    #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet)")
    // The bar waits a second; the delay is lifted so a fast machine shows it too.
    let shown = try outpost.runShell("exec script -qec \"OUTPOST_PROGRESS_DELAY=0 $0 import many.csv\" /dev/null")
    #expect(shown.status == 0, "\(shown)")
    #expect(shown.stdout.contains("\rimporting ["), "\(shown.stdout.prefix(300))")
    #expect(shown.stdout.contains("imported 12000 new"))
    let export = try outpost.runShell(
      "exec script -qec \"OUTPOST_PROGRESS_DELAY=0 $0 export --format ndjson --output out.ndjson\" /dev/null")
    #expect(export.status == 0, "\(export)")
    #expect(export.stdout.contains("exported 12000 entries to out.ndjson"), "\(export)")
  }

  // MARK: stdin and delimiters

  @Test("import - reads CSV, JSON and NDJSON from stdin, detecting the format")
  func stdin() throws {
    let csv = try outpost.run(["import", "-"], stdin: Data("title;url\nSemi;https://semi.example\n".utf8))
    #expect(csv.status == 0, "\(csv)")
    let json = try outpost.run(
      ["import", "-"], stdin: Data(#"{"tools": [{"name": "Jay", "website": "https://jay.example"}]}"#.utf8))
    #expect(json.status == 0, "\(json)")
    let ndjson = try outpost.run(
      ["import", "-"],
      stdin: Data(
        "{\"title\": \"Nd\", \"url\": \"https://nd.example\"}\n{\"title\": \"Nd2\", \"url\": \"https://nd2.example\"}\n"
          .utf8))
    #expect(ndjson.status == 0, "\(ndjson)")
    #expect(Set(try outpost.entriesBySlug().keys) == ["semi", "jay", "nd", "nd2"])
    let bad = try outpost.run(["import", "-"], stdin: Data("title,url\nBad,nope\n".utf8))
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("stdin:2:5: "), "\(bad)")
  }

  @Test("import - of input longer than the sniffed head reads every byte, in CSV and JSON")
  func longStdin() throws {
    // About 200 KB each: the format is sniffed from the first 64 KB, the rest streams on.
    let rows = (0..<2_000).map { "Tool \($0),https://tool-\($0).example,\"A tool, number \($0), that does a thing\"" }
    let csv = (["title,url,summary"] + rows).joined(separator: "\r\n") + "\r\n"
    #expect(csv.utf8.count > 150_000)
    let fromCSV = try outpost.run(["import", "-"], stdin: Data(csv.utf8))
    #expect(fromCSV.status == 0, "\(fromCSV)")
    #expect(fromCSV.stderr.contains("imported 2000 new"), "\(fromCSV)")
    let objects = (0..<2_000).map {
      #"{"name": "Json \#($0)", "website": "https://json-\#($0).example", "tagline": "\#(String(repeating: "x", count: 60))"}"#
    }
    let fromJSON = try outpost.run(
      ["import", "-"], stdin: Data(("[\n" + objects.joined(separator: ",\n") + "\n]\n").utf8))
    #expect(fromJSON.status == 0, "\(fromJSON)")
    #expect(fromJSON.stderr.contains("imported 2000 new"), "\(fromJSON)")
    // With the format given, the reading thread reads descriptor 0 itself.
    let named =
      (["title,url"] + (0..<3_000).map { "Named \($0),https://named-\($0).example" }).joined(separator: "\n") + "\n"
    let fromNamed = try outpost.run(["import", "-", "--format", "csv"], stdin: Data(named.utf8))
    #expect(fromNamed.status == 0, "\(fromNamed)")
    #expect(fromNamed.stderr.contains("imported 3000 new"), "\(fromNamed)")
    let entries = try outpost.entriesBySlug()
    #expect(entries.count == 7_000)
    #expect(entries["tool-1999"]?["summary"] as? String == "A tool, number 1999, that does a thing")
    #expect(entries["json-1999"]?["summary"] as? String == String(repeating: "x", count: 60))
  }

  @Test("--delimiter overrides the detected one; a bad one is a usage error")
  func delimiter() throws {
    _ = outpost.write("title|url|summary\nPipe|https://pipe.example|a, b; c\n", to: "pipe.txt")
    let result = try outpost.run("import", "pipe.txt", "--format", "csv", "--delimiter", "|")
    #expect(result.status == 0, "\(result)")
    #expect(try outpost.entriesBySlug()["pipe"]?["summary"] as? String == "a, b; c")
    _ = outpost.write("title\turl\nTab\thttps://tab.example\n", to: "tab.tsv")
    #expect(try outpost.run("import", "tab.tsv").status == 0)
    // A comma delimiter forced on a semicolon file gives one column: refused, located.
    _ = outpost.write("title;url\nSemi;https://semi.example\n", to: "semi.csv")
    try outpost.expectRefused(["semi.csv", "--delimiter", ","], at: "semi.csv:2", "title is missing")
    #expect(try outpost.run("import", "semi.csv", "--delimiter", "xx").status == 64)
    #expect(try outpost.run("import", "semi.csv", "--format", "json", "--delimiter", ";").status == 64)
  }

  // MARK: Duplicates

  @Test("likely-duplicate URLs are reported, located, and imported all the same")
  func likelyDuplicates() throws {
    try addAlpha()
    _ = outpost.write(
      "title,url\nAlpha Two,http://www.alpha.example/\nGamma,https://gamma.example\nGamma Again,https://GAMMA.example/\n",
      to: "in.csv")
    let result = try outpost.run("import", "in.csv")
    #expect(result.status == 0, "\(result)")
    #expect(
      result.stderr.contains(
        "in.csv:2: http://www.alpha.example/ is also the url of 'alpha'; likely a duplicate, imported all the same"),
      "\(result)")
    #expect(result.stderr.contains("in.csv:4: https://GAMMA.example/ is also the url of 'gamma'"), "\(result)")
    #expect(result.stderr.contains("imported 3 new"), "\(result)")
    #expect(try outpost.entriesBySlug().count == 4)
  }

  // MARK: export --output

  @Test("export --output writes the file atomically: the same bytes as stdout, no temporary file left")
  func exportToFile() throws {
    try addAlpha()
    for format in ["json", "ndjson", "csv"] {
      let file = "out.\(format)"
      _ = outpost.write("old content", to: file)
      let result = try outpost.run("export", "--format", format, "--output", file)
      #expect(result.status == 0, "\(result)")
      let stdout = try outpost.run("export", "--format", format).stdout
      #expect(String(decoding: try #require(outpost.bytes(file)), as: UTF8.self) == stdout)
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: outpost.folder.path).filter {
      $0.hasSuffix(".tmp")
    }
    #expect(leftovers.isEmpty, "\(leftovers)")
  }

  @Test("a failing export leaves an existing file untouched and no temporary file behind")
  func failingExportKeepsTheFile() throws {
    let seeded = try OutpostProcess.withCatalog(seed: true)
    _ = seeded.write("precious", to: "keep.json")
    // The seed exports to about 70 KB; a 35 KB file-size limit makes the write
    // fail half way (EFBIG, since SIGXFSZ is ignored), after the catalog opened.
    let result = try seeded.runShell("trap '' XFSZ; ulimit -f 70; exec \"$0\" export --output keep.json")
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("cannot write keep.json"), "\(result)")
    #expect(result.stderr.contains("keep.json was left as it was"), "\(result)")
    seeded.expectNoLeaks(result)
    #expect(seeded.bytes("keep.json") == Data("precious".utf8))
    let files = try FileManager.default.contentsOfDirectory(atPath: seeded.folder.path)
    #expect(files.filter { $0.hasSuffix(".tmp") }.isEmpty, "\(files)")
  }

  @Test("export --output naming the catalog itself is refused before anything is written")
  func exportOverTheCatalog() throws {
    let before = outpost.bytes()
    let result = try outpost.run("export", "--output", "outpost.sqlite")
    #expect(result.status == 64, "\(result)")
    #expect(result.stderr.contains("is the catalog itself"), "\(result)")
    #expect(outpost.bytes() == before)
  }
}
