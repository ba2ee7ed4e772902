import Foundation

extension AwesomeListParser {
  // MARK: Items

  /// A bullet line that starts with a link: its name, url, where the url
  /// starts (1-based column), and the description after the link.
  struct Item: Equatable {
    var name: String
    var url: String
    var urlColumn: Int
    var rest: String
  }

  /// A bullet line that looks like an item: read, or not readable.
  enum ItemLine: Equatable {
    case item(Item)
    /// Where the item's `[` is (1-based) and what is wrong, said with what a
    /// readable item looks like.
    case unreadable(column: Int, message: String)
  }

  static let readableItem = "a readable item looks like '- [Name](https://…) - Description'"

  static func isBullet(_ trimmed: String) -> Bool {
    guard let first = trimmed.first, "-*+".contains(first) else { return false }
    return trimmed.dropFirst().first?.isWhitespace ?? true
  }

  /// The item on a bullet line, what is wrong with one that cannot be read,
  /// or nil for a line that is no item (prose, a badge, a task box).
  static func listItem(_ line: String) -> ItemLine? {
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
    guard i + 1 < chars.count, chars[i] == "[", chars[i + 1] != "!" else { return nil }  // a badge image is not a tool
    guard let link = link(in: chars, at: i) else { return unreadable(chars, at: i) }
    let start = i
    i = link.end
    while i < chars.count, chars[i] == "*" || chars[i] == "_" { i += 1 }
    var rest = stripped(String(chars[i...])[...])
    rest = withoutLeadingLinks(rest)
    while let first = rest.first, "-–—:|,".contains(first) { rest = stripped(rest.dropFirst()) }
    if let nested = nestedLink(link.url) {
      let name = plainText(link.text)
      return .unreadable(
        column: start + 1,
        message: "item '\(name)': its address '\(link.url)' is itself a Markdown link; "
          + "write it as '- [\(name)](\(nested))'")
    }
    return .item(Item(name: plainText(link.text), url: link.url, urlColumn: link.urlStart + 1, rest: String(rest)))
  }

  /// Why `[` at `start` opens no link, when the line shows it meant to (a
  /// `(` or an address follows the name); nil for `- [x] done` and other
  /// bracketed prose.
  static func unreadable(_ chars: [Character], at start: Int) -> ItemLine? {
    let column = start + 1
    guard let close = matching(chars, from: start, open: "[", close: "]", limit: 1000) else {
      let rest = String(chars[start...].prefix(1000))
      guard rest.contains("](") || rest.contains("://") else { return nil }
      return .unreadable(column: column, message: "the item's '[' is never closed by ']'; \(readableItem)")
    }
    let name = plainText(String(chars[(start + 1)..<close]))
    var after = close + 1
    while after < chars.count, isBlank(chars[after]) { after += 1 }
    guard after < chars.count else { return nil }
    switch chars[after] {
    case "(" where after > close + 1:
      return .unreadable(
        column: column, message: "item '\(name)': a space between ']' and '(' breaks the link; \(readableItem)")
    case "(":
      return .unreadable(
        column: column, message: "item '\(name)': the link's '(' is never closed by ')'; \(readableItem)")
    case "[" where after == close + 1:
      return .unreadable(
        column: column,
        message: "item '\(name)': a reference link '[Name][ref]' is not read; write the address in the item: "
          + readableItem)
    default:
      return nil
    }
  }

  /// The address inside `[https://…](https://…)`, when an item's address is
  /// itself a Markdown link (an editor's auto-linking pasted into the list).
  static func nestedLink(_ url: String) -> String? {
    guard url.hasPrefix("[") else { return nil }
    let chars = Array(url)
    return link(in: chars, at: 0)?.url
  }

  /// `text` without the links, badges and their marks that come before a
  /// separator: `*[reviews](…)* - Chats.` → `- Chats.`. A `[#tag](…)` stays:
  /// it names a tag. Text without a separator after its links is kept whole.
  static func withoutLeadingLinks(_ text: Substring) -> Substring {
    guard let first = text.first, "[!*_(".contains(first) else { return text }
    let chars = Array(text)
    var i = 0
    var links = 0
    while i < chars.count {
      while i < chars.count, isBlank(chars[i]) || "*_(".contains(chars[i]) { i += 1 }
      let at = i < chars.count && chars[i] == "!" ? i + 1 : i
      guard at + 1 < chars.count, chars[at] == "[", chars[at + 1] != "#", let link = link(in: chars, at: at) else {
        break
      }
      links += 1
      i = link.end
      while i < chars.count, "*_)".contains(chars[i]) { i += 1 }
    }
    guard links > 0, i < chars.count, "-–—:|".contains(chars[i]) else { return text }
    return text[text.index(text.startIndex, offsetBy: i)...]
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
    if url.contains("\\") { url = unescaped(url) }  // `Diffusion_\(model\)`, as `export` writes it
    return (String(chars[(start + 1)..<close]), url, close + 2, paren + 1)
  }

  /// `text` with each backslash escape of ASCII punctuation replaced by the
  /// character, as Markdown reads a link's address.
  static func unescaped(_ text: String) -> String {
    var out = ""
    var escaping = false
    for c in text {
      if escaping, !(c.isASCII && (c.isPunctuation || c.isSymbol)) { out.append("\\") }
      if !escaping, c == "\\" {
        escaping = true
        continue
      }
      escaping = false
      out.append(c)
    }
    if escaping { out.append("\\") }
    return out
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
    guard hasScheme else {
      // A file in the list's own repository, unless it cannot be a path.
      guard url.contains(where: { "[]()<>".contains($0) }) else { return .notATool }
      return .problem("'\(url)' is not an address; \(readableItem)")
    }
    switch URLCheck.validate(url) {
    case .success(let valid): return .web(valid)
    case .failure(let problem): return .problem(problem.message)
    }
  }
}
