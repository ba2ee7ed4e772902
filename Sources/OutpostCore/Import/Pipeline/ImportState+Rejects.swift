import GRDB

/// An import that refuses rows rather than failing (`--rejects`): each row
/// with a problem is written to the rejects file and leaves nothing in the
/// catalog; a problem that is not about one row still fails the import.
extension ImportState {
  /// What such an import keeps beyond an ordinary one's.
  struct Rejecting {
    let file: RejectsFile
    /// The problems found writing the item at hand.
    var rowProblems = ProblemList()
    /// Problems no row can be refused for (the input ends unreadable, a
    /// problem outside any record): any fails the import.
    var rowless = 0
    /// The records of the stories whose related links wait, by their index
    /// in `pendingRelated`.
    var relatedOriginals: [Int: OriginalRecord] = [:]
    /// Updates held until every row is written: see `holdsBack`.
    var heldBack: [ImportItem] = []
    /// Tags above this id were made by this import: those left with no
    /// entry once refused rows are taken out are removed again.
    let lastTagIDBefore: Int64
    var removedEntries = false

    init(file: RejectsFile, db: Database) throws {
      self.file = file
      lastTagIDBefore = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM tag") ?? 0
    }
  }

  /// Whether the import has failed: any problem, or with `--rejects` any
  /// problem that refused no row.
  var failed: Bool { rejecting.map { $0.rowless > 0 } ?? !problems.isEmpty }

  /// Writes `item`, or with `--rejects` refuses it when writing it found a
  /// problem.
  mutating func take(_ item: ImportItem) throws {
    guard rejecting != nil else { return try write(item) }
    if try holdsBack(item) { return rejecting!.heldBack.append(item) }
    try writeRefusing(item)
  }

  /// Writes `item`, refusing it when writing it found a problem.
  mutating func writeRefusing(_ item: ImportItem) throws {
    rejecting!.rowProblems = ProblemList()
    let pendingBefore = pendingRelated.count
    let problemsBefore = problems.total
    try write(item)
    let found = rejecting!.rowProblems
    if !found.isEmpty { return try refuse(item.original, for: found) }
    // A problem added to `problems` but not through `report` cannot refuse
    // the row it is about: it fails the import rather than pass unseen.
    rejecting!.rowless += problems.total - problemsBefore
    if let original = item.original {
      for index in pendingBefore..<pendingRelated.count { rejecting!.relatedOriginals[index] = original }
    }
  }

  /// Writes `original` to the rejects file, or counts its problems as
  /// failing the import when there is no record to write.
  mutating func refuse(_ original: OriginalRecord?, for found: ProblemList) throws {
    guard let file = rejecting?.file, let original else {
      rejecting?.rowless += found.total
      return
    }
    try file.refuse(original, for: found)
    summary.refused += 1
  }

  /// Takes out the entry row of an insert that failed after writing it, so
  /// that a refused row leaves nothing behind. Without `--rejects` the whole
  /// import is undone instead.
  mutating func removePartialInsert() throws {
    guard rejecting != nil, let id = writer.partialEntryID else { return }
    try writer.flushLinks()
    try db.execute(sql: "DELETE FROM entry WHERE id = ?", arguments: [id])
    rejecting!.removedEntries = true
  }

  /// Whether `item` is an update of a story whose related stories are not
  /// all in the catalog already. A row's related links are made at the end,
  /// once every story exists, and one that cannot be made refuses its row:
  /// an inserted story is then taken out again, but an update cannot be
  /// undone, so such an update waits for the end (`settleRelated`).
  mutating func holdsBack(_ item: ImportItem) throws -> Bool {
    guard options.onConflict == .update, !item.entry.related.isEmpty,
      let existing = try existingEntry(item.entry.slug), existing.id <= lastIDBefore
    else { return false }
    for slug in item.entry.related {
      guard let (id, kind) = try story(slug), id <= lastIDBefore, kind == .story else { return true }
    }
    return false
  }

  /// The id and kind of the entry `slug`.
  func story(_ slug: String) throws -> (Int64, EntryKind)? {
    let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, kind FROM entry WHERE slug = ?"), arguments: [slug])
    return row.map { ($0["id"], EntryKind(rawValue: $0["kind"]) ?? .tool) }
  }
}
