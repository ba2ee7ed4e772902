import GRDB

/// Keeps the search index out of an import's row loop, and brings it up to
/// date in a few statements at the import's end.
///
/// FTS5 writes its pending terms out as a new segment at every statement
/// that touches it, so indexing row by row costs five times what one
/// `INSERT … SELECT` does. The index's triggers are dropped and re-created
/// inside the import's own transaction: no other connection ever sees them
/// missing, and a failed or killed import rolls the drop back with everything
/// else.
///
/// The index is external-content (migration 0002): taking an entry's terms
/// out needs the text it was indexed with. So an entry that was in the
/// catalog before the import is taken out of the index (`willChange`) before
/// the import changes it, while its text is still what the index holds, and
/// put back, with its new text, at the end. Since migration 0003 that text
/// holds the entry's tags and audiences, whose link triggers are dropped too.
struct DeferredSearchIndex {
  /// Every trigger that writes to the index.
  static let triggers = [
    "entry_fts_insert", "entry_fts_update", "entry_fts_delete",
    "source_fts_insert", "source_fts_update", "source_fts_delete",
    "entry_tag_fts_insert", "entry_tag_fts_delete", "entry_audience_fts_insert", "entry_audience_fts_delete",
  ]

  /// Their exact SQL, to re-create them as the migrations made them.
  private let savedSQL: [String]
  private let lastIDBefore: Int64
  /// Entries of the catalog before the import, taken out of the index.
  private var changed = Set<Int64>()

  /// Drops the index's triggers; call `finish` before the transaction ends.
  init(_ db: Database, lastIDBefore: Int64) throws {
    let names = Self.triggers.map { "'\($0)'" }.joined(separator: ", ")
    savedSQL = try String.fetchAll(
      db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(names)) ORDER BY name")
    for name in Self.triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
    self.lastIDBefore = lastIDBefore
  }

  /// Takes entry `id` out of the index before the import changes its text
  /// or its sources; entries the import inserted are not in it yet.
  mutating func willChange(_ id: Int64, in db: Database) throws {
    guard id <= lastIDBefore, changed.insert(id).inserted else { return }
    try db.cachedStatement(sql: SearchIndex.deleteSQL(where: "id = ?")).execute(arguments: [id])
  }

  /// Indexes the entries inserted since `lastIDBefore` and those taken out
  /// by `willChange`, then restores the triggers.
  func finish(_ db: Database) throws {
    try db.execute(sql: SearchIndex.insertSQL(where: "id > ?"), arguments: [lastIDBefore])
    let reindex = try db.cachedStatement(sql: SearchIndex.insertSQL(where: "id = ?"))
    for id in changed.sorted() { try reindex.execute(arguments: [id]) }
    try restoreTriggers(db)
  }

  /// Re-creates the triggers alone, when the index was filled otherwise
  /// (`SearchIndexBeside`).
  func restoreTriggers(_ db: Database) throws {
    for sql in savedSQL { try db.execute(sql: sql) }
  }
}
