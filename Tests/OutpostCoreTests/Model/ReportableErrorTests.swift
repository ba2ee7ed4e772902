import Testing

@testable import OutpostCore

/// Every error the library throws at a user says its own lines and exit
/// code, which `Outpost.main` prints in one place.
@Suite("Reportable errors")
struct ReportableErrorTests {
  @Test("an import failure lists its problems, their count, then the columns nothing read")
  func importFailure() {
    var problems = ProblemList()
    problems.append(InputProblem(SourceLocation(file: "t.csv", line: 2, column: 3), "title is missing"))
    var failure = ImportFailure(problems: problems)
    #expect(failure.reportLines == ["t.csv:2:3: title is missing", "nothing was imported: 1 problem"])
    failure.unusedColumns = ["name_of_tool"]
    failure.fileName = "t.csv"
    #expect(
      failure.reportLines.last
        == "t.csv: not imported: column name_of_tool (use --map FIELD=COLUMN to import one)")
    #expect(failure.exitCode == 1)
  }

  @Test("bad data exits 1 and bad usage 64, each in its own words")
  func exitCodes() {
    let errors: [(any ReportableError, [String], Int32)] = [
      (CatalogError("the catalog is busy"), ["Error: the catalog is busy"], 1),
      (
        InputProblem(SourceLocation(file: "t.json", path: "[2]"), "expected an object"),
        ["t.json: [2]: expected an object"], 1
      ),
      (MappingError(message: "--map title=x: no column x"), ["Error: --map title=x: no column x"], 64),
      (
        WriteFailure(destination: "the output", reason: "broken pipe"), ["Error: cannot write the output: broken pipe"],
        1
      ),
    ]
    for (error, lines, code) in errors {
      #expect(error.reportLines == lines)
      #expect(error.exitCode == code)
    }
  }
}
