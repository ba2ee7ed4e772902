import GRDB

/// The FILTERS of `list`, `search` and `export`.
///
/// Values repeated within one flag match any of them, or all of them with
/// `matchAll`; different flags combine with AND.
public struct EntryFilter: Sendable, Equatable {
  public var kinds: [EntryKind] = []
  /// Audience slugs, already resolved against the vocabulary.
  public var audiences: [String] = []
  /// Normalised tag names.
  public var tags: [String] = []
  /// Stored-form timestamps; an entry's date is its published_at, else its added_at.
  public var since: String?
  public var until: String?
  public var matchAll = false
  /// Link statuses of the entry's own URL (`--link`); any of them matches,
  /// even with `matchAll`, since a URL has one status at a time. An entry
  /// without a URL matches none.
  public var links: [LinkStatus] = []
  /// Leaves out entries whose own URL is broken (`site --skip-broken`).
  public var skipBroken = false

  public init(
    kinds: [EntryKind] = [], audiences: [String] = [], tags: [String] = [], since: String? = nil,
    until: String? = nil, matchAll: Bool = false, links: [LinkStatus] = [], skipBroken: Bool = false
  ) {
    self.kinds = kinds
    self.audiences = audiences
    self.tags = tags
    self.since = since
    self.until = until
    self.matchAll = matchAll
    self.links = links
    self.skipBroken = skipBroken
  }

  /// `SELECT count(*)` of the matching entries. With a tag filter (else an
  /// audience filter) it walks that link table's index for the value and
  /// probes the other conditions, rather than probing every entry: on the
  /// 1 000 000-entry benchmark catalog, 70 ms of CPU for one tag and one
  /// audience where probing every entry took 2 s.
  ///
  /// `sliced`, the count of one slice of entry ids, between the named
  /// parameters `:lo` and `:hi` (`SlicedCount`).
  func countQuery(sliced: Bool = false) -> (sql: String, arguments: [String]) {
    let slice = sliced ? " AND entry_id BETWEEN :lo AND :hi" : ""
    if let intersection = linkIntersection(slice: slice) {
      return ("SELECT count(*) FROM (\(intersection.sql))", intersection.arguments)
    }
    guard let driver = linkDriver(slice: slice) else {
      var (conditions, arguments) = conditions()
      if sliced { conditions.append("e.id BETWEEN :lo AND :hi") }
      let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
      return ("SELECT count(*) FROM entry e" + whereClause, arguments)
    }
    let rest = driver.rest
    let needsEntry =
      !rest.kinds.isEmpty || rest.since != nil || rest.until != nil || !rest.links.isEmpty || rest.skipBroken
    let (conditions, arguments) = rest.conditions(entryID: needsEntry ? "e.id" : "d.id")
    let join = needsEntry ? " JOIN entry e ON e.id = d.id" : ""
    let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    return ("SELECT count(*) FROM (\(driver.sql)) d\(join)\(whereClause)", driver.arguments + arguments)
  }

  /// For a filter of links alone (tags and audiences, two sets or more to
  /// meet, each of one value), the ids of the entries in all of them as one `INTERSECT` of the
  /// link indexes, which SQLite merges in id order: each list is read once,
  /// in order, where probing one list's ids in the other cost an index search
  /// each (`list --audience musicians --tag video` on the 1 000 000-entry
  /// benchmark catalog: 25 207 of 100 304 ids, 83 → 53 ms). Nil otherwise.
  /// `slice` is added to each set's conditions.
  func linkIntersection(slice: String = "") -> (sql: String, arguments: [String])? {
    guard kinds.isEmpty, since == nil, until == nil, links.isEmpty, !skipBroken else { return nil }
    func sets(_ values: [String], table: String, column: String, lookup: String) -> [(String, [String])] {
      guard !values.isEmpty else { return [] }
      // One value a set: with `IN` of several, the ids no longer come in
      // order from the index and SQLite sorts them first, which costs more
      // than the probes it saves (145 ms for the pair above).
      guard matchAll || values.count == 1 else { return [] }
      return values.map { ("SELECT entry_id FROM \(table) WHERE \(column) = (\(lookup))\(slice)", [$0]) }
    }
    guard matchAll || (audiences.count <= 1 && tags.count <= 1) else { return nil }
    let all =
      sets(audiences, table: "entry_audience", column: "audience_id", lookup: "SELECT id FROM audience WHERE slug = ?")
      + sets(tags, table: "entry_tag", column: "tag_id", lookup: "SELECT id FROM tag WHERE name = ?")
    guard all.count >= 2 else { return nil }
    return (all.map(\.0).joined(separator: " INTERSECT ") + " ORDER BY 1", all.flatMap(\.1))
  }

  /// The ids of the entries holding the filter's tags (else its audiences),
  /// read from that link table's index as a subquery with one column `id`,
  /// and the rest of the filter still to apply to them; nil when the filter
  /// names neither. `slice` is added to the subquery's conditions.
  func linkDriver(slice: String = "") -> (sql: String, arguments: [String], rest: EntryFilter)? {
    var rest = self
    let table: String
    let column: String
    let lookup: String
    var values: [String]
    if !tags.isEmpty {
      (table, column, lookup, values) = ("entry_tag", "tag_id", "SELECT id FROM tag WHERE name = ?", tags)
      rest.tags = matchAll ? Array(tags.dropFirst()) : []
    } else if !audiences.isEmpty {
      (table, column, lookup, values) = (
        "entry_audience", "audience_id", "SELECT id FROM audience WHERE slug = ?", audiences
      )
      rest.audiences = matchAll ? Array(audiences.dropFirst()) : []
    } else {
      return nil
    }
    if matchAll { values = [values[0]] }
    // An entry holds a tag once, so one value needs no DISTINCT; several do.
    let sql =
      values.count == 1
      ? "SELECT entry_id AS id FROM \(table) WHERE \(column) = (\(lookup))\(slice)"
      : "SELECT DISTINCT entry_id AS id FROM \(table) WHERE \(column) IN (\(values.map { _ in "(\(lookup))" }.joined(separator: ", ")))\(slice)"
    return (sql, values, rest)
  }

  /// The ids of a filter's audiences and tags, read once before a query.
  /// Conditions that compare ids cost less in a probe of every entry a walk
  /// passes than those that look each name up (`list --audience musicians
  /// --tag video` in title order on the 1 000 000-entry benchmark catalog:
  /// 7.9 ms of SQL against 4.5 ms).
  struct LinkIDs {
    var audiences: [String: Int64] = [:]
    var tags: [String: Int64] = [:]
  }

  /// The ids of this filter's audiences and tags that the catalog holds.
  func linkIDs(_ db: Database) throws -> LinkIDs {
    var ids = LinkIDs()
    for slug in audiences {
      ids.audiences[slug] = try Int64.fetchOne(db, sql: "SELECT id FROM audience WHERE slug = ?", arguments: [slug])
    }
    for name in tags {
      ids.tags[name] = try Int64.fetchOne(db, sql: "SELECT id FROM tag WHERE name = ?", arguments: [name])
    }
    return ids
  }

  /// SQL conditions on `e` (the entry table) with their arguments;
  /// `entryID` is the expression holding the entry's id. With `ids`, links
  /// are compared by the ids given, and a name without one matches nothing.
  func conditions(entryID: String = "e.id", ids: LinkIDs? = nil) -> (sql: [String], arguments: [String]) {
    var sql: [String] = []
    var arguments: [String] = []
    if !kinds.isEmpty {
      sql.append("e.kind IN (\(placeholders(kinds.count)))")
      arguments += kinds.map(\.rawValue)
    }
    func membership(_ values: [String], link: String, column: String, lookup: String, known: [String: Int64]?) {
      guard !values.isEmpty else { return }
      let probe = "EXISTS (SELECT 1 FROM \(link) l WHERE l.entry_id = \(entryID) AND l.\(column)"
      if let known {
        // Ids come from the catalog: integers, written into the SQL.
        let groups = matchAll ? values.map { [$0] } : [values]
        for group in groups {
          let found = group.compactMap { known[$0] }
          switch found.count {
          case 0: sql.append("0")
          case 1: sql.append("\(probe) = \(found[0]))")
          default: sql.append("\(probe) IN (\(found.map(String.init).joined(separator: ", "))))")
          }
        }
      } else if matchAll {
        for value in values {
          sql.append("\(probe) = (\(lookup)))")
          arguments.append(value)
        }
      } else {
        sql.append("\(probe) IN (\(values.map { _ in "(\(lookup))" }.joined(separator: ", "))))")
        arguments += values
      }
    }
    membership(
      audiences, link: "entry_audience", column: "audience_id", lookup: "SELECT id FROM audience WHERE slug = ?",
      known: ids?.audiences)
    membership(
      tags, link: "entry_tag", column: "tag_id", lookup: "SELECT id FROM tag WHERE name = ?", known: ids?.tags)
    if let since {
      sql.append("coalesce(e.published_at, e.added_at) >= ?")
      arguments.append(since)
    }
    if let until {
      sql.append("coalesce(e.published_at, e.added_at) <= ?")
      arguments.append(until)
    }
    if !links.isEmpty {
      var alternatives: [String] = []
      let recorded = links.filter { $0 != .unchecked }
      if !recorded.isEmpty {
        alternatives.append(
          "EXISTS (SELECT 1 FROM link_check l WHERE l.url = e.url AND l.status IN (\(placeholders(recorded.count))))")
        arguments += recorded.map(\.rawValue)
      }
      if links.contains(.unchecked) {
        alternatives.append("(e.url IS NOT NULL AND NOT EXISTS (SELECT 1 FROM link_check l WHERE l.url = e.url))")
      }
      sql.append("(" + alternatives.joined(separator: " OR ") + ")")
    }
    if skipBroken {
      sql.append("NOT EXISTS (SELECT 1 FROM link_check l WHERE l.url = e.url AND l.status = 'broken')")
    }
    return (sql, arguments)
  }

  private func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
  }
}

/// The orders `list` offers.
public enum EntrySort: String, Sendable, CaseIterable {
  /// By title, without regard to case.
  case title
  /// By date, newest first: published_at for stories, added_at for tools.
  case newest
  /// By added_at, newest first.
  case added
  /// By kind, then slug: the order of exports.
  case kindSlug = "kind-slug"

  var orderBy: String {
    switch self {
    case .title: "e.title COLLATE NOCASE, e.slug"
    case .newest: "coalesce(e.published_at, e.added_at) DESC, e.slug DESC"
    case .added: "e.added_at DESC, e.slug DESC"
    case .kindSlug: "e.kind, e.slug"
    }
  }
}
