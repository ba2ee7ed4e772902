import GRDB

/// The catalog's audiences, and how user input names them.
///
/// Input names an audience by slug or name, in any case, singular or plural:
/// `blogger`, `Bloggers`, `small business owner`, `Small-Business-Owners`.
public struct AudienceVocabulary: Sendable {
  /// One audience as stored.
  public struct Audience: Equatable, Sendable {
    /// Its row id, which entries link to.
    public var id: Int64
    /// `small-business-owners`: what every format writes.
    public var slug: String
    /// `Small business owners`: what people read.
    public var name: String
  }

  /// Every audience, in the order they were added.
  public private(set) var audiences: [Audience]
  private var byKey: [String: Int]

  /// A vocabulary of `audiences`; the first wins a spelling two share.
  public init(_ audiences: [Audience]) {
    self.audiences = audiences
    var byKey: [String: Int] = [:]
    for (index, audience) in audiences.enumerated() {
      for key in Self.keys(audience.slug) + Self.keys(audience.name) where byKey[key] == nil {
        byKey[key] = index
      }
    }
    self.byKey = byKey
  }

  /// Loads the vocabulary of the catalog `db` is connected to.
  public static func load(_ db: Database) throws -> AudienceVocabulary {
    let rows = try Row.fetchAll(db, sql: "SELECT id, slug, name FROM audience ORDER BY id")
    return AudienceVocabulary(rows.map { Audience(id: $0["id"], slug: $0["slug"], name: $0["name"]) })
  }

  /// The audience `text` names, or nil.
  public func audience(named text: String) -> Audience? {
    // A slug as stored, the usual case in files, needs no folding.
    if let index = byKey[text] { return audiences[index] }
    for key in Self.keys(text) {
      if let index = byKey[key] { return audiences[index] }
    }
    return nil
  }

  /// The audience `text` names, or an error that suggests the closest one and
  /// lists the valid ones.
  public func resolve(_ text: String) throws(AudienceError) -> Audience {
    if let found = audience(named: text) { return found }
    throw AudienceError(message: unknownMessage(text))
  }

  /// "unknown audience 'bloger'; did you mean 'bloggers'? Valid audiences: …"
  public func unknownMessage(_ text: String) -> String {
    var message = "unknown audience '\(text)'"
    if let closest = closest(to: text) {
      message += "; did you mean '\(closest.slug)'? Valid audiences: "
    } else {
      message += "; valid audiences: "
    }
    message += audiences.map(\.slug).joined(separator: ", ")
    return message + " (`outpost audiences add SLUG --name NAME` adds one)"
  }

  /// The audience whose slug or name, singular or plural, is nearest to
  /// `text` by edit distance, when near enough to be a likely typo.
  public func closest(to text: String) -> Audience? {
    let typed = Self.canonical(text)
    guard !typed.isEmpty else { return nil }
    var best: (audience: Audience, distance: Int)?
    for audience in audiences {
      for key in Self.keys(audience.slug) + Self.keys(audience.name) {
        let distance = EditDistance.between(typed, key)
        if distance < best?.distance ?? Int.max { best = (audience, distance) }
      }
    }
    // A third of the letters may differ (at least 2, at most 4): "bloger" and
    // "writter" are typos of real audiences; "podcasters" is not a musician.
    guard let best, best.distance <= min(4, max(2, typed.count / 3)) else { return nil }
    return best.audience
  }

  /// Lower case, runs of spaces, `_` and `-` as one `-`.
  static func canonical(_ text: String) -> String {
    text.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" || $0 == "\t" })
      .joined(separator: "-")
  }

  /// The spellings a name is known by: as given, and singular/plural forms.
  static func keys(_ text: String) -> [String] {
    let base = canonical(text)
    guard !base.isEmpty else { return [] }
    var keys = [base]
    if base.hasSuffix("s") { keys.append(String(base.dropLast())) } else { keys.append(base + "s") }
    return keys
  }
}

/// An audience the catalog does not know.
public struct AudienceError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What went wrong and what to type instead.
  public var message: String
  public var description: String { message }
}

/// Levenshtein distance, for "did you mean" suggestions.
public enum EditDistance {
  /// The candidate nearest to `text`, when it is near enough to be a likely
  /// typo of it: at most a third of its letters differ (always 2 allowed).
  /// Suggesting something unrelated is worse than suggesting nothing.
  public static func nearest(to text: String, among candidates: [String]) -> String? {
    let limit = max(2, text.count / 3)
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where abs(candidate.count - text.count) <= limit {
      let distance = between(text, candidate)
      if distance <= limit, distance < best?.distance ?? Int.max { best = (candidate, distance) }
    }
    return best?.candidate
  }

  /// The number of single-character edits that turn `a` into `b`.
  public static func between(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = Swift.min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
