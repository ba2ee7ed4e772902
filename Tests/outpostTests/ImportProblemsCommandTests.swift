import Foundation
import Testing

/// How an import's problems read: in file order, whichever stage found them,
/// and a message repeated on many rows said once, with the `--map` that
/// would mend it when a column would.
@Suite("outpost import: problems as the user reads them")
struct ImportProblemsCommandTests {
  let outpost: OutpostProcess

  init() throws { outpost = try OutpostProcess.withCatalog() }

  func problemLines(_ result: OutpostProcess.Result) -> [String] {
    result.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("list.md:") }
  }

  @Test("an unreadable line found by the parser prints between the conflicts found by the writer, in file order")
  func fileOrder() throws {
    let head = "# List\n\n## Tools\n\n"
    let alpha = "- [Alpha](https://alpha.example) - A.\n"
    let beta = "- [Beta](https://beta.example) - B.\n"
    _ = outpost.write(head + alpha + beta, to: "first.md")
    #expect(try outpost.run("import", "first.md").status == 0)
    _ = outpost.write(head + alpha + "- [Broken](ftp://x.example) - X.\n" + beta, to: "list.md")
    let result = try outpost.expectRefused(["list.md"], at: "list.md:5", "nothing was imported: 3 problems")
    #expect(
      problemLines(result).map { $0.split(separator: ":").prefix(2).joined(separator: ":") }
        == ["list.md:5", "list.md:6", "list.md:7"], "\(result)")
  }

  @Test("a message on every row is said once, with the --map that mends it, then the next one")
  func repeatedMessageAndItsFix() throws {
    let rows = (1...30).map { "Tool \($0),https://t\($0).example" }
    _ = outpost.write((["tools_names,urls"] + rows).joined(separator: "\n") + "\n", to: "foreign.csv")
    let result = try outpost.expectRefused(
      ["foreign.csv"], at: "foreign.csv: title is missing on 30 rows (lines 2, 3, 4, …); every entry needs one",
      "\nforeign.csv: no column maps to title; columns: tools_names, urls; try --map title=tools_names\n")
    #expect(result.stderr.split(separator: "\n").count == 4, "\(result)")
    let mapped = try outpost.expectRefused(
      ["foreign.csv", "--map", "title=tools_names"], at: "foreign.csv: url is missing on 30 rows (lines 2, 3, 4, …)",
      "foreign.csv: no column maps to url; columns: urls; try --map url=urls")
    #expect(!mapped.stderr.contains("title"), "\(mapped)")
    let imported = try outpost.run("import", "foreign.csv", "--map", "title=tools_names", "--map", "url=urls")
    #expect(imported.status == 0, "\(imported)")
  }

  @Test("JSON: the repeated message names its entries; a column found by its values is suggested")
  func jsonEntriesAndContent() throws {
    let objects = (0..<4).map { #"{"label": "Tool \#($0)", "x": "https://t\#($0).example"}"# }
    _ = outpost.write("[" + objects.joined(separator: ",\n") + "]\n", to: "t.json")
    try outpost.expectRefused(
      ["t.json"], at: "t.json: title is missing on 4 entries ([0], [1], [2], …); every entry needs one",
      "t.json: no column maps to title; columns: label, x; try --map title=label")
    try outpost.expectRefused(
      ["t.json", "--map", "title=label"], at: "t.json: url is missing on 4 entries",
      "t.json: no column maps to url; columns: x; try --map url=x")
  }
}
