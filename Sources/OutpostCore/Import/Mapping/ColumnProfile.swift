/// What an input's columns fed, and a few values of those that fed nothing:
/// enough to say which `--map` would fill a required field that no column
/// gave (`title is missing` on every row of a file whose names are its own).
public struct ColumnProfile: Sendable {
  /// How many records lend their values to guess a column by its content.
  static let sampledRecords = 20
  /// How many unused columns the suggestion lists before "…".
  static let listed = 5

  /// The fields some column fed.
  var matched: Set<EntryField> = []
  /// The columns that fed nothing, in first-seen order.
  var unused: [String] = []
  /// Non-empty values of the unused columns, from the first records.
  var samples: [String: [String]] = [:]
  var recordsSampled = 0

  /// Keeps the values of `record` that fed no field, from its first records.
  mutating func sample(_ record: RawRecord, fields: [EntryField?]) {
    guard recordsSampled < Self.sampledRecords else { return }
    recordsSampled += 1
    for (index, field) in fields.enumerated() where field == nil {
      let (key, value) = record.fields[index]
      let text: String
      switch value {
      case .string(let string): text = string.trimmedFast
      case .number(let number): text = number
      default: continue
      }
      if !text.isEmpty { samples[key, default: []].append(text) }
    }
  }

  /// `tools.csv: no column maps to title; columns: tools_names, urls; try
  /// --map title=tools_names`, or nil when a column feeds `field` or no
  /// column is left to feed it.
  func fix(for field: EntryField, file: String) -> String? {
    guard !matched.contains(field), !unused.isEmpty else { return nil }
    let columns = unused.prefix(Self.listed).joined(separator: ", ") + (unused.count > Self.listed ? ", …" : "")
    let advice = likeliestColumn(for: field).map { "try --map \(field.rawValue)=\($0)" }
    return "\(file): no column maps to \(field.rawValue); columns: \(columns); "
      + (advice ?? "use --map \(field.rawValue)=COLUMN")
  }

  /// The unused column most likely to hold `field`.
  ///
  /// By name first, as a person would guess: a column whose name holds one
  /// of the field's names (`tools_names` holds `name`, `urls` holds `url`),
  /// or of at least three letters is held in one (`web` in `website`), the
  /// longest match winning, then the first column. Failing that, by content: for
  /// url, the column whose values are most often web addresses; for title,
  /// the first whose values are mostly short text that is neither a web
  /// address nor a number. Nil when nothing fits.
  func likeliestColumn(for field: EntryField) -> String? {
    let names = Set((FieldMatcher.synonyms[field] ?? []) + [FieldMatcher.key(field.rawValue)])
    var best: (column: String, score: Int)?
    for column in unused {
      let key = FieldMatcher.key(column)
      let score =
        names.map { name in
          key.contains(name) ? name.count : key.count >= 3 && name.contains(key) ? key.count : 0
        }.max() ?? 0
      if score > 0, score > best?.score ?? 0 { best = (column, score) }
    }
    if let best { return best.column }
    switch field {
    case .url:
      let scored = unused.map { column in (column, samples[column, default: []].filter(Self.looksLikeURL).count) }
      return scored.filter { $0.1 > 0 }.max { $0.1 < $1.1 }?.0
    case .title:
      return unused.first { column in
        let values = samples[column, default: []]
        let short = values.filter { $0.count <= 80 && !Self.looksLikeURL($0) && Double($0) == nil }
        return !values.isEmpty && short.count * 2 > values.count
      }
    default:
      return nil
    }
  }

  static func looksLikeURL(_ text: String) -> Bool {
    let lower = text.lowercased()
    return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")
  }
}
