import GRDB

/// The catalog's audiences, and how user input names them.
///
/// Input names an audience by slug or name, in any case, singular or plural:
/// `blogger`, `Bloggers`, `small business owner`, `Small-Business-Owners`.
public struct AudienceVocabulary: Sendable {
  public struct Audience: Equatable, Sendable {
    public var id: Int64
    public var slug: String
    public var name: String
  }

  public private(set) var audiences: [Audience]
  private var byKey: [String: Int]

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

  /// "unknown audience 'bloger'; did you mean 'bloggers'? Valid: …"
  public func unknownMessage(_ text: String) -> String {
    let typed = Self.canonical(text)
    let closest = audiences.min {
      EditDistance.between(typed, Self.canonical($0.slug)) < EditDistance.between(typed, Self.canonical($1.slug))
    }
    var message = "unknown audience '\(text)'"
    if let closest, EditDistance.between(typed, Self.canonical(closest.slug)) <= max(3, typed.count / 2) {
      message += "; did you mean '\(closest.slug)'?"
    }
    return message + " Valid audiences: " + audiences.map(\.slug).joined(separator: ", ")
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
  public var message: String
  public var description: String { message }
}

/// Levenshtein distance, for "did you mean" suggestions.
public enum EditDistance {
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
