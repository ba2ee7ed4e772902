import Foundation
import Testing

@testable import OutpostCore

/// What the reader fuzzing found, kept as small cases. The slow inputs are
/// kept at full size in `ReaderFuzzTests.slowShape`.
@Suite("Reader fuzzing: regressions")
struct ReaderFuzzRegressionTests {
  func at(_ line: Int, _ column: Int, file: String = "h.csv") -> OutpostCore.SourceLocation {
    OutpostCore.SourceLocation(file: file, line: line, column: column)
  }

  func headerProblem(_ text: String) -> InputProblem? {
    var reader = CSVRecordReader(CSVReader(bytes: Array(text.utf8), fileName: "h.csv"), fileName: "h.csv")
    do {
      _ = try reader.nextRecord()
      return nil
    } catch {
      return error
    }
  }

  /// An empty or repeated header cell was located at column "cell number",
  /// not at the cell: `name,,url` put cell 2 at column 2 instead of 6.
  @Test func headerProblemsPointAtTheCell() {
    #expect(
      headerProblem("name,,url\nx,y,z\n") == InputProblem(at(1, 6), "header cell 2 is empty; every column needs a name")
    )
    #expect(headerProblem("名称,  ,url\nx,y,z\n")?.location == at(1, 4))
    #expect(
      headerProblem("title,url,Title\nx,y,z\n") == InputProblem(at(1, 11), "column 'Title' appears twice in the header")
    )
    #expect(headerProblem("\"a\nb\",\"\"\nx,y\n")?.location == at(2, 4))
  }

  /// The closing `#`s of a heading were cut with the regex `\s+#+$`, which
  /// is quadratic in a run of spaces; the hand-written cut must agree with it.
  @Test(arguments: [
    ("## Tools ##", "Tools"), ("## Tools", "Tools"), ("## C#", "C#"), ("## C# #", "C#"), ("### ###", ""),
    ("## a \t ##", "a"), ("# #", ""), ("## a#b ##", "a#b"), ("## Tools ## x", "Tools ## x"),
  ])
  func closingHashesOfAHeading(line: String, title: String) {
    #expect(AwesomeListParser.atxHeading(line)?.title == title)
  }

  /// "X has contacted" was matched from every `-` or `'` inside a long word,
  /// quadratic in the word; a name now starts only where a word does.
  @Test(
    arguments: [
      ("Reuters has contacted ByteDance.", "Reuters"),
      ("The agency O'Reilly Media has contacted them.", "O'Reilly Media"),
      ("The paper Sino-Pacific Herald has contacted them.", "Sino-Pacific Herald"),
      ("A non-Reuters has contacted them.", nil),
    ] as [(String, String?)])
  func selfNamedPublisher(excerpt: String, publisher: String?) {
    #expect(OutpostPageParser.publisher(inExcerpt: excerpt) == publisher)
  }

  /// Repeated keys were matched to their first occurrence by a scan of every
  /// key for every repeat: quadratic, minutes for a 300 KB object. The
  /// messages must be the same as before.
  @Test func repeatedKeysNameTheirFirstOccurrence() throws {
    let folder = TemporaryFolder()
    let catalog = try TestCatalog.empty(in: folder)
    let text = #"[{"title": "T", "url": "https://t.example", "k": 1, "Title": "U", "K-": 2, "k": 3}]"#
    do {
      try TestCatalog.importText(text, name: "keys.json", into: catalog, folder: folder)
      Issue.record("repeated keys were accepted")
    } catch let failure as ImportFailure {
      let path = folder.path("keys.json")
      #expect(
        failure.problems.lines == [
          "\(path): [0].Title: key 'Title' is the same as 'title' (names match without regard to case, spaces, - and _); keep one",
          "\(path): [0].K-: key 'K-' is the same as 'k' (names match without regard to case, spaces, - and _); keep one",
          "\(path): [0].k: key 'k' appears twice in this object; keep one",
        ])
      #expect(failure.unusedColumns == ["k"])
    }
  }
}
