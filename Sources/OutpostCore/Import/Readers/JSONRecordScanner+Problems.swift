extension JSONRecordScanner {
  // MARK: Locations and problems

  /// The 1-based column of index `p` on the current line, in Unicode scalars.
  func column(at p: Int) -> Int { position.column(at: chunkStart + p) }

  /// Where the next unread byte is.
  func location() -> SourceLocation {
    SourceLocation(file: file, line: line, column: column(at: pos))
  }

  func location(at p: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column(at: p))
  }

  func problem(_ message: String) -> InputProblem { InputProblem(location(), message) }

  func problem(_ message: String, at p: Int) -> InputProblem {
    InputProblem(location(at: p), message)
  }

  /// The input ended inside an array or object.
  func unclosed(_ kind: String, _ close: String, line: Int, column: Int) -> InputProblem {
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
      return problem(InputFault.nul(article: true).message)
    case Byte.lineFeed:
      return problem("unexpected end of line, expected \(expected); put each object on one line")
    case Byte.apostrophe:
      return problem("unexpected single quote, expected \(expected); JSON strings take double quotes (\")")
    case _ where Byte.isLetter(b):
      if expected == "a value" { return notAValue() }
      return problem("unexpected '\(word())', expected \(expected)")
    case 0x80...:
      _ = try? ensure(4)
      let length = UTF8Validation.sequenceLength(base, at: pos, end: end)
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
  mutating func word() -> String {
    _ = try? ensure(32)
    var e = pos
    while e < end, e - pos < 32, Byte.isLetter(base[e]) || Byte.isDigit(base[e]) || base[e] == 0x5F {
      e += 1
    }
    return String(decoding: UnsafeBufferPointer(start: base + pos, count: e - pos), as: UTF8.self)
  }

  mutating func notAValue() -> InputProblem {
    problem("'\(word())' is not a JSON value; put text in double quotes, or write true, false or null")
  }

  func invalidUTF8(at p: Int) -> InputProblem {
    problem(InputFault.invalidUTF8(base[p]).message, at: p)
  }

  static func hex(_ b: UInt8) -> String { InputFault.hex(b) }

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

}
