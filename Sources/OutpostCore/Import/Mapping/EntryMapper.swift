import Foundation

/// Reads records (CSV rows, JSON objects) as entries, validating every value.
///
/// Every problem of a record is reported, located at its cell for CSV or
/// its `[index].field` for JSON; the importer writes nothing if any exist.
struct EntryMapper {
  var matcher: FieldMatcher
  var vocabulary: AudienceVocabulary
  /// `--value` rules.
  var values = ValueMap()
  /// Whether a url names the entry a record is (`--match url`).
  var urlIsKey = false
  /// Columns seen that feed no field, in first-seen order.
  private(set) var unusedColumns: [String] = []
  private var unusedSeen = Set<String>()
  private var cachedKeys: [String] = []
  private var cachedFields: [EntryField?] = []
  /// Keys that repeat an earlier key of the same record: the position of
  /// each, and of the key it repeats.
  private var cachedRepeats: [(index: Int, first: Int)] = []
  /// What the columns fed, for the `--map` that would fill a missing field.
  private var profile = ColumnProfile()

  init(matcher: FieldMatcher, vocabulary: AudienceVocabulary) {
    self.matcher = matcher
    self.vocabulary = vocabulary
  }

  /// What the columns fed, once read.
  var columnProfile: ColumnProfile {
    var result = profile
    result.unused = unusedColumns
    return result
  }

  /// The entry in `record`, or every problem found in it.
  mutating func item(from record: RawRecord) throws(MappingError) -> Result<ImportItem, ProblemList> {
    let keys = record.fields.map(\.key)
    if keys != cachedKeys {
      cachedFields = try matcher.matches(keys)
      cachedKeys = keys
      profile.matched.formUnion(cachedFields.compactMap { $0 })
      // Linear in the keys: an object of 100 000 keys must not take hours.
      var firstOf: [String: Int] = [:]
      cachedRepeats = []
      var repeated = Set<Int>()
      for (index, key) in keys.enumerated() {
        let normal = FieldMatcher.key(key)
        if let first = firstOf[normal] {
          cachedRepeats.append((index, first))
          repeated.insert(index)
        } else {
          firstOf[normal] = index
        }
      }
      for (index, (key, field)) in zip(keys, cachedFields).enumerated()
      where field == nil && !repeated.contains(index) && unusedSeen.insert(key).inserted {
        unusedColumns.append(key)
      }
    }
    if profile.recordsSampled < ColumnProfile.sampledRecords { profile.sample(record, fields: cachedFields) }
    var reader = RecordFieldReader(record: record, vocabulary: vocabulary, values: values)
    reader.urlIsKey = urlIsKey
    // A JSON object may repeat a key; which value was meant is the user's call.
    for (index, firstIndex) in cachedRepeats {
      let first = keys[firstIndex]
      let message =
        first == keys[index]
        ? "key '\(first)' appears twice in this object; keep one"
        : "key '\(keys[index])' is the same as '\(first)' (names match without regard to case, spaces, - and _); keep one"
      reader.problems.append(InputProblem(reader.location(.title, index), message))
    }
    for (index, field) in cachedFields.enumerated() {
      guard let field else { continue }
      reader.read(field, record.fields[index].value, at: index)
    }
    return reader.finish()
  }
}
