import Foundation
import GRDB

/// The running state of one import.
struct ImportState {
  let db: Database
  let options: ImportOptions
  let now: String
  let writer: EntryWriter
  /// Entries with a larger id were inserted by this import.
  let lastIDBefore: Int64
  var searchIndex: DeferredSearchIndex
  var summary = ImportSummary()
  var problems = ProblemList()
  /// Entries of the catalog this import updated or found unchanged, to tell
  /// an entry named twice in the file.
  var matchedIDs = Set<Int64>()
  /// Normalised URL hashes → entry id, to report likely duplicates: this
  /// input's URLs, and the catalog's when `rememberCatalogURLs` read them.
  var urlOwners: [UInt64: Int64] = [:]
  /// Whether `urlOwners` holds the catalog's URLs; if not, the URL index
  /// (migration 0005) answers for them, so that importing a few rows into a
  /// large catalog does not read all of its URLs.
  var catalogURLsRemembered = false
  /// Related links to make once every story of the input exists.
  var pendingRelated: [(storyID: Int64, slugs: [String], location: SourceLocation, replace: Bool)] = []
  /// When rows are refused rather than failing the import (`--rejects`):
  /// what refuses them, and what the item being written refused it for.
  var rejecting: Rejecting?

  init(db: Database, options: ImportOptions, now: String, vocabulary: AudienceVocabulary) throws {
    self.db = db
    self.options = options
    self.now = now
    self.writer = try EntryWriter(db, vocabulary: vocabulary, batchingLinks: true)
    self.lastIDBefore = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM entry") ?? 0
    self.searchIndex = try DeferredSearchIndex(db, lastIDBefore: lastIDBefore)
  }

  /// Reads every URL of the catalog into `urlOwners`: 8 bytes an entry.
  mutating func rememberCatalogURLs() throws {
    let rows = try Row.fetchCursor(
      db, sql: "SELECT id, url FROM entry WHERE url IS NOT NULL AND id <= ?", arguments: [lastIDBefore])
    while let row = try rows.next() {
      let url: String = row["url"]
      // The oldest owner of a URL, as the URL index answers (`URLKeyIndex`).
      let hash = Self.urlHash(url)
      if urlOwners[hash] == nil { urlOwners[hash] = row["id"] }
    }
    catalogURLsRemembered = true
  }

  /// The slug of an entry, other than `id`, whose URL is a likely duplicate
  /// of `url`; `lookedUp` when the URL index was just asked and had none.
  mutating func likelyDuplicate(of url: String, id: Int64, lookedUp: Bool = false) throws -> String? {
    let hash = Self.urlHash(url)
    if let owner = urlOwners[hash], owner != id {
      return try String.fetchOne(db, sql: "SELECT slug FROM entry WHERE id = ?", arguments: [owner]) ?? "?"
    }
    if !catalogURLsRemembered, !lookedUp,
      let owner = try URLKeyIndex.owners(of: url, in: db).first(where: { $0.id != id })
    {
      return owner.slug
    }
    urlOwners[hash] = id
    return nil
  }

  /// FNV-1a over the duplicate key: 8 bytes an entry instead of the URL text,
  /// so a million-row import keeps its memory flat.
  static func urlHash(_ url: String) -> UInt64 { URLCheck.duplicateKeyHash(url) }

  mutating func report(_ location: SourceLocation, _ message: String) {
    problems.append(InputProblem(location, message))
    rejecting?.rowProblems.append(InputProblem(location, message))
  }

  /// Writes an item `ItemPreparation` has prepared.
  mutating func write(_ item: ImportItem) throws {
    var item = item
    // With `--match url`, a row whose url the catalog holds is that entry,
    // whatever its slug: another curator's list has slugs of its own.
    let byURL = options.match == .url && item.role != .relatedStub && item.entry.url != nil
    if byURL, let url = item.entry.url, let owner = try urlOwner(of: url, preferring: item.entry.slug) {
      return try meet(owner, with: item, by: .url)
    }
    // Insert first and look only on a clash: clashes are rare, and a lookup
    // before every row would cost a query a row. An item lacking what a new
    // entry needs is looked up first: it can only be a patch.
    if !item.rulesDeferred, try insert(item, urlLookedUp: byURL) { return }
    guard !item.entry.slug.isEmpty, let existing = try existingEntry(item.entry.slug) else {
      return reportAsNew(item)
    }
    if existing.id > lastIDBefore || matchedIDs.contains(existing.id) {
      // The slug was written by this very input.
      if item.role == .relatedStub {
        summary.skipped += 1
        return
      }
      if item.slugGiven {
        return report(
          item.location, "slug '\(item.entry.slug)' appears twice in this input; give each entry its own slug")
      }
    } else if item.role != .entry || (!byURL && (item.slugGiven || sameThing(existing, item.entry))) {
      return try meet(existing, with: item)
    }
    if item.rulesDeferred { return reportAsNew(item) }
    // A namesake: the first free `-2`, `-3`, … unless one of them is this
    // same entry from an earlier import of the file.
    let base = item.entry.slug
    var n = 2
    while let other = try existingEntry("\(base)-\(n)") {
      if other.id <= lastIDBefore, !matchedIDs.contains(other.id), sameThing(other, item.entry) {
        item.entry.slug = "\(base)-\(n)"
        return try meet(other, with: item)
      }
      n += 1
    }
    item.entry.slug = "\(base)-\(n)"
    if byURL, item.slugGiven {
      // Matched by url, a given slug is a wish: the entry it names is another.
      summary.notices.append(
        "\(item.location): slug '\(base)' is taken by an entry of another url; imported as '\(item.entry.slug)'")
    }
    _ = try insert(item, urlLookedUp: byURL)
  }

  /// Reports why `item` cannot be a new entry, having found no entry it patches.
  mutating func reportAsNew(_ item: ImportItem) {
    for message in EntryRules.newEntryProblems(item.entry) { report(item.location, message) }
  }

  /// Inserts `item`; false when its slug is taken (nothing was written).
  /// `urlLookedUp`: its url was just looked for in vain (`--match url`), so
  /// the catalog holds no likely duplicate to look for again.
  mutating func insert(_ item: ImportItem, urlLookedUp: Bool = false) throws -> Bool {
    let id: Int64
    do {
      id = try writer.insert(item.entry, now: now)
    } catch let error as DatabaseError {
      if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE, error.message?.hasSuffix("entry.slug") == true {
        return false
      }
      // A broken rule is the row's problem; anything else (a full disk, an
      // I/O error) ends the import, whose transaction SQLite may have undone.
      guard error.resultCode == .SQLITE_CONSTRAINT else { throw error }
      try removePartialInsert()
      report(item.location, CatalogRuleWords.explain(error, slug: item.entry.slug))
      return true
    }
    summary.inserted += 1
    summary.insertedByKind[item.entry.kind, default: 0] += 1
    if let url = item.entry.url, let ownerSlug = try likelyDuplicate(of: url, id: id, lookedUp: urlLookedUp) {
      summary.notices.append(
        "\(item.location): \(url) is also the url of '\(ownerSlug)'; likely a duplicate, imported all the same")
    }
    if !item.entry.related.isEmpty {
      pendingRelated.append((id, item.entry.related, item.location, false))
    }
    return true
  }

  /// Makes the related links once every story of the input exists.
  mutating func linkRelated() throws {
    let find = try db.cachedStatement(sql: "SELECT id, kind FROM entry WHERE slug = ?")
    for pending in pendingRelated {
      if pending.replace {
        try db.execute(sql: "DELETE FROM related WHERE story_id = ?", arguments: [pending.storyID])
      }
      for slug in pending.slugs {
        guard let row = try Row.fetchOne(find, arguments: [slug]) else {
          report(pending.location, "related story '\(slug)' is neither in the catalog nor in this input")
          continue
        }
        guard row["kind"] == "story" else {
          report(pending.location, "related '\(slug)' is a tool; related links join stories only")
          continue
        }
        let relatedID: Int64 = row["id"]
        if relatedID == pending.storyID { continue }
        do {
          try writer.relate(pending.storyID, to: relatedID)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
          report(pending.location, CatalogRuleWords.explain(error, slug: slug))
        }
      }
    }
  }
}
