import Foundation
import GRDB

/// What `add` and `edit` change, with each value already validated.
public struct EntryChanges: Sendable {
  public var title: String?
  public var url: String?
  public var summary: String?
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
        guard let other = try Row.fetchOne(db, sql: "SELECT id, kind FROM entry WHERE slug = ?", arguments: [slug])
        else { throw CatalogError("related story '\(slug)' is not in the catalog") }
        guard other["kind"] == "story" else { throw CatalogError("'\(slug)' is a tool; related links join stories") }
        try writer.relate(id, to: other["id"])
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
      if let url = changes.url { entry.url = url }
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
      let id = try Int64.fetchOne(db, sql: "SELECT id FROM entry WHERE slug = ?", arguments: [slug])!
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
      for slug in slugs {
        try db.execute(sql: "DELETE FROM entry WHERE slug = ?", arguments: [slug])
      }
      // Tags used by nothing any more would linger in `outpost tags`.
      try db.execute(sql: "DELETE FROM tag WHERE id NOT IN (SELECT tag_id FROM entry_tag)")
      return Set(slugs).count
    }
  }

  /// Adds (or with `remove`, takes away) tags and audiences of entry `slug`.
  /// Tags are normalised and audiences slugs the vocabulary knows.
  @discardableResult
  public func retag(_ slug: String, tags: [String], audiences: [String], remove: Bool) throws -> Entry {
    try write { db in
      _ = try existing(db, slug)
      let id = try Int64.fetchOne(db, sql: "SELECT id FROM entry WHERE slug = ?", arguments: [slug])!
      let writer = try EntryWriter(db)
      if remove {
        for tag in tags {
          try db.execute(
            sql: "DELETE FROM entry_tag WHERE entry_id = ? AND tag_id = (SELECT id FROM tag WHERE name = ?)",
            arguments: [id, tag])
        }
        for audience in audiences {
          try db.execute(
            sql: "DELETE FROM entry_audience WHERE entry_id = ? AND audience_id = (SELECT id FROM audience WHERE slug = ?)",
            arguments: [id, audience])
        }
        try db.execute(sql: "DELETE FROM tag WHERE id NOT IN (SELECT tag_id FROM entry_tag)")
      } else {
        try writer.addTags(tags, to: id)
        try writer.addAudiences(audiences, to: id)
      }
      try db.execute(sql: "UPDATE entry SET updated_at = ? WHERE id = ?", arguments: [Timestamp.now(), id])
      return try EntryCursor.entry(db, slug: slug)!
    }
  }

  /// Renames tag `old` to `new` in one transaction, merging into `new` when
  /// it exists. Returns the number of entries now tagged `new`.
  @discardableResult
  public func renameTag(_ old: String, to new: String) throws -> Int {
    try write { db in
      guard let oldID = try Int64.fetchOne(db, sql: "SELECT id FROM tag WHERE name = ?", arguments: [old]) else {
        let names = try String.fetchAll(db, sql: "SELECT name FROM tag")
        let near = names.min { EditDistance.between(old, $0) < EditDistance.between(old, $1) }
        throw CatalogError("no tag '\(old)'" + (near.map { "; did you mean '\($0)'?" } ?? ""))
      }
      if old == new { return try Int.fetchOne(db, sql: "SELECT count(*) FROM entry_tag WHERE tag_id = ?", arguments: [oldID]) ?? 0 }
      if let newID = try Int64.fetchOne(db, sql: "SELECT id FROM tag WHERE name = ?", arguments: [new]) {
        try db.execute(
          sql: "INSERT OR IGNORE INTO entry_tag (entry_id, tag_id) SELECT entry_id, ? FROM entry_tag WHERE tag_id = ?",
          arguments: [newID, oldID])
        try db.execute(sql: "DELETE FROM tag WHERE id = ?", arguments: [oldID])
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM entry_tag WHERE tag_id = ?", arguments: [newID]) ?? 0
      }
      try db.execute(sql: "UPDATE tag SET name = ? WHERE id = ?", arguments: [new, oldID])
      return try Int.fetchOne(db, sql: "SELECT count(*) FROM entry_tag WHERE tag_id = ?", arguments: [oldID]) ?? 0
    }
  }

  /// Tags with the number of entries using each, most used first.
  public func tagCounts() throws -> [(name: String, count: Int)] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT t.name, count(et.entry_id) AS n FROM tag t LEFT JOIN entry_tag et ON et.tag_id = t.id
          GROUP BY t.id ORDER BY n DESC, t.name
          """
      ).map { ($0["name"], $0["n"]) }
    }
  }

  /// Audiences with the number of entries for each, in vocabulary order.
  public func audienceCounts() throws -> [(slug: String, name: String, count: Int)] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT a.slug, a.name, (SELECT count(*) FROM entry_audience ea WHERE ea.audience_id = a.id) AS n
          FROM audience a ORDER BY a.id
          """
      ).map { ($0["slug"], $0["name"], $0["n"]) }
    }
  }

  /// Adds an audience to the vocabulary.
  public func addAudience(slug: String, name: String) throws {
    try write { db in
      if let reason = Slug.problem(with: slug) { throw CatalogError("audience " + reason) }
      let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !trimmed.isEmpty else { throw CatalogError("an audience needs a name; pass --name") }
      let vocabulary = try AudienceVocabulary.load(db)
      if let clash = vocabulary.audience(named: slug) ?? vocabulary.audience(named: trimmed) {
        throw CatalogError("audience '\(clash.slug)' (\(clash.name)) already exists")
      }
      try db.execute(sql: "INSERT INTO audience (slug, name) VALUES (?, ?)", arguments: [slug, trimmed])
    }
  }

  /// The vocabulary, for resolving audience input.
  public func audienceVocabulary() throws -> AudienceVocabulary {
    try read { db in try AudienceVocabulary.load(db) }
  }

  /// The entry `slug`, or an error naming the nearest existing slug.
  func existing(_ db: Database, _ slug: String) throws -> Entry {
    if let entry = try EntryCursor.entry(db, slug: slug) { return entry }
    throw try unknownSlug(db, slug)
  }

  func unknownSlug(_ db: Database, _ slug: String) throws -> CatalogError {
    let candidates = try String.fetchAll(db, sql: "SELECT slug FROM entry LIMIT 20000")
    let best = candidates.min { EditDistance.between(slug, $0) < EditDistance.between(slug, $1) }
    if let best, EditDistance.between(slug, best) <= max(3, slug.count / 2) {
      return CatalogError("no entry '\(slug)'; did you mean '\(best)'?")
    }
    return CatalogError("no entry '\(slug)'; `outpost list` shows the slugs")
  }

  /// The entry `slug`, or an error naming the nearest existing slug.
  public func requireEntry(_ slug: String) throws -> Entry {
    try read { db in try existing(db, slug) }
  }
}
