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
  private var started = false
  private var failure: InputProblem?
  private var done = false
  /// Keep lines that are refused for the rejects file (`--rejects`).
  var keepsOriginals = false

  /// Reads `source` in 64 KiB chunks.
  public init(_ source: ByteSource, fileName: String) {
    parser = JSONRecordScanner(source, file: fileName, lineMode: true)
  }

  /// Reads the open file `fileDescriptor`.
  public init(fileDescriptor: Int32, fileName: String) {
    self.init(.file(fileDescriptor), fileName: fileName)
  }

  /// Reads with a custom chunk size, so tests can put chunk boundaries anywhere.
  init(fileDescriptor: Int32, fileName: String, chunkSize: Int) {
    parser = JSONRecordScanner(.file(fileDescriptor), file: fileName, lineMode: true, chunkSize: chunkSize)
  }

  /// Reads bytes already in memory.
  public init(bytes: [UInt8], fileName: String) {
    self.init(.bytes(bytes), fileName: fileName)
  }

  /// How many bytes of the input have been parsed, for a progress bar.
  public var bytesRead: Int { parser.offset }

  /// The object on the next non-blank line, located at `file:line`, or nil at the end.
  public mutating func next() throws(InputProblem) -> RawRecord? {
    try nextRecord()?.record()
  }

  /// The next record, or the problem of a line that is broken or not an
  /// object (reading goes on with the next line), or nil at the end; throws
  /// a problem that ends the reading (a read error, a UTF-16 file).
  mutating func nextRecord() throws(InputProblem) -> RecordStep? {
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
      if parser.isFatal {
        failure = error
        throw error
      }
      // A broken line ends at its line feed; the next line starts afresh.
      do throws(InputProblem) { try parser.skipLine() } catch { failure = error }
      return .problem(error, refusing: brokenLine())
    }
    if keepsOriginals { parser.capture = nil }
    guard let (value, number) = line else {
      done = true
      return nil
    }
    let location = SourceLocation(file: parser.file, line: number)
    guard case .object(let fields) = value else {
      return .problem(
        InputProblem(location, "expected a JSON object on each line, found \(value.typeName)"),
        refusing: keepsOriginals ? .value(value) : nil)
    }
    return .record(RawRecord(fields: fields, location: location))
  }

  /// The text of the broken line just skipped, without its line end, when
  /// lines are kept; nil when they are not, or it was too long to keep.
  private mutating func brokenLine() -> OriginalRecord? {
    guard var bytes = parser.endCapture() else { return nil }
    while let last = bytes.last, last == Byte.lineFeed || last == Byte.carriageReturn { bytes.removeLast() }
    return .text(String(decoding: bytes, as: UTF8.self))
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
      if keepsOriginals { parser.startCapture() }
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
