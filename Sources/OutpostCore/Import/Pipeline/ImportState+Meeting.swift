import GRDB

/// How an input item meets an entry the catalog already holds: found by slug
/// or url, then failed, skipped, or patched.
extension ImportState {
  /// An entry already in the catalog, with what decides how an input meets it.
  struct Existing {
    var id: Int64
    var slug: String
    var kind: EntryKind
    var url: String?
    var title: String
    var isStub: Bool
  }

  /// What made an input item the same entry as one of the catalog.
  enum Key {
    case slug, url
  }

  static let existingSelection = """
    SELECT id, slug, kind, url, title,
           description IS NULL AND NOT EXISTS (SELECT 1 FROM source WHERE entry_id = entry.id) AS stub
    FROM entry
    """

  func existingEntry(_ slug: String) throws -> Existing? {
    let statement = try db.cachedStatement(sql: Self.existingSelection + " WHERE slug = ?")
    return try Row.fetchOne(statement, arguments: [slug]).map(Self.existing)
  }

  func existingEntry(id: Int64) throws -> Existing? {
    let statement = try db.cachedStatement(sql: Self.existingSelection + " WHERE id = ?")
    return try Row.fetchOne(statement, arguments: [id]).map(Self.existing)
  }

  private static func existing(_ row: Row) -> Existing {
    Existing(
      id: row["id"], slug: row["slug"], kind: EntryKind(rawValue: row["kind"]) ?? .tool, url: row["url"],
      title: row["title"], isStub: row["kind"] == "story" && row["stub"] == true)
  }

  /// The entry whose url is `url` once normalised (`URLCheck.duplicateKey`),
  /// for `--match url`: of several, the one of slug `slug`, else the oldest.
  /// Entries this input wrote count too, so that a url given twice is found.
  func urlOwner(of url: String, preferring slug: String) throws -> Existing? {
    guard catalogURLsRemembered else {
      let owners = try URLKeyIndex.owners(of: url, in: db)
      guard let chosen = owners.first(where: { $0.slug == slug }) ?? owners.first else { return nil }
      return try existingEntry(id: chosen.id)
    }
    // The hash can collide: the owner's url is compared whole.
    guard let id = urlOwners[Self.urlHash(url)], let owner = try existingEntry(id: id), let ownerURL = owner.url,
      URLCheck.duplicateKey(ownerURL) == URLCheck.duplicateKey(url)
    else { return nil }
    return owner
  }

  /// Whether an entry with a derived slug is the existing one again (same
  /// URL, or a story of the same title), rather than a namesake.
  func sameThing(_ existing: Existing, _ entry: Entry) -> Bool {
    if let url = existing.url, let other = entry.url {
      return URLCheck.duplicateKey(url) == URLCheck.duplicateKey(other)
    }
    return existing.url == nil && entry.url == nil && existing.title == entry.title
  }

  /// An input entry that names one the catalog holds, by its slug or its url.
  mutating func meet(_ existing: Existing, with item: ImportItem, by key: Key = .slug) throws {
    var item = item
    if key == .url {
      if existing.id > lastIDBefore || matchedIDs.contains(existing.id) {
        return report(
          item.location,
          "url '\(item.entry.url ?? "")' is also the url of '\(existing.slug)', earlier in this input;"
            + " with --match url each entry may appear once")
      }
      // The catalog's slug stays: it is the key everything else uses.
      item.entry.slug = existing.slug
    }
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
    case .fail where key == .url:
      report(
        item.location,
        "url '\(item.entry.url ?? "")' is the url of '\(existing.slug)'; use --on-conflict skip or update")
    case .fail:
      report(item.location, "slug '\(item.entry.slug)' already exists; use --on-conflict skip or update")
    case .skip:
      summary.skipped += 1
    case .update:
      try update(existing, with: item)
    }
  }

  /// Patches `existing` with the fields `item` supplies. The rules are checked
  /// on the entry as it will be, so a row need not repeat what the entry has
  /// (a title, a tool's url); one that would change nothing writes nothing,
  /// and the entry keeps its `updated_at`.
  mutating func update(_ existing: Existing, with item: ImportItem) throws {
    // Link rows still waiting in their batches belong to the entry's lists.
    try writer.flushLinks()
    guard let current = try EntryCursor.entry(db, id: existing.id) else { return }
    let patched = current.patched(by: item.entry, fields: item.fields)
    let rules = EntryRules.problems(patched)
    guard rules.isEmpty else {
      for message in rules { report(item.location, message) }
      return
    }
    matchedIDs.insert(existing.id)
    guard patched != current else {
      summary.unchanged += 1
      return
    }
    // `--audience` and `--tag` add to what the entry has: `EntryWriter.update`
    // adds the item's lists and replaces them only when the input supplied them.
    let fields = item.fields
    do {
      try searchIndex.willChange(existing.id, in: db)
      try writer.update(existing.id, to: item.entry, fields: fields, now: now)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
      return report(item.location, CatalogRuleWords.explain(error, slug: existing.slug))
    }
    summary.updated += 1
    if fields.contains(.related) {
      pendingRelated.append((existing.id, item.entry.related, item.location, true))
    }
  }
}
