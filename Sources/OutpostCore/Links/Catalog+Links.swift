import Foundation
import GRDB

/// A URL of the catalog with its last check, for `outpost links`.
public struct LinkReportRow: Sendable, Equatable {
  public var url: String
  /// The record; nil for a URL never checked.
  public var record: LinkRecord?
  /// The slugs of the entries that hold the URL (as their own or a source's).
  public var slugs: [String]
  /// The record's status, or `unchecked`.
  public var status: LinkStatus { record?.status ?? .unchecked }
}

extension Catalog {
  /// The distinct URLs of the entries matching `filter` and of their story
  /// sources, grouped by normalised key, leaving out groups whose every URL
  /// was checked at or after `checkedSince`.
  ///
  /// - Returns: the targets, and the number of URLs left out as recent.
  public func linkTargets(matching filter: EntryFilter, checkedSince: Date? = nil) throws
    -> (targets: [LinkTarget], recent: Int)
  {
    let cutoff = checkedSince.map(Timestamp.format)
    return try read { db in
      let (conditions, arguments) = filter.conditions()
      let whereClause = conditions.isEmpty ? "" : " AND " + conditions.joined(separator: " AND ")
      let sql = """
        SELECT u.url, l.checked_at FROM (
          SELECT e.url FROM entry e WHERE e.url IS NOT NULL\(whereClause)
          UNION
          SELECT s.url FROM source s JOIN entry e ON e.id = s.entry_id WHERE s.url IS NOT NULL\(whereClause)
        ) u LEFT JOIN link_check l ON l.url = u.url
        ORDER BY u.url
        """
      var order: [String] = []
      var groups: [String: (urls: [String], fresh: Bool)] = [:]
      let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments + arguments))
      while let row = try rows.next() {
        let url: String = row[0]
        let checkedAt: String? = row[1]
        let fresh = cutoff.map { cutoff in checkedAt.map { $0 >= cutoff } ?? false } ?? false
        let key = URLCheck.duplicateKey(url)
        if groups[key] == nil {
          order.append(key)
          groups[key] = ([url], fresh)
        } else {
          groups[key]!.urls.append(url)
          groups[key]!.fresh = groups[key]!.fresh && fresh
        }
      }
      var targets: [LinkTarget] = []
      var recent = 0
      for key in order {
        let group = groups[key]!
        if group.fresh {
          recent += group.urls.count
        } else {
          targets.append(LinkTarget(key: key, urls: group.urls))
        }
      }
      return (targets, recent)
    }
  }

  /// Records each observation for every URL of its target, in one
  /// transaction, continuing each URL's failure streak.
  @discardableResult
  public func saveLinkResults(_ results: [(target: LinkTarget, observation: LinkObservation)], now: Date = Date())
    throws -> [LinkRecord]
  {
    try write { db in
      var records: [LinkRecord] = []
      for (target, observation) in results {
        for url in target.urls {
          let previous = try Self.linkRecord(db, url: url)
          let record = LinkRecord(url: url, observation: observation, previous: previous, now: now)
          try db.execute(
            sql: """
              INSERT INTO link_check (url, url_key, checked_at, status, http_status, final_url, moved_to, failure,
                detail, consecutive_failures, first_failure_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (url) DO UPDATE SET url_key = excluded.url_key, checked_at = excluded.checked_at,
                status = excluded.status, http_status = excluded.http_status, final_url = excluded.final_url,
                moved_to = excluded.moved_to, failure = excluded.failure, detail = excluded.detail,
                consecutive_failures = excluded.consecutive_failures, first_failure_at = excluded.first_failure_at
              """,
            arguments: [
              record.url, record.urlKey, record.checkedAt, record.status.rawValue, record.httpStatus,
              record.finalURL, record.movedTo, record.failure?.rawValue, record.detail, record.consecutiveFailures,
              record.firstFailureAt,
            ])
          records.append(record)
        }
      }
      return records
    }
  }

  /// The last check of `url`, or nil when it was never checked.
  public func linkRecord(url: String) throws -> LinkRecord? {
    try read { db in try Self.linkRecord(db, url: url) }
  }

  static func linkRecord(_ db: Database, url: String) throws -> LinkRecord? {
    try Row.fetchOne(db, sql: "SELECT * FROM link_check WHERE url = ?", arguments: [url]).map(Self.linkRecord)
  }

  static func linkRecord(_ row: Row) -> LinkRecord {
    LinkRecord(
      url: row["url"], urlKey: row["url_key"], checkedAt: row["checked_at"],
      status: LinkStatus(rawValue: row["status"]) ?? .unchecked, httpStatus: row["http_status"],
      finalURL: row["final_url"], movedTo: row["moved_to"],
      failure: (row["failure"] as String?).flatMap(LinkFailure.init(rawValue:)), detail: row["detail"],
      consecutiveFailures: row["consecutive_failures"], firstFailureAt: row["first_failure_at"])
  }

  /// Every URL the catalog holds whose status is one of `statuses`, worst
  /// first (broken, failing, redirected, blocked, unchecked, ok), then by URL.
  public func linkReport(statuses: Set<LinkStatus>) throws -> [LinkReportRow] {
    try read { db in
      let sql = """
        SELECT u.url, group_concat(DISTINCT u.slug) AS slugs, l.*
        FROM (
          SELECT e.url, e.slug FROM entry e WHERE e.url IS NOT NULL
          UNION ALL
          SELECT s.url, e.slug FROM source s JOIN entry e ON e.id = s.entry_id WHERE s.url IS NOT NULL
        ) u LEFT JOIN link_check l ON l.url = u.url
        GROUP BY u.url
        ORDER BY u.url
        """
      var rows: [LinkReportRow] = []
      let cursor = try Row.fetchCursor(db, sql: sql)
      while let row = try cursor.next() {
        let record: LinkRecord? = (row["checked_at"] as String?) == nil ? nil : Self.linkRecord(row)
        let report = LinkReportRow(
          url: row[0], record: record,
          slugs: ((row["slugs"] as String?) ?? "").split(separator: ",").map(String.init).sorted())
        if statuses.contains(report.status) { rows.append(report) }
      }
      let rank: [LinkStatus: Int] = [.broken: 0, .failing: 1, .redirected: 2, .blocked: 3, .unchecked: 4, .ok: 5]
      return rows.enumerated().sorted { a, b in
        (rank[a.element.status]!, a.offset) < (rank[b.element.status]!, b.offset)
      }.map(\.element)
    }
  }

  /// How many entries' own URLs are in each status, every status included;
  /// entries without a URL are not counted.
  public func linkCounts() throws -> [(status: LinkStatus, count: Int)] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT coalesce(l.status, 'unchecked') AS status, count(*) AS n
          FROM entry e LEFT JOIN link_check l ON l.url = e.url
          WHERE e.url IS NOT NULL GROUP BY 1
          """)
      let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0["status"] as String, $0["n"] as Int) })
      return LinkStatus.allCases.map { ($0, counts[$0.rawValue] ?? 0) }
    }
  }

  /// The slugs of the entries whose own URL is broken: what `site
  /// --skip-broken` leaves out (the filter `EntryFilter.skipBroken` does the
  /// same inside a query).
  public func brokenEntrySlugs() throws -> Set<String> {
    try read { db in
      Set(
        try String.fetchAll(
          db, sql: "SELECT e.slug FROM entry e JOIN link_check l ON l.url = e.url WHERE l.status = 'broken'"))
    }
  }
}
