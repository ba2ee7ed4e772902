import GRDB

/// What `tag` and `untag` did to one entry.
public struct RetagResult: Sendable {
  /// The entry as stored afterwards.
  public var entry: Entry
  /// Tags that were already there (tag) or not there (untag): nothing to do.
  public var unchangedTags: [String]
  /// Audience slugs that were already there (tag) or not there (untag).
  public var unchangedAudiences: [String]
}

extension Catalog {
  /// Adds (or with `remove`, takes away) tags and audiences of entry `slug`.
  /// Tags are normalised and audiences slugs the vocabulary knows. The entry's
  /// updated_at moves only when something changed.
  @discardableResult
  public func retag(_ slug: String, tags: [String], audiences: [String], remove: Bool) throws -> RetagResult {
    try write { db in
      let before = try existing(db, slug)
      let id = try Int64.fetchOne(db, sql: "SELECT id FROM entry WHERE slug = ?", arguments: [slug])!
      let unchangedTags = tags.filter { before.tags.contains($0) != remove }
      let unchangedAudiences = audiences.filter { before.audiences.contains($0) != remove }
      let changesBefore = db.totalChangesCount
      if remove {
        for tag in tags {
          try db.execute(
            sql: "DELETE FROM entry_tag WHERE entry_id = ? AND tag_id = (SELECT id FROM tag WHERE name = ?)",
            arguments: [id, tag])
        }
        for audience in audiences {
          try db.execute(
            sql:
              "DELETE FROM entry_audience WHERE entry_id = ? AND audience_id = (SELECT id FROM audience WHERE slug = ?)",
            arguments: [id, audience])
        }
        // A tag used by nothing any more would linger in `outpost tags`.
        try db.execute(sql: "DELETE FROM tag WHERE id NOT IN (SELECT tag_id FROM entry_tag)")
      } else {
        let writer = try EntryWriter(db)
        try writer.addTags(tags, to: id)
        try writer.addAudiences(audiences, to: id)
      }
      if db.totalChangesCount != changesBefore {
        try db.execute(sql: "UPDATE entry SET updated_at = ? WHERE id = ?", arguments: [Timestamp.now(), id])
      }
      return RetagResult(
        entry: try EntryCursor.entry(db, slug: slug)!, unchangedTags: unchangedTags,
        unchangedAudiences: unchangedAudiences)
    }
  }

  /// Renames tag `old` to `new` in one transaction, merging into `new` when
  /// it exists; the entries concerned count as updated. Returns the number of
  /// entries now tagged `new`.
  @discardableResult
  public func renameTag(_ old: String, to new: String) throws -> Int {
    try write { db in
      guard let oldID = try Int64.fetchOne(db, sql: "SELECT id FROM tag WHERE name = ?", arguments: [old]) else {
        throw CatalogError(try unknownTagMessage(db, old))
      }
      let count = "SELECT count(*) FROM entry_tag WHERE tag_id = ?"
      if old == new { return try Int.fetchOne(db, sql: count, arguments: [oldID]) ?? 0 }
      try db.execute(
        sql: "UPDATE entry SET updated_at = ? WHERE id IN (SELECT entry_id FROM entry_tag WHERE tag_id = ?)",
        arguments: [Timestamp.now(), oldID])
      if let newID = try Int64.fetchOne(db, sql: "SELECT id FROM tag WHERE name = ?", arguments: [new]) {
        try db.execute(
          sql: "INSERT OR IGNORE INTO entry_tag (entry_id, tag_id) SELECT entry_id, ? FROM entry_tag WHERE tag_id = ?",
          arguments: [newID, oldID])
        try db.execute(sql: "DELETE FROM tag WHERE id = ?", arguments: [oldID])
        return try Int.fetchOne(db, sql: count, arguments: [newID]) ?? 0
      }
      try db.execute(sql: "UPDATE tag SET name = ? WHERE id = ?", arguments: [new, oldID])
      return try Int.fetchOne(db, sql: count, arguments: [oldID]) ?? 0
    }
  }

  /// For each of `tags` the catalog does not have, a message that says so
  /// and suggests the closest: "no tag 'jobsearch'; did you mean 'job-search'?".
  public func unknownTagMessages(_ tags: [String]) throws -> [String] {
    guard !tags.isEmpty else { return [] }
    return try read { db in
      let known = try db.cachedStatement(sql: "SELECT 1 FROM tag WHERE name = ?")
      return try tags.filter { try Bool.fetchOne(known, arguments: [$0]) != true }.map { try unknownTagMessage(db, $0) }
    }
  }

  /// "no tag 'jobsearch'; did you mean 'job-search'?", the most used first
  /// among equally close tags.
  func unknownTagMessage(_ db: Database, _ tag: String) throws -> String {
    let names = try String.fetchAll(
      db,
      sql: """
        SELECT t.name FROM tag t LEFT JOIN entry_tag et ON et.tag_id = t.id
        GROUP BY t.id ORDER BY count(et.entry_id) DESC, t.name
        """)
    let question = DidYouMean.question(DidYouMean.suggestions(for: tag, among: names))
    return "no tag '\(tag)'; " + (question ?? "`outpost tags` lists them")
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

  /// Adds an audience to the vocabulary. Refused when its slug or name, in
  /// any spelling input would accept, already names one: input could not
  /// tell the two apart.
  public func addAudience(slug: String, name: String) throws {
    try write { db in
      if let reason = Slug.problem(with: slug) { throw CatalogError("audience " + reason) }
      if slug.count > 64 { throw CatalogError("audience slug '\(slug)' is longer than 64 characters") }
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
}
