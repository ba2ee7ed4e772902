import Foundation

// Why our own reader rather than CSV.swift or SwiftCSV: an import must point
// the user at the exact line:column of every problem, refuse malformed input
// (an unclosed quote, text after a closing quote, invalid UTF-8, a NUL byte)
// rather than guess what was meant, keep its memory flat however large the
// file, and be fast: it is the hot loop of the 100 000-row import benchmark
// against sqlite3's `.import`. So it works on raw bytes in a fixed 64 KiB
// `InputBuffer`, validates UTF-8 as it scans (`UTF8Validation`), and builds
// one String per field.

/// A streaming RFC 4180 reader over bytes: LF, CRLF or lone CR line ends, an
/// optional UTF-8 BOM, blank lines between records skipped, and a `,`, `;` or
/// tab delimiter detected from the header line.
///
/// A thrown `InputProblem` ends the reading: every later `next()` throws the
/// same problem, since after broken quoting there is no safe place to resume.
/// The reader never closes the file descriptor it was given. Copies of a
/// reader share one buffer, so use only one of them.
public struct CSVReader {
  /// The longest field accepted, in bytes after unquoting.
  public static let maxFieldBytes = 1 << 20
  /// The most fields a record may have; more means a wrong delimiter or a
  /// binary file.
  public static let maxFields = 10_000
  /// The most bytes a record may hold, so that 10 000 fields of nearly 1 MiB
  /// cannot exhaust memory either.
  public static let maxRecordBytes = 64 << 20
  static let defaultChunkSize = 64 * 1024

  /// The field delimiter: the one given, or, when none was, detected from the
  /// header line once the first record has been read (`,` until then).
  public internal(set) var delimiter: UInt8
  /// The name used in problem locations.
  public let fileName: String

  let input: InputBuffer
  let table: CSVByteTable
  var delimiterKnown: Bool
  var started = false
  var failure: InputProblem?
  /// The window `buffer[pos..<end]` is unread; `chunkBase` is the file offset
  /// of `buffer[0]`, so `chunkBase + i` is the file offset of `buffer[i]`.
  var pos = 0
  var end = 0
  var chunkBase = 0
  var atEOF: Bool
  /// The line of `buffer[pos]`, and its column of any offset on it.
  var position = TextPosition()
  /// Holds a field that straddles chunks or has `""` in it.
  var scratch: [UInt8] = []
  var lastFieldCount = 16

  /// Reads `source` in 64 KiB chunks; memory stays flat whatever the size
  /// of the file.
  public init(_ source: ByteSource, fileName: String, delimiter: UInt8? = nil) {
    self.init(source, fileName: fileName, delimiter: delimiter, chunkSize: Self.defaultChunkSize)
  }

  /// Reads with a custom chunk size, so tests can put chunk boundaries anywhere.
  init(_ source: ByteSource, fileName: String, delimiter: UInt8?, chunkSize: Int) {
    self.input = InputBuffer(source, capacity: max(chunkSize, 4), file: fileName)
    self.table = CSVByteTable()
    self.fileName = fileName
    self.delimiter = delimiter ?? UInt8(ascii: ",")
    self.delimiterKnown = delimiter != nil
    self.end = input.initialCount
    self.atEOF = input.exhausted
  }

  /// Reads the open file `fileDescriptor`.
  public init(fileDescriptor: Int32, fileName: String, delimiter: UInt8? = nil) {
    self.init(.file(fileDescriptor), fileName: fileName, delimiter: delimiter)
  }

  /// Reads with a custom chunk size, so tests can put chunk boundaries anywhere.
  init(fileDescriptor: Int32, fileName: String, delimiter: UInt8?, chunkSize: Int) {
    self.init(.file(fileDescriptor), fileName: fileName, delimiter: delimiter, chunkSize: chunkSize)
  }

  /// Reads bytes already in memory: tests, and stdin read whole.
  public init(bytes: [UInt8], fileName: String, delimiter: UInt8? = nil) {
    self.init(.bytes(bytes), fileName: fileName, delimiter: delimiter)
  }

  /// How many bytes of the input have been consumed, for progress bars.
  public var bytesRead: Int { chunkBase + pos }

  /// The next record, or nil at the end of the input.
  public mutating func next() throws(InputProblem) -> CSVRecord? {
    if let failure { throw failure }
    do throws(InputProblem) {
      return try readRecord()
    } catch {
      failure = error
      throw error
    }
  }
}

// MARK: - Records

// MARK: - Records

extension CSVReader {
  mutating func readRecord() throws(InputProblem) -> CSVRecord? {
    if !started { try start() }
    let base = input.base
    while true {  // blank lines are not records
      if pos == end, try !refill() { return nil }
      let byte = base[pos]
      if byte == lf {
        pos += 1
        newLine()
      } else if byte == cr {
        pos += 1
        try skipLineFeed()
        newLine()
      } else {
        break
      }
    }
    if !delimiterKnown { try detectDelimiter() }

    let recordLine = position.line
    var fields: [String] = []
    var columns: [Int] = []
    var lines: [Int] = []
    fields.reserveCapacity(lastFieldCount)
    columns.reserveCapacity(lastFieldCount)
    lines.reserveCapacity(lastFieldCount)
    var recordBytes = 0
    while true {
      let fieldLine = position.line
      let fieldColumn = column(at: pos)
      if fields.count == Self.maxFields {
        throw problem(fieldLine, fieldColumn, "record has more than 10 000 fields; check the delimiter (--delimiter)")
      }
      columns.append(fieldColumn)
      lines.append(fieldLine)
      if pos == end, try !refill() {  // a delimiter ended the input
        fields.append("")
        break
      }
      let field: String
      if base[pos] == quote {
        field = try readQuotedField(line: fieldLine, column: fieldColumn)
      } else {
        field = try readUnquotedField(line: fieldLine, column: fieldColumn)
      }
      recordBytes += field.utf8.count
      if recordBytes > Self.maxRecordBytes {
        throw problem(recordLine, 1, "record is longer than 64 MiB; check for a quote that is never closed")
      }
      fields.append(field)
      if pos == end, try !refill() { break }
      let byte = base[pos]
      if byte == delimiter {
        pos += 1
      } else if byte == lf {
        pos += 1
        newLine()
        break
      } else if byte == cr {
        pos += 1
        try skipLineFeed()
        newLine()
        break
      } else {  // only after a closing quote
        throw problem(
          position.line, column(at: pos),
          "unexpected text after the closing quote; a quote inside a quoted field is written \"\"")
      }
    }
    lastFieldCount = fields.count
    return CSVRecord(fields: fields, line: recordLine, columnStarts: columns, lineStarts: lines)
  }

  /// Reads up to the delimiter, line end or end of input, leaving `pos` there.
  mutating func readUnquotedField(line fieldLine: Int, column fieldColumn: Int) throws(InputProblem) -> String {
    let base = input.base
    let table = table.unquoted
    var runStart = pos
    while true {
      var i = pos
      scan: while i < end {
        i = skipPlainWords(from: i, special: delimiter, lf, cr)
        if i == end { break }
        switch table[Int(base[i])] {
        case CSVByteClass.plain:
          i += 1
        case CSVByteClass.fieldEnd:
          break scan
        case CSVByteClass.nul:
          throw nulProblem(at: i)
        default:
          let length = try scalarLength(at: i)
          if length == 0 { break scan }  // the scalar continues in the next chunk
          position.continuationBytes += length - 1
          i += length
        }
      }
      pos = i
      if i < end, table[Int(base[i])] == CSVByteClass.fieldEnd {
        return try makeField(from: runStart, line: fieldLine, column: fieldColumn)
      }
      try appendRun(from: runStart, to: pos, line: fieldLine, column: fieldColumn)
      let more = try refill()
      runStart = pos
      if !more, pos == end { return try makeField(from: runStart, line: fieldLine, column: fieldColumn) }
    }
  }

  /// Reads from the opening quote to just past the closing one.
  mutating func readQuotedField(line fieldLine: Int, column fieldColumn: Int) throws(InputProblem) -> String {
    let base = input.base
    let table = table.quoted
    pos += 1
    var runStart = pos
    while true {
      var i = pos
      scan: while i < end {
        i = skipPlainWords(from: i, special: quote, lf, cr)
        if i == end { break }
        switch table[Int(base[i])] {
        case CSVByteClass.plain:
          i += 1
        case CSVByteClass.lineFeed:
          i += 1
          newLine(at: i)
        case CSVByteClass.carriageReturn:
          if i + 1 < end {
            i += base[i + 1] == lf ? 2 : 1
          } else if atEOF {
            i += 1
          } else {
            break scan  // a LF may follow in the next chunk
          }
          newLine(at: i)
        case CSVByteClass.quote:
          if i + 1 < end, base[i + 1] == quote {
            try appendRun(from: runStart, to: i + 1, line: fieldLine, column: fieldColumn)
            i += 2
            runStart = i
          } else if i + 1 < end || atEOF {
            pos = i
            let field = try makeField(from: runStart, line: fieldLine, column: fieldColumn)
            pos = i + 1
            return field
          } else {
            break scan  // a second quote may follow in the next chunk
          }
        case CSVByteClass.nul:
          throw nulProblem(at: i)
        default:
          let length = try scalarLength(at: i)
          if length == 0 { break scan }
          position.continuationBytes += length - 1
          i += length
        }
      }
      pos = i
      try appendRun(from: runStart, to: pos, line: fieldLine, column: fieldColumn)
      let more = try refill()
      runStart = pos
      if !more, pos == end {
        throw problem(
          fieldLine, fieldColumn,
          "quoted field opened here is never closed; a quote inside a quoted field is written \"\"")
      }
    }
  }

  /// Adds `buffer[from..<to]` to the field being built, refusing to hold
  /// more than `maxFieldBytes` of it.
  mutating func appendRun(from start: Int, to stop: Int, line: Int, column: Int) throws(InputProblem) {
    guard stop > start else { return }
    if scratch.count + stop - start > Self.maxFieldBytes {
      throw problem(line, column, "field is longer than 1 MiB; shorten it or check for a quote that is never closed")
    }
    scratch.append(contentsOf: UnsafeBufferPointer(start: input.base + start, count: stop - start))
  }

  /// The field made of `scratch` and `buffer[start..<pos]`, whose UTF-8 has
  /// already been checked.
  mutating func makeField(from start: Int, line: Int, column: Int) throws(InputProblem) -> String {
    if scratch.isEmpty {
      let count = pos - start
      if count == 0 { return "" }
      if count > Self.maxFieldBytes {
        throw problem(line, column, "field is longer than 1 MiB; shorten it or check for a quote that is never closed")
      }
      return String(decoding: UnsafeBufferPointer(start: input.base + start, count: count), as: UTF8.self)
    }
    try appendRun(from: start, to: pos, line: line, column: column)
    let field = String(decoding: scratch, as: UTF8.self)
    scratch.removeAll(keepingCapacity: true)
    return field
  }
}
