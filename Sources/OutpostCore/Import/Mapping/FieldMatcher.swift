/// Matches an input file's column or key names to entry fields.
///
/// Names are compared without regard to case, spaces, `-` or `_`. Common
/// synonyms from real datasets are recognised; `--map FIELD=COLUMN` names any
/// other. A column matched to nothing is reported, never silently dropped.
public struct FieldMatcher: Sendable {
  /// `--map` choices: field → the column that holds it.
  public var explicit: [EntryField: String]

  public init(explicit: [EntryField: String] = [:]) {
    self.explicit = explicit
  }

  /// Synonyms, most specific first. `description` means summary only when
  /// the file has no summary column; `matches` handles that.
  static let synonyms: [EntryField: [String]] = [
    .kind: ["kind", "type", "entrykind"],
    .slug: ["slug", "id", "handle"],
    .title: ["title", "name", "toolname", "tool", "headline", "productname", "appname", "名称"],
    .url: [
      "url", "website", "link", "homepage", "site", "websiteurl", "web", "homepageurl", "toolurl", "siteurl", "网址",
    ],
    .summary: ["summary", "tagline", "shortdescription", "oneliner", "excerpt"],
    .description: ["description", "details", "longdescription", "body", "text", "网站介绍"],
    .pricing: ["pricing", "price", "pricingmodel", "cost", "plan", "pricingtier"],
    .publishedAt: ["publishedat", "published", "publishedon", "date", "pubdate"],
    .audiences: ["audiences", "audience", "for", "targetaudience"],
    .tags: ["tags", "tag", "category", "categories", "keywords", "labels", "网站类别"],
    .related: ["related", "relatedstories"],
    .sources: ["sources"],
    .sourceCount: ["sourcecount"],
    .addedAt: ["addedat", "added", "createdat", "created"],
    .updatedAt: ["updatedat", "updated", "modifiedat"],
  ]

  /// The comparison form of a column name.
  static func key(_ name: String) -> String {
    String(
      name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "\u{FEFF}" }
        .map(Character.init))
  }

  /// Which field each of `columns` feeds, by index; nil for unused columns.
  /// Throws when a `--map` column is not in the file.
  public func matches(_ columns: [String]) throws(MappingError) -> [EntryField?] {
    var result = [EntryField?](repeating: nil, count: columns.count)
    var taken = Set<EntryField>()
    let keys = columns.map(Self.key)
    for (field, column) in explicit.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      guard let index = keys.firstIndex(of: Self.key(column)) else {
        throw MappingError(
          message: "--map \(field.rawValue)=\(column): the file has no column '\(column)'; its columns are "
            + columns.joined(separator: ", "))
      }
      result[index] = field
      taken.insert(field)
    }
    let hasSummary = keys.contains { (Self.synonyms[.summary] ?? []).contains($0) } || taken.contains(.summary)
    for (index, key) in keys.enumerated() where result[index] == nil {
      var field = EntryField.allCases.first { !taken.contains($0) && (Self.synonyms[$0] ?? []).contains(key) }
      // A lone "description" column is the one-line text of most tool lists.
      if field == .description, !hasSummary, !taken.contains(.summary) { field = .summary }
      if let field {
        result[index] = field
        taken.insert(field)
      }
    }
    return result
  }
}
