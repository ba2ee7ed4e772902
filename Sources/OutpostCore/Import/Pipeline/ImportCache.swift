import GRDB

/// The page cache and temporary storage of one import, chosen before its
/// transaction begins (SQLite decides where a transaction's statement
/// journals go when it begins).
enum ImportCache {
  /// A bulk load into a small catalog, or one at least as large as the
  /// catalog: the secondary indexes are rebuilt at the end
  /// (`DeferredIndexes`). A 16 MiB cache keeps memory flat however large the
  /// input, and temporary files stay files, because rebuilding an index of
  /// a million rows sorts more than the cache holds, and in memory that sort
  /// alone would take 80 MiB.
  case bulk
  /// A small input into a large catalog, written into its indexes row by
  /// row. New rows can land all over them: 10 000 new titles changed 11 000
  /// leaf pages of a million-entry title index before migration 0007 keyed it
  /// by block of ids, and new slugs and URLs still land anywhere in theirs.
  /// In a 16 MiB cache those pages spill to the WAL and are read back again
  /// and again (101 000 page writes for 17 000 pages changed), and each batch
  /// of links copies the pages it changes into a statement journal on disk
  /// (29 000 more writes). A 96 MiB cache writes each page once, and the
  /// statement journals stay in memory: they hold one statement's pages at a
  /// time.
  case intoLargeCatalog

  /// The page cache of `intoLargeCatalog`, in KiB; with the rest of the
  /// import it stays under the 150 MiB of a million-row import.
  static let largeCatalogCacheKiB = 96 * 1024

  /// The choice for an input of `inputBytes` (nil when unknown) into the
  /// catalog as it is now. Another import may commit before this one begins;
  /// the choice then costs speed, never correctness.
  static func choose(_ db: Database, inputBytes: Int?) throws -> ImportCache {
    let lastID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM entry") ?? 0
    return DeferredIndexes.worthwhile(lastID: lastID, inputBytes: inputBytes) ? .bulk : .intoLargeCatalog
  }

  var pragmas: String {
    switch self {
    case .bulk: "PRAGMA cache_size = -16384; PRAGMA temp_store = FILE"
    case .intoLargeCatalog:
      "PRAGMA cache_size = -\(Self.largeCatalogCacheKiB); PRAGMA temp_store = MEMORY"
    }
  }
}
