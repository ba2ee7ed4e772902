import Foundation
import Testing

@testable import OutpostCore

@Suite struct JSONRecordReaderTests {
  // MARK: Helpers

  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Every record of a JSON input, or the first problem.
  static func records(_ input: [UInt8]) throws(InputProblem) -> [RawRecord] {
    var reader = JSONRecordReader(bytes: input, fileName: "t.json")
    var records: [RawRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  static func records(_ text: String) throws(InputProblem) -> [RawRecord] { try records(bytes(text)) }

  /// The first problem reading a JSON input, or nil when it reads cleanly.
  static func problem(_ input: [UInt8]) -> InputProblem? {
    do {
      _ = try records(input)
      return nil
    } catch {
      return error
    }
  }

  static func problem(_ text: String) -> InputProblem? { problem(bytes(text)) }

  static func location(_ line: Int, _ column: Int) -> OutpostCore.SourceLocation {
    OutpostCore.SourceLocation(file: "t.json", line: line, column: column)
  }

  /// A field of an object, by key.
  static func value(_ key: String, in fields: [(key: String, value: RawValue)]) -> RawValue? {
    fields.first { $0.key == key }?.value
  }

  /// Writes `bytes` to a temporary file and reads it through a file descriptor.
  static func recordsFromFile(_ bytes: [UInt8]) throws -> [RawRecord] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-json-\(UUID().uuidString).json")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let fd = open(url.path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    var reader = JSONRecordReader(fileDescriptor: fd, fileName: "t.json")
    var records: [RawRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  /// The first problem reading `bytes` from a temporary file.
  static func problemFromFile(_ bytes: [UInt8]) throws -> InputProblem? {
    do {
      _ = try recordsFromFile(bytes)
      return nil
    } catch let problem as InputProblem {
      return problem
    }
  }

  // MARK: Shapes

  @Test func readsAnArrayOfObjectsWithEveryKindOfValue() throws {
    let text = """
      [
        {"title": "A", "n": 1.0, "big": -2.5E+10, "zero": -0, "yes": true, "no": false, "none": null,
         "tags": ["x", 2, [], {}], "meta": {"k": "v", "deep": [[1]]}},
        {"title": "B"}
      ]
      """
    let records = try Self.records(text)
    #expect(records.count == 2)
    let first = try #require(records.first)
    #expect(first.fields.map(\.key) == ["title", "n", "big", "zero", "yes", "no", "none", "tags", "meta"])
    #expect(Self.value("title", in: first.fields) == .string("A"))
    #expect(Self.value("n", in: first.fields) == .number("1.0"))
    #expect(Self.value("big", in: first.fields) == .number("-2.5E+10"))
    #expect(Self.value("zero", in: first.fields) == .number("-0"))
    #expect(Self.value("yes", in: first.fields) == .bool(true))
    #expect(Self.value("no", in: first.fields) == .bool(false))
    #expect(Self.value("none", in: first.fields) == .null)
    #expect(Self.value("tags", in: first.fields) == .array([.string("x"), .number("2"), .array([]), .object([])]))
    #expect(
      Self.value("meta", in: first.fields)
        == .object([(key: "k", value: .string("v")), (key: "deep", value: .array([.array([.number("1")])]))]))
    #expect(first.location == OutpostCore.SourceLocation(file: "t.json", line: 2, path: "[0]"))
    #expect(records[1].location == OutpostCore.SourceLocation(file: "t.json", line: 4, path: "[1]"))
    #expect(records[1].location.description == "t.json: [1]")
  }

  @Test func keepsDuplicateKeysInFileOrder() throws {
    let record = try #require(try Self.records(#"[{"a": 1, "b": 2, "a": 3}]"#).first)
    #expect(record.fields.map(\.key) == ["a", "b", "a"])
  }

  @Test func emptyArrayHoldsNoEntries() throws {
    #expect(try Self.records("[]").isEmpty)
    #expect(try Self.records(" [ \n ] \n").isEmpty)
    #expect(try Self.records(#"{"tools": []}"#).isEmpty)
  }

  @Test func readsTheOneArrayOfAWrappingObject() throws {
    let text = """
      {"name": "AutoVenture", "count": 2, "meta": {"list": [1, 2], "x": null},
       "tools": [{"name": "Adobe Podcast"}, {"name": "Krisp"}],
       "updated": "2026-08-06", "nested": {"a": {"b": []}}}
      """
    let records = try Self.records(text)
    #expect(records.map { Self.value("name", in: $0.fields) } == [.string("Adobe Podcast"), .string("Krisp")])
    #expect(records[1].location == OutpostCore.SourceLocation(file: "t.json", line: 2, path: "[1]"))
  }

  @Test func skipsAByteOrderMark() throws {
    let records = try Self.records([0xEF, 0xBB, 0xBF] + Self.bytes(#"[{"a": "b"}]"#))
    #expect(records.count == 1)
    // Columns count from after the mark.
    #expect(Self.problem([0xEF, 0xBB, 0xBF] + Self.bytes("[x]"))?.location == Self.location(1, 2))
  }

  struct ShapeCase: Sendable, CustomTestStringConvertible {
    var text: String
    var message: String
    var testDescription: String { text.isEmpty ? "(empty)" : text }
  }

  @Test(arguments: [
    ShapeCase(text: "42", message: "expected a JSON array of entries, or an object holding one; found a number"),
    ShapeCase(text: #" "tool" "#, message: "found a string"),
    ShapeCase(text: "true", message: "found a boolean"),
    ShapeCase(text: "null", message: "found null"),
    ShapeCase(text: #"{"name": "x", "count": 3}"#, message: "found an object with no array of entries"),
    ShapeCase(text: "{}", message: "found an object with no array of entries"),
    ShapeCase(text: "", message: "file is empty"),
    ShapeCase(text: " \n\t\r\n ", message: "file is empty"),
    ShapeCase(text: "\u{FEFF}", message: "file is empty"),
  ])
  func refusesATopLevelThatHoldsNoEntries(_ shape: ShapeCase) throws {
    let problem = try #require(Self.problem(shape.text))
    // Located where the top-level value starts, so it prints as FILE:LINE:COLUMN.
    #expect(problem.location.file == "t.json")
    #expect(problem.location.line != nil && problem.location.column != nil, "\(problem)")
    #expect(problem.message.contains(shape.message), "\(problem)")
  }

  @Test func locatesAWrongTopLevelAtItsStart() throws {
    #expect(Self.problem("\n  42")?.location == Self.location(2, 3))
    #expect(Self.problem("")?.location == Self.location(1, 1))
  }

  @Test func refusesAnObjectWithTwoArrays() throws {
    let text = """
      {"a": [{"x": 1}],
       "n": 2, "b": [], "c": "d"}
      """
    var reader = JSONRecordReader(bytes: Self.bytes(text), fileName: "t.json")
    // The first array's entries come before the second array is seen.
    #expect(try reader.next() != nil)
    do {
      _ = try reader.next()
      Issue.record("expected a problem")
    } catch {
      #expect(error.message == "the top-level object holds two arrays, 'a' and 'b'; keep one")
      #expect(error.location == Self.location(2, 10))
    }
  }

  @Test func reportsAnElementThatIsNotAnObjectAndGoesOn() throws {
    var reader = JSONRecordReader(bytes: Self.bytes("[{\"a\": 1},\n \"x\", 3, [], {\"b\": 2}]"), fileName: "t.json")
    #expect(try reader.next() != nil)
    let expected: [(index: Int, type: String)] = [(1, "a string"), (2, "a number"), (3, "a list")]
    for (index, type) in expected {
      do {
        _ = try reader.next()
        Issue.record("expected a problem for [\(index)]")
      } catch {
        #expect(error.message == "expected an object, found \(type)")
        #expect(error.location == OutpostCore.SourceLocation(file: "t.json", line: 2, path: "[\(index)]"))
        #expect(error.description == "t.json: [\(index)]: expected an object, found \(type)")
      }
    }
    let last = try #require(try reader.next())
    #expect(last.location.path == "[4]")
    #expect(try reader.next() == nil)
  }

  @Test func aSyntaxErrorEndsTheReading() throws {
    var reader = JSONRecordReader(bytes: Self.bytes(#"[{"a": 1}, {"b": ]"#), fileName: "t.json")
    #expect(try reader.next() != nil)
    var first: InputProblem?
    do { _ = try reader.next() } catch { first = error }
    let problem = try #require(first)
    #expect(problem.location == Self.location(1, 18))
    do {
      _ = try reader.next()
      Issue.record("expected the same problem again")
    } catch {
      #expect(error == problem)
    }
  }

  // MARK: Strings

  @Test func decodesEveryEscape() throws {
    let text = #"[{"s": "q\" b\\ s\/ \b\f\n\r\t \u00e9\u00E9 \u6771 \uD83D\uDE00 \u0001 plain 東京 é"}]"#
    let record = try #require(try Self.records(text).first)
    #expect(
      Self.value("s", in: record.fields)
        == .string("q\" b\\ s/ \u{8}\u{C}\n\r\t éé 東 😀 \u{1} plain 東京 é"))
  }

  @Test func refusesAnEscapedNULAtItsEscape() throws {
    let problem = try #require(Self.problem(#"[{"s": "ab\u0000c"}]"#))
    #expect(problem.description == #"t.json:1:11: \u0000 is a NUL character, which text cannot hold; remove it"#)
  }

  @Test func readsAStringOfExactlyOneMebibyte() throws {
    let long = String(repeating: "x", count: 1 << 20)
    let record = try #require(try Self.records(#"[{"s": ""# + long + #""}]"#).first)
    #expect(Self.value("s", in: record.fields) == .string(long))
  }

  @Test func refusesAStringLongerThanOneMebibyteAtItsStart() throws {
    let long = String(repeating: "x", count: (1 << 20) + 1)
    let text = "[\n {\"s\": \"" + long + "\"}]"
    let problem = try #require(Self.problem(text))
    #expect(problem.location == Self.location(2, 8))
    #expect(problem.message.contains("longer than 1 MiB"))
    let fromFile = try #require(try Self.problemFromFile(Self.bytes(text)))
    #expect(fromFile == problem)
    // An unterminated huge string is refused as too long, not buffered to the end.
    let endless = try #require(Self.problem("[{\"s\": \"" + String(repeating: "y", count: 3 << 20)))
    #expect(endless.message.contains("longer than 1 MiB"))
  }

  // MARK: Broken JSON

  struct BrokenCase: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var line: Int
    var column: Int
    var message: String
    var testDescription: String { message }

    init(_ text: String, _ line: Int, _ column: Int, _ message: String) {
      self.init(Array(text.utf8), line, column, message)
    }

    init(_ bytes: [UInt8], _ line: Int, _ column: Int, _ message: String) {
      self.bytes = bytes
      self.line = line
      self.column = column
      self.message = message
    }
  }

  static let brokenCases: [BrokenCase] = [
    BrokenCase(#"[{"a": 1,}]"#, 1, 9, "trailing comma before '}'; remove it"),
    BrokenCase(#"[{"a": 1},]"#, 1, 10, "trailing comma after the last entry; remove it"),
    BrokenCase(#"[{"a": [1, 2,]}]"#, 1, 13, "trailing comma before ']'"),
    BrokenCase(#"{"x": 1,}"#, 1, 8, "trailing comma before '}'"),
    BrokenCase(#"[{"a": 1 "b": 2}]"#, 1, 10, "unexpected character '\"', expected ',' or '}'; is a comma missing?"),
    BrokenCase(#"[{"a": 1} {"b": 2}]"#, 1, 11, "expected ',' or ']' after an entry"),
    BrokenCase(#"[{a: 1}]"#, 1, 3, "unexpected 'a', expected a key in double quotes"),
    BrokenCase(#"[{"a" 1}]"#, 1, 7, "expected ':' after the key"),
    BrokenCase(#"[{'a': 1}]"#, 1, 3, "single quote"),
    BrokenCase("[{\"a\": \u{201C}x\u{201D}}]", 1, 8, "curly quote"),
    BrokenCase(#"[{"a": tru}]"#, 1, 8, "'tru' is not a JSON value"),
    BrokenCase(#"[{"a": True}]"#, 1, 8, "'True' is not a JSON value"),
    BrokenCase(#"[{"a": nullx}]"#, 1, 8, "'nullx' is not a JSON value"),
    BrokenCase(#"[{"a": NaN}]"#, 1, 8, "'NaN' is not a JSON value"),
    BrokenCase("[{\"a\": \"abc", 1, 8, "unterminated string; close it with '\"'"),
    BrokenCase(#"[{"a": "x\q"}]"#, 1, 10, "invalid escape '\\q'"),
    BrokenCase(#"[{"a": "\u12G4"}]"#, 1, 9, "\\u takes four hex digits"),
    BrokenCase(#"[{"a": "x\uD83D"}]"#, 1, 10, "lone surrogate \\uD83D"),
    BrokenCase(#"[{"a": "\uD83Dx"}]"#, 1, 9, "lone surrogate"),
    BrokenCase(#"[{"a": "\uDE00"}]"#, 1, 9, "lone surrogate \\uDE00"),
    BrokenCase(#"[{"a": "\uD83D\u0041"}]"#, 1, 9, "lone surrogate"),
    BrokenCase("[{\"a\": \"a\tb\"}]", 1, 10, "tab character in a string; write it as \\t"),
    BrokenCase("[{\"a\": \"a\nb\"}]", 1, 10, "line break in a string"),
    BrokenCase("[{\"a\": \"a\u{1B}b\"}]", 1, 10, "control character 0x1B in a string; write it as \\u001B"),
    BrokenCase("[{\"a\": \"a\u{0}b\"}]", 1, 10, "NUL byte in a string"),
    BrokenCase("[\u{0}]", 1, 2, "NUL byte"),
    BrokenCase(Array(#"[{"a": "caf"#.utf8) + [0xE9] + Array(#""}]"#.utf8), 1, 12, "invalid UTF-8 byte 0xE9"),
    BrokenCase(Array(#"[{"a": "東京"#.utf8) + [0xFF] + Array(#""}]"#.utf8), 1, 11, "invalid UTF-8 byte 0xFF"),
    BrokenCase(Array(#"[{"a": "x"#.utf8) + [0xC0, 0xAF] + Array(#""}]"#.utf8), 1, 10, "invalid UTF-8 byte 0xC0"),
    BrokenCase(Array(#"[{"a": "x"#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}]"#.utf8), 1, 10, "invalid UTF-8 byte 0xED"),
    BrokenCase(Array(#"[{"a": "x"#.utf8) + [0xF4, 0x90, 0x80, 0x80] + Array(#""}]"#.utf8), 1, 10, "invalid UTF-8"),
    BrokenCase(Array(#"[{"a": "x"#.utf8) + [0xE6, 0x9D] + Array(#""}]"#.utf8), 1, 10, "invalid UTF-8 byte 0xE6"),
    BrokenCase(Array("[".utf8) + [0xFF] + Array("]".utf8), 1, 2, "invalid UTF-8 byte 0xFF"),
    BrokenCase("[{\"a\": 1}", 1, 10, "unexpected end of file; the array of entries is not closed"),
    BrokenCase("[\n  {\"a\": \n", 3, 1, "unexpected end of file; expected a value"),
    BrokenCase("[{\"a\": [1,\n2", 2, 2, "the array that opens at line 1, column 8 is not closed"),
    BrokenCase("[{\"a\": {\"b\": 1", 1, 15, "the object that opens at line 1, column 8 is not closed"),
    BrokenCase(#"{"tools": [{"a": 1}]"#, 1, 21, "the top-level object is not closed"),
    BrokenCase("[{\"a\": 1}]\n x", 2, 2, "text after the end of the top-level value"),
    BrokenCase(#"[{"a": 1}]{"b": 2}"#, 1, 11, "text after the end of the top-level value"),
    BrokenCase(#"[{"a": 01}]"#, 1, 8, "a number cannot start with 0"),
    BrokenCase(#"[{"a": 1.}]"#, 1, 10, "a number needs a digit after its '.'"),
    BrokenCase(#"[{"a": 1e+}]"#, 1, 11, "a number needs a digit in its exponent"),
    BrokenCase(#"[{"a": -}]"#, 1, 9, "'-' must be followed by a digit"),
    BrokenCase(#"[{"a": +1}]"#, 1, 8, "unexpected character '+', expected a value"),
    BrokenCase(#"[{"a": .5}]"#, 1, 8, "unexpected character '.', expected a value"),
    BrokenCase("\n\n  [{\"a\": @}]", 3, 10, "unexpected character '@', expected a value"),
    BrokenCase("[{\"k\": \"東京\", \"a\": @}]", 1, 19, "unexpected character '@'"),
    BrokenCase("@", 1, 1, "expected a JSON array of entries"),
    BrokenCase([0xFF, 0xFE] + Array("[".utf16.flatMap { [UInt8($0), 0] }), 1, 1, "UTF-16"),
  ]

  @Test(arguments: brokenCases)
  func locatesBrokenJSON(_ broken: BrokenCase) throws {
    let problem = try #require(Self.problem(broken.bytes))
    #expect(problem.message.contains(broken.message), "\(problem)")
    #expect(problem.location == Self.location(broken.line, broken.column), "\(problem)")
    #expect(!problem.message.isEmpty && problem.message.first?.isUppercase == false)
  }

  @Test func limitsNestingToSixtyFourLevels() throws {
    // The entry array is level 1 and the entry level 2, so 62 more arrays reach 64.
    func nested(_ levels: Int) -> String {
      #"[{"a": "# + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "}]"
    }
    #expect(try Self.records(nested(62)).count == 1)
    let problem = try #require(Self.problem(nested(63)))
    #expect(problem.message.contains("nested deeper than 64 levels"))
    #expect(problem.location == Self.location(1, 8 + 62))
    let deep = String(repeating: "[", count: 100_000)
    #expect(Self.problem(deep)?.message.contains("nested deeper than 64 levels") == true)
  }

  // MARK: Chunk boundaries

  /// Tokens placed so that each crosses the 64 KiB boundary at `offset`
  /// bytes before its end, read from a file and from memory alike.
  @Test(arguments: 0..<14)
  func readsTokensAcrossChunkBoundaries(offset: Int) throws {
    let tail =
      #"{"s": "a\u00e9\uD83D\uDE00\n東京\"é😀", "n": -12.5e+3, "t": true, "f": false, "z": null, "k": "v"}"#
    let tailBytes = Self.bytes(tail)
    var expected: [RawRecord] = []
    // Move every byte of the tail across the boundary in turn.
    for start in stride(from: 0, to: tailBytes.count, by: 1) where start % 14 == offset {
      let head = "[\n{\"pad\": \""
      let padCount = 65_536 - head.utf8.count - 4 - start
      let text = head + String(repeating: "p", count: padCount) + "\"},\n" + tail + "]"
      #expect(Array(text.utf8)[65_536 - start] == tailBytes[0])
      let fromFile = try Self.recordsFromFile(Self.bytes(text))
      let fromMemory = try Self.records(text)
      #expect(fromFile.count == 2)
      #expect(zip(fromFile, fromMemory).allSatisfy { $0.fields.elementsEqual($1.fields) { $0 == $1 } })
      let record = try #require(fromFile.last)
      #expect(record.location == OutpostCore.SourceLocation(file: "t.json", line: 3, path: "[1]"))
      #expect(Self.value("s", in: record.fields) == .string("aé😀\n東京\"é😀"))
      #expect(Self.value("n", in: record.fields) == .number("-12.5e+3"))
      #expect(Self.value("t", in: record.fields) == .bool(true))
      #expect(Self.value("f", in: record.fields) == .bool(false))
      #expect(Self.value("z", in: record.fields) == .null)
      #expect(Self.value("k", in: record.fields) == .string("v"))
      expected.append(record)
    }
    #expect(!expected.isEmpty)
  }

  @Test func readsLongStringsSpanningManyChunksFromAFile() throws {
    let long = String(repeating: "東京 é \\n x", count: 40_000)  // about 600 KB
    let text =
      "{\"meta\": \"" + String(repeating: "m", count: 70_000) + "\",\n \"tools\": [\n"
      + (0..<5).map { #"{"i": \#($0), "s": "\#(long)"}"# }.joined(separator: ",\n") + "]}"
    let records = try Self.recordsFromFile(Self.bytes(text))
    #expect(records.count == 5)
    let decoded = long.replacingOccurrences(of: "\\n", with: "\n")
    #expect(records.allSatisfy { Self.value("s", in: $0.fields) == .string(decoded) })
    #expect(records.map(\.location.line) == [3, 4, 5, 6, 7])
  }

  @Test func locatesProblemsPastTheFirstChunk() throws {
    let line = #"{"title": "東京 entry"},"# + "\n"
    let count = 70_000 / line.utf8.count
    let text = "[\n" + String(repeating: line, count: count) + #"{"title": "東京 "# + "\u{1}" + "\"}]"
    let problem = try #require(try Self.problemFromFile(Self.bytes(text)))
    #expect(problem.location == Self.location(count + 2, 15))
    #expect(problem.message.contains("control character 0x01"))
  }

  @Test func reportsAFileThatCannotBeRead() throws {
    // read(2) on a directory fails with EISDIR.
    let fd = open(FileManager.default.temporaryDirectory.path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    var reader = JSONRecordReader(fileDescriptor: fd, fileName: "dir")
    do {
      _ = try reader.next()
      Issue.record("expected a problem")
    } catch {
      #expect(error.location == OutpostCore.SourceLocation(file: "dir"))
      #expect(error.message.hasPrefix("cannot read the file: "))
    }
  }

  // MARK: Other entry points

  @Test func readsASingleValueOfAnyType() throws {
    var reader = JSONRecordReader(bytes: Self.bytes(#" [{"n": 1, "title": "x"}] "#), fileName: "sources")
    let source = RawValue.object([(key: "n", value: .number("1")), (key: "title", value: .string("x"))])
    #expect(try reader.singleValue() == .array([source]))
    var empty = JSONRecordReader(bytes: Self.bytes("  "), fileName: "sources")
    #expect(throws: InputProblem.self) { try empty.singleValue() }
    var trailing = JSONRecordReader(bytes: Self.bytes("[] x"), fileName: "sources")
    #expect(throws: InputProblem.self) { try trailing.singleValue() }
  }

  @Test func countsTheBytesRead() throws {
    let text = #"[{"a": 1}, {"b": 2}]"#
    var reader = JSONRecordReader(bytes: Self.bytes(text), fileName: "t.json")
    #expect(reader.bytesRead == 0)
    _ = try reader.next()
    #expect(reader.bytesRead == 9)
    while try reader.next() != nil {}
    #expect(reader.bytesRead == text.utf8.count)
  }
}

@Suite struct NDJSONRecordReaderTests {
  static func reader(_ text: String) -> NDJSONRecordReader {
    NDJSONRecordReader(bytes: Array(text.utf8), fileName: "t.ndjson")
  }

  /// Each line's outcome: the record's keys, or the problem's description.
  static func outcomes(_ text: String) -> [String] {
    var reader = reader(text)
    var outcomes: [String] = []
    while true {
      do {
        guard let record = try reader.next() else { return outcomes }
        outcomes.append("\(record.location): " + record.fields.map(\.key).joined(separator: ","))
      } catch {
        outcomes.append(error.description)
      }
    }
  }

  @Test func readsOneObjectALineSkippingBlankLines() throws {
    let text = "\u{FEFF}{\"a\": 1, \"b\": [\"x\"]}\r\n\n   \n\t{\"c\": {\"d\": null}}\r\n{\"e\": \"東京\"}"
    #expect(Self.outcomes(text) == ["t.ndjson:1: a,b", "t.ndjson:4: c", "t.ndjson:5: e"])
    var reader = Self.reader(text)
    let first = try #require(try reader.next())
    #expect(first.location == OutpostCore.SourceLocation(file: "t.ndjson", line: 1))
    #expect(first.fields[1].value == .array([.string("x")]))
  }

  @Test func anEmptyFileHoldsNoRecords() throws {
    var reader = Self.reader("")
    #expect(try reader.next() == nil)
    #expect(Self.outcomes("\n\n \n").isEmpty)
  }

  @Test func reportsALineThatIsNotAnObjectAndGoesOn() {
    let text = "{\"a\": 1}\n[1, 2]\n\"x\"\n42\n{\"b\": 2}\n"
    #expect(
      Self.outcomes(text) == [
        "t.ndjson:1: a",
        "t.ndjson:2: expected a JSON object on each line, found a list",
        "t.ndjson:3: expected a JSON object on each line, found a string",
        "t.ndjson:4: expected a JSON object on each line, found a number",
        "t.ndjson:5: b",
      ])
  }

  @Test func locatesBrokenLinesAndGoesOnWithTheNext() {
    let text = """
      {"a": 1,}
      {"a": "x
      {"a": 1} {"b": 2}
      {"a":
        1}
      {"a": "caf\u{1}"}
      {"ok": true}
      """
    #expect(
      Self.outcomes(text) == [
        "t.ndjson:1:8: trailing comma before '}'; remove it",
        "t.ndjson:2:9: line break in a string; close the string with '\"', or write the break as \\n",
        "t.ndjson:3:10: text after the JSON value on this line; put one object on each line",
        "t.ndjson:4:6: unexpected end of line, expected a value; put each object on one line",
        "t.ndjson:5:4: text after the JSON value on this line; put one object on each line",
        "t.ndjson:6:11: control character 0x01 in a string; write it as \\u0001",
        "t.ndjson:7: ok",
      ])
  }

  @Test func reportsAnUnfinishedLastLine() throws {
    var reader = Self.reader("{\"a\": 1}\n{\"a\": [1")
    #expect(try reader.next() != nil)
    do {
      _ = try reader.next()
      Issue.record("expected a problem")
    } catch {
      #expect(error.location == OutpostCore.SourceLocation(file: "t.ndjson", line: 2, column: 9))
      #expect(error.message.contains("unexpected end of file"))
    }
    #expect(try reader.next() == nil)
  }

  @Test func readsFromAFileAcrossChunks() throws {
    let line = #"{"title": "東京 \"entry\"", "n": 12345.5e-2}"# + "\n"
    let count = 200_000 / line.utf8.count
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-\(UUID().uuidString).ndjson")
    try Data(String(repeating: line, count: count).utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let fd = open(url.path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    var reader = NDJSONRecordReader(fileDescriptor: fd, fileName: "t.ndjson")
    var lines: [Int] = []
    while let record = try reader.next() {
      #expect(record.fields[0].value == .string("東京 \"entry\""))
      #expect(record.fields[1].value == .number("12345.5e-2"))
      lines.append(record.location.line ?? 0)
    }
    #expect(lines == Array(1...count))
    #expect(reader.bytesRead == count * line.utf8.count)
  }
}
