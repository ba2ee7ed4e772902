import Foundation
import GRDB

/// What `add` and `edit` change, with each value already validated.
public struct EntryChanges: Sendable {
  public var title: String?
  /// An empty string clears the URL (stories only: a tool needs one).
  public var url: String?
  /// An empty string clears the summary.
  public var summary: String?
  /// An empty string clears the description.
  public var description: String?
  public var pricing: Pricing?
  public var publishedAt: String?

  public init() {}

  public var isEmpty: Bool {
    title == nil && url == nil && summary == nil && description == nil && pricing == nil && publishedAt == nil
  }
}

extension Catalog {
  /// Adds one entry; a missing slug is derived from the title and made
  /// unique. Returns the entry as stored.
  @discardableResult
  public func add(_ entry: Entry) throws -> Entry {
    try write { db in
      var entry = EntryRules.completed(entry)
      let slugGiven = !entry.slug.isEmpty
      if !slugGiven { entry.slug = Slug.derive(from: entry.title) }
      let problems = EntryRules.problems(entry)
      if let first = problems.first { throw CatalogError(first) }
      let taken = try db.cachedStatement(sql: "SELECT 1 FROM entry WHERE slug = ?")
      if slugGiven {
        if try Bool.fetchOne(taken, arguments: [entry.slug]) == true {
          throw CatalogError("slug '\(entry.slug)' already exists; choose another with --slug")
        }
      } else {
        entry.slug = try Slug.unique(entry.slug) { try Bool.fetchOne(taken, arguments: [$0]) == true }
      }
      let writer = try EntryWriter(db)
      let now = Timestamp.now()
      entry.addedAt = now
      entry.updatedAt = now
      let id: Int64
      do {
        id = try writer.insert(entry, now: now)
      } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
        throw CatalogError(CatalogRuleWords.explain(error, slug: entry.slug))
      }
      for slug in entry.related {
        guard let other = try EntryRow.all().slug(slug).fetchOne(db)
        else { throw CatalogError("related " + (try unknownSlug(db, slug)).message) }
        guard other.kind == EntryKind.story.rawValue else {
          throw CatalogError("'\(slug)' is a tool; related links join stories")
        }
        try writer.relate(id, to: other.id)
      }
      return try EntryCursor.entry(db, slug: entry.slug)!
    }
  }

  /// Changes the given fields of entry `slug`; returns it as stored.
  @discardableResult
  public func edit(_ slug: String, _ changes: EntryChanges) throws -> Entry {
    try write { db in
      var entry = try existing(db, slug)
      if let title = changes.title { entry.title = title }
      // An empty URL clears a story's; a tool's is required, which the rules say.
      if let url = changes.url { entry.url = url.isEmpty ? nil : url }
      if let summary = changes.summary { entry.summary = summary.isEmpty ? nil : summary }
      if let description = changes.description { entry.description = description.isEmpty ? nil : description }
      if let pricing = changes.pricing { entry.pricing = pricing }
      if let publishedAt = changes.publishedAt { entry.publishedAt = publishedAt }
      if let first = EntryRules.problems(entry).first { throw CatalogError(first) }
      var fields: Set<EntryField> = []
      if changes.title != nil { fields.insert(.title) }
      if changes.url != nil { fields.insert(.url) }
      if changes.summary != nil { fields.insert(.summary) }
      if changes.description != nil { fields.insert(.description) }
      if changes.pricing != nil { fields.insert(.pricing) }
      if changes.publishedAt != nil { fields.insert(.publishedAt) }
      let id = try EntryRow.all().slug(slug).fetchOne(db)!.id
      do {
        try EntryWriter(db).update(id, to: entry, fields: fields, now: Timestamp.now())
      } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
        throw CatalogError(CatalogRuleWords.explain(error, slug: slug))
      }
      return try EntryCursor.entry(db, slug: slug)!
    }
  }

  /// Removes the entries `slugs`, all or none. Returns how many went.
  @discardableResult
  public func remove(_ slugs: [String]) throws -> Int {
    try write { db in
      for slug in slugs { _ = try existing(db, slug) }
      for slug in slugs { try EntryRow.all().slug(slug).deleteAll(db) }
      // Tags used by nothing any more would linger in `outpost tags`.
      try db.execute(sql: "DELETE FROM tag WHERE id NOT IN (SELECT tag_id FROM entry_tag)")
      return Set(slugs).count
    }
  }

  /// The entry `slug`, or an error naming the nearest existing slug.
  func existing(_ db: Database, _ slug: String) throws -> Entry {
    if let entry = try EntryCursor.entry(db, slug: slug) { return entry }
    throw try unknownSlug(db, slug)
  }

  /// "no entry 'chatgtp'; did you mean 'chatgpt'?": a slug cut short in a
  /// table (`bytedance-the-parent-c…`, `bytedance-tik…-around-20`) is
  /// completed, a typo corrected.
  func unknownSlug(_ db: Database, _ slug: String) throws -> CatalogError {
    let cut = slug.split(separator: "…", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let (head, tail) = (cut[0], cut.count > 1 ? cut[1] : "")
    // The slug index answers a prefix as a range: '~' sorts after [a-z0-9-].
    let completions =
      head.count < 3
      ? []
      : try String.fetchAll(
        db, sql: "SELECT slug FROM entry WHERE slug > ? AND slug < ? ORDER BY slug LIMIT 1000",
        arguments: [head, head + "~"]
      ).filter { $0.hasSuffix(tail) && $0.count >= head.count + tail.count }
    if completions.count == 1 { return CatalogError("no entry '\(slug)'; did you mean '\(completions[0])'?") }
    if completions.count > 1 {
      let shown = completions.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
      return CatalogError("no entry '\(slug)'; did you mean one of \(shown)\(completions.count > 5 ? ", …" : "")?")
    }
    let typed = head + tail
    // Edit distance over every slug is linear; a huge catalog is sampled.
    let candidates = try String.fetchAll(db, sql: "SELECT slug FROM entry LIMIT 20000")
    if let question = DidYouMean.question(DidYouMean.suggestions(for: typed, among: candidates)) {
      return CatalogError("no entry '\(slug)'; \(question)")
    }
    return CatalogError("no entry '\(slug)'; `outpost list` shows the slugs")
  }

  /// Slugs of the entries whose URL is `url` give or take the scheme, a
  /// `www.` and a trailing `/`: likely duplicates, worth a warning.
  public func slugs(withURLLike url: String) throws -> [String] {
    try read { db in try URLKeyIndex.owners(of: url, in: db).map(\.slug).sorted() }
  }

  /// The entry `slug`, or an error naming the nearest existing slug.
  public func requireEntry(_ slug: String) throws -> Entry {
    try read { db in try existing(db, slug) }
  }
}
