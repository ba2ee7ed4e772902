import Foundation

/// Reads the values of one record into an entry, collecting every problem.
struct RecordFieldReader {
  let record: RawRecord
  let vocabulary: AudienceVocabulary
  /// `--value` rules, applied to each value before it is checked.
  let values: ValueMap
  /// Whether a url names the entry a record is (`--match url`), as a slug does.
  var urlIsKey = false
  var entry = Entry(kind: .tool, slug: "", title: "")
  var fields = Set<EntryField>()
  var problems = ProblemList()

  init(record: RawRecord, vocabulary: AudienceVocabulary, values: ValueMap = ValueMap()) {
    self.record = record
    self.vocabulary = vocabulary
    self.values = values
  }

  /// Where field `name`, at position `index` of the record, is in the file.
  func location(_ name: EntryField, _ index: Int) -> SourceLocation {
    var location = record.location
    if let path = location.path {
      location.path = "\(path).\(record.fields[index].key)"
    } else if let cells = record.cells, index < cells.count {
      location.line = cells[index].line
      location.column = cells[index].column
    }
    return location
  }

  mutating func problem(_ field: EntryField, _ index: Int, _ message: String) {
    problems.append(InputProblem(location(field, index), message))
  }

  /// Reads one field's value; an empty value counts as not supplied.
  mutating func read(_ field: EntryField, _ value: RawValue, at index: Int) {
    switch field {
    case .audiences, .tags, .related:
      guard var list = list(value, field, index) else { return }
      if values.maps(field) { list = list.compactMap { values.mapped(field, $0, vocabulary: vocabulary) } }
      guard !list.isEmpty else { return }
      fields.insert(field)
      readList(field, list, index)
    case .sources:
      readSources(value, index)
    case .sourceCount:
      guard let text = mappedText(value, field, index) else { return }
      guard let count = Int(text), count >= 0 else {
        return problem(field, index, "source_count '\(text)' is not a whole number of 0 or more")
      }
      entry.sourceCount = count
      fields.insert(field)
    default:
      guard let text = mappedText(value, field, index) else { return }
      fields.insert(field)
      readText(field, text, index)
    }
  }

  /// The trimmed text of a scalar after the `--value` rules, or nil when
  /// there is none.
  mutating func mappedText(_ value: RawValue, _ field: EntryField, _ index: Int) -> String? {
    guard let text = scalarText(value, field, index) else { return nil }
    return values.maps(field) ? values.mapped(field, text, vocabulary: vocabulary) : text
  }

  /// The trimmed text of a scalar, or nil when empty or null.
  mutating func scalarText(_ value: RawValue, _ field: EntryField, _ index: Int) -> String? {
    switch value {
    case .null: return nil
    case .string(let text):
      let trimmed = text.trimmedFast
      return trimmed.isEmpty ? nil : trimmed
    case .number(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    case .array, .object:
      problem(field, index, "\(field.rawValue) should be text, found \(value.typeName)")
      return nil
    }
  }

  mutating func readText(_ field: EntryField, _ text: String, _ index: Int) {
    switch field {
    case .kind:
      guard let kind = EntryKind(rawValue: text.lowercased()) else {
        return problem(field, index, "kind '\(text)' is not 'tool' or 'story'")
      }
      entry.kind = kind
    case .slug:
      if let reason = Slug.problem(with: text) { return problem(field, index, reason) }
      entry.slug = text
    case .title:
      entry.title = text
    case .url:
      switch URLCheck.validate(text) {
      case .success(let url): entry.url = url
      case .failure(let failure): problem(field, index, failure.message)
      }
    case .summary: entry.summary = text
    case .description: entry.description = text
    case .pricing:
      guard let pricing = Pricing(parsing: text) else {
        return problem(
          field, index,
          "pricing '\(text)' is not one of \(Pricing.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      entry.pricing = pricing
    case .publishedAt, .addedAt, .updatedAt:
      guard let stamp = Timestamp.parse(text) else {
        return problem(field, index, "\(field.rawValue) '\(text)' \(Timestamp.refusal(text))")
      }
      switch field {
      case .publishedAt: entry.publishedAt = stamp
      case .addedAt: entry.addedAt = stamp
      default: entry.updatedAt = stamp
      }
    default: break
    }
  }

  /// A list value: a JSON array of strings, or text split on `;` (or `,`
  /// when it holds no `;`).
  mutating func list(_ value: RawValue, _ field: EntryField, _ index: Int) -> [String]? {
    switch value {
    case .null: return nil
    case .string(let text): return Self.split(text)
    case .array(let items):
      var result: [String] = []
      for item in items {
        guard case .string(let text) = item else {
          problem(field, index, "\(field.rawValue) should list text, found \(item.typeName)")
          return nil
        }
        let trimmed = text.trimmedFast
        if !trimmed.isEmpty { result.append(trimmed) }
      }
      return result
    default:
      problem(field, index, "\(field.rawValue) should be a list, found \(value.typeName)")
      return nil
    }
  }

  static func split(_ text: String) -> [String] {
    // On bytes, not Characters: splitting a String finds grapheme boundaries,
    // which imports would pay for on every list of every row. Both separators
    // are ASCII, so every piece is valid UTF-8.
    let bytes = text.utf8
    let separator = bytes.contains(UInt8(ascii: ";")) ? UInt8(ascii: ";") : UInt8(ascii: ",")
    return bytes.split(separator: separator).compactMap {
      let item = String(decoding: $0, as: UTF8.self).trimmedFast
      return item.isEmpty ? nil : item
    }
  }

  mutating func readList(_ field: EntryField, _ list: [String], _ index: Int) {
    switch field {
    case .audiences:
      var slugs: [String] = []
      for name in list {
        guard let audience = vocabulary.audience(named: name) else {
          problem(field, index, vocabulary.unknownMessage(name))
          continue
        }
        if !slugs.contains(audience.slug) { slugs.append(audience.slug) }
      }
      entry.audiences = slugs.sorted()
    case .tags:
      entry.tags = Array(Set(list.compactMap(TagName.normalize))).sorted()
    case .related:
      for slug in list {
        if let reason = Slug.problem(with: slug) { problem(field, index, "related: \(reason)") }
      }
      entry.related = Array(Set(list)).sorted()
    default: break
    }
  }

  /// The entry, once the rules that join fields are checked.
  ///
  /// Without a `kind` field, a record with sources, a published_at or a
  /// source_count is a story and any other a tool: no tool has those.
  mutating func finish() -> Result<ImportItem, ProblemList> {
    if !fields.contains(.kind), !entry.sources.isEmpty || entry.publishedAt != nil || entry.sourceCount != nil {
      entry.kind = .story
    }
    // A missing title is `ItemPreparation`'s to report, as only a new entry
    // needs one; a record refused here never gets there, so it is said now,
    // unless the record names an entry that may exist.
    if entry.title.isEmpty, !problems.isEmpty, !fields.contains(.slug), !(urlIsKey && entry.url != nil) {
      problems.append(InputProblem(record.location, EntryRules.titleMissing))
    }
    return problems.isEmpty
      ? .success(ImportItem(entry: entry, fields: fields, location: record.location)) : .failure(problems)
  }
}
