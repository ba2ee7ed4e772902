import Testing

@testable import OutpostCore

/// The `--map` suggested when no column fed a required field: the likeliest
/// unused column by its name, else by its values.
@Suite("Column profile")
struct ColumnProfileTests {
  /// The profile of a CSV-like input whose `columns` all fed nothing, but `matched`.
  static func profile(_ columns: [String], rows: [[String]], matched: Set<EntryField> = []) -> ColumnProfile {
    var profile = ColumnProfile()
    profile.matched = matched
    profile.unused = columns
    for (index, row) in rows.enumerated() {
      let record = RawRecord(
        fields: zip(columns, row).map { (key: $0, value: RawValue.string($1)) },
        location: SourceLocation(file: "t.csv", line: index + 2))
      profile.sample(record, fields: columns.map { _ in nil })
    }
    return profile
  }

  @Test("by name: tools_names holds 'name', urls holds 'url'")
  func byName() {
    let profile = Self.profile(["id_code", "tools_names", "urls"], rows: [["7", "Alpha", "https://a.example"]])
    #expect(profile.likeliestColumn(for: .title) == "tools_names")
    #expect(profile.likeliestColumn(for: .url) == "urls")
    #expect(
      profile.fix(for: .title, file: "t.csv")
        == "t.csv: no column maps to title; columns: id_code, tools_names, urls; try --map title=tools_names")
  }

  @Test("by content: the column of web addresses for url, of short text for title")
  func byContent() {
    let rows = [["17", "https://a.example", "Alpha"], ["18", "www.b.example", "Beta tool"], ["19", "", "Gamma"]]
    let profile = Self.profile(["c1", "c2", "c3"], rows: rows)
    #expect(profile.likeliestColumn(for: .url) == "c2")
    #expect(profile.likeliestColumn(for: .title) == "c3")
  }

  @Test("no suggestion when a column feeds the field, or none is left; a plain one when none fits")
  func noSuggestion() {
    #expect(Self.profile(["x"], rows: [["1"]], matched: [.title]).fix(for: .title, file: "t.csv") == nil)
    #expect(Self.profile([], rows: []).fix(for: .title, file: "t.csv") == nil)
    let numbers = Self.profile(["a", "b", "c", "d", "e", "f"], rows: [["1", "2", "3", "4", "5", "6"]])
    #expect(
      numbers.fix(for: .url, file: "t.csv")
        == "t.csv: no column maps to url; columns: a, b, c, d, e, …; use --map url=COLUMN")
  }
}
