extension JSONRecordScanner {
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

  static let trueBytes: [UInt8] = Array("true".utf8)
  static let falseBytes: [UInt8] = Array("false".utf8)
  static let nullBytes: [UInt8] = Array("null".utf8)

  mutating func literal(_ bytes: [UInt8]) throws(InputProblem) {
    let count = bytes.count
    guard try ensure(count) else { throw notAValue() }
    for i in 0..<count where base[pos + i] != bytes[i] { throw notAValue() }
    // `trueish` is one bad word, not `true` then `ish`.
    if try ensure(count + 1), Byte.isLetter(base[pos + count]) { throw notAValue() }
    pos += count
  }

  mutating func parseObject(depth: Int) throws(InputProblem) -> RawValue {
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

  mutating func parseArray(depth: Int) throws(InputProblem) -> RawValue {
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
  mutating func numberByte(_ p: inout Int) throws(InputProblem) -> UInt8? {
    if p < end { return base[p] }
    guard p - pos <= Self.maxStringBytes else { throw problem("a number longer than 1 MiB; shorten it") }
    guard try request(1, &p) else { return nil }
    return base[p]
  }

  /// A number per RFC 8259, kept as written.
  mutating func parseNumber() throws(InputProblem) -> String {
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
}
