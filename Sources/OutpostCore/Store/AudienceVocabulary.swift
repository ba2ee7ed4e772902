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
    if let question = DidYouMean.question(suggestions(for: text).map(\.slug)) {
      message += "; \(question) Valid audiences: "
    } else {
      message += "; valid audiences: "
    }
    message += audiences.map(\.slug).joined(separator: ", ")
    return message + " (`outpost audiences add SLUG --name NAME` adds one)"
  }

  /// The audiences `text` most likely means, by `DidYouMean`'s rule over
  /// their slugs and names, singular and plural: `marketting` → marketers,
  /// `small business` → small-business-owners.
  public func suggestions(for text: String) -> [Audience] {
    var owners: [String: Int] = [:]
    var keys: [String] = []
    for (index, audience) in audiences.enumerated() {
      for key in Self.keys(audience.slug) + Self.keys(audience.name) where owners[key] == nil {
        owners[key] = index
        keys.append(key)
      }
    }
    var found: [Audience] = []
    for key in DidYouMean.suggestions(for: text, among: keys, limit: keys.count) {
      let audience = audiences[owners[key]!]
      if !found.contains(audience) { found.append(audience) }
    }
    return Array(found.prefix(DidYouMean.limit))
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
