import Foundation

/// Reads a Markdown "awesome list" (the `awesome` import format) into tools.
///
/// - An item is a bullet line (`-`, `*` or `+`, at any indent) that starts
///   with a link, optionally in bold: `- [Name](url) - Description.`; the
///   separator may also be ` — `, ` – `, `: ` or nothing, and the description
///   may be missing.
/// - Each item becomes a tool: title Name, the url, summary the description
///   (links reduced to their text, `#word` marks removed; nil when nothing is
///   left), pricing `unknown`, slug derived from the name.
/// - Its tags are the normalised headings in force above it (`#`…`######` or
///   setext), outer first, then the `#word` marks of its description, plain or
///   linked (`[#opensource](…)` → `opensource`). The document's title (a first
///   heading of level 1) is not a tag; neither are Contents, Table of
///   Contents, Contributing, License and the like, and items under those
///   sections are not tools.
/// - Not tools, silently: links to `#anchors` (a table of contents), relative
///   links (`CONTRIBUTING.md`), badge images `[![…](…)](…)`, bullets that do
///   not start with a link, and anything inside fenced code blocks or HTML
///   comments.
/// - Reported as problems, located by line and column: items whose link is
///   not http(s) (`ftp:`, `mailto:`, `www.…` without a scheme, no host) or
///   whose name is empty.
/// - Repeated names are kept, in file order: the importer reports duplicates.
public enum AwesomeListParser {
  /// Tools listed in a Markdown awesome list, with the problems found (unusable items), located by line.
  public static func parse(_ text: String, fileName: String) -> (entries: [Entry], problems: [InputProblem]) {
    let located = parseLocated(text, fileName: fileName)
    return (located.items.map(\.entry), located.problems)
  }

  /// The tools with the line and column of each item's link, so the importer
  /// can point a curator at a likely duplicate.
  public static func parseLocated(_ text: String, fileName: String)
    -> (items: [(entry: Entry, location: SourceLocation)], problems: [InputProblem])
  {
    var entries: [(entry: Entry, location: SourceLocation)] = []
    var problems: [InputProblem] = []
    var sections: [Section] = []
    var sawHeading = false
    var fence: (marker: Character, length: Int)?
    var inComment = false
    var paragraphLine: String?  // the line a setext underline would make a heading

    func enter(level: Int, title raw: String) {
      let title = plainText(raw)
      guard !title.isEmpty else { return }  // a badge line underlined by a rule
      defer { sawHeading = true }
      if !sawHeading && level == 1 { return }  // the document's own title
      sections.removeAll { $0.level >= level }
      let key = title.lowercased()
      let skipped = skippedHeadings.contains(key)
      sections.append(Section(level: level, tag: skipped ? nil : TagName.normalize(title), listsTools: !skipped))
    }

    var body = Substring(text)
    if text.unicodeScalars.first == "\u{FEFF}" { body = Substring(text.unicodeScalars.dropFirst()) }
    var number = 0
    for raw in body.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    {
      number += 1
      if let open = fence {
        if closesFence(raw, open) { fence = nil }
        continue
      }
      let line = withoutComments(String(raw), inComment: &inComment)
      let trimmed = String(stripped(line[...]))
      if let open = opensFence(trimmed) {
        fence = open
        paragraphLine = nil
        continue
      }
      if let heading = atxHeading(trimmed) {
        enter(level: heading.level, title: heading.title)
        paragraphLine = nil
        continue
      }
      if let previous = paragraphLine, let level = setextLevel(trimmed) {
        enter(level: level, title: previous)
        paragraphLine = nil
        continue
      }
      guard let item = listItem(line) else {
        paragraphLine = trimmed.isEmpty || isBullet(trimmed) ? nil : trimmed
        continue
      }
      paragraphLine = nil
      guard sections.allSatisfy(\.listsTools) else { continue }
      let location = SourceLocation(file: fileName, line: number, column: item.urlColumn)
      switch classify(item.url) {
      case .notATool:
        continue
      case .problem(let message):
        problems.append(InputProblem(location, "item '\(item.name)': \(message)"))
      case .web(let url):
        guard !item.name.isEmpty else {
          problems.append(
            InputProblem(location, "the item linking to '\(url)' has no name; write it as '- [Name](\(url))'"))
          continue
        }
        let description = describe(item.rest)
        var tags: [String] = []
        for tag in sections.compactMap(\.tag) + description.tags where !tags.contains(tag) { tags.append(tag) }
        let entry = Entry(
          kind: .tool, slug: Slug.derive(from: item.name), title: item.name, url: url,
          summary: description.summary, pricing: .unknown, tags: tags)
        entries.append((entry, location))
      }
    }
    return (entries, problems)
  }

  /// A heading in force: its tag, and whether its items can be tools.
  private struct Section {
    var level: Int
    var tag: String?
    var listsTools: Bool
  }

  /// Headings about the list itself rather than a kind of tool.
  static let skippedHeadings: Set<String> = [
    "contents", "table of contents", "toc", "contributing", "contribute", "contributors",
    "contribution guidelines", "how to contribute", "license", "licence", "footnotes",
  ]

  // MARK: Items

  /// A bullet line that starts with a link: its name, url, where the url
  /// starts (1-based column), and the text after the link.
  struct Item: Equatable {
    var name: String
    var url: String
    var urlColumn: Int
    var rest: String
  }

  static func isBullet(_ trimmed: String) -> Bool {
    guard let first = trimmed.first, "-*+".contains(first) else { return false }
    return trimmed.dropFirst().first?.isWhitespace ?? true
  }

  static func listItem(_ line: String) -> Item? {
    let chars = Array(line)
    var i = 0
    while i < chars.count, isBlank(chars[i]) { i += 1 }
    guard i + 1 < chars.count, "-*+".contains(chars[i]), isBlank(chars[i + 1]) else { return nil }
    i += 1
    while i < chars.count, isBlank(chars[i]) { i += 1 }
    var bold = 0
    while bold < 2, i < chars.count, chars[i] == "*" || chars[i] == "_" {
      i += 1
      bold += 1
    }
    guard i + 1 < chars.count, chars[i] == "[", chars[i + 1] != "!",  // a badge image is not a tool
      let link = link(in: chars, at: i)
    else { return nil }
    i = link.end
    while i < chars.count, chars[i] == "*" || chars[i] == "_" { i += 1 }
    var rest = stripped(String(chars[i...])[...])
    while let first = rest.first, "-–—:|,".contains(first) { rest = stripped(rest.dropFirst()) }
    return Item(name: plainText(link.text), url: link.url, urlColumn: link.urlStart + 1, rest: String(rest))
  }

  /// The Markdown link `[text](url "title")` starting at `start`, if one is there.
  static func link(in chars: [Character], at start: Int) -> (text: String, url: String, urlStart: Int, end: Int)? {
    guard start < chars.count, chars[start] == "[",
      let close = matching(chars, from: start, open: "[", close: "]", limit: 1000),
      close + 1 < chars.count, chars[close + 1] == "(",
      let paren = matching(chars, from: close + 1, open: "(", close: ")", limit: 4000)
    else { return nil }
    var url = String(stripped(String(chars[(close + 2)..<paren])[...]))
    if let space = url.firstIndex(where: \.isWhitespace) { url = String(url[..<space]) }  // a "title"
    if url.hasPrefix("<") && url.hasSuffix(">") && url.count >= 2 { url = String(url.dropFirst().dropLast()) }
    return (String(chars[(start + 1)..<close]), url, close + 2, paren + 1)
  }

  /// The index of the bracket closing the one at `from`, nested pairs and
  /// backslash escapes allowed, looking at most `limit` characters ahead.
  private static func matching(_ chars: [Character], from: Int, open: Character, close: Character, limit: Int)
    -> Int?
  {
    var depth = 0
    var i = from
    let end = min(chars.count, from + limit)
    while i < end {
      let c = chars[i]
      if c == "\\" {
        i += 2
        continue
      }
      if c == open { depth += 1 }
      if c == close {
        depth -= 1
        if depth == 0 { return i }
      }
      i += 1
    }
    return nil
  }

  enum LinkKind: Equatable {
    case web(String)
    case notATool
    case problem(String)
  }

  /// What an item's link makes of it: a tool's URL, nothing (an anchor or a
  /// relative link), or a problem to report.
  static func classify(_ url: String) -> LinkKind {
    if url.isEmpty { return .problem("the link has no URL; expected https://host/…") }
    if url.hasPrefix("#") { return .notATool }
    if url.lowercased().hasPrefix("www.") {
      return .problem("url '\(url)' has no scheme; write it as 'https://\(url)'")
    }
    if url.hasPrefix("//") { return .problem("url '\(url)' has no scheme; write it as 'https:\(url)'") }
    let scheme = url.prefix(while: { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) })
    let hasScheme = !scheme.isEmpty && scheme.first!.isLetter && url.dropFirst(scheme.count).first == ":"
    guard hasScheme else { return .notATool }  // a file in the list's own repository
    switch URLCheck.validate(url) {
    case .success(let valid): return .web(valid)
    case .failure(let problem): return .problem(problem.message)
    }
  }

  // MARK: Descriptions

  /// An item's description as a summary (links reduced to their text, `#word`
  /// marks removed) and the tags its `#word` marks name.
  static func describe(_ text: String) -> (summary: String?, tags: [String]) {
    var tags: [String] = []
    let linked = rewritingLinks(in: text) { label in
      let plain = plainText(label)
      guard let tag = hashtag(plain), tag.count + 1 == plain.count else { return plain }
      tags.append(tag)
      return ""
    }
    let chars = Array(linked)
    var out: [Character] = []
    var i = 0
    while i < chars.count {
      if chars[i] == "#", out.last.map({ $0.isWhitespace || $0 == "(" }) ?? true,
        let tag = hashtag(String(chars[i..<min(chars.count, i + 101)]))
      {
        tags.append(tag)
        i += tag.count + 1
        continue
      }
      out.append(chars[i])
      i += 1
    }
    let summary = tidy(out)
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
  /// text, and images dropped. Gives up looking for links after 100 `[` that
  /// open none, so a line of brackets stays linear.
  static func rewritingLinks(in text: String, label: (String) -> String) -> String {
    guard text.contains("[") else { return text }
    let chars = Array(text)
    var out: [Character] = []
    var misses = 0
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if misses < 100, c == "!" || c == "[" {
        let at = c == "!" ? i + 1 : i
        if at < chars.count, chars[at] == "[" {
          if let link = link(in: chars, at: at) {
            if c == "[" { out.append(contentsOf: label(link.text)) }  // images say nothing in a summary
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
  /// emphasis, code marks and escapes dropped, spaces collapsed.
  static func plainText(_ markdown: String) -> String {
    let text = rewritingLinks(in: markdown) { plainText($0) }  // `[![logo](…)](…)` holds an image
    // Marks dropped: `**`, `__`, backticks, escapes; and the emoji that
    // decorate headings, which make poor tags.
    var scalars = String.UnicodeScalarView()
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
      defer { previous = scalar }
      if scalar == "`" || scalar == "\\" || scalar == "\u{FE0F}" || scalar == "\u{200D}" { continue }
      if scalar == "*" || scalar == "_", previous == scalar {
        if scalars.last == scalar { scalars.removeLast() }
        continue
      }
      if scalar.value > 0x7F && scalar.properties.isEmoji { continue }
      scalars.append(scalar)
    }
    return String(scalars).split(whereSeparator: isBlank).joined(separator: " ")
  }

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
