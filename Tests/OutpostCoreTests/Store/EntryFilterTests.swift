import Testing

@testable import OutpostCore

/// FILTERS on a small catalog whose answers are known by construction.
@Suite("EntryFilter")
struct EntryFilterTests {
  let folder = TemporaryFolder()

  func catalog() throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    func add(_ slug: String, _ kind: EntryKind, audiences: [String], tags: [String], date: String) throws {
      var entry = Entry(kind: kind, slug: slug, title: slug.uppercased(), url: "https://\(slug).example")
      entry.audiences = audiences
      entry.tags = tags
      if kind == .story { entry.publishedAt = date }
      try catalog.add(entry)
    }
    // A tool's date is the day it is added: today, later than every story here.
    try add("both", .tool, audiences: ["bloggers", "marketers"], tags: ["seo", "writing"], date: "")
    try add("blog", .story, audiences: ["bloggers"], tags: ["writing"], date: "2024-02-01T00:00:00Z")
    try add("market", .story, audiences: ["marketers"], tags: ["seo"], date: "2024-10-21T16:01:00Z")
    try add("none", .story, audiences: [], tags: [], date: "2025-01-01T00:00:00Z")
    return catalog
  }

  func slugs(_ catalog: Catalog, _ filter: EntryFilter) throws -> [String] {
    try catalog.entries(matching: filter, sort: .kindSlug).map(\.slug).sorted()
  }

  @Test("values within a flag match any; --all makes them match all")
  func anyAndAll() throws {
    let catalog = try catalog()
    #expect(try slugs(catalog, EntryFilter(audiences: ["bloggers", "marketers"])) == ["blog", "both", "market"])
    #expect(try slugs(catalog, EntryFilter(audiences: ["bloggers", "marketers"], matchAll: true)) == ["both"])
    #expect(try slugs(catalog, EntryFilter(tags: ["seo", "writing"], matchAll: true)) == ["both"])
  }

  @Test("different flags combine with AND")
  func differentFlags() throws {
    let catalog = try catalog()
    #expect(
      try slugs(catalog, EntryFilter(kinds: [.story], audiences: ["bloggers", "marketers"])) == ["blog", "market"])
    #expect(try slugs(catalog, EntryFilter(audiences: ["bloggers"], tags: ["seo"])) == ["both"])
    #expect(try catalog.count(matching: EntryFilter(kinds: [.tool], tags: ["seo"])) == 1)
  }

  @Test("dates: a story's publication, else the day a tool was added; bounds included")
  func dates() throws {
    let catalog = try catalog()
    #expect(
      try slugs(catalog, EntryFilter(since: "2024-02-01T00:00:00Z", until: "2024-10-21T23:59:59Z")) == [
        "blog", "market",
      ])
    #expect(try slugs(catalog, EntryFilter(until: "2024-10-21T16:00:00Z")) == ["blog"])
    #expect(try slugs(catalog, EntryFilter(until: "2024-10-21T16:01:00Z")) == ["blog", "market"])
    // The day the tool was added, as stored: a clock read here could fall
    // on the next day, past midnight UTC.
    let added = try #require(try catalog.entry(slug: "both")?.addedAt)
    let day = String(added.prefix(10))
    #expect(try slugs(catalog, EntryFilter(since: day + "T00:00:00Z")) == ["both"])
    #expect(try slugs(catalog, EntryFilter(since: day + "T00:00:00Z", until: day + "T23:59:59Z")) == ["both"])
  }

  @Test("sorts, limit and offset")
  func order() throws {
    let catalog = try catalog()
    #expect(try catalog.entries(sort: .newest).map(\.slug) == ["both", "none", "market", "blog"])
    #expect(try catalog.entries(sort: .title, limit: 2, offset: 1).map(\.slug) == ["both", "market"])
    #expect(try catalog.entries(sort: .kindSlug).map(\.slug) == ["blog", "market", "none", "both"])
    #expect(try catalog.entries(sort: .title, offset: 3).map(\.slug) == ["none"])
  }
}

extension EntryFilterTests {
  /// `count(matching:)` walks a link table's index rather than every entry;
  /// it must count exactly what `entries(matching:)` returns.
  @Test(
    "the count of every kind of filter equals the number of entries it lists",
    arguments: [
      EntryFilter(),
      EntryFilter(kinds: [.story]),
      EntryFilter(tags: ["seo"]),
      EntryFilter(tags: ["seo", "writing"]),
      EntryFilter(tags: ["seo", "writing"], matchAll: true),
      EntryFilter(tags: ["no-such-tag"]),
      EntryFilter(audiences: ["bloggers"]),
      EntryFilter(audiences: ["bloggers", "marketers"]),
      EntryFilter(audiences: ["bloggers", "marketers"], matchAll: true),
      EntryFilter(audiences: ["marketers"], tags: ["seo"]),
      EntryFilter(kinds: [.story], audiences: ["marketers"], tags: ["seo", "writing"]),
      EntryFilter(audiences: ["bloggers", "marketers"], tags: ["seo", "writing"], matchAll: true),
      EntryFilter(tags: ["writing"], since: "2024-03-01T00:00:00Z"),
      EntryFilter(tags: ["seo"], links: [.unchecked]),
      EntryFilter(tags: ["seo", "writing"], skipBroken: true),
      EntryFilter(audiences: ["bloggers", "marketers"], tags: ["seo", "writing"]),
      EntryFilter(audiences: ["marketers"], tags: ["no-such-tag"]),
      EntryFilter(tags: ["seo", "writing", "no-such-tag"], matchAll: true),
    ])
  func countMatchesListing(_ filter: EntryFilter) throws {
    let catalog = try catalog()
    #expect(try catalog.count(matching: filter) == catalog.entries(matching: filter).count, "\(filter)")
  }

  @Test("links alone, two sets or more, are counted as one intersection; any other condition is not")
  func intersectionRoute() {
    #expect(EntryFilter(audiences: ["marketers"], tags: ["seo"]).linkIntersection() != nil)
    #expect(EntryFilter(tags: ["seo", "writing"], matchAll: true).linkIntersection() != nil)
    #expect(EntryFilter(tags: ["seo", "writing"]).linkIntersection() == nil)
    #expect(EntryFilter(audiences: ["bloggers", "marketers"], tags: ["seo"]).linkIntersection() == nil)
    #expect(EntryFilter(kinds: [.tool], audiences: ["marketers"], tags: ["seo"]).linkIntersection() == nil)
    #expect(EntryFilter(audiences: ["marketers"], tags: ["seo"], skipBroken: true).linkIntersection() == nil)
    let sql = EntryFilter(audiences: ["marketers"], tags: ["seo"]).countQuery().sql
    #expect(sql.contains("INTERSECT") && sql.hasSuffix("ORDER BY 1)") && !sql.contains(" IN ("))
  }
}

extension EntryFilterTests {
  /// A listing reads a rare tag's entries from the link table's index and
  /// walks the sort order's index for a common one (`EntryCursor.linkDriverLimit`):
  /// both routes must list the same entries in the same order.
  @Test(
    "a listing read through a tag's or audience's index equals the one walking the sort order",
    arguments: [
      EntryFilter(tags: ["seo"]),
      EntryFilter(tags: ["seo", "writing"]),
      EntryFilter(tags: ["seo", "writing"], matchAll: true),
      EntryFilter(tags: ["no-such-tag"]),
      EntryFilter(audiences: ["bloggers", "marketers"]),
      EntryFilter(audiences: ["bloggers", "marketers"], matchAll: true),
      EntryFilter(kinds: [.story], audiences: ["marketers"], tags: ["seo", "writing"]),
      EntryFilter(audiences: ["bloggers", "marketers"], tags: ["seo", "writing"], matchAll: true),
      EntryFilter(tags: ["writing"], since: "2024-03-01T00:00:00Z"),
      EntryFilter(tags: ["seo", "writing"], skipBroken: true),
    ])
  func linkDriverListsAsTheWalk(_ filter: EntryFilter) throws {
    let catalog = try catalog()
    for sort in EntrySort.allCases {
      for (limit, offset) in [(2, 0), (2, 1), (10, 0), (1, 3)] {
        func slugs(_ driverLimit: Int) throws -> [String] {
          try catalog.read { db in
            var slugs: [String] = []
            try EntryCursor.each(
              db, filter: filter, sort: sort, limit: limit, offset: offset, linkDriverLimit: driverLimit
            ) { slugs.append($0.slug) }
            return slugs
          }
        }
        let walked = try slugs(-1)
        #expect(try slugs(Int.max) == walked, "\(filter) \(sort) \(limit) \(offset)")
        #expect(
          walked == (try catalog.entries(matching: filter, sort: sort)).dropFirst(offset).prefix(limit).map(\.slug))
      }
    }
  }
}
