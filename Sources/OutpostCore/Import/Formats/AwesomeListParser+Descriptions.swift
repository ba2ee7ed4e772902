import Foundation

extension AwesomeListParser {
  // MARK: Descriptions

  /// An item's description as a summary (plain text: links reduced to their
  /// text, `#word` marks, images, Markdown and HTML marks removed) and the
  /// tags its `#word` marks name. The marks are found before escapes are
  /// read, so `\#word` and `\*` stay text; and the text is tidied only when
  /// something was taken out of it, so a summary without marks (as `export`
  /// writes it) reads back exactly.
  static func describe(_ text: String) -> (summary: String?, tags: [String]) {
    var tags: [String] = []
    var removed = false
    let linked = rewritingLinks(in: text, removed: &removed) { label in
      let plain = plainText(label)
      guard let tag = hashtag(plain), tag.count + 1 == plain.count else { return plain }
      tags.append(tag)
      return ""
    }
    if !tags.isEmpty { removed = true }
    let chars = Array(linked)
    var out: [Character] = []
    var i = 0
    while i < chars.count {
      if chars[i] == "#", out.last.map({ $0.isWhitespace || $0 == "(" }) ?? true,
        let tag = hashtag(String(chars[i..<min(chars.count, i + 101)]))
      {
        tags.append(tag)
        removed = true
        i += tag.count + 1
        continue
      }
      out.append(chars[i])
      i += 1
    }
    if out.contains("<") { removed = true }  // an HTML tag may go, leaving its spaces
    let plain = MarkdownInline.plainText(String(out))
    // The line is already trimmed: a space now at either end is one `export`
    // wrote as `&#32;`.
    let summary = removed ? tidy(Array(plain)) : plain
    let hasWords = summary.contains(where: { $0.isLetter || $0.isNumber })
    return (hasWords ? summary : nil, tags.compactMap(TagName.normalize))
  }

  /// Text left over from removed marks, tidied: `**` dropped, spaces
  /// collapsed, none before `.`, `,`, `)` or after `(`, empty `()` and a
  /// doubled sentence end (`AIs. .`) removed.
  static func tidy(_ chars: [Character]) -> String {
    var out: [Character] = []
    var space = false
    var i = 0
    while i < chars.count {
      let c = chars[i]
      i += 1
      if isBlank(c) {
        space = !out.isEmpty
        continue
      }
      if c == "*", i < chars.count, chars[i] == "*" {
        i += 1
        continue
      }
      if c == ")", out.last == "(" {
        out.removeLast()
        if out.last == " " {
          out.removeLast()
          space = true
        }
        continue
      }
      if c == ".", space, out.last == "." {  // "AIs. ." once a tag is gone
        space = false
        continue
      }
      if space, !".,;:)".contains(c), out.last != "(" { out.append(" ") }
      space = false
      out.append(c)
    }
    while out.count >= 2, out[out.count - 1] == ".", out[out.count - 2] == ".",
      out.count < 3 || out[out.count - 3] != "."
    {
      out.removeLast()
    }
    return String(out)
  }

  /// Whitespace within a line, tested cheaply for the common ASCII case.
  static func isBlank(_ c: Character) -> Bool {
    c.isASCII ? c == " " || c == "\t" || c == "\u{0B}" || c == "\u{0C}" : c.isWhitespace
  }

  /// `text` without leading and trailing whitespace, without Foundation's
  /// bridging (this runs for every line of the list).
  static func stripped(_ text: Substring) -> Substring {
    guard let first = text.firstIndex(where: { !isBlank($0) }) else { return text[text.endIndex...] }
    let last = text.lastIndex(where: { !isBlank($0) })!
    return text[first...last]
  }

  /// The word of a `#word` mark at the start of `text`: a letter first, then
  /// letters, digits, `_` and `-`, as written.
  static func hashtag(_ text: String) -> String? {
    guard text.first == "#", let second = text.dropFirst().first, second.isLetter else { return nil }
    var word = String(text.dropFirst().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }))
    while word.hasSuffix("-") { word.removeLast() }
    return word
  }

  /// `text` with each Markdown link replaced by what `label` makes of its
  /// text, and images dropped (`removed` then set). Gives up looking for
  /// links after 100 `[` that open none, so a line of brackets stays linear.
  static func rewritingLinks(in text: String, removed: inout Bool, label: (String) -> String) -> String {
    guard text.contains("[") else { return text }
    let chars = Array(text)
    var out: [Character] = []
    var misses = 0
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == "\\", i + 1 < chars.count {  // `\[` opens no link
        out += [c, chars[i + 1]]
        i += 2
        continue
      }
      if misses < 100, c == "!" || c == "[" {
        let at = c == "!" ? i + 1 : i
        if at < chars.count, chars[at] == "[" {
          if let link = link(in: chars, at: at) {
            if c == "[" {
              out.append(contentsOf: label(link.text))
            } else {
              removed = true  // images say nothing in a summary
            }
            i = link.end
            continue
          }
          misses += 1
        }
      }
      out.append(c)
      i += 1
    }
    return String(out)
  }

  /// Markdown inline text as plain words: links to their text, images,
  /// emphasis, code marks and escapes dropped, runs of spaces made one (before
  /// entities are read, so that `&#32;` keeps a space `export` wrote).
  static func plainText(_ markdown: String) -> String {
    var removed = false
    let linked = rewritingLinks(in: markdown, removed: &removed) { plainText($0) }  // `[![logo](…)](…)`
    return MarkdownInline.plainText(linked.split(whereSeparator: isBlank).joined(separator: " "))
  }

  /// A heading as plain words, without the emoji that decorate headings and
  /// make poor tags.
  static func headingText(_ markdown: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in plainText(markdown).unicodeScalars {
      if scalar == "\u{FE0F}" || scalar == "\u{200D}" || (scalar.value > 0x7F && scalar.properties.isEmoji) { continue }
      scalars.append(scalar)
    }
    return String(scalars).split(whereSeparator: isBlank).joined(separator: " ")
  }
}
