import GRDB

/// Builds the search index of an import's new entries in one statement at
/// its end, instead of one trigger call a row.
///
/// FTS5 writes its pending terms out as a new segment at every statement
/// that touches it, so indexing row by row costs five times what one
/// `INSERT … SELECT` does. The triggers are dropped and re-created inside the
/// import's own transaction: no other connection ever sees them missing, and
/// a failed or killed import rolls the drop back with everything else.
struct DeferredSearchIndex {
  /// The triggers that index new entries and new sources.
  static let triggers = ["entry_fts_insert", "source_fts_insert"]

  /// Their exact SQL, to re-create them as the migrations made them.
  private let savedSQL: [String]
  private let lastIDBefore: Int64

  /// Drops the indexing triggers; call `finish` before the transaction ends.
  init(_ db: Database, lastIDBefore: Int64) throws {
    let names = Self.triggers.map { "'\($0)'" }.joined(separator: ", ")
    savedSQL = try String.fetchAll(
      db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(names)) ORDER BY name")
    for name in Self.triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
    self.lastIDBefore = lastIDBefore
  }

  /// Indexes the entries inserted since `lastIDBefore`, refreshes the sources
  /// text of `updated` entries, and restores the triggers.
  func finish(_ db: Database, updated: Set<Int64>) throws {
    try db.execute(
      sql: """
        INSERT INTO entry_fts (rowid, title, summary, description, sources)
        SELECT e.id, e.title, e.summary, e.description,
               (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
                FROM (SELECT title, excerpt FROM source WHERE entry_id = e.id ORDER BY n))
        FROM entry e WHERE e.id > ?
        """, arguments: [lastIDBefore])
    let refresh = try db.cachedStatement(
      sql: """
        UPDATE entry_fts SET sources = (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
                                        FROM (SELECT title, excerpt FROM source WHERE entry_id = ? ORDER BY n))
        WHERE rowid = ?
        """)
    for id in updated where id <= lastIDBefore { try refresh.execute(arguments: [id, id]) }
    for sql in savedSQL { try db.execute(sql: sql) }
  }
}
