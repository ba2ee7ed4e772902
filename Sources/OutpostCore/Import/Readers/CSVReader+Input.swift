import Foundation

extension CSVReader {
  mutating func start() throws(InputProblem) {
    started = true
    if delimiterKnown {
      let d = delimiter
      if d == quote || d == lf || d == cr || d == 0 || d >= 0x80 {
        throw InputProblem(
          SourceLocation(file: fileName), "the delimiter must be one ASCII character other than a quote or a line break"
        )
      }
      table.setDelimiter(d)
    }
    _ = try refill()
    let mark = try ByteOrderMark.utf8Length(input.base, from: pos, to: end, file: fileName)
    if mark > 0 {
      pos += mark
      position.startFirstLine(at: chunkBase + pos)
    }
  }

  /// Picks the most frequent of `,`, `;` and tab outside quotes on the header
  /// line, `,` on a tie; only the first chunk is looked at.
  mutating func detectDelimiter() throws(InputProblem) {
    if pos > 0 { _ = try refill() }  // give the header line the whole buffer
    let base = input.base
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
    table.setDelimiter(delimiter)
  }

  /// Skips 8 bytes at a time while none of them is `a`, `b`, `c`, NUL or
  /// non-ASCII, and returns the index of the first byte that may be one (or
  /// of the last few bytes, which are left to the byte loop).
  @inline(__always)
  func skipPlainWords(from start: Int, special a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let spreadA = ones &* UInt64(a)
    let spreadB = ones &* UInt64(b)
    let spreadC = ones &* UInt64(c)
    let raw = UnsafeRawPointer(input.base)
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
  func scalarLength(at i: Int) throws(InputProblem) -> Int {
    let length = UTF8Validation.sequenceLength(input.base, at: i, end: end)
    if length > 0 { return length }
    if length < 0, !atEOF { return 0 }
    throw utf8Problem(at: i)
  }

  /// Moves the unread bytes to the front of the buffer and reads more after
  /// them; true when it read anything.
  mutating func refill() throws(InputProblem) -> Bool {
    if atEOF { return false }
    let base = input.base
    if pos > 0 {
      let keep = end - pos
      if keep > 0 { memmove(base, base + pos, keep) }
      chunkBase += pos
      pos = 0
      end = keep
    }
    var added = false
    while end < input.capacity {
      let count = try input.read(into: end, count: input.capacity - end)
      if count == 0 {
        atEOF = true
        break
      }
      end += count
      added = true
    }
    return added
  }

  /// After a CR at the end of a line: consumes a LF that follows it, even one
  /// in the next chunk.
  mutating func skipLineFeed() throws(InputProblem) {
    if pos == end { _ = try refill() }
    if pos < end, input.base[pos] == lf { pos += 1 }
  }

  @inline(__always)
  mutating func newLine(at i: Int? = nil) {
    position.startLine(at: chunkBase + (i ?? pos))
  }

  /// The 1-based column, in scalars, of `input.base[i]` on the current line.
  @inline(__always)
  func column(at i: Int) -> Int { position.column(at: chunkBase + i) }

  func problem(_ line: Int, _ column: Int, _ message: String) -> InputProblem {
    InputProblem(SourceLocation(file: fileName, line: line, column: column), message)
  }

  func utf8Problem(at i: Int) -> InputProblem {
    problem(position.line, column(at: i), InputFault.invalidUTF8(input.base[i]).message)
  }

  func nulProblem(at i: Int) -> InputProblem {
    problem(position.line, column(at: i), InputFault.nul().message)
  }
}
