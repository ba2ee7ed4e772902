import GRDB

/// `list`'s title order, read from the title index of migration 0007, which
/// keys each entry by its block of ids first (`id / 65536`) and then by
/// title: new entries then land in the newest block's part of the index
/// rather than all over it.
///
/// The catalog's title order is the blocks' orders merged. The query has one
/// arm a block, each asking for its block by the index's own expression so
/// that SQLite reads it in index order, and SQLite merges the arms
/// (`UNION ALL … ORDER BY`), reading each only as far as the page needs.
enum TitleBlocks {
  /// Ids a block; migration 0007 spells the same number.
  static let size: Int64 = 65_536

  /// The index's first key, as migration 0007 spells it.
  static let expression = "e.id / \(size)"

  /// More arms than this are read as one query sorted whole: SQLite takes at
  /// most 500 arms, and 200 blocks are 13 million ids.
  static let maxArms = 200

  /// The blocks from the smallest id's to the largest's; nil for a catalog
  /// without entries. Each end is its own subquery: SQLite reads a lone
  /// `min` or `max` from the end of the table's b-tree, but both in one
  /// SELECT read every row (0.1 s on a million entries).
  static func range(_ db: Database) throws -> ClosedRange<Int64>? {
    let row = try Row.fetchOne(db, sql: "SELECT (SELECT min(id) FROM entry), (SELECT max(id) FROM entry)")
    guard let row, let low = row[0] as Int64?, let high = row[1] as Int64? else { return nil }
    return (low / size)...(high / size)
  }

  /// The entries matching `conditions` (on the entry table as `e`) in title
  /// order, from `offset` and at most `limit` of them, with the columns
  /// `columns` selects (naming `slug` and `title` so); nil when the blocks are
  /// too many to merge.
  ///
  /// A page is merged from arms that read the index alone (id, slug and
  /// title), and only its own entries are read whole: every row an arm
  /// yields is computed in full, and the rows an offset skips are merged
  /// too, so `--offset 500000` computing whole entries took 4.7 s against
  /// 0.2 s. Without a limit the arms yield whole entries, already in order.
  static func query(
    columns: String, conditions: [String], arguments: [String], blocks: ClosedRange<Int64>, limit: Int?, offset: Int
  ) -> (sql: String, arguments: [String])? {
    guard blocks.count <= maxArms else { return nil }
    func arms(_ select: String) -> String {
      blocks.map { block in
        select + " WHERE " + (conditions + ["\(expression) = \(block)"]).joined(separator: " AND ")
      }
      .joined(separator: " UNION ALL ") + " ORDER BY title COLLATE NOCASE, slug"
    }
    let allArguments = Array(Array(repeating: arguments, count: blocks.count).joined())
    let pageClause = EntryCursor.pageClause(limit: limit, offset: offset)
    guard limit != nil else { return (arms(columns + " FROM entry e") + pageClause, allArguments) }
    let page = arms("SELECT e.id, e.slug, e.title FROM entry e") + pageClause
    // CROSS JOIN reads the page first; its entries are then sorted again,
    // a page's worth of rows.
    let sql = columns + " FROM (\(page)) o CROSS JOIN entry e ON e.id = o.id ORDER BY o.title COLLATE NOCASE, o.slug"
    return (sql, allArguments)
  }
}
