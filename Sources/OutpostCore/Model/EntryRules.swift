/// The rules that join an entry's fields, checked before anything is written
/// so the user reads them in domain words; the schema enforces them again.
public enum EntryRules {
  /// Every broken rule of `entry`, as messages; empty when it is valid.
  public static func problems(_ entry: Entry) -> [String] {
    var problems: [String] = []
    if entry.title.trimmedFast.isEmpty {
      problems.append(titleMissing)
    }
    if let reason = Slug.problem(with: entry.slug) { problems.append(reason) }
    switch entry.kind {
    case .tool:
      if entry.url == nil { problems.append(urlMissing) }
      if entry.publishedAt != nil { problems.append("published_at is for stories; a tool has none") }
      if !entry.sources.isEmpty { problems.append("sources are for stories; a tool has none") }
      if !entry.related.isEmpty { problems.append("related is for stories; a tool has none") }
      if entry.sourceCount != nil { problems.append("source_count is for stories; a tool has none") }
    case .story:
      if entry.pricing != nil { problems.append("pricing is for tools; a story has none") }
      if !entry.sources.isEmpty, let count = entry.sourceCount, count != entry.sources.count {
        problems.append("source_count \(count) differs from the \(entry.sources.count) sources given")
      }
      if entry.related.contains(entry.slug) { problems.append("a story cannot be related to itself") }
    }
    return problems
  }

  /// Whether `entry` lacks a field that an entry must have (a title; a url
  /// for a tool), which a row that patches an entry need not supply.
  public static func lacksRequired(_ entry: Entry) -> Bool {
    entry.title.trimmedFast.isEmpty || (entry.kind == .tool && entry.url == nil)
  }

  /// The problems of `entry` as a new entry read from a file: without a title
  /// only that, as the rest of the row means little until it has one.
  static func newEntryProblems(_ entry: Entry) -> [String] {
    entry.title.trimmedFast.isEmpty ? [titleMissing] : problems(entry)
  }

  static let titleMissing = "title is missing; every entry needs one"
  static let urlMissing = "url is missing; a tool needs one"

  /// Fills what the rules derive: a tool's unknown price, a story's count of sources.
  public static func completed(_ entry: Entry) -> Entry {
    var entry = entry
    if entry.kind == .tool, entry.pricing == nil { entry.pricing = .unknown }
    if entry.kind == .story, !entry.sources.isEmpty, entry.sourceCount == nil {
      entry.sourceCount = entry.sources.count
    }
    return entry
  }
}
