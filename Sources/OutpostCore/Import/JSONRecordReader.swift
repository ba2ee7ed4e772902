#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// Why our own parser rather than JSONSerialization or Codable: those read the
// whole document into memory before yielding anything, and a 1 000 000-entry
// import must stay flat; they also cannot point at the line:column of a
// broken byte. So this works on raw bytes in one fixed buffer, keeps each
// token whole while it reads it (moving it to the front when it straddles a
// 64 KiB chunk), validates UTF-8 itself and builds one String per string.

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
  /// The last problem handed to the importer, to tell a repeated one.
  var lastReportedProblem: InputProblem?

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
    case notObject(InputProblem)
    case end
  }

  /// Reads the open file `fileDescriptor` in 64 KiB chunks via read(2).
  public init(fileDescriptor: Int32, fileName: String) {
    parser = JSONRecordScanner(fileDescriptor: fileDescriptor, file: fileName, lineMode: false)
  }

  /// Reads with a custom chunk size, so tests can put chunk boundaries anywhere.
  init(fileDescriptor: Int32, fileName: String, chunkSize: Int) {
    parser = JSONRecordScanner(fileDescriptor: fileDescriptor, file: fileName, lineMode: false, chunkSize: chunkSize)
  }

  /// Reads bytes already in memory: a small file, a CSV cell, a test.
  public init(bytes: [UInt8], fileName: String) {
    parser = JSONRecordScanner(bytes: bytes, file: fileName, lineMode: false)
  }

  /// How many bytes of the input have been parsed, for a progress bar.
  public var bytesRead: Int { parser.offset }

  /// The next element of the entry array as a record located at
  /// `file: [index]` (with the line where the element starts), or nil at the end.
  public mutating func next() throws(InputProblem) -> RawRecord? {
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
    case .record(let record): return record
    case .notObject(let problem): throw problem
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
      return .notObject(InputProblem(location, "expected an object, found \(value.typeName)"))
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

/// Streams the objects of an NDJSON import, one JSON object a line, so
/// memory stays flat however many lines the file holds.
///
/// Blank lines are skipped; each record is located as `file:line`. A line
/// that is broken or not an object throws its problem, and the next call
/// goes on with the next line. An empty file holds no records (it is what
/// exporting an empty catalog gives). The reader never closes the file
/// descriptor it was given.
public struct NDJSONRecordReader {
  private typealias Byte = JSONRecordScanner.Byte

  private var parser: JSONRecordScanner
  /// The last problem handed to the importer, to tell a repeated one.
  var lastReportedProblem: InputProblem?
  private var started = false
  private var failure: InputProblem?
  private var done = false

  /// Reads the open file `fileDescriptor` in 64 KiB chunks via read(2).
  public init(fileDescriptor: Int32, fileName: String) {
    parser = JSONRecordScanner(fileDescriptor: fileDescriptor, file: fileName, lineMode: true)
  }

  /// Reads with a custom chunk size, so tests can put chunk boundaries anywhere.
  init(fileDescriptor: Int32, fileName: String, chunkSize: Int) {
    parser = JSONRecordScanner(fileDescriptor: fileDescriptor, file: fileName, lineMode: true, chunkSize: chunkSize)
  }

  /// Reads bytes already in memory.
  public init(bytes: [UInt8], fileName: String) {
    parser = JSONRecordScanner(bytes: bytes, file: fileName, lineMode: true)
  }

  /// How many bytes of the input have been parsed, for a progress bar.
  public var bytesRead: Int { parser.offset }

  /// The object on the next non-blank line, located at `file:line`, or nil at the end.
  public mutating func next() throws(InputProblem) -> RawRecord? {
    if let failure { throw failure }
    if done { return nil }
    let line: (value: RawValue, line: Int)?
    do throws(InputProblem) {
      if !started {
        started = true
        try parser.skipByteOrderMark()
      }
      line = try nextLine()
    } catch {
      // A broken line ends at its line feed; the next line starts afresh.
      if parser.isFatal {
        failure = error
      } else {
        do throws(InputProblem) { try parser.skipLine() } catch { failure = error }
      }
      throw error
    }
    guard let (value, number) = line else {
      done = true
      return nil
    }
    let location = SourceLocation(file: parser.file, line: number)
    guard case .object(let fields) = value else {
      throw InputProblem(location, "expected a JSON object on each line, found \(value.typeName)")
    }
    return RawRecord(fields: fields, location: location)
  }

  /// The value on the next non-blank line and the line's number, with its line feed consumed.
  private mutating func nextLine() throws(InputProblem) -> (value: RawValue, line: Int)? {
    while true {
      try parser.skipWhitespace()
      guard let b = try parser.peek() else { return nil }
      if b == Byte.lineFeed {
        parser.consumeLineFeed()
        continue
      }
      let line = parser.line
      let value = try parser.parseValue(depth: 0)
      try parser.skipWhitespace()
      if let c = try parser.peek() {
        guard c == Byte.lineFeed else {
          throw parser.problem("text after the JSON value on this line; put one object on each line")
        }
        parser.consumeLineFeed()
      }
      return (value, line)
    }
  }
}

/// The byte-level scanner behind both readers. `base[pos..<end]` is unread;
/// `chunkStart` is the file offset of `base[0]`. A token is read in place,
/// from `pos`, and `pos` moves past it only when it is complete, so that
/// refilling can move the token's start to the front of the buffer.
struct JSONRecordScanner {
  /// The longest string accepted, in bytes as written in the file.
  static let maxStringBytes = 1 << 20
  /// The deepest nesting of arrays and objects accepted.
  static let maxDepth = 64
  static let chunkSize = 64 * 1024

  let file: String
  private let storage: Storage
  private let base: UnsafeMutablePointer<UInt8>
  private let capacity: Int
  /// How many bytes one read(2) asks for.
  private let readSize: Int
  private let fileDescriptor: Int32
  /// NDJSON: a line feed ends the value instead of being whitespace.
  private let lineMode: Bool
  /// No more bytes will come: end of file, or the input was given in memory.
  private var exhausted: Bool
  /// Set by a read error or a UTF-16 file, after which nothing can be resumed.
  private(set) var isFatal = false
  private var pos = 0
  private var end: Int
  private var chunkStart = 0
  /// The 1-based line of `pos`, the file offset where that line starts, and
  /// how many UTF-8 continuation bytes it holds before `pos`, so columns
  /// count Unicode scalars as an editor does.
  private(set) var line = 1
  private var lineStart = 0
  private var lineExtra = 0
  /// Decoded bytes of a string that holds escapes.
  private var scratch: [UInt8] = []

  private final class Storage {
    let pointer: UnsafeMutablePointer<UInt8>
    init(capacity: Int) { pointer = .allocate(capacity: capacity) }
    deinit { pointer.deallocate() }
  }

  init(fileDescriptor: Int32, file: String, lineMode: Bool, chunkSize: Int = Self.chunkSize) {
    readSize = max(chunkSize, 1)
    // Room for the longest token kept whole plus a chunk read behind it.
    capacity = Self.maxStringBytes + 4 * readSize
    storage = Storage(capacity: capacity)
    base = storage.pointer
    self.fileDescriptor = fileDescriptor
    self.file = file
    self.lineMode = lineMode
    exhausted = false
    end = 0
  }

  init(bytes: [UInt8], file: String, lineMode: Bool) {
    capacity = max(bytes.count, 1)
    readSize = capacity
    storage = Storage(capacity: capacity)
    let pointer = storage.pointer
    base = pointer
    bytes.withUnsafeBufferPointer { source in
      if let from = source.baseAddress { pointer.initialize(from: from, count: source.count) }
    }
    fileDescriptor = -1
    self.file = file
    self.lineMode = lineMode
    exhausted = true
    end = bytes.count
  }

  /// The file offset of the next unread byte.
  var offset: Int { chunkStart + pos }

  // MARK: Buffer

  /// Moves the unread bytes to the front and reads another chunk behind
  /// them; returns how far the bytes moved, for indices the caller holds.
  private mutating func refill() throws(InputProblem) -> Int {
    guard !exhausted else { return 0 }
    let shift = pos
    let keep = end - pos
    if shift > 0 {
      if keep > 0 { memmove(base, base + shift, keep) }
      chunkStart += shift
      pos = 0
      end = keep
    }
    let room = min(readSize, capacity - end)
    guard room > 0 else {
      // Tokens are capped well below the capacity; this is a safety net.
      isFatal = true
      throw InputProblem(location(), "a value longer than \(capacity) bytes; shorten it")
    }
    while true {
      let count = read(fileDescriptor, base + end, room)
      if count > 0 {
        end += count
        return shift
      }
      if count == 0 {
        exhausted = true
        return shift
      }
      if errno == EINTR { continue }
      let reason = String(cString: strerror(errno))
      isFatal = true
      exhausted = true
      throw InputProblem(SourceLocation(file: file), "cannot read the file: \(reason)")
    }
  }

  /// Makes `count` bytes from index `p` readable, keeping the bytes from
  /// `pos` on; `p` and `q` follow the move. False at the end of the input.
  private mutating func request(_ count: Int, _ p: inout Int, _ q: inout Int) throws(InputProblem) -> Bool {
    while end - p < count {
      if exhausted { return false }
      let shift = try refill()
      p -= shift
      q -= shift
    }
    return true
  }

  /// The next byte, or nil at the end of the input.
  @inline(__always)
  mutating func peek() throws(InputProblem) -> UInt8? {
    if pos < end { return base[pos] }
    var p = pos
    var q = pos
    guard try request(1, &p, &q) else { return nil }
    return base[pos]
  }

  @inline(__always)
  mutating func advance() { pos += 1 }

  /// Past the line feed at `pos`.
  mutating func consumeLineFeed() {
    pos += 1
    line += 1
    lineStart = chunkStart + pos
    lineExtra = 0
  }

  /// Past the next line feed, or to the end: where a broken NDJSON line ends.
  mutating func skipLine() throws(InputProblem) {
    while true {
      while pos < end {
        if base[pos] == Byte.lineFeed {
          consumeLineFeed()
          return
        }
        pos += 1
      }
      if exhausted { return }
      _ = try refill()
    }
  }

  /// Skips spaces, tabs, carriage returns and (except in NDJSON) line feeds.
  mutating func skipWhitespace() throws(InputProblem) {
    while true {
      var p = pos
      while p < end {
        let b = base[p]
        if b == Byte.space || b == Byte.tab || b == Byte.carriageReturn {
          p += 1
        } else if b == Byte.lineFeed && !lineMode {
          p += 1
          line += 1
          lineStart = chunkStart + p
          lineExtra = 0
        } else {
          pos = p
          return
        }
      }
      pos = p
      if exhausted { return }
      _ = try refill()
    }
  }

  /// Skips a UTF-8 byte order mark; refuses UTF-16, which would otherwise
  /// show up as a confusing NUL byte.
  mutating func skipByteOrderMark() throws(InputProblem) {
    var p = pos
    var q = pos
    _ = try request(3, &p, &q)
    let count = end - pos
    if count >= 2, (base[pos] == 0xFF && base[pos + 1] == 0xFE) || (base[pos] == 0xFE && base[pos + 1] == 0xFF) {
      isFatal = true
      throw InputProblem(SourceLocation(file: file, line: 1, column: 1), "the file is UTF-16 text; save it as UTF-8")
    }
    if count >= 3, base[pos] == 0xEF, base[pos + 1] == 0xBB, base[pos + 2] == 0xBF {
      pos += 3
      lineStart = chunkStart + pos
    }
  }

  // MARK: Locations and problems

  /// The 1-based column of index `p` on the current line, in Unicode scalars.
  private func column(at p: Int) -> Int { chunkStart + p - lineStart - lineExtra + 1 }

  /// Where the next unread byte is.
  func location() -> SourceLocation {
    SourceLocation(file: file, line: line, column: column(at: pos))
  }

  private func location(at p: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column(at: p))
  }

  func problem(_ message: String) -> InputProblem { InputProblem(location(), message) }

  private func problem(_ message: String, at p: Int) -> InputProblem {
    InputProblem(location(at: p), message)
  }

  /// The input ended inside an array or object.
  private func unclosed(_ kind: String, _ close: String, line: Int, column: Int) -> InputProblem {
    endOfInput("the \(kind) that opens at line \(line), column \(column) is not closed; end it with '\(close)'")
  }

  /// The input ended where more was needed.
  func endOfInput(_ detail: String) -> InputProblem {
    problem("unexpected end of file; \(detail)")
  }

  /// A byte that cannot come where it is, said in the user's terms.
  mutating func unexpected(_ b: UInt8, expected: String) -> InputProblem {
    switch b {
    case 0:
      return problem("a NUL byte; the file may be UTF-16 or binary, save it as UTF-8 text")
    case Byte.lineFeed:
      return problem("unexpected end of line, expected \(expected); put each object on one line")
    case Byte.apostrophe:
      return problem("unexpected single quote, expected \(expected); JSON strings take double quotes (\")")
    case _ where Byte.isLetter(b):
      if expected == "a value" { return notAValue() }
      return problem("unexpected '\(word())', expected \(expected)")
    case 0x80...:
      var p = pos
      var q = pos
      _ = try? request(4, &p, &q)
      let length = Self.sequenceLength(base, from: pos, to: end)
      guard length > 0 else { return invalidUTF8(at: pos) }
      let text = String(decoding: UnsafeBufferPointer(start: base + pos, count: length), as: UTF8.self)
      if text == "“" || text == "”" {
        return problem(
          "unexpected curly quote '\(text)', expected \(expected); JSON strings take straight double quotes (\")")
      }
      return problem("unexpected character '\(text)', expected \(expected)")
    case ..<0x20, 0x7F:
      return problem("unexpected control character \(Self.hex(b)), expected \(expected)")
    default:
      let startsValue = b == Byte.quote || b == Byte.openBrace || b == Byte.openBracket
      let hint = expected.hasPrefix("','") && startsValue ? "; is a comma missing?" : ""
      return problem("unexpected character '\(Character(Unicode.Scalar(b)))', expected \(expected)\(hint)")
    }
  }

  /// The letters and digits at `pos`, as the user wrote them (at most 32).
  private mutating func word() -> String {
    var p = pos
    var q = pos
    _ = try? request(32, &p, &q)
    var e = pos
    while e < end, e - pos < 32, Byte.isLetter(base[e]) || Byte.isDigit(base[e]) || base[e] == 0x5F {
      e += 1
    }
    return String(decoding: UnsafeBufferPointer(start: base + pos, count: e - pos), as: UTF8.self)
  }

  private mutating func notAValue() -> InputProblem {
    problem("'\(word())' is not a JSON value; put text in double quotes, or write true, false or null")
  }

  private func invalidUTF8(at p: Int) -> InputProblem {
    problem(
      "invalid UTF-8 byte \(Self.hex(base[p])); save the file as UTF-8 (it may be Latin-1 or Windows-1252)", at: p)
  }

  private static func hex(_ b: UInt8) -> String {
    let digits = String(b, radix: 16, uppercase: true)
    return "0x" + (digits.count < 2 ? "0" + digits : digits)
  }

  /// Nothing but whitespace may follow the top-level value.
  mutating func expectEnd() throws(InputProblem) {
    try skipWhitespace()
    guard let b = try peek() else { return }
    if b == 0 { throw unexpected(b, expected: "the end of the file") }
    throw problem(
      "text after the end of the top-level value; remove it (a file of one object a line is NDJSON)")
  }

  mutating func expectColon() throws(InputProblem) {
    try skipWhitespace()
    guard let b = try peek() else { throw endOfInput("expected ':' after the key") }
    guard b == Byte.colon else { throw unexpected(b, expected: "':' after the key") }
    pos += 1
  }

  // MARK: Values

  /// The value at the next non-blank byte, inside `depth` arrays and objects.
  mutating func parseValue(depth: Int) throws(InputProblem) -> RawValue {
    try skipWhitespace()
    guard let b = try peek() else { throw endOfInput("expected a value") }
    switch b {
    case Byte.quote: return .string(try parseString())
    case Byte.openBrace: return try parseObject(depth: depth + 1)
    case Byte.openBracket: return try parseArray(depth: depth + 1)
    case Byte.minus, Byte.digit0...Byte.digit9: return .number(try parseNumber())
    case Byte.letterT:
      try literal(Self.trueBytes)
      return .bool(true)
    case Byte.letterF:
      try literal(Self.falseBytes)
      return .bool(false)
    case Byte.letterN:
      try literal(Self.nullBytes)
      return .null
    default: throw unexpected(b, expected: "a value")
    }
  }

  private static let trueBytes: [UInt8] = Array("true".utf8)
  private static let falseBytes: [UInt8] = Array("false".utf8)
  private static let nullBytes: [UInt8] = Array("null".utf8)

  private mutating func literal(_ bytes: [UInt8]) throws(InputProblem) {
    var p = pos
    var q = pos
    let count = bytes.count
    guard try request(count, &p, &q) else { throw notAValue() }
    for i in 0..<count where base[pos + i] != bytes[i] { throw notAValue() }
    // `trueish` is one bad word, not `true` then `ish`.
    p = pos + count
    if try request(1, &p, &q), Byte.isLetter(base[p]) { throw notAValue() }
    pos += count
  }

  private mutating func parseObject(depth: Int) throws(InputProblem) -> RawValue {
    let openLine = line
    let openColumn = column(at: pos)
    guard depth <= Self.maxDepth else {
      throw problem("arrays and objects nested deeper than \(Self.maxDepth) levels; flatten the data")
    }
    pos += 1
    var fields: [(key: String, value: RawValue)] = []
    try skipWhitespace()
    if try peek() == Byte.closeBrace {
      pos += 1
      return .object(fields)
    }
    while true {
      guard let b = try peek() else { throw unclosed("object", "}", line: openLine, column: openColumn) }
      guard b == Byte.quote else { throw unexpected(b, expected: "a key in double quotes") }
      let key = try parseString()
      try expectColon()
      let value = try parseValue(depth: depth)
      fields.append((key: key, value: value))
      try skipWhitespace()
      guard let c = try peek() else { throw unclosed("object", "}", line: openLine, column: openColumn) }
      if c == Byte.closeBrace {
        pos += 1
        return .object(fields)
      }
      guard c == Byte.comma else { throw unexpected(c, expected: "',' or '}'") }
      let commaLine = line
      let commaColumn = column(at: pos)
      pos += 1
      try skipWhitespace()
      if try peek() == Byte.closeBrace {
        throw InputProblem(
          SourceLocation(file: file, line: commaLine, column: commaColumn), "trailing comma before '}'; remove it")
      }
    }
  }

  private mutating func parseArray(depth: Int) throws(InputProblem) -> RawValue {
    let openLine = line
    let openColumn = column(at: pos)
    guard depth <= Self.maxDepth else {
      throw problem("arrays and objects nested deeper than \(Self.maxDepth) levels; flatten the data")
    }
    pos += 1
    var values: [RawValue] = []
    try skipWhitespace()
    if try peek() == Byte.closeBracket {
      pos += 1
      return .array(values)
    }
    while true {
      values.append(try parseValue(depth: depth))
      try skipWhitespace()
      guard let c = try peek() else { throw unclosed("array", "]", line: openLine, column: openColumn) }
      if c == Byte.closeBracket {
        pos += 1
        return .array(values)
      }
      guard c == Byte.comma else { throw unexpected(c, expected: "',' or ']'") }
      let commaLine = line
      let commaColumn = column(at: pos)
      pos += 1
      try skipWhitespace()
      if try peek() == Byte.closeBracket {
        throw InputProblem(
          SourceLocation(file: file, line: commaLine, column: commaColumn), "trailing comma before ']'; remove it")
      }
    }
  }

  /// The byte at index `p` of a number being read, or nil at the end.
  @inline(__always)
  private mutating func numberByte(_ p: inout Int) throws(InputProblem) -> UInt8? {
    if p < end { return base[p] }
    guard p - pos <= Self.maxStringBytes else { throw problem("a number longer than 1 MiB; shorten it") }
    var q = pos
    guard try request(1, &p, &q) else { return nil }
    return base[p]
  }

  /// A number per RFC 8259, kept as written.
  private mutating func parseNumber() throws(InputProblem) -> String {
    var p = pos
    var b = try numberByte(&p)
    if b == Byte.minus {
      p += 1
      b = try numberByte(&p)
      guard let d = b, Byte.isDigit(d) else { throw problem("'-' must be followed by a digit", at: p) }
    }
    if b == Byte.digit0 {
      p += 1
      b = try numberByte(&p)
      if let d = b, Byte.isDigit(d) {
        throw problem("a number cannot start with 0; write 7, not 07, or quote it if it is text", at: pos)
      }
    } else {
      while let d = b, Byte.isDigit(d) {
        p += 1
        b = try numberByte(&p)
      }
    }
    if b == Byte.dot {
      p += 1
      b = try numberByte(&p)
      guard let d = b, Byte.isDigit(d) else { throw problem("a number needs a digit after its '.'", at: p) }
      while let d = b, Byte.isDigit(d) {
        p += 1
        b = try numberByte(&p)
      }
    }
    if b == Byte.letterE || b == Byte.capitalE {
      p += 1
      b = try numberByte(&p)
      if b == Byte.plus || b == Byte.minus {
        p += 1
        b = try numberByte(&p)
      }
      guard let d = b, Byte.isDigit(d) else { throw problem("a number needs a digit in its exponent", at: p) }
      while let d = b, Byte.isDigit(d) {
        p += 1
        b = try numberByte(&p)
      }
    }
    let text = String(decoding: UnsafeBufferPointer(start: base + pos, count: p - pos), as: UTF8.self)
    pos = p
    return text
  }

  /// A string per RFC 8259, `pos` at its opening quote.
  mutating func parseString() throws(InputProblem) -> String {
    let startLine = line
    let startColumn = column(at: pos)
    var p = pos + 1
    var run = p  // start of the bytes not yet copied to `scratch`
    var escaped = false
    var high: UInt8 = 0  // any byte ≥ 0x80 in the run
    while true {
      if p - pos - 1 > Self.maxStringBytes {
        throw InputProblem(
          SourceLocation(file: file, line: startLine, column: startColumn), "a string longer than 1 MiB; shorten it")
      }
      let limit = min(end, pos + 2 + Self.maxStringBytes)
      while p < limit {
        let b = base[p]
        if b == Byte.quote || b == Byte.backslash || b < 0x20 { break }
        high |= b
        p += 1
      }
      if p == end {
        guard try request(1, &p, &run) else {
          throw InputProblem(
            SourceLocation(file: file, line: startLine, column: startColumn), "unterminated string; close it with '\"'")
        }
        continue
      }
      if p == limit { continue }
      if high >= 0x80 {
        try checkUTF8(from: run, to: p)
        high = 0
      }
      let b = base[p]
      if b == Byte.quote {
        let text: String
        if escaped {
          scratch.append(contentsOf: UnsafeBufferPointer(start: base + run, count: p - run))
          text = String(decoding: scratch, as: UTF8.self)
        } else {
          text = String(decoding: UnsafeBufferPointer(start: base + run, count: p - run), as: UTF8.self)
        }
        pos = p + 1
        return text
      }
      if b == Byte.backslash {
        if !escaped {
          scratch.removeAll(keepingCapacity: true)
          escaped = true
        }
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + run, count: p - run))
        try unescape(&p, &run)
        run = p
        continue
      }
      throw controlCharacter(b, at: p)
    }
  }

  /// Decodes the escape at `p` into `scratch` and moves `p` past it.
  private mutating func unescape(_ p: inout Int, _ run: inout Int) throws(InputProblem) {
    guard try request(2, &p, &run) else { throw problem("unterminated string; close it with '\"'", at: p) }
    let e = base[p + 1]
    let simple: UInt8
    switch e {
    case Byte.quote, Byte.backslash, Byte.slash: simple = e
    case Byte.letterB: simple = 0x08
    case Byte.letterF: simple = 0x0C
    case Byte.letterN: simple = 0x0A
    case Byte.letterR: simple = 0x0D
    case Byte.letterT: simple = 0x09
    case Byte.letterU:
      guard try request(6, &p, &run), let unit = hex4(at: p + 2) else {
        throw problem("invalid escape; \\u takes four hex digits, as in \\u00E9", at: p)
      }
      var scalar = unit
      // SQLite would keep a NUL inside text, but every C string that reads
      // it back (and GRDB's binding of an update) stops there: refuse it.
      if unit == 0 { throw problem("\\u0000 is a NUL character, which text cannot hold; remove it", at: p) }
      if unit >= 0xDC00 && unit <= 0xDFFF { throw loneSurrogate(at: p) }
      if unit >= 0xD800 && unit <= 0xDBFF {
        guard try request(12, &p, &run), base[p + 6] == Byte.backslash, base[p + 7] == Byte.letterU,
          let low = hex4(at: p + 8), low >= 0xDC00 && low <= 0xDFFF
        else { throw loneSurrogate(at: p) }
        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        p += 12
      } else {
        p += 6
      }
      appendUTF8(scalar)
      return
    default:
      let shown = e >= 0x21 && e < 0x7F ? String(Character(Unicode.Scalar(e))) : Self.hex(e)
      throw problem(
        "invalid escape '\\\(shown)'; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX "
          + "(write a backslash as \\\\)", at: p)
    }
    scratch.append(simple)
    p += 2
  }

  private func loneSurrogate(at p: Int) -> InputProblem {
    let text = String(decoding: UnsafeBufferPointer(start: base + p, count: 6), as: UTF8.self)
    return problem(
      "lone surrogate \(text); a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one", at: p)
  }

  private func hex4(at p: Int) -> UInt32? {
    var value: UInt32 = 0
    for i in 0..<4 {
      let b = base[p + i]
      let digit: UInt8
      switch b {
      case Byte.digit0...Byte.digit9: digit = b - Byte.digit0
      case 0x41...0x46: digit = b - 0x41 + 10
      case 0x61...0x66: digit = b - 0x61 + 10
      default: return nil
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  private mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case ..<0x80:
      scratch.append(UInt8(scalar))
    case ..<0x800:
      scratch.append(UInt8(0xC0 | scalar >> 6))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    case ..<0x10000:
      scratch.append(UInt8(0xE0 | scalar >> 12))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    default:
      scratch.append(UInt8(0xF0 | scalar >> 18))
      scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      scratch.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  private func controlCharacter(_ b: UInt8, at p: Int) -> InputProblem {
    switch b {
    case 0:
      return problem("a NUL byte in a string; the file may be UTF-16 or binary, save it as UTF-8 text", at: p)
    case Byte.lineFeed, Byte.carriageReturn:
      return problem("line break in a string; close the string with '\"', or write the break as \\n", at: p)
    case Byte.tab:
      return problem("tab character in a string; write it as \\t", at: p)
    default:
      let code = String(b, radix: 16, uppercase: true)
      return problem(
        "control character \(Self.hex(b)) in a string; write it as \\u00\(code.count < 2 ? "0" : "")\(code)", at: p)
    }
  }

  /// Checks that `base[from..<to]` is UTF-8 and counts its continuation
  /// bytes into `lineExtra`.
  private mutating func checkUTF8(from: Int, to: Int) throws(InputProblem) {
    var p = from
    while p < to {
      if base[p] < 0x80 {
        p += 1
        continue
      }
      let length = Self.sequenceLength(base, from: p, to: to)
      guard length > 0 else { throw invalidUTF8(at: p) }
      lineExtra += length - 1
      p += length
    }
  }

  /// The length of the well-formed UTF-8 sequence at `p` (RFC 3629: no
  /// overlong forms, surrogates or code points past U+10FFFF), or 0.
  private static func sequenceLength(_ base: UnsafeMutablePointer<UInt8>, from p: Int, to end: Int) -> Int {
    let b = base[p]
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    let length: Int
    switch b {
    case ..<0x80: return 1
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      low = 0xA0
    case 0xED:
      length = 3
      high = 0x9F
    case 0xE1...0xEF: length = 3
    case 0xF0:
      length = 4
      low = 0x90
    case 0xF4:
      length = 4
      high = 0x8F
    case 0xF1...0xF3: length = 4
    default: return 0
    }
    guard end - p >= length, base[p + 1] >= low, base[p + 1] <= high else { return 0 }
    for i in 2..<length where base[p + i] & 0xC0 != 0x80 { return 0 }
    return length
  }
}

extension JSONRecordScanner {
  /// The bytes the scanner looks for, by name.
  fileprivate enum Byte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let digit0: UInt8 = 0x30
    static let digit9: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let capitalE: UInt8 = 0x45
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let letterB: UInt8 = 0x62
    static let letterE: UInt8 = 0x65
    static let letterF: UInt8 = 0x66
    static let letterN: UInt8 = 0x6E
    static let letterR: UInt8 = 0x72
    static let letterT: UInt8 = 0x74
    static let letterU: UInt8 = 0x75
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
  }
}
