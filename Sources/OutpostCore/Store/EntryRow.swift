import GRDB

/// An `entry` row's identity, for GRDB's query interface: curation and
/// stats name columns the compiler checks rather than SQL strings read back
/// with `row["kind"]`. The bulk path (`EntryWriter`, `RawBinding`) and the
/// list and search queries keep their SQL, which is where the speed is.
struct EntryRow: Decodable, FetchableRecord, TableRecord {
  static let databaseTableName = "entry"
  static var databaseSelection: [any SQLSelectable] { [Columns.id, Columns.slug, Columns.kind] }

  var id: Int64
  var slug: String
  var kind: String

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let slug = Column(CodingKeys.slug)
    static let kind = Column(CodingKeys.kind)
    static let url = Column("url")
  }
}

extension DerivableRequest where RowDecoder == EntryRow {
  /// The entry whose slug is `slug`.
  func slug(_ slug: String) -> Self { filter(EntryRow.Columns.slug == slug) }
}
