import Foundation

/// The one place the site builds markup outside its templates: a story's
/// body, with each `[n]` that names one of its sources made a link to that
/// source further down the page.
///
/// Built only from escaped text and a fixed link whose only variable is the
/// number, so no catalog text can open a tag: `[<b>]` stays text, and `[99]`
/// without a source 99 stays text too.
enum CitationText {
  /// `text` as paragraphs (a paragraph a line, blank lines skipped), its
  /// known citations linked.
  static func html(_ text: String, sources: Set<Int>) -> String {
    var out = ""
    // isNewline: "\r\n" is one Character, equal to neither "\r" nor "\n".
    for line in text.split(whereSeparator: \.isNewline) {
      let paragraph = trimmed(line)
      guard !paragraph.isEmpty else { continue }
      out += "<p>" + linked(paragraph[...], sources: sources) + "</p>\n"
    }
    return out
  }

  /// `line` without the spaces and tabs around it: what Foundation's
  /// `trimmingCharacters(in: .whitespaces)` gives (tab and the Unicode space
  /// separators, scalar by scalar), without its trip through NSString.
  static func trimmed(_ line: Substring) -> String {
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
      scalar == "\t" || scalar == " " || (!scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator)
    }
    let scalars = line.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !isSpace($0) })!
    return String(scalars[first...last])
  }

  /// One paragraph: escaped text between links for `[n]`.
  static func linked(_ text: Substring, sources: Set<Int>) -> String {
    var out = ""
    var rest = text
    while let open = rest.firstIndex(of: "[") {
      let after = rest.index(after: open)
      let digits = rest[after...].prefix(while: { $0.isASCII && $0.isNumber })
      let close = digits.endIndex
      if !digits.isEmpty, digits.count <= 4, close < rest.endIndex, rest[close] == "]", let n = Int(digits),
        sources.contains(n)
      {
        out += SiteText.escapeHTML(rest[..<open])
        out += "<a class=\"cite\" href=\"#source-\(n)\" aria-label=\"source \(n)\">[\(n)]</a>"
        rest = rest[rest.index(after: close)...]
      } else {
        out += SiteText.escapeHTML(rest[...open])
        rest = rest[after...]
      }
    }
    return out + SiteText.escapeHTML(rest)
  }
}
