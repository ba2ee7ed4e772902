import Testing

@testable import OutpostCore

@Suite("Input problems")
struct InputProblemTests {
  @Test("a problem prints on one line, with the file's control characters made visible")
  func printsOnOneLine() {
    let problem = InputProblem(
      OutpostCore.SourceLocation(file: "t.csv", line: 3, column: 7),
      "url 'https://a\nb\u{1B}[31m' holds spaces or control characters")
    #expect(problem.description == "t.csv:3:7: url 'https://a\\nb\\u{1B}[31m' holds spaces or control characters")
    #expect(!problem.description.contains("\n"))
    let plain = InputProblem(OutpostCore.SourceLocation(file: "t.csv", line: 1), "title is missing; café")
    #expect(plain.description == "t.csv:1: title is missing; café")
  }
}
