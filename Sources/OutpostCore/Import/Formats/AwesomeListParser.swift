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
  /// Tools listed in a Markdown awesome list, with the problems found
  /// (unusable items), located by line; each slug derived from its name.
  public static func parse(_ text: String, fileName: String) -> (entries: [Entry], problems: [InputProblem]) {
    let located = parseLocated(text, fileName: fileName)
    let entries = located.items.map { item in
      var entry = item.entry
      entry.slug = Slug.derive(from: entry.title)
      return entry
    }
    return (entries, located.problems)
  }

  /// The tools with the line and column of each item's link, so the importer
  /// can point a curator at a likely duplicate. Slugs are left empty: the
  /// importer derives them, numbering a repeated name.
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

    var number = 0
    for raw in InputText.lines(of: text) {
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
          kind: .tool, slug: "", title: item.name, url: url,
          summary: description.summary, pricing: .unknown, tags: tags)
        entries.append((entry, location))
      }
    }
    return (entries, problems)
  }

  /// A heading in force: its tag, and whether its items can be tools.
  struct Section {
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
  static func matching(_ chars: [Character], from: Int, open: Character, close: Character, limit: Int)
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
}
