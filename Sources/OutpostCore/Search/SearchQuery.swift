/// Turns whatever a user types into a safe FTS5 query.
///
/// Words become quoted terms, so `AND`, `NEAR(`, `-` and `C++` are searched
/// as words and never reach FTS5's own syntax; `"a phrase"` stays a phrase,
/// an unbalanced `"` simply opens a phrase to the end, and `word*` is a
/// prefix search. Terms combine with AND.
public enum SearchQuery {
  /// The FTS5 MATCH expression, or nil when the text holds no searchable word.
  public static func fts(_ text: String) -> String? {
    var terms: [String] = []
    var rest = Substring(text)
    while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
      rest = rest[start...]
      if rest.first == "\"" {
        rest = rest.dropFirst()
        let end = rest.firstIndex(of: "\"") ?? rest.endIndex
        let words = words(in: rest[..<end])
        if !words.isEmpty { terms.append("\"" + words.joined(separator: " ") + "\"") }
        rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
      } else {
        let end = rest.firstIndex(where: { $0.isWhitespace || $0 == "\"" }) ?? rest.endIndex
        let token = rest[..<end]
        let isPrefix = token.hasSuffix("*")
        let pieces = words(in: token)
        for (index, piece) in pieces.enumerated() {
          let prefix = isPrefix && index == pieces.count - 1
          terms.append("\"\(piece)\"" + (prefix ? "*" : ""))
        }
        rest = rest[end...]
      }
    }
    return terms.isEmpty ? nil : terms.joined(separator: " ")
  }

  /// The runs of letters and digits in `text`, as FTS5's unicode61 tokenizer
  /// would split them.
  static func words(in text: Substring) -> [String] {
    var words: [String] = []
    var current = ""
    for scalar in text.unicodeScalars {
      if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        || scalar.properties.generalCategory == .nonspacingMark
      {
        current.unicodeScalars.append(scalar)
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }
}
