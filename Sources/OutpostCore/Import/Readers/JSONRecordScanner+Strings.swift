extension JSONRecordScanner {
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
  mutating func unescape(_ p: inout Int, _ run: inout Int) throws(InputProblem) {
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

  func loneSurrogate(at p: Int) -> InputProblem {
    let text = String(decoding: UnsafeBufferPointer(start: base + p, count: 6), as: UTF8.self)
    return problem(
      "lone surrogate \(text); a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one", at: p)
  }

  func hex4(at p: Int) -> UInt32? {
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

  mutating func appendUTF8(_ scalar: UInt32) {
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

  func controlCharacter(_ b: UInt8, at p: Int) -> InputProblem {
    switch b {
    case 0:
      return problem(InputFault.nul(inString: true, article: true).message, at: p)
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
  /// bytes into `position`.
  mutating func checkUTF8(from: Int, to: Int) throws(InputProblem) {
    var p = from
    while p < to {
      if base[p] < 0x80 {
        p += 1
        continue
      }
      let length = UTF8Validation.sequenceLength(base, at: p, end: to)
      guard length > 0 else { throw invalidUTF8(at: p) }
      position.continuationBytes += length - 1
      p += length
    }
  }
}
