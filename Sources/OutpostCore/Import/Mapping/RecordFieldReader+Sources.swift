extension RecordFieldReader {
  /// The names a source's fields go by in real feeds, compared as columns
  /// are (`FieldMatcher.key`): the entry's synonyms where they fit, and
  /// those of news feeds, where the publisher is the article's `source` or
  /// `site` (which for an entry would be its url).
  static let sourceSynonyms: [String: String] = {
    let names: [(field: String, synonyms: [String])] = [
      ("n", ["n", "number"]),
      ("title", ["title", "name", "headline"]),
      ("publisher", ["publisher", "source", "site", "sitename", "outlet", "publication"]),
      ("url", ["url", "link", "href"]),
      ("published_at", ["publishedat", "published", "publishedon", "date", "pubdate"]),
      ("excerpt", ["excerpt", "snippet", "summary", "description"]),
    ]
    var result: [String: String] = [:]
    for (field, synonyms) in names {
      for synonym in synonyms { result[synonym] = field }
    }
    return result
  }()

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

  /// One source. A source without `n` is numbered by its place in the list,
  /// from 1, as a feed's articles are cited in order.
  mutating func readSource(_ pairs: [(key: String, value: RawValue)], _ position: Int, _ index: Int) -> Source? {
    var values: [String: String] = [:]
    var keyOf: [String: String] = [:]
    for (key, value) in pairs {
      guard let field = Self.sourceSynonyms[FieldMatcher.key(key)] else {
        problem(
          .sources, index,
          "sources[\(position)] has an unknown field '\(key)'; fields are \(Source.fieldNames.joined(separator: ", "))"
            + " (or link, source, date, …)")
        continue
      }
      if let earlier = keyOf[field] {
        problem(.sources, index, "sources[\(position)]: '\(earlier)' and '\(key)' both give \(field); keep one")
        continue
      }
      keyOf[field] = key
      switch value {
      case .string(let text):
        let trimmed = text.trimmedFast
        if !trimmed.isEmpty { values[field] = trimmed }
      case .number(let text): values[field] = text
      case .null: break
      default:
        problem(.sources, index, "sources[\(position)].\(key) should be text, found \(value.typeName)")
      }
    }
    let n: Int
    if let nText = values["n"] {
      guard let given = Int(nText), given >= 1 else {
        problem(.sources, index, "sources[\(position)].n must be a whole number from 1")
        return nil
      }
      n = given
    } else {
      n = position + 1
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
        problem(.sources, index, "sources[\(position)].published_at '\(date)' \(Timestamp.refusal(date))")
      }
    }
    return source
  }
}
