#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// Why our own reader rather than CSV.swift or SwiftCSV: an import must point
// the user at the exact line:column of every problem, refuse malformed input
// (an unclosed quote, text after a closing quote, invalid UTF-8, a NUL byte)
// rather than guess what was meant, keep its memory flat however large the
// file, and be fast: it is the hot loop of the 100 000-row import benchmark
// against sqlite3's `.import`. So it works on raw bytes in a fixed 64 KiB
// buffer, validates UTF-8 itself, and builds one String per field.

/// One record of a CSV file, with where each field starts so that later
/// checks (a bad URL, an unknown pricing) can point at the right cell.
public struct CSVRecord: Equatable, Sendable {
  /// The fields, unquoted: `""` inside a quoted field becomes `"`, and line
  /// breaks inside quotes are kept as they are in the file.
  public var fields: [String]
  /// The 1-based line on which the record starts.
  public var line: Int
  /// The 1-based column where each field starts (its opening quote when it
  /// is quoted), on the line in `lineStarts`. Columns count Unicode scalars,
  /// not bytes, so `東京,x` puts `x` in column 4, as an editor shows it.
  public var columnStarts: [Int]
  /// The 1-based line where each field starts: later than `line` when an
  /// earlier field holds a quoted line break.
  public var lineStarts: [Int]

  public init(fields: [String], line: Int, columnStarts: [Int], lineStarts: [Int]? = nil) {
    self.fields = fields
    self.line = line
    self.columnStarts = columnStarts
    self.lineStarts = lineStarts ?? Array(repeating: line, count: columnStarts.count)
  }

  /// Where field `index` starts, for an `InputProblem` about that cell.
  public func location(ofField index: Int, in file: String) -> SourceLocation {
    guard columnStarts.indices.contains(index) else { return SourceLocation(file: file, line: line) }
    return SourceLocation(file: file, line: lineStarts[index], column: columnStarts[index])
  }
}

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
  public private(set) var delimiter: UInt8
  /// The name used in problem locations.
  public let fileName: String

  private let buffer: ReadBuffer
  private let fileDescriptor: Int32
  private var delimiterKnown: Bool
  private var started = false
  private var failure: InputProblem?
  /// The window `buffer[pos..<end]` is unread; `chunkBase` is the file offset
  /// of `buffer[0]`, so `chunkBase + i` is the file offset of `buffer[i]`.
  private var pos = 0
  private var end = 0
  private var chunkBase = 0
  private var atEOF: Bool
  /// The line of `buffer[pos]`, the file offset where that line starts, and
  /// the UTF-8 continuation bytes read on it so far: together they turn a
  /// byte offset into a column in scalars without per-byte bookkeeping.
  private var line = 1
  private var lineStart = 0
  private var continuationBytes = 0
  /// Holds a field that straddles chunks or has `""` in it.
  private var scratch: [UInt8] = []
  private var lastFieldCount = 16

  /// Reads the open file `fileDescriptor` in 64 KiB chunks via read(2);
  /// memory stays flat whatever the size of the file.
  public init(fileDescriptor: Int32, fileName: String, delimiter: UInt8? = nil) {
    self.init(
      fileDescriptor: fileDescriptor, fileName: fileName, delimiter: delimiter, chunkSize: Self.defaultChunkSize)
  }

  /// Reads with a custom chunk size, so tests can put chunk boundaries anywhere.
  init(fileDescriptor: Int32, fileName: String, delimiter: UInt8?, chunkSize: Int) {
    self.buffer = ReadBuffer(capacity: max(chunkSize, 4))
    self.fileDescriptor = fileDescriptor
    self.fileName = fileName
    self.delimiter = delimiter ?? UInt8(ascii: ",")
    self.delimiterKnown = delimiter != nil
    self.atEOF = false
  }

  /// Reads bytes already in memory: tests, and stdin read whole.
  public init(bytes: [UInt8], fileName: String, delimiter: UInt8? = nil) {
    self.buffer = ReadBuffer(copying: bytes)
    self.fileDescriptor = -1
    self.fileName = fileName
    self.delimiter = delimiter ?? UInt8(ascii: ",")
    self.delimiterKnown = delimiter != nil
    self.end = bytes.count
    self.atEOF = true
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

private let lf = UInt8(ascii: "\n")
private let cr = UInt8(ascii: "\r")
private let quote = UInt8(ascii: "\"")

/// Byte classes in the lookup tables that drive the inner loops.
private enum ByteClass {
  static let plain: UInt8 = 0
  static let fieldEnd: UInt8 = 1  // delimiter, CR or LF in an unquoted field
  static let nul: UInt8 = 2
  static let nonASCII: UInt8 = 3
  static let lineFeed: UInt8 = 4  // in a quoted field
  static let carriageReturn: UInt8 = 5  // in a quoted field
  static let quote: UInt8 = 6  // in a quoted field
}

extension CSVReader {
  private mutating func readRecord() throws(InputProblem) -> CSVRecord? {
    if !started { try start() }
    let base = buffer.base
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

    let recordLine = line
    var fields: [String] = []
    var columns: [Int] = []
    var lines: [Int] = []
    fields.reserveCapacity(lastFieldCount)
    columns.reserveCapacity(lastFieldCount)
    lines.reserveCapacity(lastFieldCount)
    var recordBytes = 0
    while true {
      let fieldLine = line
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
          line, column(at: pos),
          "unexpected text after the closing quote; a quote inside a quoted field is written \"\"")
      }
    }
    lastFieldCount = fields.count
    return CSVRecord(fields: fields, line: recordLine, columnStarts: columns, lineStarts: lines)
  }

  /// Reads up to the delimiter, line end or end of input, leaving `pos` there.
  private mutating func readUnquotedField(line fieldLine: Int, column fieldColumn: Int) throws(InputProblem) -> String {
    let base = buffer.base
    let table = buffer.unquotedTable
    var runStart = pos
    while true {
      var i = pos
      scan: while i < end {
        i = skipPlainWords(from: i, special: delimiter, lf, cr)
        if i == end { break }
        switch table[Int(base[i])] {
        case ByteClass.plain:
          i += 1
        case ByteClass.fieldEnd:
          break scan
        case ByteClass.nul:
          throw nulProblem(at: i)
        default:
          let length = try scalarLength(at: i)
          if length == 0 { break scan }  // the scalar continues in the next chunk
          continuationBytes += length - 1
          i += length
        }
      }
      pos = i
      if i < end, table[Int(base[i])] == ByteClass.fieldEnd {
        return try makeField(from: runStart, line: fieldLine, column: fieldColumn)
      }
      try appendRun(from: runStart, to: pos, line: fieldLine, column: fieldColumn)
      let more = try refill()
      runStart = pos
      if !more, pos == end { return try makeField(from: runStart, line: fieldLine, column: fieldColumn) }
    }
  }

  /// Reads from the opening quote to just past the closing one.
  private mutating func readQuotedField(line fieldLine: Int, column fieldColumn: Int) throws(InputProblem) -> String {
    let base = buffer.base
    let table = buffer.quotedTable
    pos += 1
    var runStart = pos
    while true {
      var i = pos
      scan: while i < end {
        i = skipPlainWords(from: i, special: quote, lf, cr)
        if i == end { break }
        switch table[Int(base[i])] {
        case ByteClass.plain:
          i += 1
        case ByteClass.lineFeed:
          i += 1
          newLine(at: i)
        case ByteClass.carriageReturn:
          if i + 1 < end {
            i += base[i + 1] == lf ? 2 : 1
          } else if atEOF {
            i += 1
          } else {
            break scan  // a LF may follow in the next chunk
          }
          newLine(at: i)
        case ByteClass.quote:
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
        case ByteClass.nul:
          throw nulProblem(at: i)
        default:
          let length = try scalarLength(at: i)
          if length == 0 { break scan }
          continuationBytes += length - 1
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
  private mutating func appendRun(from start: Int, to stop: Int, line: Int, column: Int) throws(InputProblem) {
    guard stop > start else { return }
    if scratch.count + stop - start > Self.maxFieldBytes {
      throw problem(line, column, "field is longer than 1 MiB; shorten it or check for a quote that is never closed")
    }
    scratch.append(contentsOf: UnsafeBufferPointer(start: buffer.base + start, count: stop - start))
  }

  /// The field made of `scratch` and `buffer[start..<pos]`, whose UTF-8 has
  /// already been checked.
  private mutating func makeField(from start: Int, line: Int, column: Int) throws(InputProblem) -> String {
    if scratch.isEmpty {
      let count = pos - start
      if count == 0 { return "" }
      if count > Self.maxFieldBytes {
        throw problem(line, column, "field is longer than 1 MiB; shorten it or check for a quote that is never closed")
      }
      return String(decoding: UnsafeBufferPointer(start: buffer.base + start, count: count), as: UTF8.self)
    }
    try appendRun(from: start, to: pos, line: line, column: column)
    let field = String(decoding: scratch, as: UTF8.self)
    scratch.removeAll(keepingCapacity: true)
    return field
  }
}

// MARK: - Bytes, lines and chunks

extension CSVReader {
  private mutating func start() throws(InputProblem) {
    started = true
    if delimiterKnown {
      let d = delimiter
      if d == quote || d == lf || d == cr || d == 0 || d >= 0x80 {
        throw InputProblem(
          SourceLocation(file: fileName), "the delimiter must be one ASCII character other than a quote or a line break"
        )
      }
      buffer.setDelimiter(d)
    }
    _ = try refill()
    let base = buffer.base
    if end - pos >= 3, base[pos] == 0xEF, base[pos + 1] == 0xBB, base[pos + 2] == 0xBF {
      pos += 3
      lineStart = chunkBase + pos
    }
  }

  /// Picks the most frequent of `,`, `;` and tab outside quotes on the header
  /// line, `,` on a tie; only the first chunk is looked at.
  private mutating func detectDelimiter() throws(InputProblem) {
    if pos > 0 { _ = try refill() }  // give the header line the whole buffer
    let base = buffer.base
    var comma = 0
    var semicolon = 0
    var tab = 0
    var quoted = false
    var i = pos
    while i < end {
      switch base[i] {
      case quote: quoted.toggle()
      case lf, cr: if !quoted { i = end - 1 }
      case UInt8(ascii: ","): if !quoted { comma += 1 }
      case UInt8(ascii: ";"): if !quoted { semicolon += 1 }
      case UInt8(ascii: "\t"): if !quoted { tab += 1 }
      default: break
      }
      i += 1
    }
    delimiter = UInt8(ascii: ",")
    var best = comma
    if semicolon > best {
      delimiter = UInt8(ascii: ";")
      best = semicolon
    }
    if tab > best { delimiter = UInt8(ascii: "\t") }
    delimiterKnown = true
    buffer.setDelimiter(delimiter)
  }

  /// Skips 8 bytes at a time while none of them is `a`, `b`, `c`, NUL or
  /// non-ASCII, and returns the index of the first byte that may be one (or
  /// of the last few bytes, which are left to the byte loop).
  @inline(__always)
  private func skipPlainWords(from start: Int, special a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let spreadA = ones &* UInt64(a)
    let spreadB = ones &* UInt64(b)
    let spreadC = ones &* UInt64(c)
    let raw = UnsafeRawPointer(buffer.base)
    var i = start
    while i + 8 <= end {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
      // (x - 0x01…) & ~x & 0x80… is non-zero exactly when x has a zero byte,
      // and its lowest set bit marks the first one.
      @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
      let found =
        word & highs | zeroBytes(word) | zeroBytes(word ^ spreadA)
        | zeroBytes(word ^ spreadB) | zeroBytes(word ^ spreadC)
      if found != 0 { return i + found.trailingZeroBitCount >> 3 }
      i += 8
    }
    return i
  }

  /// The bytes in the scalar starting with the non-ASCII byte at `i`, or 0
  /// when it runs past the end of the buffer and more input may follow.
  @inline(__always)
  private func scalarLength(at i: Int) throws(InputProblem) -> Int {
    let base = buffer.base
    let lead = base[i]
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    let length: Int
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      low = 0xA0
    case 0xE1...0xEC, 0xEE, 0xEF: length = 3
    case 0xED:
      length = 3
      high = 0x9F
    case 0xF0:
      length = 4
      low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      high = 0x8F
    default: throw utf8Problem(at: i)
    }
    if i + length > end {
      // Check what there is, so a bad sequence at the end is still caught.
      if i + 1 < end, !(low...high).contains(base[i + 1]) { throw utf8Problem(at: i) }
      if i + 2 < end, !(0x80...0xBF).contains(base[i + 2]) { throw utf8Problem(at: i) }
      if atEOF { throw utf8Problem(at: i) }
      return 0
    }
    guard (low...high).contains(base[i + 1]) else { throw utf8Problem(at: i) }
    if length > 2, !(0x80...0xBF).contains(base[i + 2]) { throw utf8Problem(at: i) }
    if length > 3, !(0x80...0xBF).contains(base[i + 3]) { throw utf8Problem(at: i) }
    return length
  }

  /// Moves the unread bytes to the front of the buffer and reads more after
  /// them; true when it read anything.
  private mutating func refill() throws(InputProblem) -> Bool {
    if atEOF { return false }
    let base = buffer.base
    if pos > 0 {
      let keep = end - pos
      if keep > 0 { memmove(base, base + pos, keep) }
      chunkBase += pos
      pos = 0
      end = keep
    }
    var added = false
    while end < buffer.capacity {
      let count = read(fileDescriptor, base + end, buffer.capacity - end)
      if count > 0 {
        end += count
        added = true
      } else if count == 0 {
        atEOF = true
        break
      } else if errno != EINTR {
        let reason = String(cString: strerror(errno)).lowercased()
        throw InputProblem(SourceLocation(file: fileName), "cannot read the file: \(reason)")
      }
    }
    return added
  }

  /// After a CR at the end of a line: consumes a LF that follows it, even one
  /// in the next chunk.
  private mutating func skipLineFeed() throws(InputProblem) {
    if pos == end { _ = try refill() }
    if pos < end, buffer.base[pos] == lf { pos += 1 }
  }

  @inline(__always)
  private mutating func newLine(at i: Int? = nil) {
    line += 1
    lineStart = chunkBase + (i ?? pos)
    continuationBytes = 0
  }

  /// The 1-based column, in scalars, of `buffer[i]` on the current line.
  @inline(__always)
  private func column(at i: Int) -> Int {
    chunkBase + i - lineStart - continuationBytes + 1
  }

  private func problem(_ line: Int, _ column: Int, _ message: String) -> InputProblem {
    InputProblem(SourceLocation(file: fileName, line: line, column: column), message)
  }

  private func utf8Problem(at i: Int) -> InputProblem {
    let byte = buffer.base[i]
    let hex = String(byte, radix: 16, uppercase: true)
    return problem(line, column(at: i), "invalid UTF-8 byte 0x\(byte < 16 ? "0" : "")\(hex); save the file as UTF-8")
  }

  private func nulProblem(at i: Int) -> InputProblem {
    problem(line, column(at: i), "NUL byte in the file; is it a binary file?")
  }
}

/// Owns the read buffer and the byte-class tables, so the hot loops can use
/// raw pointers without Swift's exclusivity checks; frees them when the last
/// copy of the reader goes away.
private final class ReadBuffer {
  let base: UnsafeMutablePointer<UInt8>
  let capacity: Int
  let unquotedTable: UnsafeMutablePointer<UInt8>
  let quotedTable: UnsafeMutablePointer<UInt8>

  init(capacity: Int) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
    unquotedTable = .allocate(capacity: 512)
    quotedTable = unquotedTable + 256
    setDelimiter(UInt8(ascii: ","))
  }

  convenience init(copying bytes: [UInt8]) {
    self.init(capacity: max(bytes.count, 1))
    bytes.withUnsafeBufferPointer { source in
      if let address = source.baseAddress { base.update(from: address, count: source.count) }
    }
  }

  deinit {
    base.deallocate()
    unquotedTable.deallocate()
  }

  func setDelimiter(_ delimiter: UInt8) {
    for byte in 0..<256 {
      let kind: UInt8 = byte == 0 ? ByteClass.nul : byte >= 0x80 ? ByteClass.nonASCII : ByteClass.plain
      unquotedTable[byte] = kind
      quotedTable[byte] = kind
    }
    unquotedTable[Int(delimiter)] = ByteClass.fieldEnd
    unquotedTable[Int(lf)] = ByteClass.fieldEnd
    unquotedTable[Int(cr)] = ByteClass.fieldEnd
    quotedTable[Int(lf)] = ByteClass.lineFeed
    quotedTable[Int(cr)] = ByteClass.carriageReturn
    quotedTable[Int(quote)] = ByteClass.quote
  }
}
