import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// `list`'s title order read block by block from the index of migration
/// 0007 (`TitleBlocks`): the same order as sorting the whole catalog, for
/// every filter, page and spread of ids.
@Suite("Title order by block of ids")
struct TitleBlocksTests {
  let folder = TemporaryFolder()

  /// Entries in blocks 0, 1 and 3 (block 2 holds none): titles that
  /// interleave across blocks, differ only in case, or are the same in
  /// several blocks (the slug then decides).
  func catalog(lastBlock: Int64 = 3) throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    var number = 0
    func add(_ titles: [String], tags: [String], audiences: [String]) throws {
      for title in titles {
        number += 1
        let slug = "e-\(number)"
        try catalog.add(
          Entry(
            kind: number % 3 == 0 ? .story : .tool, slug: slug, title: title,
            url: "https://\(slug).example", pricing: number % 3 == 0 ? nil : .free, audiences: audiences,
            tags: tags))
      }
    }
    /// The next entry added takes an id of `block`.
    func jump(to block: Int64) throws {
      try catalog.write { db in
        try db.execute(
          sql: """
            INSERT INTO entry (id, kind, slug, title, url, pricing, added_at, updated_at)
            VALUES (?, 'tool', ?, ?, 'https://jump.example', 'free', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')
            """,
          arguments: [block * TitleBlocks.size, "jump-\(block)", "Jump \(block)"])
      }
    }
    try add(["banana", "Apple", "cherry", "Zebra", "apple"], tags: ["fruit"], audiences: ["writers"])
    try jump(to: 1)
    try add(["Apple", "date", "BANANA", "elder"], tags: ["fruit", "rare"], audiences: ["writers", "artists"])
    try jump(to: lastBlock)
    try add(["aardvark", "apple", "Fig", "zebra", "cherry"], tags: ["animal"], audiences: ["artists"])
    return catalog
  }

  /// The order by sorting every matching entry, as before migration 0007.
  func sorted(_ catalog: Catalog, _ filter: EntryFilter) throws -> [String] {
    let (conditions, arguments) = filter.conditions()
    let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    return try catalog.read { db in
      try String.fetchAll(
        db, sql: "SELECT e.slug FROM entry e\(whereClause) ORDER BY e.title COLLATE NOCASE, e.slug",
        arguments: StatementArguments(arguments))
    }
  }

  @Test(
    "every page of every filter in title order is that of sorting the whole catalog",
    arguments: [
      EntryFilter(), EntryFilter(kinds: [.story]), EntryFilter(tags: ["fruit"]), EntryFilter(tags: ["rare"]),
      EntryFilter(tags: ["fruit", "animal"]), EntryFilter(kinds: [.tool], tags: ["animal"]),
      EntryFilter(since: "2000-01-01T00:00:00Z"), EntryFilter(tags: ["no-such-tag"]),
      EntryFilter(tags: ["no-such-tag", "animal"]), EntryFilter(tags: ["fruit", "no-such-tag"], matchAll: true),
      EntryFilter(tags: ["fruit", "rare"], matchAll: true), EntryFilter(audiences: ["writers"], tags: ["rare"]),
      EntryFilter(audiences: ["writers", "artists"], matchAll: true), EntryFilter(audiences: ["artists", "writers"]),
      EntryFilter(audiences: ["bloggers"]),
    ])
  func sameOrder(filter: EntryFilter) throws {
    let catalog = try catalog()
    #expect(try catalog.read { try TitleBlocks.range($0) } == 0...3)
    let expected = try sorted(catalog, filter)
    // Both ways of reading a filter of tags: the link table's entries
    // sorted, and the walk of the index.
    for driverLimit in [0, CatalogEntriesProbe.defaultDriverLimit] {
      let all = try CatalogEntriesProbe.slugs(catalog, filter, limit: nil, offset: 0, driverLimit: driverLimit)
      #expect(all == expected, "driver limit \(driverLimit)")
      for limit in [0, 1, 3, 20] {
        for offset in [0, 1, 4, 13, 40] {
          let page = try CatalogEntriesProbe.slugs(
            catalog, filter, limit: limit, offset: offset, driverLimit: driverLimit)
          #expect(page == Array(expected.dropFirst(offset).prefix(limit)), "limit \(limit) offset \(offset)")
        }
      }
    }
  }

  @Test(
    "a listing in title order reads each block in the index's order and merges them; only a page is sorted",
    arguments: [EntryFilter(), EntryFilter(kinds: [.tool], since: "2000-01-01T00:00:00Z")], [20, nil])
  func mergesTheIndex(filter: EntryFilter, limit: Int?) throws {
    let catalog = try catalog()
    let plan = try catalog.read { db in
      let query = try EntryCursor.query(db, filter: filter, sort: .title, limit: limit, offset: 0, linkDriverLimit: 0)
      return try Row.fetchAll(
        db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: StatementArguments(query.arguments)
      )
      .map { (detail: $0["detail"] as String, parent: $0["parent"] as Int) }
    }
    let details = plan.map(\.detail)
    #expect(details.contains("MERGE (UNION ALL)"), "\(details)")
    // Blocks 0 to 3, block 2 without entries.
    #expect(details.filter { $0.contains("INDEX entry_by_title (<expr>=?)") }.count == 4, "\(details)")
    // A page of entries is sorted again at the top, the arms never.
    let sorts = plan.filter { $0.detail.contains("TEMP B-TREE") }
    #expect(sorts.count == (limit == nil ? 0 : 1), "\(details)")
    #expect(sorts.allSatisfy { $0.parent == 0 }, "\(details)")
  }

  @Test("a kind few entries are of is read from the kind index and sorted, not walked past every other entry")
  func fewOfAKind() throws {
    let catalog = try catalog()
    let filter = EntryFilter(kinds: [.story])
    let plan = try catalog.read { db in
      #expect(try EntryCursor.holdsFew(db, kinds: [.story]))
      #expect(try !EntryCursor.holdsFew(db, kinds: [.story], 2))
      #expect(try !EntryCursor.holdsFew(db, kinds: []))
      let query = try EntryCursor.query(db, filter: filter, sort: .title, limit: 20, offset: 0)
      return try Row.fetchAll(
        db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: StatementArguments(query.arguments)
      )
      .map { $0["detail"] as String }
    }
    #expect(plan.contains { $0.contains("INDEX entry_by_kind_slug (kind=?)") }, "\(plan)")
    #expect(!plan.contains("MERGE (UNION ALL)"), "\(plan)")
  }

  /// A tool written by hand with id `id`, as any SQLite client may.
  func insert(_ catalog: Catalog, id: Int64, title: String) throws {
    try catalog.write { db in
      try db.execute(
        sql: """
          INSERT INTO entry (id, kind, slug, title, url, pricing, added_at, updated_at)
          VALUES (?, 'tool', ?, ?, 'https://by-hand.example', 'free', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')
          """,
        arguments: [id, "id\(id < 0 ? "-minus-\(-id)" : "-\(id)")", title])
    }
  }

  @Test("ids below zero are blocks like any other, the block around zero twice as wide")
  func negativeIDs() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let titles: [Int64: String] = [
      -140_000: "mango", -65_536: "Apple", -65_535: "kiwi", -1: "apple", 0: "Zest", 5: "banana", 65_535: "Kiwi",
      65_536: "fig", 200_000: "APPLE",
    ]
    for (id, title) in titles { try insert(catalog, id: id, title: title) }
    #expect(try catalog.read { try TitleBlocks.range($0) } == -2...3)
    let expected = try sorted(catalog, EntryFilter())
    #expect(try catalog.entries(sort: .title).map(\.slug) == expected)
    for offset in 0...titles.count {
      #expect(
        try catalog.entries(sort: .title, limit: 3, offset: offset).map(\.slug)
          == Array(expected.dropFirst(offset).prefix(3)))
    }
  }

  @Test("as many blocks as a query merges at most: one arm each, in the same order")
  func mostBlocks() throws {
    let catalog = try TestCatalog.empty(in: folder)
    for block in 0..<Int64(TitleBlocks.maxArms) {
      // Titles that interleave the blocks: block 7 is "Title 7", 70 "title 70".
      try insert(catalog, id: block * TitleBlocks.size, title: (block % 2 == 0 ? "Title " : "title ") + "\(block)")
    }
    let range = try catalog.read { try TitleBlocks.range($0) }!
    #expect(range.count == TitleBlocks.maxArms)
    let expected = try sorted(catalog, EntryFilter())
    #expect(try catalog.entries(sort: .title).map(\.slug) == expected)
    #expect(try catalog.entries(sort: .title, limit: 20, offset: 90).map(\.slug) == Array(expected[90..<110]))
    let plan = try catalog.read { db in
      let query = try EntryCursor.query(db, filter: EntryFilter(), sort: .title, limit: 20, offset: 0)
      return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query.sql).map { $0["detail"] as String }
    }
    #expect(plan.filter { $0.contains("INDEX entry_by_title (<expr>=?)") }.count == TitleBlocks.maxArms)
  }

  @Test("ids spread over more blocks than a query can merge are sorted whole, in the same order")
  func tooManyBlocks() throws {
    let catalog = try catalog(lastBlock: Int64(TitleBlocks.maxArms) + 5)
    let range = try catalog.read { try TitleBlocks.range($0) }!
    #expect(range.count > TitleBlocks.maxArms)
    #expect(
      TitleBlocks.query(columns: "SELECT 1", conditions: [], arguments: [], blocks: range, limit: 1, offset: 0) == nil)
    let expected = try sorted(catalog, EntryFilter())
    #expect(try catalog.entries(sort: .title).map(\.slug) == expected)
    #expect(try catalog.entries(sort: .title, limit: 4, offset: 2).map(\.slug) == Array(expected[2..<6]))
  }

  @Test("an empty catalog lists nothing in title order")
  func empty() throws {
    let catalog = try TestCatalog.empty(in: folder)
    #expect(try catalog.read { try TitleBlocks.range($0) } == nil)
    #expect(try catalog.entries(sort: .title, limit: 20).isEmpty)
  }

  @Test("the index migration 0007 made keys each entry by the block `TitleBlocks` reads")
  func indexMatches() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let sql = try catalog.read { db in
      try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'entry_by_title'")
    }
    #expect(sql == "CREATE INDEX entry_by_title ON entry (id / \(TitleBlocks.size), title COLLATE NOCASE, slug)")
    #expect(TitleBlocks.expression == "e.id / \(TitleBlocks.size)")
  }

  @Test("a catalog of version 6 keeps its title order through migration 0007, and its check passes")
  func migrates() throws {
    let path = folder.path("v6.sqlite")
    let upToSix = Array(EmbeddedCatalogFiles.migrations.prefix(6))
    #expect(upToSix.map(\.version) == [1, 2, 3, 4, 5, 6])
    let (old, _) = try Catalog.open(
      at: path, options: CatalogOpenOptions(forWriting: true, newContent: .empty, migrations: upToSix))
    for (number, title) in ["banana", "Apple", "cherry", "apple", "Éclair", "zebra"].enumerated() {
      _ = try old.add(
        Entry(kind: .tool, slug: "t-\(number)", title: title, url: "https://t\(number).example", pricing: .free))
    }
    let before = try old.entries(sort: .title).map(\.slug)
    try old.queue.close()
    let (catalog, report) = try Catalog.open(at: path, options: CatalogOpenOptions(forWriting: true))
    #expect(report.applied.map(\.version) == [7])
    #expect(try catalog.entries(sort: .title).map(\.slug) == before)
    #expect(before == ["t-1", "t-3", "t-0", "t-2", "t-5", "t-4"])
    #expect(try catalog.check().allSatisfy(\.passed))
  }
}

/// `EntryCursor.each` with the link-driver threshold set, to reach both of
/// its ways of reading a filter of tags from a small catalog.
enum CatalogEntriesProbe {
  static let defaultDriverLimit = EntryCursor.linkDriverLimit

  static func slugs(_ catalog: Catalog, _ filter: EntryFilter, limit: Int?, offset: Int, driverLimit: Int) throws
    -> [String]
  {
    try catalog.read { db in
      var slugs: [String] = []
      try EntryCursor.each(
        db, filter: filter, sort: .title, limit: limit, offset: offset, linkDriverLimit: driverLimit
      ) { slugs.append($0.slug) }
      return slugs
    }
  }
}
