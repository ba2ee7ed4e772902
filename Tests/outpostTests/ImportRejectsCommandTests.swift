import Foundation
import Testing

/// `outpost import --rejects FILE` as a curator uses it on a messy file: the
/// good rows now, the bad ones in FILE to mend (here with the real `sed`)
/// and import, after which the catalog is what a clean file would have made.
@Suite("outpost import --rejects")
struct ImportRejectsCommandTests {
  let outpost: OutpostProcess

  init() throws { outpost = try OutpostProcess.withCatalog() }

  static let stamps = "2024-05-01T10:00:00Z"

  /// Runs the real `sed -i` with `expressions` on `name`.
  func sed(_ expressions: [String], _ name: String) throws {
    let result = try outpost.launch("/usr/bin/sed", ["-i"] + expressions.flatMap { ["-e", $0] } + [outpost.path(name)])
    #expect(result.status == 0, "\(result)")
  }

  /// The NDJSON export of a new empty catalog into which `name` was imported.
  func cleanImport(of name: String) throws -> String {
    let database = "clean-\(UUID().uuidString).sqlite"
    #expect(try outpost.run("--db", database, "init", "--empty").status == 0)
    let imported = try outpost.run("import", name, "--db", database)
    #expect(imported.status == 0, "\(imported)")
    return try outpost.run("export", "--format", "ndjson", "--db", database).stdout
  }

  /// Imports the messy file `name` with `--rejects`, mends the rejects file
  /// and a copy of `name` with `fixes`, imports the first, and expects the
  /// catalog to equal a clean import of the second. Returns the rejects text.
  @discardableResult
  func roundTrip(_ name: String, rejects: String, refused: Int, imported: Int, fixes: [String]) throws -> String {
    let first = try outpost.run("import", name, "--rejects", rejects)
    #expect(first.status == 0, "\(first)")
    let tools = "\(imported) tool\(imported == 1 ? "" : "s")"
    #expect(
      first.stderr.contains(
        "imported \(imported) new, 0 updated, 0 unchanged, 0 skipped (new: \(tools), 0 stories); \(refused) rows refused, "
          + "written to \(rejects)"
      ), "\(first)")
    outpost.expectNoLeaks(first)
    let text = try String(contentsOfFile: outpost.path(rejects), encoding: .utf8)
    let fixed = "fixed-" + name
    try FileManager.default.copyItem(atPath: outpost.path(name), toPath: outpost.path(fixed))
    try sed(fixes, rejects)
    try sed(fixes, fixed)
    let second = try outpost.run("import", rejects)
    #expect(second.status == 0, "\(second)")
    #expect(try outpost.exported() == (try cleanImport(of: fixed)))
    return text
  }

  @Test("CSV: refused rows keep the header, the delimiter and their cells; mended with sed they complete the import")
  func csvRoundTrip() throws {
    let stamps = "\(Self.stamps);\(Self.stamps)"
    let rows = [
      "slug;title;url;pricing;tags;added_at;updated_at",
      "alpha;Alpha;https://alpha.example;free;writing;\(stamps)",
      "beta;Beta;htps://beta.example;paid;images;\(stamps)",
      "gamma;\"Gamma; pro\";https://gamma.example;sometimes;;\(stamps)",
      "delta;\"Delta; the tool\";https://delta.example;freemium;video;\(stamps)",
      "eps;;https://eps.example;free;;\(stamps)",
    ]
    _ = outpost.write(rows.joined(separator: "\r\n") + "\r\n", to: "messy.csv")
    let text = try roundTrip(
      "messy.csv", rejects: "rej.csv", refused: 3, imported: 2,
      fixes: ["s#htps://#https://#", "s/;sometimes;/;paid;/", "s/^eps;;/eps;Epsilon;/"])
    #expect(
      text == """
        slug;title;url;pricing;tags;added_at;updated_at;error\r
        beta;Beta;htps://beta.example;paid;images;\(stamps);url 'htps://beta.example' must start with http:// or https://\r
        gamma;"Gamma; pro";https://gamma.example;sometimes;;\(stamps);pricing 'sometimes' is not one of free, freemium, paid, contact, unknown\r
        eps;;https://eps.example;free;;\(stamps);"title is missing; every entry needs one"\r

        """)
    #expect(try outpost.entriesBySlug().keys.sorted() == ["alpha", "beta", "delta", "eps", "gamma"])
  }

  @Test("JSON: an object holding the array gives a plain array of the refused objects, each with its error")
  func jsonRoundTrip() throws {
    func tool(_ slug: String, _ title: String, _ url: String, _ pricing: String) -> String {
      #"    {"slug": "\#(slug)", "title": "\#(title)", "url": "\#(url)", "pricing": "\#(pricing)", "#
        + #""added_at": "\#(Self.stamps)", "updated_at": "\#(Self.stamps)"}"#
    }
    let tools = [
      tool("alpha", "Alpha", "https://alpha.example", "free"), tool("beta", "Beta", "htps://beta.example", "paid"),
      tool("gamma", "Gamma", "https://gamma.example", "sometimes"), tool("eps", "", "https://eps.example", "free"),
    ]
    _ = outpost.write(
      "{\"name\": \"mine\", \"tools\": [\n" + tools.joined(separator: ",\n") + "\n]}\n", to: "messy.json")
    let text = try roundTrip(
      "messy.json", rejects: "rej.json", refused: 3, imported: 1,
      fixes: ["s#htps://#https://#g", "s/\"sometimes\"/\"paid\"/g", "s/\"title\": \"\"/\"title\": \"Epsilon\"/"])
    #expect(text.hasPrefix("[\n  {\"error\": \"url 'htps://beta.example' must start with http:// or https://\", "))
    #expect(text.hasSuffix("\"updated_at\": \"\(Self.stamps)\"}\n]\n"))
  }

  @Test("NDJSON: a line that is not JSON goes back as written, the reason inside its brace")
  func ndjsonRoundTrip() throws {
    let stamps = #""added_at": "\#(Self.stamps)", "updated_at": "\#(Self.stamps)""#
    let lines = [
      #"{"slug": "alpha", "title": "Alpha", "url": "https://alpha.example", \#(stamps)}"#,
      #"{"slug": "beta", "title": "Beta", "url": "https://beta.example",, \#(stamps)}"#,
      #"{"slug": "gamma", "title": "Gamma", "url": "https://gamma.example", "pricing": "sometimes", \#(stamps)}"#,
    ]
    _ = outpost.write(lines.joined(separator: "\n") + "\n", to: "messy.ndjson")
    let text = try roundTrip(
      "messy.ndjson", rejects: "rej.ndjson", refused: 2, imported: 1,
      fixes: ["s/\\.example\",,/.example\",/", "s/sometimes/paid/g"])
    let written = text.split(separator: "\n")
    #expect(written.count == 2)
    #expect(
      written[0].hasPrefix("{\"error\": \"") && written[0].hasSuffix(#""url": "https://beta.example",, \#(stamps)}"#))
    #expect(
      written[1].hasPrefix(
        #"{"error": "pricing 'sometimes' is not one of free, freemium, paid, contact, unknown", "slug": "gamma""#))
  }

  @Test("awesome: refused items go back under their headings, so their tags survive the mending")
  func awesomeRoundTrip() throws {
    let list = """
      # Awesome AI

      ## Writing

      - [Scribe](https://scribe.example) - Writes.
      - [Quill](ftp://quill.example) - Old link.

      ## Images
      ### Painting

      - [Brush](//brush.example) - No scheme.
      - [Canvas](https://canvas.example) - Paints.

      """
    _ = outpost.write(list, to: "list.md")
    let first = try outpost.run("import", "list.md", "--rejects", "rej.md")
    #expect(first.status == 0, "\(first)")
    #expect(first.stderr.contains("; 2 rows refused, written to rej.md"), "\(first)")
    let text = try String(contentsOfFile: outpost.path("rej.md"), encoding: .utf8)
    #expect(text.contains("## Images\n### Painting\n\n<!-- error: item 'Brush': url '//brush.example' has no scheme"))
    let fixes = ["s#(ftp://#(https://#", "s#(//brush#(https://brush#"]
    try FileManager.default.copyItem(atPath: outpost.path("list.md"), toPath: outpost.path("fixed.md"))
    try sed(fixes, "rej.md")
    try sed(fixes, "fixed.md")
    #expect(try outpost.run("import", "rej.md").status == 0)
    // Awesome items carry no dates: compare all but when they were added.
    func undated(_ export: String) throws -> [String] {
      try export.split(separator: "\n").map { line in
        var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        object["added_at"] = nil
        object["updated_at"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
      }
    }
    let mended = try undated(try outpost.exported())
    #expect(mended == (try undated(try cleanImport(of: "fixed.md"))))
    #expect(mended.contains { $0.contains("\"slug\":\"brush\"") && $0.contains("\"tags\":[\"images\",\"painting\"]") })
  }

  @Test("--dry-run writes the rejects file and nothing to the catalog")
  func dryRun() throws {
    _ = outpost.write("title,url\nGood,https://good.example\nBad,nope\n", to: "in.csv")
    let before = try outpost.exported()
    let result = try outpost.run("import", "in.csv", "--rejects", "rej.csv", "--dry-run")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("in.csv:3:5: url 'nope' is not a valid URL"), "\(result)")
    #expect(
      result.stderr.contains(
        "would import 1 new, 0 updated, 0 unchanged, 0 skipped (new: 1 tool, 0 stories); 1 row refused, written to rej.csv"
      ),
      "\(result)")
    #expect(try outpost.exported() == before)
    #expect(FileManager.default.fileExists(atPath: outpost.path("rej.csv")))
  }

  @Test("nothing refused: no rejects file, and one left by an earlier import is removed; all refused still exits 0")
  func nothingOrEverythingRefused() throws {
    _ = outpost.write("title,url\nBad,nope\n", to: "bad.csv")
    let all = try outpost.run("import", "bad.csv", "--rejects", "rej.csv")
    #expect(all.status == 0, "\(all)")
    #expect(
      all.stderr.contains("imported 0 new, 0 updated, 0 unchanged, 0 skipped (new: 0 tools, 0 stories); 1 row refused"),
      "\(all)")
    _ = outpost.write("title,url\nGood,https://good.example\n", to: "good.csv")
    let clean = try outpost.run("import", "good.csv", "--rejects", "rej.csv")
    #expect(clean.status == 0, "\(clean)")
    #expect(clean.stderr.contains("; no rows refused, removed the earlier rej.csv"), "\(clean)")
    #expect(!FileManager.default.fileExists(atPath: outpost.path("rej.csv")))
    _ = outpost.write("title,url\nOther,https://other.example\n", to: "other.csv")
    let again = try outpost.run("import", "other.csv", "--rejects", "rej.csv")
    #expect(again.stderr.contains("; no rows refused, rej.csv not written"), "\(again)")
    let quiet = try outpost.run("import", "bad.csv", "--rejects", "rej.csv", "--quiet")
    #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet)")
  }

  @Test("refused up front, the catalog and the input unchanged: stdout, the input itself, a story page, no folder")
  func refusedRejectsFiles() throws {
    _ = outpost.write("title,url\nGood,https://good.example\nBad,nope\n", to: "in.csv")
    let input = try String(contentsOfFile: outpost.path("in.csv"), encoding: .utf8)
    try outpost.expectRefused(["in.csv", "--rejects", "-"], at: "Error: ", "(stdout) is not one", status: 64)
    try outpost.expectRefused(
      ["in.csv", "--rejects", "./in.csv"], at: "Error: --rejects ./in.csv is the file being imported", "", status: 64)
    try outpost.expectRefused(
      ["in.csv", "--rejects", "outpost.sqlite"], at: "Error: ", "is the catalog itself", status: 64)
    #expect(try String(contentsOfFile: outpost.path("in.csv"), encoding: .utf8) == input)
    let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("OutpostCoreTests/Fixtures/outpost-page-bytedance.txt").path
    try outpost.expectRefused(
      [page, "--rejects", "rej.txt"], at: "Error: --rejects applies to", "a page is one story", status: 64)
    try outpost.expectRefused(
      ["in.csv", "--format", "outpost-page", "--rejects", "rej.txt"], at: "Error: ", "not --format outpost-page",
      status: 64)
    try outpost.expectRefused(["in.csv", "--rejects", "no/such/rej.csv"], at: "Error: ", "there is no folder")
  }

  @Test("a problem that is not about a row still fails the whole import, and no rejects file is written")
  func rowlessProblemFails() throws {
    _ = outpost.write("title,url\nGood,https://good.example\nBad,nope\n\"Open,https://open.example\n", to: "cut.csv")
    try outpost.expectRefused(["cut.csv", "--rejects", "rej.csv"], at: "cut.csv:3:5: ", "cut.csv:4:1: quoted field")
    #expect(!FileManager.default.fileExists(atPath: outpost.path("rej.csv")))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: outpost.folder.path).filter {
      $0.hasSuffix(".tmp")
    }
    #expect(leftovers.isEmpty)
  }
}
