import Foundation

extension AwesomeListParser {
  // MARK: Block structure

  /// `## Title ##` → (2, "Title").
  static func atxHeading(_ trimmed: String) -> (level: Int, title: String)? {
    let hashes = trimmed.prefix(while: { $0 == "#" }).count
    guard (1...6).contains(hashes) else { return nil }
    let rest = trimmed.dropFirst(hashes)
    guard rest.isEmpty || rest.first!.isWhitespace else { return nil }  // "#hashtag" is not a heading
    var title = String(stripped(rest))
    // The closing `#`s, after whitespace. Not the regex `\s+#+$`, which
    // backtracks through every run of spaces: quadratic in a long line.
    let closing = title.reversed().prefix(while: { $0 == "#" }).count
    if closing > 0 {
      let head = title.dropLast(closing)
      let spaces = head.reversed().prefix(while: \.isWhitespace).count
      if spaces > 0 { title = String(head.dropLast(spaces)) }
    }
    if title.allSatisfy({ $0 == "#" }) { title = "" }
    return (hashes, title)
  }

  /// An underline making the paragraph line above it a heading: `===` → 1, `---` → 2.
  static func setextLevel(_ trimmed: String) -> Int? {
    if !trimmed.isEmpty, trimmed.allSatisfy({ $0 == "=" }) { return 1 }
    if trimmed.count >= 2, trimmed.allSatisfy({ $0 == "-" }) { return 2 }
    return nil
  }

  static func opensFence(_ trimmed: String) -> (marker: Character, length: Int)? {
    guard let marker = trimmed.first, marker == "`" || marker == "~" else { return nil }
    let length = trimmed.prefix(while: { $0 == marker }).count
    guard length >= 3 else { return nil }
    if marker == "`", trimmed.dropFirst(length).contains("`") { return nil }  // inline code
    return (marker, length)
  }

  static func closesFence(_ line: Substring, _ fence: (marker: Character, length: Int)) -> Bool {
    let trimmed = stripped(line)
    return trimmed.count >= fence.length && trimmed.allSatisfy { $0 == fence.marker }
  }

  /// The line without its HTML comments; `inComment` carries an open comment
  /// over to the following lines.
  static func withoutComments(_ line: String, inComment: inout Bool) -> String {
    guard inComment || line.utf8.contains(UInt8(ascii: "<")) && line.contains("<!--") else { return line }
    var rest = Substring(line)
    var kept = ""
    while true {
      if inComment {
        guard let end = rest.range(of: "-->") else { return kept }
        rest = rest[end.upperBound...]
        inComment = false
      }
      guard let start = rest.range(of: "<!--") else { return kept + rest }
      kept += rest[..<start.lowerBound]
      rest = rest[start.upperBound...]
      inComment = true
    }
  }
}
