/// Markdown inline marks as plain text, for the summaries of an awesome list:
/// a catalog's summary is read in a terminal, a CSV and a web page, where
/// `*reviews*` or `<sup>new</sup>` are noise.
///
/// - emphasis `*x*`, `_x_`, `**x**`, `__x__`, `~~x~~` → `x`, when the marks
///   pair up as Markdown pairs them (`snake_case`, `5 * 3` and a lone `*`
///   stay as they are);
/// - code spans `` `x` `` → `x`, their content taken as it is;
/// - HTML tags (`<b>`, `</sup>`, `<img src=…>`, `<br/>`) removed, an
///   autolink `<https://…>` kept as its address;
/// - the entities `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&nbsp;` and numeric
///   ones (`&#10;`, `&#x2014;`) decoded;
/// - backslash escapes (`\*`) → the character.
///
/// Links and images are the parser's business (`AwesomeListParser`), which
/// rewrites them before this runs.
enum MarkdownInline {
  /// `text` without its inline marks.
  static func plainText(_ text: String) -> String {
    guard text.contains(where: { "*_~`<&\\".contains($0) }) else { return text }
    var pieces = pieces(of: Array(text))
    pairEmphasis(&pieces)
    return pieces.map { $0.kept ? String($0.text) : "" }.joined()
  }

  /// A run of text, or a run of emphasis marks that may turn out to be text.
  struct Piece {
    var text: [Character]
    /// Emphasis marks that may open or close a pair.
    var delimiter: Character?
    var canOpen = false
    var canClose = false
    /// False once a delimiter is paired: it prints as nothing.
    var kept = true
  }

  static func pieces(of chars: [Character]) -> [Piece] {
    var pieces: [Piece] = []
    var text: [Character] = []
    var backticks = BacktickRuns(chars)
    func flush() {
      if !text.isEmpty { pieces.append(Piece(text: text)) }
      text = []
    }
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == "\\", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
        text.append(chars[i + 1])
        i += 2
      } else if c == "`" {
        var end = i
        while end < chars.count, chars[end] == "`" { end += 1 }
        if let span = codeSpan(chars, at: i, runs: &backticks) {
          text += span.content
          i = span.end
        } else {
          text += chars[i..<end]
          i = end
        }
      } else if c == "<", let tag = htmlTag(chars, at: i) {
        text += tag.replacement
        i = tag.end
      } else if c == "&", let entity = entity(chars, at: i) {
        text.append(entity.character)
        i = entity.end
      } else if c == "*" || c == "_" || c == "~" {
        var end = i
        while end < chars.count, chars[end] == c { end += 1 }
        if c == "~" && end - i != 2 {
          text += chars[i..<end]
        } else {
          flush()
          pieces.append(delimiterRun(chars, from: i, to: end))
        }
        i = end
      } else {
        text.append(c)
        i += 1
      }
    }
    flush()
    return pieces
  }

  /// Whether a run of marks can open or close emphasis: Markdown's flanking
  /// rules, with `_` never inside a word.
  static func delimiterRun(_ chars: [Character], from start: Int, to end: Int) -> Piece {
    let before: Character = start > 0 ? chars[start - 1] : " "
    let after: Character = end < chars.count ? chars[end] : " "
    let leftFlanking = !after.isWhitespace && (!isPunctuation(after) || before.isWhitespace || isPunctuation(before))
    let rightFlanking = !before.isWhitespace && (!isPunctuation(before) || after.isWhitespace || isPunctuation(after))
    let mark = chars[start]
    var piece = Piece(text: Array(chars[start..<end]), delimiter: mark)
    if mark == "_" {
      piece.canOpen = leftFlanking && (!rightFlanking || isPunctuation(before))
      piece.canClose = rightFlanking && (!leftFlanking || isPunctuation(after))
    } else {
      piece.canOpen = leftFlanking
      piece.canClose = rightFlanking
    }
    return piece
  }

  /// Drops each closing run with the nearest open run of the same marks and
  /// length; unpaired marks stay as text. A closer looks back over the last
  /// 100 openers only, so a line of unpaired marks stays linear.
  static func pairEmphasis(_ pieces: inout [Piece]) {
    var openers: [Int] = []
    for index in pieces.indices where pieces[index].delimiter != nil {
      let piece = pieces[index]
      if piece.canClose,
        let match = openers[max(0, openers.count - 100)...].lastIndex(where: {
          pieces[$0].delimiter == piece.delimiter && pieces[$0].text.count == piece.text.count
        })
      {
        pieces[openers[match]].kept = false
        pieces[index].kept = false
        openers.removeSubrange(match...)
      } else if piece.canOpen {
        openers.append(index)
      }
    }
  }

  static func isPunctuation(_ c: Character) -> Bool { c.isPunctuation || c.isSymbol }

  /// The runs of backticks in a text, to find the run closing a code span
  /// without looking at the text again: each run is looked at once however
  /// many openers fail, so a line of backtick runs stays linear.
  struct BacktickRuns {
    /// Start positions of the runs of each length, in order.
    private var starts: [Int: [Int]] = [:]
    /// For each length, the first of its runs not yet behind the reader.
    private var next: [Int: Int] = [:]

    init(_ chars: [Character]) {
      var i = 0
      while i < chars.count {
        guard chars[i] == "`" else {
          i += 1
          continue
        }
        let start = i
        while i < chars.count, chars[i] == "`" { i += 1 }
        starts[i - start, default: []].append(start)
      }
    }

    /// The start of the first run of `length` backticks after `position`.
    mutating func run(of length: Int, after position: Int) -> Int? {
      guard let runs = starts[length] else { return nil }
      var index = next[length, default: 0]
      while index < runs.count, runs[index] <= position { index += 1 }
      next[length] = index
      return index < runs.count ? runs[index] : nil
    }
  }

  /// `` `code` `` at `start`: its content (one space trimmed at each end) and
  /// where it ends; nil when no run of as many backticks closes it.
  static func codeSpan(_ chars: [Character], at start: Int, runs: inout BacktickRuns)
    -> (content: [Character], end: Int)?
  {
    var open = start
    while open < chars.count, chars[open] == "`" { open += 1 }
    guard let close = runs.run(of: open - start, after: start) else { return nil }
    var content = Array(chars[open..<close])
    if content.count >= 2, content.first == " ", content.last == " " { content = Array(content.dropFirst().dropLast()) }
    return (content, close + open - start)
  }

  /// An HTML tag or autolink at `start`: what it becomes and where it ends.
  /// Each scan stops at the next `<`, so a line of `<`s stays linear.
  static func htmlTag(_ chars: [Character], at start: Int) -> (replacement: [Character], end: Int)? {
    var i = start + 1
    func scan(until stop: (Character) -> Bool) -> Int? {
      while i < chars.count, chars[i] != ">" {
        if chars[i] == "<" || stop(chars[i]) { return nil }
        i += 1
      }
      return i < chars.count ? i : nil
    }
    let head = String(chars[i..<min(chars.count, i + 8)])
    if head.hasPrefix("http://") || head.hasPrefix("https://") {
      guard let close = scan(until: \.isWhitespace) else { return nil }
      return (Array(chars[(start + 1)..<close]), close + 1)
    }
    if i < chars.count, chars[i] == "/" { i += 1 }
    let nameStart = i
    guard i < chars.count, chars[i].isASCII, chars[i].isLetter else { return nil }
    while i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i].isNumber || chars[i] == "-" { i += 1 }
    let name = String(chars[nameStart..<i]).lowercased()
    guard i < chars.count, chars[i] == ">" || chars[i] == "/" || chars[i].isWhitespace,
      let close = scan(until: { _ in false })
    else { return nil }
    // A line break or a block tag parts words; an inline tag does not.
    return (["br", "p", "div", "li", "td", "tr"].contains(name) ? [" "] : [], close + 1)
  }

  static let entities: [String: Character] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "#39": "'", "apos": "'", "nbsp": " ",
  ]

  /// `&amp;` and the like, or a numeric `&#10;` / `&#x1F916;`, at `start`.
  static func entity(_ chars: [Character], at start: Int) -> (character: Character, end: Int)? {
    guard let semicolon = chars[start...].prefix(10).firstIndex(of: ";") else { return nil }
    let name = String(chars[(start + 1)..<semicolon])
    if let named = entities[name] { return (named, semicolon + 1) }
    guard name.hasPrefix("#") else { return nil }
    let hex = name.hasPrefix("#x") || name.hasPrefix("#X")
    guard let value = UInt32(name.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10), value != 0,
      let scalar = Unicode.Scalar(value)
    else { return nil }
    return (Character(scalar), semicolon + 1)
  }
}
