import Foundation

/// "Did you mean": the names a user most likely meant, by one rule for tags,
/// audiences and slugs.
///
/// A name is close when it is the typed text with other separators
/// (`jobsearch`, `job search` → `job-search`), a typo of it (an edit distance
/// that grows with its length: `bloger` → `bloggers`), shares its beginning
/// (`marketting` → `marketers`, `vid` → `video`), or holds all of its words
/// (`small business` → `small-business-owners`). Suggesting something
/// unrelated is worse than suggesting nothing, so anything else is not.
public enum DidYouMean {
  /// At most this many suggestions: more reads as a list, not a correction.
  public static let limit = 3

  /// The candidates close to `typed`, best first, at most `limit`. Among
  /// equally close ones the candidates' own order wins: pass the most used
  /// first.
  public static func suggestions(for typed: String, among candidates: [String], limit: Int = limit) -> [String] {
    let key = Key(typed)
    guard !key.letters.isEmpty else { return [] }
    var scored: [(score: Int, index: Int, name: String)] = []
    var seen = Set<String>()
    for (index, candidate) in candidates.enumerated() where !seen.contains(candidate) {
      guard let score = key.score(Key(candidate)) else { continue }
      seen.insert(candidate)
      scored.append((score, index, candidate))
    }
    scored.sort { ($0.score, $0.index) < ($1.score, $1.index) }
    // The same letters is the answer: a merely similar name beside it is noise.
    if scored.first?.score == 0 { scored.removeAll { $0.score > 0 } }
    return scored.prefix(limit).map(\.name)
  }

  /// "did you mean 'a'?", "did you mean 'a' or 'b'?", "did you mean 'a', 'b'
  /// or 'c'?"; nil when there is nothing to suggest.
  public static func question(_ suggestions: [String]) -> String? {
    let quoted = suggestions.map { "'\($0)'" }
    guard let last = quoted.last else { return nil }
    if quoted.count == 1 { return "did you mean \(last)?" }
    return "did you mean \(quoted.dropLast().joined(separator: ", ")) or \(last)?"
  }

  /// A name in the forms the rule compares.
  struct Key {
    /// Lower case, diacritics folded, each run of other characters one `-`.
    var canonical: String
    /// The same without separators: `jobsearch`.
    var letters: String
    /// Its words, each without a plural `s`.
    var words: [String]

    init(_ text: String) {
      let folded =
        text.unicodeScalars.allSatisfy(\.isASCII)
        ? text.lowercased() : text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
      let words = folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
      canonical = words.joined(separator: "-")
      letters = words.joined()
      self.words = words.map { $0.count > 3 && $0.hasSuffix("s") ? String($0.dropLast()) : $0 }
    }

    /// How far `other` is from this typed key (lower is closer), or nil when
    /// it is not close enough to suggest.
    func score(_ other: Key) -> Int? {
      guard !other.letters.isEmpty else { return nil }
      if letters == other.letters { return 0 }
      // A typo: a third of the letters may differ, at least 2 (1 for a
      // short word), at most 4: "writter" is a typo of "writers",
      // "podcasters" is not one of "musicians".
      let allowed = letters.count <= 4 ? 1 : min(4, max(2, letters.count / 3))
      if abs(other.canonical.count - canonical.count) <= allowed {
        let distance = EditDistance.between(canonical, other.canonical)
        if distance <= allowed { return 10 + distance }
      }
      // The same beginning: all of what was typed, or enough of it.
      let common = zip(letters, other.letters).prefix { $0 == $1 }.count
      if (common == letters.count && common >= 3) || (common >= 4 && common * 2 >= letters.count) {
        return 20 + other.letters.count - common
      }
      // The same words: every word typed is one of the candidate's.
      if letters.count >= 2, Set(words).isSubset(of: Set(other.words)) {
        return 30 + other.words.count - words.count
      }
      return nil
    }
  }
}
