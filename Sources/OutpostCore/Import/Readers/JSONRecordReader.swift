import Foundation

// Why our own parser rather than JSONSerialization or Codable: those read the
// whole document into memory before yielding anything, and a 1 000 000-entry
// import must stay flat; they also cannot point at the line:column of a
// broken byte. So this works on raw bytes in one fixed `InputBuffer`, keeps
// each token whole while it reads it (moving it to the front when it
// straddles a 64 KiB chunk), validates UTF-8 as it goes (`UTF8Validation`)
// and builds one String per string.

/// Streams the entries of a JSON import one at a time, so memory stays flat
/// however many entries the file holds.
///
/// The file holds an array of entry objects, or an object holding exactly
/// one array of them (`{"name": "…", "count": 449, "tools": […]}`). Broken
/// JSON is reported as `file:line:column` and ends the reading: every later
/// `next()` throws the same problem. An element that is not an object is
/// reported as `file: [3]`, and reading may go on with the next element.
/// The reader never closes the file descriptor it was given. Copies of a
/// reader share one buffer, so use only one of them.
public struct JSONRecordReader {
  private typealias Byte = JSONRecordScanner.Byte

  private var parser: JSONRecordScanner
  private var state = State.start
  /// Keep an element that is not an object for the rejects file (`--rejects`).
  var keepsOriginals = false

  private enum State {
    case start
    /// Inside the entry array, `index` elements read; `key` names the array
    /// when an object holds it.
    case entries(index: Int, key: String?)
    case done
    case failed(InputProblem)
  }

  /// What one step of the entry array gave.
  private enum Step {
    case record(RawRecord)
    case notObject(InputProblem, RawValue)
    case end
  }

  /// Reads `source` in 64 KiB chunks.
  public init(_ source: ByteSource, fileName: String) {
    parser = JSONRecordScanner(source, file: fileName, lineMode: false)
  }

  /// Reads the open file `fileDescriptor`.
  public init(fileDescriptor: Int32, fileName: String) {
    self.init(.file(fileDescriptor), fileName: fileName)
  }

  /// Reads with a custom chunk size, so tests can put chunk boundaries anywhere.
  init(fileDescriptor: Int32, fileName: String, chunkSize: Int) {
    parser = JSONRecordScanner(.file(fileDescriptor), file: fileName, lineMode: false, chunkSize: chunkSize)
  }

  /// Reads bytes already in memory: a small file, a CSV cell, a test.
  public init(bytes: [UInt8], fileName: String) {
    self.init(.bytes(bytes), fileName: fileName)
  }

  /// How many bytes of the input have been parsed, for a progress bar.
  public var bytesRead: Int { parser.offset }

  /// The next element of the entry array as a record located at
  /// `file: [index]` (with the line where the element starts), or nil at the end.
  public mutating func next() throws(InputProblem) -> RawRecord? {
    try nextRecord()?.record()
  }

  /// The next record, or the problem of an element that is not an object
  /// (reading goes on after it), or nil at the end; throws a problem that
  /// ends the reading, as broken JSON does.
  mutating func nextRecord() throws(InputProblem) -> RecordStep? {
    let step: Step
    switch state {
    case .done: return nil
    case .failed(let problem): throw problem
    case .start, .entries: break
    }
    do throws(InputProblem) {
      step = try nextStep()
    } catch {
      state = .failed(error)
      throw error
    }
    switch step {
    case .record(let record): return .record(record)
    case .notObject(let problem, let value): return .problem(problem, refusing: keepsOriginals ? .value(value) : nil)
    case .end:
      state = .done
      return nil
    }
  }

  /// The whole input as one JSON value of any type, for JSON held in a CSV
  /// cell (`sources`); nothing but whitespace may follow it. Call it on a
  /// fresh reader, instead of `next()`.
  public mutating func singleValue() throws(InputProblem) -> RawValue {
    try parser.skipByteOrderMark()
    try parser.skipWhitespace()
    guard try parser.peek() != nil else {
      throw InputProblem(SourceLocation(file: parser.file), "expected a JSON value, found nothing")
    }
    let value = try parser.parseValue(depth: 0)
    try parser.expectEnd()
    state = .done
    return value
  }

  private mutating func nextStep() throws(InputProblem) -> Step {
    if case .start = state { try openTopLevel() }
    guard case .entries(let index, let key) = state else { return .end }
    try parser.skipWhitespace()
    guard let b = try parser.peek() else {
      throw parser.endOfInput("the array of entries is not closed; end it with ']'")
    }
    if b == Byte.closeBracket {
      parser.advance()
      try closeEntries(key: key)
      return .end
    }
    if index > 0 {
      guard b == Byte.comma else { throw parser.unexpected(b, expected: "',' or ']' after an entry") }
      let comma = parser.location()
      parser.advance()
      try parser.skipWhitespace()
      if try parser.peek() == Byte.closeBracket {
        throw InputProblem(comma, "trailing comma after the last entry; remove it")
      }
    }
    let line = parser.line
    let value = try parser.parseValue(depth: key == nil ? 1 : 2)
    state = .entries(index: index + 1, key: key)
    let location = SourceLocation(file: parser.file, line: line, path: "[\(index)]")
    guard case .object(let fields) = value else {
      return .notObject(InputProblem(location, "expected an object, found \(value.typeName)"), value)
    }
    return .record(RawRecord(fields: fields, location: location))
  }

  /// Reads up to the first entry: `[`, or `{` and the keys before its array.
  private mutating func openTopLevel() throws(InputProblem) {
    try parser.skipByteOrderMark()
    try parser.skipWhitespace()
    // Where the top-level value starts (1:1 for an empty file), so even a
    // whole-file problem reads as FILE:LINE:COLUMN.
    let file = parser.location()
    let shape = "expected a JSON array of entries, or an object holding one"
    guard let b = try parser.peek() else {
      throw InputProblem(file, "file is empty; expected a JSON array of entries")
    }
    switch b {
    case Byte.openBracket:
      parser.advance()
      state = .entries(index: 0, key: nil)
    case Byte.openBrace:
      parser.advance()
      guard let (key, _) = try nextArrayMember(first: true) else {
        throw InputProblem(file, "\(shape); found an object with no array of entries")
      }
      state = .entries(index: 0, key: key)
    case Byte.quote, Byte.minus, Byte.digit0...Byte.digit9,
      Byte.letterT, Byte.letterF, Byte.letterN:
      let value = try parser.parseValue(depth: 0)
      throw InputProblem(file, "\(shape); found \(value.typeName)")
    default:
      throw parser.unexpected(b, expected: "a JSON array of entries")
    }
  }

  /// After the entry array: the rest of the object holding it, then the end.
  private mutating func closeEntries(key: String?) throws(InputProblem) {
    if let key, let (other, at) = try nextArrayMember(first: false) {
      throw InputProblem(at, "the top-level object holds two arrays, '\(key)' and '\(other)'; keep one")
    }
    try parser.expectEnd()
  }

  /// Reads members of the top-level object, skipping scalars and objects,
  /// up to an array-valued one: its key and where it is, with the `[`
  /// consumed; nil when the object ends first.
  private mutating func nextArrayMember(first: Bool) throws(InputProblem) -> (String, SourceLocation)? {
    var expectKey = first
    while true {
      try parser.skipWhitespace()
      guard var b = try parser.peek() else {
        throw parser.endOfInput("the top-level object is not closed; end it with '}'")
      }
      if b == Byte.closeBrace {
        parser.advance()
        return nil
      }
      if !expectKey {
        guard b == Byte.comma else { throw parser.unexpected(b, expected: "',' or '}'") }
        let comma = parser.location()
        parser.advance()
        try parser.skipWhitespace()
        guard let c = try parser.peek() else {
          throw parser.endOfInput("the top-level object is not closed; end it with '}'")
        }
        if c == Byte.closeBrace { throw InputProblem(comma, "trailing comma before '}'; remove it") }
        b = c
      }
      guard b == Byte.quote else { throw parser.unexpected(b, expected: "a key in double quotes") }
      let at = parser.location()
      let key = try parser.parseString()
      try parser.expectColon()
      try parser.skipWhitespace()
      if try parser.peek() == Byte.openBracket {
        parser.advance()
        return (key, at)
      }
      _ = try parser.parseValue(depth: 1)
      expectKey = false
    }
  }
}
