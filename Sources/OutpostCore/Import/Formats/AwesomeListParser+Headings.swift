extension AwesomeListParser {
  /// A heading as written: its level and its text.
  struct Heading: Equatable {
    var level: Int
    var title: String
  }

  /// The headings in force at each of `lines` (1-based), outer first: what
  /// a refused item must be written under for its tags to survive
  /// (`RejectsFile+Markdown`). The document's title is not one of them.
  ///
  /// It walks the blocks as `parseLocated` does (fences, HTML comments,
  /// ATX and setext headings), and keeps the heading text as written.
  static func headingsInForce(at lines: Set<Int>, in text: String) -> [Int: [Heading]] {
    var result: [Int: [Heading]] = [:]
    var headings: [Heading] = []
    var sawHeading = false
    var fence: (marker: Character, length: Int)?
    var inComment = false
    var paragraphLine: String?

    func enter(level: Int, title: String) {
      guard !plainText(title).isEmpty else { return }
      defer { sawHeading = true }
      if !sawHeading && level == 1 { return }
      headings.removeAll { $0.level >= level }
      headings.append(Heading(level: level, title: title))
    }

    var number = 0
    for raw in InputText.lines(of: text) {
      number += 1
      if lines.contains(number) { result[number] = headings }
      if let open = fence {
        if closesFence(raw, open) { fence = nil }
        continue
      }
      let line = withoutComments(String(raw), inComment: &inComment)
      let trimmed = String(stripped(line[...]))
      if let open = opensFence(trimmed) {
        fence = open
        paragraphLine = nil
      } else if let heading = atxHeading(trimmed) {
        enter(level: heading.level, title: heading.title)
        paragraphLine = nil
      } else if let previous = paragraphLine, let level = setextLevel(trimmed) {
        enter(level: level, title: previous)
        paragraphLine = nil
      } else if listItem(line) != nil {
        paragraphLine = nil
      } else {
        paragraphLine = trimmed.isEmpty || isBullet(trimmed) ? nil : trimmed
      }
    }
    return result
  }
}
