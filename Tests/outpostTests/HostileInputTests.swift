import Foundation
import Testing

/// DESIGN's Bad input, through the built binary: every malformed file ends in
/// a located message, exit 1, no trace or SQL, and a catalog left as it was.
@Suite("outpost import: hostile input")
struct HostileInputTests {
  let outpost: OutpostProcess
  static let header = "kind,slug,title,url,pricing,audiences"

  init() throws { outpost = try OutpostProcess.withCatalog(seed: true) }

  func csv(_ name: String, _ rows: String...) -> String {
    outpost.write(([Self.header] + rows).joined(separator: "\n") + "\n", to: name)
  }

  @Test("a UTF-8 BOM, CRLF line ends and quoted newlines, commas and quotes import")
  func bomCRLFAndQuotedNewlines() throws {
    let text =
      "\u{FEFF}title,url,summary\r\n\"Multi\r\nLine, Tool\",https://multi.example/,\"He said \"\"hi\"\"\r\nthen left\"\r\n"
    _ = outpost.write(text, to: "bom.csv")
    let result = try outpost.run("import", "bom.csv")
    #expect(result.status == 0, "\(result)")
    outpost.expectNoLeaks(result)
    let entry = try #require(try outpost.entriesBySlug()["multi-line-tool"])
    #expect(entry["title"] as? String == "Multi\r\nLine, Tool")
    #expect(entry["summary"] as? String == "He said \"hi\"\r\nthen left")
    #expect(entry["url"] as? String == "https://multi.example/")
  }

  @Test("extra and missing cells are both reported, each at its row")
  func extraAndMissingCells() throws {
    _ = csv("cells.csv", "tool,a,A,https://a.example,free,writers,extra", "tool,b,B,https://b.example")
    let result = try outpost.expectRefused(
      ["cells.csv"], at: "cells.csv:2:41: ", "row has 7 cells but the header has 6 (extra cells)")
    #expect(result.stderr.contains("cells.csv:3: row has 4 cells but the header has 6 (missing cells)"))
    #expect(result.stderr.contains("nothing was imported: 2 problems"))
  }

  @Test("an unclosed quote is located at the quote that opens it")
  func unclosedQuote() throws {
    _ = csv("unclosed.csv", "tool,a,\"A,https://a.example,free,writers", "tool,b,B,https://b.example,free,writers")
    try outpost.expectRefused(["unclosed.csv"], at: "unclosed.csv:2:8: ", "never closed")
  }

  @Test("an empty file, and a header alone")
  func emptyAndHeaderOnly() throws {
    _ = outpost.write("", to: "empty.csv")
    try outpost.expectRefused(["empty.csv"], at: "empty.csv:1: ", "file is empty")
    _ = outpost.write("", to: "empty.json")
    try outpost.expectRefused(["empty.json"], at: "empty.json:1:1: ", "file is empty")
    _ = csv("header.csv")
    try outpost.expectRefused(["header.csv"], at: "header.csv:2: ", "header row but no entries")
  }

  @Test("invalid UTF-8 and a NUL byte are located at their byte")
  func invalidBytes() throws {
    let badUTF8 =
      Data((Self.header + "\ntool,a,A").utf8) + Data([0xFF, 0xFE]) + Data(",https://a.example,free,writers\n".utf8)
    _ = outpost.write(badUTF8, to: "utf8.csv")
    try outpost.expectRefused(["utf8.csv"], at: "utf8.csv:2:9: ", "invalid UTF-8 byte 0xFF")
    let nul = Data((Self.header + "\ntool,a,A").utf8) + Data([0]) + Data("B,https://a.example,free,writers\n".utf8)
    _ = outpost.write(nul, to: "nul.csv")
    try outpost.expectRefused(["nul.csv"], at: "nul.csv:2:9: ", "NUL byte")
    // The whole-text formats locate a bad byte too.
    _ = outpost.write(
      Data("# List\n\n- [A](https://a.example) - fine\n- [B](https://b".utf8) + Data([0xC3]) + Data("\n".utf8),
      to: "list.md")
    try outpost.expectRefused(["list.md"], at: "list.md:4:", "not valid UTF-8")
  }

  @Test("a 10 MB field and a 1 000-column row are refused without running out of memory")
  func hugeFieldAndWideRow() throws {
    _ = csv("big.csv", "tool,a," + String(repeating: "x", count: 10_000_000) + ",https://a.example,free,writers")
    try outpost.expectRefused(["big.csv"], at: "big.csv:2:8: ", "longer than 1 MiB")
    _ = csv("wide.csv", Array(repeating: "tool", count: 1_000).joined(separator: ","))
    try outpost.expectRefused(["wide.csv"], at: "wide.csv:2:31: ", "row has 1000 cells")
  }

  @Test("a slug given twice in one file")
  func duplicateSlugs() throws {
    _ = csv("dups.csv", "tool,same,A,https://a.example,free,writers", "tool,same,B,https://b.example,free,writers")
    try outpost.expectRefused(["dups.csv"], at: "dups.csv:3", "slug 'same' appears twice in this input")
  }

  @Test("unknown audiences suggest the closest and list the valid ones")
  func unknownAudiences() throws {
    _ = csv("aud.csv", "tool,a,A,https://a.example,free,bloggerz;painters")
    let result = try outpost.expectRefused(
      ["aud.csv"], at: "aud.csv:2:33: ", "unknown audience 'bloggerz'; did you mean 'bloggers'?")
    #expect(result.stderr.contains("unknown audience 'painters'"))
    #expect(result.stderr.contains("small-business-owners"))
  }

  @Test("bad URLs and pricing are all reported at their cells")
  func badURLsAndPricing() throws {
    _ = csv(
      "bad.csv", "tool,a,A,ftp://a.example,sometimes,writers", "tool,b,B,not a url,free,writers",
      "tool,c,C,,free,writers")
    let result = try outpost.expectRefused(["bad.csv"], at: "bad.csv:2:10: ", "must start with http:// or https://")
    #expect(
      result.stderr.contains("bad.csv:2:26: pricing 'sometimes' is not one of free, freemium, paid, contact, unknown"))
    #expect(result.stderr.contains("bad.csv:3:10: url 'not a url' is not a valid URL"))
    #expect(result.stderr.contains("bad.csv:4: url is missing; a tool needs one"))
    #expect(result.stderr.contains("nothing was imported: 4 problems"))
  }

  @Test("JSON: scalars in the array, a scalar alone, an object with no array, broken syntax")
  func badJSON() throws {
    _ = outpost.write(#"[1, "two", null, {"title": "T", "url": "https://t.example"}]"#, to: "scalars.json")
    let scalars = try outpost.expectRefused(
      ["scalars.json"], at: "scalars.json: [0]: ", "expected an object, found a number")
    #expect(scalars.stderr.contains("scalars.json: [2]: expected an object, found null"))
    _ = outpost.write("42\n", to: "scalar.json")
    try outpost.expectRefused(["scalar.json"], at: "scalar.json:1:1: ", "expected a JSON array of entries")
    _ = outpost.write(#"{"title": "T", "url": "https://t.example"}"#, to: "noarray.json")
    try outpost.expectRefused(["noarray.json"], at: "noarray.json:1:1: ", "an object with no array of entries")
    _ = outpost.write(
      "[{\"title\": \"T\", \"url\": \"https://t.example\"},\n {\"title\": \"U\" \"url\": 1}]", to: "broken.json")
    try outpost.expectRefused(["broken.json"], at: "broken.json:2:16: ", "is a comma missing?")
    _ = outpost.write(
      #"[{"title": "T", "url": "https://t.example", "pricing": "sometimes", "tags": 3}]"#, to: "fields.json")
    let fields = try outpost.expectRefused(["fields.json"], at: "fields.json: [0].pricing: ", "pricing 'sometimes'")
    #expect(fields.stderr.contains("fields.json: [0].tags: tags should be a list, found a number"))
    _ = outpost.write(#"[{"title": "T", "url": "https://t.example", "Title": "U"}]"#, to: "twice.json")
    try outpost.expectRefused(["twice.json"], at: "twice.json: [0].Title: ", "key 'Title' is the same as 'title'")
  }

  @Test("NDJSON: a bad line is located, and the lines after it are still checked")
  func badNDJSONLine() throws {
    let text = #"""
      {"title": "T", "url": "https://t.example"}
      {"title": oops}
      {"title": "V", "url": "https://v.example", "pricing": "sometimes"}
      """#
    _ = outpost.write(text + "\n", to: "bad.ndjson")
    let result = try outpost.expectRefused(["bad.ndjson"], at: "bad.ndjson:2:11: ", "'oops' is not a JSON value")
    #expect(result.stderr.contains("bad.ndjson:3"), "\(result)")
  }

  @Test(
    "300 KB of random bytes, read as every format",
    arguments: ["auto", "csv", "json", "ndjson", "outpost-page", "awesome"])
  func randomBytes(format: String) throws {
    var generator = SplitMix64(seed: 2024)
    let bytes = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    _ = outpost.write(Data(bytes), to: "random.bin")
    try outpost.expectRefused(["random.bin", "--format", format], at: "random.bin:", "")
  }

  @Test(
    "random printable text is refused with a located message in every format",
    arguments: ["csv", "json", "ndjson", "outpost-page", "awesome"])
  func randomText(format: String) throws {
    var generator = SplitMix64(seed: 7)
    let alphabet = Array("abc ,;\"\t\n\r[]{}:#-*()0123456789é東")
    let text = String((0..<300_000).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    _ = outpost.write(text, to: "noise.txt")
    try outpost.expectRefused(["noise.txt", "--format", format], at: "noise.txt:", "")
  }

  @Test("a bad row after 150 good ones leaves nothing behind: one transaction")
  func oneTransaction() throws {
    let rows = (1...150).map { "tool,good-\($0),Good \($0),https://good-\($0).example,free,writers" }
    _ = outpost.write(
      ([Self.header] + rows + ["tool,bad,Bad,https://bad.example,sometimes,writers"]).joined(separator: "\n") + "\n",
      to: "late.csv")
    try outpost.expectRefused(["late.csv"], at: "late.csv:152:", "pricing 'sometimes'")
  }

  @Test("more than 20 problems: the first 20, then '… and N more'")
  func problemsAreCapped() throws {
    let rows = (1...30).map { "tool,t\($0),T\($0),bad\($0),free,writers" }
    _ = outpost.write(([Self.header] + rows).joined(separator: "\n") + "\n", to: "many.csv")
    let result = try outpost.expectRefused(["many.csv"], at: "many.csv:2:", "… and 10 more")
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.filter { $0.hasPrefix("many.csv:") }.count == 20)
    #expect(lines.last == "nothing was imported: 30 problems")
  }
}
