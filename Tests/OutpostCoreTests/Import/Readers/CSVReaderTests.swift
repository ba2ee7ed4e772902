import Foundation
import Testing

@testable import OutpostCore

@Suite("CSVReader")
struct CSVReaderTests {
  // MARK: Helpers

  func read(_ bytes: [UInt8], delimiter: UInt8? = nil) throws(InputProblem) -> (reader: CSVReader, records: [CSVRecord])
  {
    var reader = CSVReader(bytes: bytes, fileName: "t.csv", delimiter: delimiter)
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (reader, records)
  }

  func records(_ text: String, delimiter: UInt8? = nil) throws -> [CSVRecord] {
    try read(Array(text.utf8), delimiter: delimiter).records
  }

  func problem(_ bytes: [UInt8], delimiter: UInt8? = nil) -> InputProblem? {
    do {
      _ = try read(bytes, delimiter: delimiter)
      return nil
    } catch {
      return error
    }
  }

  func problem(_ text: String) -> InputProblem? { problem(Array(text.utf8)) }

  /// Spelled out: Testing has a `SourceLocation` of its own.
  func at(_ line: Int, _ column: Int, file: String = "t.csv") -> OutpostCore.SourceLocation {
    OutpostCore.SourceLocation(file: file, line: line, column: column)
  }

  /// Reads `bytes` from a temporary file through the file-descriptor reader.
  func readFile(_ bytes: [UInt8], chunkSize: Int = 64 * 1024, delimiter: UInt8? = nil) throws -> Result<
    [CSVRecord], InputProblem
  > {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("csvreader-\(UUID().uuidString).csv")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let fd = open(url.path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    var reader = CSVReader(fileDescriptor: fd, fileName: "t.csv", delimiter: delimiter, chunkSize: chunkSize)
    var records: [CSVRecord] = []
    do {
      while let record = try reader.next() { records.append(record) }
    } catch {
      return .failure(error)
    }
    return .success(records)
  }

  // MARK: Records

  @Test func readsRecordsWithLines() throws {
    let result = try records("a,b\n1,2\n")
    #expect(result.map(\.fields) == [["a", "b"], ["1", "2"]])
    #expect(result.map(\.line) == [1, 2])
    #expect(result[1].columnStarts == [1, 3])
  }

  @Test func bomCRLFAndQuotedNewline() throws {
    let result = try records("\u{FEFF}name,desc\r\n\"x\",\"line1\r\nline2\"\r\ny,z\r\n")
    #expect(result.map(\.fields) == [["name", "desc"], ["x", "line1\r\nline2"], ["y", "z"]])
    #expect(result.map(\.line) == [1, 2, 4])
    #expect(result[0].columnStarts == [1, 6])  // the BOM takes no column
    #expect(result[1].columnStarts == [1, 5])
  }

  @Test func fieldAfterQuotedNewlineIsLocatedOnItsOwnLine() throws {
    let result = try records("a,b,c\n\"x\ny\",z,w\n")
    #expect(result[1].lineStarts == [2, 3, 3])
    #expect(result[1].columnStarts == [1, 4, 6])
    #expect(result[1].location(ofField: 2, in: "t.csv") == at(3, 6))
  }

  @Test func columnsCountScalarsNotBytes() throws {
    let result = try records("東京,x\n")
    #expect(result[0].columnStarts == [1, 4])
  }

  @Test func quotedFields() throws {
    let result = try records("\"he said \"\"hi\"\"\",x,\"\",\"a,b\"")
    #expect(result[0].fields == ["he said \"hi\"", "x", "", "a,b"])
  }

  @Test func bareQuoteInUnquotedFieldIsLiteral() throws {
    let result = try records("5\" screen,a\"b\"c\n")
    #expect(result[0].fields == ["5\" screen", "a\"b\"c"])
  }

  @Test func emptyFields() throws {
    #expect(try records("a,,\n")[0].fields == ["a", "", ""])
    #expect(try records("a,")[0].fields == ["a", ""])
    #expect(try records("\"\"").map(\.fields) == [[""]])
  }

  @Test(arguments: ["", "\u{FEFF}", "\n\n", "\r\n"])
  func noRecords(text: String) throws {
    #expect(try records(text).isEmpty)
  }

  @Test func blankLinesAreSkipped() throws {
    let result = try records("\n\na,b\n\n\r\n1,2\n\n")
    #expect(result.map(\.fields) == [["a", "b"], ["1", "2"]])
    #expect(result.map(\.line) == [3, 6])
  }

  @Test func loneCRLineEnds() throws {
    let result = try records("a,b\r1,2\r\r3,4")
    #expect(result.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
    #expect(result.map(\.line) == [1, 2, 4])
    let quoted = try records("a,\"b\rc\"\r1,2")
    #expect(quoted[0].fields == ["a", "b\rc"])
    #expect(quoted.map(\.line) == [1, 3])
  }

  // MARK: Delimiter

  @Test(arguments: [
    ("a;b;c\n1;2;3\n", UInt8(ascii: ";")),
    ("a\tb,c\tc\n1\t2\t3\n", UInt8(ascii: "\t")),
    ("a,b;c\n1,2,3\n", UInt8(ascii: ",")),  // a tie goes to ','
    ("\"a;b;c\",d,e\n1,2,3\n", UInt8(ascii: ",")),  // quoted ones do not count
    ("\n\nx;y;z\n1;2;3\n", UInt8(ascii: ";")),
  ])
  func detectsDelimiterFromHeader(text: String, expected: UInt8) throws {
    let (reader, result) = try read(Array(text.utf8))
    #expect(reader.delimiter == expected)
    #expect(result.last?.fields == ["1", "2", "3"])
  }

  @Test func explicitDelimiterWins() throws {
    let result = try records("a,b;c\n1,2;3\n", delimiter: UInt8(ascii: ";"))
    #expect(result[1].fields == ["1,2", "3"])
    let piped = try records("a|b\n1|2", delimiter: UInt8(ascii: "|"))
    #expect(piped.map(\.fields) == [["a", "b"], ["1", "2"]])
  }

  @Test func quoteIsNotADelimiter() {
    let found = problem(Array("a".utf8), delimiter: UInt8(ascii: "\""))
    #expect(found?.message.contains("delimiter") == true)
  }

  // MARK: Bad input

  @Test func unclosedQuoteIsLocatedAtTheOpeningQuote() throws {
    let found = try #require(problem("a,b\n1,\"abc\n2,3\n"))
    #expect(found.location == at(2, 3))
    #expect(found.message == "quoted field opened here is never closed; a quote inside a quoted field is written \"\"")
  }

  @Test func textAfterClosingQuote() throws {
    let found = try #require(problem("a,b\n\"abc\"x,1\n"))
    #expect(found.location == at(2, 6))
    #expect(found.message.contains("after the closing quote"))
    let afterNewline = try #require(problem("a,b\n\"x\ny\" ,1\n"))
    #expect(afterNewline.location == at(3, 3))
  }

  @Test(arguments: [
    ([UInt8]("a,b\nca".utf8) + [0xFF], 2, 3, "0xFF"),
    ([UInt8]("東京,x".utf8) + [0xFF], 1, 5, "0xFF"),
    ([UInt8]("caf".utf8) + [0xE9] + [UInt8](" x".utf8), 1, 4, "0xE9"),  // Latin-1
    ([UInt8]("a,\"caf".utf8) + [0xE9], 1, 7, "0xE9"),  // cut short by the end
    ([UInt8]("a,\"x".utf8) + [0xED, 0xA0, 0x80, 0x22], 1, 5, "0xED"),  // a surrogate
    ([UInt8]("a,\"\n".utf8) + [0x80], 2, 1, "0x80"),
  ])
  func invalidUTF8(bytes: [UInt8], line: Int, column: Int, byte: String) throws {
    let found = try #require(problem(bytes))
    #expect(found.location == at(line, column))
    #expect(found.message == "invalid UTF-8 byte \(byte); save the file as UTF-8")
  }

  @Test func nulByte() throws {
    let found = try #require(problem([UInt8]("a,b\n1,".utf8) + [0] + [UInt8]("x".utf8)))
    #expect(found.location == at(2, 3))
    #expect(found.message == "NUL byte in the file; is it a binary file?")
    let quoted = try #require(problem([UInt8]("a,\"b\n".utf8) + [0]))
    #expect(quoted.location == at(2, 1))
  }

  @Test func fieldOfExactly1MiBIsAccepted() throws {
    let result = try records("a," + String(repeating: "x", count: 1 << 20))
    #expect(result[0].fields[1].utf8.count == 1 << 20)
  }

  @Test func fieldOver1MiBIsRefusedAtItsStart() throws {
    let unquoted = try #require(problem("a\nb," + String(repeating: "x", count: (1 << 20) + 1)))
    #expect(unquoted.location == at(2, 3))
    #expect(unquoted.message.hasPrefix("field is longer than 1 MiB"))
    let quoted = try #require(problem("a\nb,\"" + String(repeating: "x\"\"", count: (1 << 19) + 1) + "\""))
    #expect(quoted.location == at(2, 3))
  }

  @Test func tenMegabyteFieldFromAFileIsRefused() throws {
    let bytes = Array("a,b\n1,\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000) + Array("\"\n".utf8)
    let result = try readFile(bytes)
    guard case .failure(let found) = result else {
      Issue.record("a 10 MB field was accepted")
      return
    }
    #expect(found.location == at(2, 3))
    #expect(found.message.hasPrefix("field is longer than 1 MiB"))
  }

  @Test func fieldCountLimit() throws {
    let many = try records(String(repeating: "x,", count: 9_999) + "x")
    #expect(many[0].fields.count == 10_000)
    let found = try #require(problem("h\n" + String(repeating: ",", count: 10_000)))
    #expect(found.location == at(2, 10_001))
    #expect(found.message.contains("more than 10 000 fields"))
  }

  @Test func problemEndsTheReading() {
    var reader = CSVReader(bytes: Array("\"abc".utf8), fileName: "t.csv")
    var first: InputProblem?
    var second: InputProblem?
    do { _ = try reader.next() } catch { first = error }
    do { _ = try reader.next() } catch { second = error }
    #expect(first != nil)
    #expect(first == second)
  }

  @Test func directoryIsAProblemNotACrash() throws {
    let fd = open(FileManager.default.temporaryDirectory.path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    var reader = CSVReader(fileDescriptor: fd, fileName: "tmp")
    #expect(throws: InputProblem.self) { _ = try reader.next() }
  }

  // MARK: Chunk boundaries

  static let everything =
    "\u{FEFF}name;desc;x\r\n\"a;b\";\"l1\r\nl2 \"\"q\"\"\";東京\r\n\n5\" x;naïve – 🎉;\"\"\r1;2;3\n\"\";;\"x\r\"\n"

  @Test(arguments: [4, 5, 6, 7, 8, 9, 11, 13, 16, 17, 23, 32, 64])
  func everyChunkSizeReadsTheSame(chunkSize: Int) throws {
    let bytes = Array(Self.everything.utf8)
    let expected = try read(bytes).records
    #expect(expected.count == 5)
    let got = try readFile(bytes, chunkSize: chunkSize, delimiter: UInt8(ascii: ";"))
    #expect(got == .success(expected))
  }

  @Test(arguments: [
    Array("a;b\n1;\"abc\n".utf8),
    Array("a;b\n\"abc\"x;1\n".utf8),
    [UInt8]("a;b\n東京;x".utf8) + [0xE6, 0x9D],
    [UInt8]("a;b\n\"\n東京\";x".utf8) + [0xE6, 0x41],
    [UInt8]("a;\"\r\nb;".utf8) + [0],
  ])
  func problemsAreLocatedTheSameAtEveryChunkSize(bytes: [UInt8]) throws {
    let expected = try #require(problem(bytes, delimiter: UInt8(ascii: ";")))
    for chunkSize in 4...24 {
      let got = try readFile(bytes, chunkSize: chunkSize, delimiter: UInt8(ascii: ";"))
      #expect(got == .failure(expected), "chunk size \(chunkSize)")
    }
  }

  /// Quoted fields with `""` and CRLF inside, across the 64 KiB boundary,
  /// then a CRLF whose CR is the last byte of the first chunk.
  static func straddling(shift: Int) -> [UInt8] {
    var bytes = Array("name,desc\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "\n"), count: shift)
    while bytes.count < 65_536 - 30 { bytes += Array("tool,\"x, \"\"y\"\"\r\nz\"\r\n".utf8) }
    while bytes.count < 65_535 - 4 { bytes += Array("t\r\n".utf8) }
    while bytes.count < 65_535 { bytes.append(UInt8(ascii: "a")) }
    return bytes + Array("\r\nlast,\"東京 straddles\r\n\"\r\n".utf8)
  }

  @Test func crlfSplitAcrossChunksIsOneLineEnd() throws {
    let bytes = Self.straddling(shift: 0)
    #expect(bytes[65_535] == UInt8(ascii: "\r") && bytes[65_536] == UInt8(ascii: "\n"))
    let expected = try read(bytes).records
    let got = try readFile(bytes).get()
    #expect(got == expected)
    let last = try #require(got.last)
    #expect(last.fields == ["last", "東京 straddles\r\n"])
    let beforeLast = got[got.count - 2]
    #expect(last.line == beforeLast.line + 1)
  }

  @Test(arguments: Array(0..<24))
  func quotedFieldsStraddlingTheChunkBoundary(shift: Int) throws {
    let bytes = Self.straddling(shift: shift)
    let expected = try read(bytes).records
    #expect(try readFile(bytes).get() == expected)
  }

  // MARK: Real files

  @Test(arguments: [("autoventure/ai-tools.csv", 449, 7), ("china-ai-tools/ai_tools.csv", 273, 4)])
  func realFiles(path: String, rows: Int, columns: Int) throws {
    let url = URL(fileURLWithPath: TestCatalog.fixture("realdata/" + path))
    let fd = open(url.path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    var reader = CSVReader(fileDescriptor: fd, fileName: path)
    var result: [CSVRecord] = []
    while let record = try reader.next() { result.append(record) }
    #expect(result.count == rows + 1)
    #expect(result.allSatisfy { $0.fields.count == columns })
  }
}
