import GRDB

/// What `outpost stats` shows.
public struct CatalogStats: Sendable {
  /// Every kind, zero counts included, in kind order.
  public var byKind: [(kind: String, count: Int)]
  /// Every audience of the vocabulary, in vocabulary order.
  public var byAudience: [(slug: String, count: Int)]
  /// The most used tags, most used first.
  public var topTags: [(name: String, count: Int)]
  /// The entries added last, latest first.
  public var newest: [Entry]
  /// Entries with a URL by the status of its last check, every status
  /// included (`unchecked` for never checked).
  public var byLink: [(status: LinkStatus, count: Int)]
  /// The number of entries.
  public var total: Int { byKind.reduce(0) { $0 + $1.count } }
}

extension Catalog {
  /// Counts by kind and audience, the `topTags` most used tags and the
  /// `newest` entries added last.
  public func stats(topTags: Int = 10, newest: Int = 5) throws -> CatalogStats {
    let audiences = try audienceCounts().map { ($0.slug, $0.count) }
    let tags = Array(try tagCounts().prefix(topTags))
    let newestEntries = try entries(sort: .added, limit: newest)
    let links = try linkCounts()
    return try read { db in
      // One count a kind, each a range of the (kind, slug) index.
      let byKind = try EntryKind.allCases.map { kind in
        (kind.rawValue, try EntryRow.filter(EntryRow.Columns.kind == kind.rawValue).fetchCount(db))
      }
      return CatalogStats(
        byKind: byKind, byAudience: audiences, topTags: tags, newest: newestEntries, byLink: links)
    }
  }
}
