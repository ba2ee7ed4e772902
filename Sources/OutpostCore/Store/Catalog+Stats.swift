import GRDB

/// What `outpost stats` shows.
public struct CatalogStats: Sendable {
  public var byKind: [(kind: String, count: Int)]
  public var byAudience: [(slug: String, count: Int)]
  public var topTags: [(name: String, count: Int)]
  public var newest: [Entry]
  public var total: Int { byKind.reduce(0) { $0 + $1.count } }
}

extension Catalog {
  public func stats(topTags: Int = 10, newest: Int = 5) throws -> CatalogStats {
    let audiences = try audienceCounts().map { ($0.slug, $0.count) }
    let tags = Array(try tagCounts().prefix(topTags))
    let newestEntries = try entries(sort: .added, limit: newest)
    return try read { db in
      let kinds = try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM entry GROUP BY kind ORDER BY kind")
        .map { ($0["kind"] as String, $0["n"] as Int) }
      let all = EntryKind.allCases.map { kind in
        (kind.rawValue, kinds.first { $0.0 == kind.rawValue }?.1 ?? 0)
      }
      return CatalogStats(byKind: all, byAudience: audiences, topTags: tags, newest: newestEntries)
    }
  }
}
