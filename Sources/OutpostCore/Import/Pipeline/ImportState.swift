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
  /// Entries this import updated, to tell a slug repeated in the file.
  var updatedIDs = Set<Int64>()
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
      urlOwners[Self.urlHash(url)] = row["id"]
    }
    catalogURLsRemembered = true
  }

  /// The slug of an entry, other than `id`, whose URL is a likely duplicate of `url`.
  mutating func likelyDuplicate(of url: String, id: Int64) throws -> String? {
    let hash = Self.urlHash(url)
    if let owner = urlOwners[hash], owner != id {
      return try String.fetchOne(db, sql: "SELECT slug FROM entry WHERE id = ?", arguments: [owner]) ?? "?"
    }
    if !catalogURLsRemembered, let owner = try URLKeyIndex.owners(of: url, in: db).first(where: { $0.id != id }) {
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
    let slugGiven = item.slugGiven
    // Insert first and look only on a clash: clashes are rare, and a lookup
    // before every row would cost a query a row.
    if try insert(item) { return }
    guard let existing = try existingEntry(item.entry.slug) else { return }
    if existing.id > lastIDBefore || updatedIDs.contains(existing.id) {
      // The slug was written by this very input.
      if item.role == .relatedStub {
        summary.skipped += 1
        return
      }
      if slugGiven {
        return report(
          item.location, "slug '\(item.entry.slug)' appears twice in this input; give each entry its own slug")
      }
    } else if slugGiven || item.role != .entry || sameThing(existing, item.entry) {
      return try meet(existing, with: item)
    }
    // A namesake: the first free `-2`, `-3`, … unless one of them is this
    // same entry from an earlier import of the file.
    let base = item.entry.slug
    var n = 2
    while let other = try existingEntry("\(base)-\(n)") {
      if other.id <= lastIDBefore, !updatedIDs.contains(other.id), sameThing(other, item.entry) {
        item.entry.slug = "\(base)-\(n)"
        return try meet(other, with: item)
      }
      n += 1
    }
    item.entry.slug = "\(base)-\(n)"
    _ = try insert(item)
  }

  /// An entry already in the catalog, with what decides how an input meets it.
  struct Existing {
    var id: Int64
    var kind: EntryKind
    var url: String?
    var title: String
    var isStub: Bool
  }

  func existingEntry(_ slug: String) throws -> Existing? {
    let statement = try db.cachedStatement(
      sql: """
        SELECT id, kind, url, title,
               description IS NULL AND NOT EXISTS (SELECT 1 FROM source WHERE entry_id = entry.id) AS stub
        FROM entry WHERE slug = ?
        """)
    guard let row = try Row.fetchOne(statement, arguments: [slug]) else { return nil }
    return Existing(
      id: row["id"], kind: EntryKind(rawValue: row["kind"]) ?? .tool, url: row["url"], title: row["title"],
      isStub: row["kind"] == "story" && row["stub"] == true)
  }

  /// Whether an entry with a derived slug is the existing one again (same
  /// URL, or a story of the same title), rather than a namesake.
  func sameThing(_ existing: Existing, _ entry: Entry) -> Bool {
    if let url = existing.url, let other = entry.url {
      return URLCheck.duplicateKey(url) == URLCheck.duplicateKey(other)
    }
    return existing.url == nil && entry.url == nil && existing.title == entry.title
  }

  /// An input entry whose slug exists already.
  mutating func meet(_ existing: Existing, with item: ImportItem) throws {
    switch item.role {
    case .relatedStub:
      summary.skipped += 1
      return
    case .fullStory where existing.isStub:
      summary.notices.append(
        "\(item.location): filled in story '\(item.entry.slug)', known until now from a related list")
      return try update(existing, with: item)
    default: break
    }
    switch options.onConflict {
    case .fail:
      report(item.location, "slug '\(item.entry.slug)' already exists; use --on-conflict skip or update")
    case .skip:
      summary.skipped += 1
    case .update:
      try update(existing, with: item)
    }
  }

  mutating func update(_ existing: Existing, with item: ImportItem) throws {
    // `--audience` and `--tag` add to what the entry has: `EntryWriter.update`
    // adds the item's lists and replaces them only when the input supplied them.
    let fields = item.fields
    do {
      try searchIndex.willChange(existing.id, in: db)
      try writer.update(existing.id, to: item.entry, fields: fields, now: now)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
      return report(item.location, CatalogRuleWords.explain(error, slug: item.entry.slug))
    }
    updatedIDs.insert(existing.id)
    summary.updated += 1
    if fields.contains(.related) {
      pendingRelated.append((existing.id, item.entry.related, item.location, true))
    }
  }

  /// Inserts `item`; false when its slug is taken (nothing was written).
  mutating func insert(_ item: ImportItem) throws -> Bool {
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
    if let url = item.entry.url, let ownerSlug = try likelyDuplicate(of: url, id: id) {
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
