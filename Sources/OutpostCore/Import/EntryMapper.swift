import Foundation

/// An entry read from one input record, with the fields the input supplied.
public struct ImportItem: Sendable {
  public var entry: Entry
  /// Fields the input gave a value for: what `--on-conflict update` changes.
  public var fields: Set<EntryField>
  public var location: SourceLocation
  /// How the item meets an existing entry of the same slug.
  public var role: Role = .entry
  /// Set by `ItemPreparation`, which may run on another thread than the importer.
  var isPrepared = false
  /// Whether the input named the slug, rather than leaving it to be derived from the title.
  var slugGiven = false

  public enum Role: Sendable {
    /// An ordinary entry: `--on-conflict` decides.
    case entry
    /// A story known only from another page's related list: an existing
    /// entry of that slug is left alone and linked to.
    case relatedStub
    /// A story page: it fills in a stub of the same slug, else `--on-conflict` decides.
    case fullStory
  }

  public init(entry: Entry, fields: Set<EntryField>, location: SourceLocation, role: Role = .entry) {
    self.entry = entry
    self.fields = fields
    self.location = location
    self.role = role
  }
}

/// Reads records (CSV rows, JSON objects) as entries, validating every value.
///
/// Every problem of a record is reported, located at its cell for CSV or
/// its `[index].field` for JSON; the importer writes nothing if any exist.
struct EntryMapper {
  var matcher: FieldMatcher
  var vocabulary: AudienceVocabulary
  /// Columns seen that feed no field, in first-seen order.
  private(set) var unusedColumns: [String] = []
  private var unusedSeen = Set<String>()
  private var cachedKeys: [String] = []
  private var cachedFields: [EntryField?] = []
  /// Keys that repeat an earlier key of the same record: the position of
  /// each, and of the key it repeats.
  private var cachedRepeats: [(index: Int, first: Int)] = []

  init(matcher: FieldMatcher, vocabulary: AudienceVocabulary) {
    self.matcher = matcher
    self.vocabulary = vocabulary
  }

  /// The entry in `record`, or every problem found in it.
  mutating func item(from record: RawRecord) throws(MappingError) -> Result<ImportItem, ProblemList> {
    let keys = record.fields.map(\.key)
    if keys != cachedKeys {
      cachedFields = try matcher.matches(keys)
      cachedKeys = keys
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
    var reader = RecordFieldReader(record: record, vocabulary: vocabulary)
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

/// A bounded list of problems: the first ones kept, the rest counted.
public struct ProblemList: Error, Sendable {
  public static let shown = 20
  public private(set) var problems: [InputProblem] = []
  public private(set) var total = 0

  public init() {}

  public mutating func append(_ problem: InputProblem) {
    total += 1
    if problems.count < Self.shown { problems.append(problem) }
  }

  public mutating func append(contentsOf other: ProblemList) {
    for problem in other.problems { append(problem) }
    total += other.total - other.problems.count
  }

  public var isEmpty: Bool { total == 0 }

  /// The lines to print: up to 20 problems, then "… and N more".
  public var lines: [String] {
    problems.map(\.description) + (total > problems.count ? ["… and \(total - problems.count) more"] : [])
  }
}
