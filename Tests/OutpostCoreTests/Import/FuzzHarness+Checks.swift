import Foundation

@testable import OutpostCore

/// Where a problem may be, and what its message may say.
extension FuzzHarness {
  enum LineRule {
    /// CR, LF and CRLF each end a line.
    case universal
    /// Only LF does.
    case lineFeed
    /// A line (LF-counted) or an `[index]` path.
    case json
    /// An import: whichever reader the format picked.
    case anyReader
  }

  /// Checks that `problem` is located in `file`, within the input, and
  /// worded as DESIGN asks.
  mutating func check(
    _ problem: InputProblem, file: String, shape: LineShape, rule: LineRule, reader: String, exactIn: [UInt8]? = nil
  ) {
    let location = problem.location
    let message = problem.message
    if location.file != file { fail(reader, "located in '\(location.file)', not '\(file)': \(problem)") }
    if message.isEmpty { fail(reader, "an empty message at \(location)") }
    // "NUL byte …" and "UTF-8 …" start with a name; "Nothing …" would be a sentence in upper case.
    let start = Array(message.prefix(2))
    if start.count == 2, start[0].isUppercase, start[1].isLowercase {
      fail(reader, "a message that starts in upper case: \(problem)")
    }
    if message.holds("Optional(") { fail(reader, "'Optional(' in a message: \(problem)") }
    if message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      // Messages quote the user's text as it is (a URL, a price, a key), so
      // a line break or an escape sequence in it reaches the terminal: a
      // known problem of the messages' wording, counted, and a failure
      // under OUTPOST_FUZZ_STRICT=1.
      let text = "a control character in the message: \(problem.description.debugDescription)"
      if strict {
        fail(reader, text)
      } else {
        warningCount += 1
        if warnings.count < 20 { warnings.append("[\(reader)] \(text)") }
      }
    }
    if location.path != nil {
      if rule != .json && rule != .anyReader { fail(reader, "a JSON path in \(problem)") }
      if location.path?.hasPrefix("[") != true { fail(reader, "a path that is not [index]: \(problem)") }
      return
    }
    guard let line = location.line else { return fail(reader, "no line: \(problem)") }
    let lines: [Int]
    switch rule {
    case .universal: lines = shape.universalLines
    case .lineFeed, .json: lines = shape.lineFeedLines
    case .anyReader:
      lines = shape.universalLines.count >= shape.lineFeedLines.count ? shape.universalLines : shape.lineFeedLines
    }
    guard line >= 1, line <= lines.count + 1 else {
      return fail(reader, "line \(line) of \(lines.count): \(problem)")
    }
    guard let column = location.column else { return }
    let longest = rule == .anyReader || line > lines.count ? shape.longestLine : lines[line - 1]
    if column < 1 || column > longest + 1 {
      fail(reader, "column \(column) on a line of \(longest) bytes: \(problem)")
    }
    if let bytes = exactIn { checkNamedByte(problem, bytes: bytes, shape: shape, rule: rule, reader: reader) }
  }

  /// A problem that names a byte ("NUL byte", "invalid UTF-8 byte 0xC3",
  /// "control character 0x07") is located exactly at that byte.
  mutating func checkNamedByte(
    _ problem: InputProblem, bytes: [UInt8], shape: LineShape, rule: LineRule, reader: String
  ) {
    let message = problem.message
    let named: UInt8
    if message.holds("NUL byte") {
      named = 0
    } else if let mark = message.utf8Offset(after: "UTF-8 byte 0x")
      ?? message.utf8Offset(after: "control character 0x"),
      let value = UInt8(String(decoding: message.utf8.dropFirst(mark).prefix(2), as: UTF8.self), radix: 16)
    {
      named = value
    } else {
      return
    }
    guard let line = problem.location.line, let column = problem.location.column else { return }
    let universal = rule == .universal
    let offset = LineShape.offset(
      line: line, column: column, in: bytes, starts: universal ? shape.universalStarts : shape.lineFeedStarts,
      lengths: universal ? shape.universalLines : shape.lineFeedLines)
    guard let offset, bytes[offset] == named else {
      let found = offset.map { "byte \(bytes[$0]) at offset \($0)" } ?? "no such place"
      return fail(reader, "the named byte \(named) is not where located (\(found)): \(problem)")
    }
  }
}
