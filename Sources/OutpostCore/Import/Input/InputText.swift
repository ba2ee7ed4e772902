/// An input read whole as text: the story-page and awesome-list formats,
/// whose parsers take a String. The same faults as the streaming readers,
/// in the same words, located the same way.
enum InputText {
  /// `bytes` as text; a UTF-8 byte-order mark is kept for the parsers, which
  /// skip it; UTF-16, UTF-32, invalid UTF-8 and NUL bytes are refused.
  static func decode(_ bytes: [UInt8], file: String) throws(InputProblem) -> String {
    try bytes.withUnsafeBufferPointer { buffer throws(InputProblem) in
      if let base = buffer.baseAddress {
        _ = try ByteOrderMark.utf8Length(base, from: 0, to: buffer.count, file: file)
      }
    }
    if let invalid = UTF8Validation.firstInvalidOffset(in: bytes) {
      throw InputFault.notUTF8Text.problem(at: location(ofByte: invalid, in: bytes, file: file))
    }
    if let nul = bytes.firstIndex(of: 0) {
      throw InputFault.nul().problem(at: location(ofByte: nul, in: bytes, file: file))
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The lines of `text` without a leading byte-order mark: LF, CRLF and a
  /// lone CR each end one, as the page and awesome parsers count them.
  static func lines(of text: String) -> [Substring] {
    var body = Substring(text)
    if text.unicodeScalars.first == "\u{FEFF}" { body = Substring(text.unicodeScalars.dropFirst()) }
    return body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
  }

  /// Where the first byte that is not UTF-8 is, as line and column (in
  /// scalars), or the end of `bytes` when there is none.
  static func firstInvalidUTF8(in bytes: [UInt8], file: String) -> SourceLocation {
    location(ofByte: UTF8Validation.firstInvalidOffset(in: bytes) ?? bytes.count, in: bytes, file: file)
  }

  /// The line and column of byte `offset` of `bytes`, UTF-8 up to it; only a
  /// line feed ends a line, as the parsers count them.
  static func location(ofByte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
    let before = bytes[..<offset]
    let lineStart = before.lastIndex(of: 10).map { $0 + 1 } ?? 0
    let line = before.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
    // Count scalars, not bytes: continuation bytes start with 0b10.
    let column = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
    return SourceLocation(file: file, line: line, column: column)
  }
}
