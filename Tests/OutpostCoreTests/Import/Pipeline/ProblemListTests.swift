import Testing

@testable import OutpostCore

/// Problems print in file order whatever order they were found in, and a
/// message repeated on many rows is said once, with its count and first lines.
@Suite("Problem list")
struct ProblemListTests {
  static func at(_ line: Int, column: Int? = nil, _ message: String) -> InputProblem {
    InputProblem(SourceLocation(file: "t.csv", line: line, column: column), message)
  }

  static func element(_ index: Int, field: String? = nil, _ message: String) -> InputProblem {
    InputProblem(SourceLocation(file: "t.json", line: 1, path: "[\(index)]" + (field.map { ".\($0)" } ?? "")), message)
  }

  @Test("problems found out of order print in file order: line 33, 36, 42, not 33, 42, 36")
  func fileOrder() {
    var list = ProblemList()
    list.append(Self.at(33, column: 5, "pricing 'x' is not one of free, freemium, paid, contact, unknown"))
    list.append(Self.at(42, "item 'B': url 'ftp://b' must start with http:// or https://"))
    list.append(Self.at(36, "slug 'a' already exists; use --on-conflict skip or update"))
    list.append(Self.at(33, column: 2, "kind 'gadget' is not 'tool' or 'story'"))
    #expect(
      list.lines == [
        "t.csv:33:2: kind 'gadget' is not 'tool' or 'story'",
        "t.csv:33:5: pricing 'x' is not one of free, freemium, paid, contact, unknown",
        "t.csv:36: slug 'a' already exists; use --on-conflict skip or update",
        "t.csv:42: item 'B': url 'ftp://b' must start with http:// or https://",
      ])
    #expect(list.problems.map(\.location.line) == [33, 33, 36, 42])
  }

  @Test("a message on 504 rows is said once, with its count and first lines, before its advice")
  func repeatedMessage() {
    var list = ProblemList()
    for line in (2...505).reversed() { list.append(Self.at(line, "title is missing; every entry needs one")) }
    list.append(Self.at(7, column: 3, "pricing 'x' is not one of free, freemium, paid, contact, unknown"))
    #expect(
      list.lines == [
        "t.csv: title is missing on 504 rows (lines 2, 3, 4, …); every entry needs one",
        "t.csv:7:3: pricing 'x' is not one of free, freemium, paid, contact, unknown",
      ])
    #expect(list.total == 505)
    #expect(list.messages.first == "title is missing; every entry needs one")
  }

  @Test("a message on a few rows names them all; JSON names the entries, in index order on one line")
  func fewRowsAndJSONEntries() {
    var rows = ProblemList()
    rows.append(Self.at(9, "url is missing; a tool needs one"))
    rows.append(Self.at(4, "url is missing; a tool needs one"))
    #expect(rows.lines == ["t.csv: url is missing on 2 rows (lines 4, 9); a tool needs one"])
    var entries = ProblemList()
    for index in [12, 2, 10, 0] { entries.append(Self.element(index, "title is missing; every entry needs one")) }
    entries.append(Self.element(11, field: "pricing", "pricing 'x' is not one of free"))
    #expect(
      entries.lines == [
        "t.json: title is missing on 4 entries ([0], [2], [10], …); every entry needs one",
        "t.json: [11].pricing: pricing 'x' is not one of free",
      ])
  }

  @Test("at most 20 distinct messages, then the count of the problems not shown")
  func capOnDistinctMessages() {
    var list = ProblemList()
    for line in 2...31 { list.append(Self.at(line, "url 'bad\(line)' is not a valid URL")) }
    for line in 40...49 { list.append(Self.at(line, "title is missing; every entry needs one")) }
    #expect(list.lines.count == 21)
    #expect(list.lines.first == "t.csv:2: url 'bad2' is not a valid URL")
    #expect(list.lines.last == "… and 20 more")
    #expect(list.total == 40)
  }

  @Test("memory stays bounded: 20 000 distinct messages, found last line first, keep the first ones in file order")
  func boundedWhateverTheOrder() {
    var list = ProblemList()
    for line in (1...20_000).reversed() { list.append(Self.at(line, "value '\(line)' is wrong")) }
    #expect(list.groups.count <= ProblemList.held)
    #expect(list.problems.map(\.location.line) == Array(1...20))
    #expect(list.lines.last == "… and 19980 more")
  }

  @Test("lists appended keep their counts, so a row's problems merge into the import's")
  func appendingLists() {
    var row = ProblemList()
    row.append(Self.at(5, "title is missing; every entry needs one"))
    var all = ProblemList()
    for line in [3, 4] { all.append(Self.at(line, "title is missing; every entry needs one")) }
    var many = ProblemList()
    for line in 10...19 { many.append(Self.at(line, "title is missing; every entry needs one")) }
    all.append(contentsOf: row)
    all.append(contentsOf: many)
    #expect(all.total == 13)
    #expect(all.lines == ["t.csv: title is missing on 13 rows (lines 3, 4, 5, …); every entry needs one"])
  }
}
