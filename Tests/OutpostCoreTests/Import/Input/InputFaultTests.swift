import Foundation
import Testing

@testable import OutpostCore

/// The byte-level faults every reader shares: CSV, JSON, NDJSON and the
/// whole-text formats word them the same and locate them the same way.
@Suite("Input faults")
struct InputFaultTests {
  /// The first problem each streaming reader finds in `bytes`, in the order
  /// CSV, JSON, NDJSON.
  static func problems(_ bytes: [UInt8]) -> [InputProblem?] {
    var csv = CSVReader(bytes: bytes, fileName: "t")
    var json = JSONRecordReader(bytes: bytes, fileName: "t")
    var ndjson = NDJSONRecordReader(bytes: bytes, fileName: "t")
    return [
      firstProblem { () throws(InputProblem) in while try csv.next() != nil {} },
      firstProblem { () throws(InputProblem) in while try json.next() != nil {} },
      firstProblem { () throws(InputProblem) in while try ndjson.next() != nil {} },
    ]
  }

  static func firstProblem(_ body: () throws(InputProblem) -> Void) -> InputProblem? {
    do throws(InputProblem) {
      try body()
      return nil
    } catch {
      return error
    }
  }

  static func at(_ line: Int, _ column: Int) -> OutpostCore.SourceLocation {
    OutpostCore.SourceLocation(file: "t", line: line, column: column)
  }

  @Test(
    "a UTF-16 or UTF-32 byte-order mark is refused by name, at 1:1, by every reader",
    arguments: [
      ([0xFF, 0xFE] + Array("[".utf16.flatMap { [UInt8($0 & 0xFF), 0] }), "UTF-16"),
      ([0xFE, 0xFF] + Array("a,b".utf16.flatMap { [0, UInt8($0 & 0xFF)] }), "UTF-16"),
      ([0xFF, 0xFE, 0, 0, 0x5B, 0, 0, 0], "UTF-32"),
      ([0, 0, 0xFE, 0xFF, 0, 0, 0, 0x5B], "UTF-32"),
    ] as [([UInt8], String)])
  func byteOrderMarks(bytes: [UInt8], name: String) throws {
    let expected = InputProblem(Self.at(1, 1), "the file is \(name) text; save it as UTF-8")
    #expect(Self.problems(bytes) == [expected, expected, expected])
    #expect(throws: expected) { try InputText.decode(bytes, file: "t") }
  }

  @Test("a UTF-8 byte-order mark is skipped by every reader, and columns start after it")
  func utf8ByteOrderMark() throws {
    var csv = CSVReader(bytes: [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8), fileName: "t")
    let header = try #require(try csv.next())
    #expect(header.fields == ["a", "b"])
    #expect(header.columnStarts == [1, 3])
    var json = JSONRecordReader(bytes: [0xEF, 0xBB, 0xBF] + Array("[{\"a\": 1}]".utf8), fileName: "t")
    #expect(try json.next() != nil)
    var ndjson = NDJSONRecordReader(bytes: [0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}\n".utf8), fileName: "t")
    #expect(try ndjson.next() != nil)
  }

  @Test("a NUL byte reads the same in CSV and JSON (JSON's messages start in lower case: with an article)")
  func nulByte() throws {
    let csv = try #require(Self.problems(Array("a,b\n1,".utf8) + [0])[0])
    let json = try #require(Self.problems(Array("[{\"a\": 1},".utf8) + [0] + Array("]".utf8))[1])
    let ndjson = try #require(Self.problems(Array("{\"a\": 1}\n".utf8) + [0])[2])
    #expect(csv.message == "NUL byte in the file; is it a binary file?")
    #expect(json.message == "a " + csv.message)
    #expect(ndjson.message == json.message)
    #expect(csv.location == Self.at(2, 3))
    #expect(json.location == Self.at(1, 11))
  }

  @Test("invalid UTF-8 reads the same in CSV and JSON, and names the byte")
  func invalidUTF8() throws {
    let csv = try #require(Self.problems(Array("a,b\ncaf".utf8) + [0xE9])[0])
    let json = try #require(Self.problems(Array("[\"caf".utf8) + [0xE9] + Array("\"]".utf8))[1])
    let ndjson = try #require(Self.problems(Array("{\"a\": \"caf".utf8) + [0xE9] + Array("\"}".utf8))[2])
    #expect(csv.message == "invalid UTF-8 byte 0xE9; save the file as UTF-8")
    #expect(json.message == csv.message)
    #expect(ndjson.message == csv.message)
    #expect(csv.location == Self.at(2, 4))
    #expect(json.location == Self.at(1, 6))
  }

  @Test("a read error reads the same in CSV and JSON")
  func readError() throws {
    // read(2) on a directory fails with EISDIR.
    let fd = open(FileManager.default.temporaryDirectory.path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    var csv = CSVReader(.file(fd), fileName: "dir")
    var json = JSONRecordReader(.file(fd), fileName: "dir")
    let fromCSV = Self.firstProblem { () throws(InputProblem) in while try csv.next() != nil {} }
    let fromJSON = Self.firstProblem { () throws(InputProblem) in while try json.next() != nil {} }
    let expected = InputProblem(OutpostCore.SourceLocation(file: "dir"), "cannot read the file: is a directory")
    #expect(fromCSV == expected)
    #expect(fromJSON == expected)
  }

  @Test("bytes already read, then the rest of the file: the records are those of the whole file")
  func headThenFile() throws {
    let rows = (0..<3000).map { "tool-\($0),東京 \($0),\"a, b\"\n" }.joined()
    let csvText = "slug,title,tags\n" + rows
    let jsonText =
      "[" + (0..<3000).map { #"{"slug": "tool-\#($0)", "title": "東京 \#($0)"}"# }.joined(separator: ",\n")
      + "]"
    for (text, cut) in [(csvText, 7), (csvText, 65_536), (jsonText, 1), (jsonText, 40_000)] {
      let bytes = Array(text.utf8)
      let url = FileManager.default.temporaryDirectory.appendingPathComponent("head-\(UUID().uuidString)")
      try Data(bytes).write(to: url)
      defer { try? FileManager.default.removeItem(at: url) }
      let fd = open(url.path, O_RDONLY)
      try #require(fd >= 0)
      defer { close(fd) }
      var head = [UInt8](repeating: 0, count: cut)
      #expect(read(fd, &head, cut) == cut)
      let source = ByteSource.file(fd, after: head)
      if text == csvText {
        var split = CSVReader(source, fileName: "t")
        var whole = CSVReader(bytes: bytes, fileName: "t")
        var count = 0
        while let record = try split.next() {
          #expect(record == (try whole.next()))
          count += 1
        }
        #expect(count == 3001)
        #expect(try whole.next() == nil)
      } else {
        var split = JSONRecordReader(source, fileName: "t")
        var whole = JSONRecordReader(bytes: bytes, fileName: "t")
        var count = 0
        while let record = try split.next() {
          let expected = try #require(try whole.next())
          #expect(record.location == expected.location)
          #expect(record.fields.elementsEqual(expected.fields) { $0 == $1 })
          count += 1
        }
        #expect(count == 3000)
      }
    }
  }
}
