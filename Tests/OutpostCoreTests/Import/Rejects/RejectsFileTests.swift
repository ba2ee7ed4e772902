import Foundation
import Testing

@testable import OutpostCore

/// A refused record goes back in its input's own format, with why.
@Suite("Rejects file")
struct RejectsFileTests {
  let folder = TemporaryFolder()

  static func problems(_ messages: String...) -> ProblemList {
    var list = ProblemList()
    for message in messages { list.append(InputProblem(SourceLocation(file: "in", line: 2), message)) }
    return list
  }

  /// Refuses `originals` into a new rejects file for `format` and returns its text.
  func written(
    _ format: ImportFormat, _ originals: [OriginalRecord], text: String? = nil, reasons: ProblemList? = nil
  ) throws -> String {
    let path = folder.path("rejects-\(UUID().uuidString)")
    let file = try RejectsFile(path: path, format: format, inputName: "in", inputPath: "-")
    file.text = text
    for original in originals { try file.refuse(original, for: reasons ?? Self.problems("bad")) }
    try file.finish()
    #expect(try file.commit() == false)
    return try String(contentsOfFile: path, encoding: .utf8)
  }

  @Test("CSV: the header as written plus error, in the input's delimiter; cells as read, quoted where needed")
  func csv() throws {
    let header = CSVHeader(names: [" title", "url", "tags"], delimiter: UInt8(ascii: ";"))
    let text = try written(
      .csv, [.csvRow(["A; B", "https://a.example", " x "], header), .csvRow(["Only"], header)],
      reasons: Self.problems("title is missing; every entry needs one", "url is missing"))
    let reason = "title is missing; every entry needs one | url is missing"
    #expect(
      text == "\" title\";url;tags;error\r\n\"A; B\";https://a.example;\" x \";\"\(reason)\"\r\nOnly;\"\(reason)\"\r\n")
  }

  @Test("CSV: a header with an error column (a rejects file imported again) takes the new reasons there")
  func csvAgain() throws {
    let header = CSVHeader(names: ["title", "url", "error"], delimiter: UInt8(ascii: ","))
    let text = try written(
      .csv,
      [.csvRow(["A", "nope", "old"], header), .csvRow(["B", "old"], header), .csvRow(["C", "d", "e", "f"], header)])
    // Rows of the wrong width keep their width, so they stay refused until mended.
    #expect(text == "title,url,error\r\nA,nope,bad\r\nB,bad\r\nC,d,e,bad\r\n")
  }

  @Test("JSON: an array of the objects as read, one a line, each with its reasons first")
  func jsonArray() throws {
    let object: [(key: String, value: RawValue)] = [
      ("name", .string("A \"quoted\"")), ("n", .number("1.50")), ("error", .string("old")),
      ("tags", .array([.string("x"), .null, .bool(true)])), ("name", .string("again")),
    ]
    let text = try written(.json, [.object(object), .value(.number("42"))])
    #expect(
      text == """
        [
          {"error": "bad", "name": "A \\"quoted\\"", "n": 1.50, "tags": ["x", null, true], "name": "again"},
          {"error": "bad", "value": 42}
        ]

        """)
  }

  @Test("NDJSON: one object a line; a line that is not JSON is kept as written, the reason inside its brace")
  func ndjson() throws {
    let text = try written(
      .ndjson,
      [
        .object([("title", .string("T"))]), .text(#"  {"title": "U",, }"#), .text(#"{"error": "old", "title": "V"#),
        .text("not json"),
      ])
    #expect(
      text == """
        {"error": "bad", "title": "T"}
        {"error": "bad", "title": "U",, }
        {"error": "bad", "title": "V
        {"error": "bad", "text": "not json"}

        """)
  }

  @Test("awesome: each refused line under its headings, written again only where they change, after its reasons")
  func markdown() throws {
    let list = """
      # Awesome things
      Intro.

      ## Text
      ### Writing
      - [A](https://a.example) - Writes.
      - [B](ftp://b.example) - Bad scheme.
      ### Editing
      - [C](https://c.example) - Edits.
      ## Images <!-- art -->
      Painting
      --------
      - [D](www.d.example) - No scheme. <!-- kept -->
      ```
      ## Not a heading
      ```
      - [E](https://e.example) - Under Painting.
      """
    let text = try written(
      .awesome, [.line(7), .line(9), .line(13), .line(17), .line(6)], text: list,
      reasons: Self.problems("url 'x' -->ends"))
    #expect(
      text == """
        # Refused items of in

        ## Text
        ### Writing

        <!-- error: url 'x' - ->ends -->
        - [A](https://a.example) - Writes.
        <!-- error: url 'x' - ->ends -->
        - [B](ftp://b.example) - Bad scheme.

        ### Editing

        <!-- error: url 'x' - ->ends -->
        - [C](https://c.example) - Edits.

        ## Painting

        <!-- error: url 'x' - ->ends -->
        - [D](www.d.example) - No scheme. <!-- kept -->
        <!-- error: url 'x' - ->ends -->
        - [E](https://e.example) - Under Painting.

        """)
  }

  @Test("nothing refused: no file; one left by an earlier import is removed")
  func nothingRefused() throws {
    let path = folder.path("old.csv")
    try Data("title,error\r\nA,bad\r\n".utf8).write(to: URL(fileURLWithPath: path))
    let file = try RejectsFile(path: path, format: .csv, inputName: "in", inputPath: "-")
    try file.finish()
    #expect(try file.commit() == true)
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
  }

  @Test("refused: a story page, the input itself, a folder that does not exist")
  func refusedPaths() throws {
    let input = folder.path("in.csv")
    try Data("title\n".utf8).write(to: URL(fileURLWithPath: input))
    #expect(throws: RejectsError.storyPage) {
      try RejectsFile(path: folder.path("r.txt"), format: .outpostPage, inputName: "p", inputPath: "p")
    }
    #expect(throws: RejectsError.sameAsInput(folder.path("./in.csv"))) {
      try RejectsFile(path: folder.path("./in.csv"), format: .csv, inputName: "in.csv", inputPath: input)
    }
    #expect(throws: CatalogError.self) {
      try RejectsFile(path: folder.path("nowhere/r.csv"), format: .csv, inputName: "in.csv", inputPath: input)
    }
  }
}
