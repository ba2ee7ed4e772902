extension RejectsFile {
  /// The refused items of an awesome list, in file order, as a list of their
  /// own: a title, then each item line as written, under the headings it sat
  /// under (written again only where they change, so their tags survive)
  /// and after its reasons in an HTML comment, which the list reader skips.
  func appendMarkdown() {
    guard let text else { return }
    let lines = InputText.lines(of: text)
    let refused = refusedLines.sorted { $0.line < $1.line }
    let headings = AwesomeListParser.headingsInForce(at: Set(refused.map(\.line)), in: text)
    var out = "# Refused items of \(inputName)\n"
    var current: [AwesomeListParser.Heading] = []
    for (line, reason) in refused where line >= 1 && line <= lines.count {
      let above = headings[line] ?? []
      if above != current {
        // From the first heading that differs; a section that ended is
        // closed by writing its parent again.
        var start = zip(current, above).prefix { $0 == $1 }.count
        if start == above.count { start = max(start - 1, 0) }
        out += "\n"
        for heading in above[start...] {
          out += String(repeating: "#", count: heading.level) + " " + heading.title + "\n"
        }
        out += "\n"
      }
      current = above
      out += "<!-- error: \(Self.commentText(reason)) -->\n" + lines[line - 1] + "\n"
    }
    pending.append(contentsOf: out.utf8)
  }

  /// `text` made safe inside an HTML comment: `-->` would end it early.
  static func commentText(_ text: String) -> String {
    text.replacingOccurrences(of: "--", with: "- -")
  }
}
