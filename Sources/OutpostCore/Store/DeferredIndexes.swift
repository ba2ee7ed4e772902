import GRDB

/// Drops the secondary indexes of the entry and link tables for a bulk load,
/// and builds them again, from the exact SQL that made them, at its end.
///
/// Inserting 100 000 rows into an index one by one costs more than building
/// the index once from sorted rows, which is what `CREATE INDEX` does: for
/// the benchmark's import, a quarter of SQLite's time. The indexes are
/// dropped and re-created inside the import's own transaction, like the
/// search triggers of `DeferredSearchIndex`, so no other connection ever sees
/// them missing and a failed or killed import rolls the drop back.
///
/// Rebuilding means reading every row of the tables, so it pays only when the
/// import is large next to the catalog; `worthwhile` decides.
struct DeferredIndexes {
  /// The tables whose indexes an import writes row after row.
  static let tables = ["entry", "entry_tag", "entry_audience"]

  /// Below this many entries a rebuild costs a few milliseconds at most.
  static let smallCatalog: Int64 = 10_000
  /// A rough size of one input record, to guess the rows of an input from its bytes.
  static let bytesPerRecord = 512

  /// The dropped indexes' exact SQL.
  private let savedSQL: [String]

  /// Whether an import of `inputBytes` (nil when unknown, as for standard
  /// input) into a catalog whose largest entry id is `lastID` should defer
  /// the indexes: the catalog is small, or the input likely holds at least as
  /// many rows as the catalog.
  static func worthwhile(lastID: Int64, inputBytes: Int?) -> Bool {
    if lastID < smallCatalog { return true }
    guard let inputBytes else { return false }
    return Int64(inputBytes / bytesPerRecord) >= lastID
  }

  /// Drops the indexes; call `finish` before the transaction ends. Unique
  /// indexes stay: the importer relies on them to find slug clashes.
  init(_ db: Database) throws {
    let tables = Self.tables.map { "'\($0)'" }.joined(separator: ", ")
    // `pragma_index_list` says which indexes are unique and which were
    // written by hand (origin 'c'), rather than guessing from their SQL.
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT m.name, m.sql FROM sqlite_master m
        JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
        WHERE m.type = 'index' AND m.tbl_name IN (\(tables)) AND l."unique" = 0 AND l.origin = 'c'
        ORDER BY m.name
        """)
    savedSQL = rows.map { $0["sql"] }
    for row in rows {
      let name: String = row["name"]
      try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
    }
  }

  /// Builds the dropped indexes again.
  func finish(_ db: Database) throws {
    for sql in savedSQL { try db.execute(sql: sql) }
  }
}
