/// `--value FIELD:FROM=TO`: a file's own words for a value ("Visit Site",
/// "SMB") replaced before the value is checked, so that the file needs no
/// editing.
///
/// FROM matches without regard to case and surrounding spaces; in a list
/// field it matches each element. `*` as FROM stands for every value outside
/// a field's vocabulary, so only fields with one take it: kind, pricing (its
/// values and the aliases `Pricing` reads) and audiences (a value that names
/// no audience). An empty TO makes the value absent: a cell that changes
/// nothing, a list element dropped.
public struct ValueMap: Sendable {
  /// A `--value` that cannot be used, in words for the user.
  public struct Problem: Error, Equatable, Sendable {
    public var message: String
  }

  /// FROM, folded, → TO, by field.
  private var exact: [EntryField: [String: String]] = [:]
  /// The TO of `*`, by field.
  private var otherwise: [EntryField: String] = [:]

  public init() {}

  public var isEmpty: Bool { exact.isEmpty && otherwise.isEmpty }

  /// The fields whose values form a vocabulary: those `*` can be said of.
  public static let vocabularyFields: [EntryField] = [.kind, .pricing, .audiences]

  static let example = #"e.g. --value "pricing:Visit Site=unknown""#

  /// Adds the rule `text`, `FIELD:FROM=TO`. A TO that could never be valid
  /// is refused here, before any row is read; an audience TO needs the
  /// catalog, so the caller checks `targets(.audiences)`.
  public mutating func add(_ text: String) throws(Problem) {
    guard let colon = text.firstIndex(of: ":"), let equals = text[colon...].firstIndex(of: "=") else {
      throw Problem(message: "--value '\(text)' should be FIELD:FROM=TO, \(Self.example)")
    }
    let name = String(text[..<colon]).trimmedFast.lowercased()
    guard let field = EntryField(rawValue: name) else {
      throw Problem(
        message: "--value '\(text)': unknown field '\(name)'; fields are "
          + EntryField.allCases.filter { $0 != .sources }.map(\.rawValue).joined(separator: ", "))
    }
    guard field != .sources else {
      throw Problem(message: "--value '\(text)': sources are objects, not values; --value maps the other fields")
    }
    let from = String(text[text.index(after: colon)..<equals]).trimmedFast
    let to = String(text[text.index(after: equals)...]).trimmedFast
    guard !from.isEmpty else {
      throw Problem(message: "--value '\(text)' has no FROM; an empty cell already leaves a field as it is")
    }
    if let reason = Self.problem(with: to, for: field) { throw Problem(message: "--value '\(text)': \(reason)") }
    if from == "*" {
      guard Self.vocabularyFields.contains(field) else {
        throw Problem(
          message: "--value '\(text)': * stands for every value outside a vocabulary, and \(field.rawValue) has none;"
            + " only kind, pricing and audiences do. Name each value instead, \(Self.example)")
      }
      if let earlier = otherwise[field], earlier != to {
        throw Problem(message: "--value maps every other \(field.rawValue) twice, to '\(earlier)' and to '\(to)'")
      }
      otherwise[field] = to
      return
    }
    let key = from.lowercased()
    if let earlier = exact[field]?[key], earlier != to {
      throw Problem(message: "--value maps \(field.rawValue) '\(from)' twice, to '\(earlier)' and to '\(to)'")
    }
    exact[field, default: [:]][key] = to
  }

  /// Every TO given for `field`, but the empty ones.
  public func targets(_ field: EntryField) -> [String] {
    ((exact[field].map { Array($0.values) } ?? []) + (otherwise[field].map { [$0] } ?? [])).filter { !$0.isEmpty }
  }

  /// Whether any rule is about `field`: asked before a value is folded, so
  /// that an import without `--value` pays nothing.
  func maps(_ field: EntryField) -> Bool {
    if exact.isEmpty, otherwise.isEmpty { return false }
    return exact[field] != nil || otherwise[field] != nil
  }

  /// `value` (trimmed) of `field` after the rules: nil when it maps to nothing.
  func mapped(_ field: EntryField, _ value: String, vocabulary: AudienceVocabulary) -> String? {
    var result = value
    if let to = exact[field]?[value.lowercased()] {
      result = to
    } else if let to = otherwise[field], !Self.inVocabulary(value, field, vocabulary) {
      result = to
    }
    return result.isEmpty ? nil : result
  }

  private static func inVocabulary(_ value: String, _ field: EntryField, _ vocabulary: AudienceVocabulary) -> Bool {
    switch field {
    case .kind: EntryKind(rawValue: value.lowercased()) != nil
    case .pricing: Pricing(parsing: value) != nil
    case .audiences: vocabulary.audience(named: value) != nil
    default: true
    }
  }

  /// Why `to` can never be a value of `field`; nil when it can (or is empty).
  private static func problem(with to: String, for field: EntryField) -> String? {
    guard !to.isEmpty else { return nil }
    switch field {
    case .kind:
      return EntryKind(rawValue: to.lowercased()) == nil ? "kind '\(to)' is not 'tool' or 'story'" : nil
    case .pricing:
      return Pricing(parsing: to) == nil
        ? "pricing '\(to)' is not one of \(Pricing.allCases.map(\.rawValue).joined(separator: ", "))" : nil
    case .url:
      if case .failure(let failure) = URLCheck.validate(to) { return failure.message }
      return nil
    case .slug, .related:
      return Slug.problem(with: to)
    case .publishedAt, .addedAt, .updatedAt:
      return Timestamp.parse(to) == nil ? "\(field.rawValue) '\(to)' \(Timestamp.refusal(to))" : nil
    case .sourceCount:
      guard let count = Int(to), count >= 0 else { return "source_count '\(to)' is not a whole number of 0 or more" }
      return nil
    case .tags:
      return TagName.normalize(to) == nil ? "tag '\(to)' holds no tag" : nil
    case .title, .summary, .description, .audiences, .sources:
      return nil
    }
  }
}
