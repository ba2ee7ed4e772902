import Foundation

/// Reads the values of one record into an entry, collecting every problem.
struct RecordFieldReader {
  let record: RawRecord
  let vocabulary: AudienceVocabulary
  var entry = Entry(kind: .tool, slug: "", title: "")
  var fields = Set<EntryField>()
  var problems = ProblemList()

  init(record: RawRecord, vocabulary: AudienceVocabulary) {
    self.record = record
    self.vocabulary = vocabulary
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
      guard let list = list(value, field, index), !list.isEmpty else { return }
      fields.insert(field)
      readList(field, list, index)
    case .sources:
      readSources(value, index)
    case .sourceCount:
      guard let text = scalarText(value, field, index) else { return }
      guard let count = Int(text), count >= 0 else {
        return problem(field, index, "source_count '\(text)' is not a whole number of 0 or more")
      }
      entry.sourceCount = count
      fields.insert(field)
    default:
      guard let text = scalarText(value, field, index) else { return }
      fields.insert(field)
      readText(field, text, index)
    }
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
        return problem(
          field, index, "\(field.rawValue) '\(text)' is not a date like 2024-10-21, 2024-10-21T16:01:00Z or 21 Oct 2024"
        )
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

  /// Sources: a JSON array of objects, or (in CSV) that array as text.
  mutating func readSources(_ value: RawValue, _ index: Int) {
    var value = value
    if case .string(let text) = value {
      let trimmed = text.trimmedFast
      if trimmed.isEmpty { return }
      var reader = JSONRecordReader(bytes: Array(trimmed.utf8), fileName: "sources")
      do {
        value = try reader.singleValue()
      } catch {
        return problem(.sources, index, "sources is not a JSON array of sources: \(error.message)")
      }
    }
    guard case .array(let items) = value else {
      if case .null = value { return }
      return problem(.sources, index, "sources should be a list of objects, found \(value.typeName)")
    }
    fields.insert(.sources)
    var sources: [Source] = []
    for (position, item) in items.enumerated() {
      guard case .object(let pairs) = item else {
        problem(.sources, index, "sources[\(position)] should be an object, found \(item.typeName)")
        continue
      }
      if let source = readSource(pairs, position, index) { sources.append(source) }
    }
    let numbers = sources.map(\.n)
    if Set(numbers).count != numbers.count {
      problem(.sources, index, "sources number the same n twice; each source needs its own n")
    }
    entry.sources = sources.sorted { $0.n < $1.n }
  }

  mutating func readSource(_ pairs: [(key: String, value: RawValue)], _ position: Int, _ index: Int) -> Source? {
    var values: [String: String] = [:]
    for (key, value) in pairs {
      switch value {
      case .string(let text):
        let trimmed = text.trimmedFast
        if !trimmed.isEmpty { values[key.lowercased()] = trimmed }
      case .number(let text): values[key.lowercased()] = text
      case .null: break
      default:
        problem(.sources, index, "sources[\(position)].\(key) should be text, found \(value.typeName)")
      }
    }
    let known = Set(Source.fieldNames)
    for key in values.keys where !known.contains(key) {
      problem(
        .sources, index,
        "sources[\(position)] has an unknown field '\(key)'; fields are \(Source.fieldNames.joined(separator: ", "))")
    }
    guard let nText = values["n"], let n = Int(nText), n >= 1 else {
      problem(.sources, index, "sources[\(position)].n must be a whole number from 1")
      return nil
    }
    guard let title = values["title"] else {
      problem(.sources, index, "sources[\(position)].title is missing")
      return nil
    }
    var source = Source(n: n, title: title, publisher: values["publisher"], excerpt: values["excerpt"])
    if let url = values["url"] {
      switch URLCheck.validate(url) {
      case .success(let valid): source.url = valid
      case .failure(let failure): problem(.sources, index, "sources[\(position)]: \(failure.message)")
      }
    }
    if let date = values["published_at"] {
      if let stamp = Timestamp.parse(date) {
        source.publishedAt = stamp
      } else {
        problem(.sources, index, "sources[\(position)].published_at '\(date)' is not a date")
      }
    }
    return source
  }

  /// The entry, once the rules that join fields are checked.
  mutating func finish() -> Result<ImportItem, ProblemList> {
    if entry.title.isEmpty {
      problems.append(InputProblem(record.location, "title is missing; every entry needs one"))
    }
    return problems.isEmpty
      ? .success(ImportItem(entry: entry, fields: fields, location: record.location)) : .failure(problems)
  }
}
