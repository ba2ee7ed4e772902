import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// Migration 0003: words match their other forms, diacritics folded, and an
/// entry's tags and audience names are searched too; the index follows every
/// change to them.
@Suite("Search index: stems, tags and audiences")
struct SearchStemmingTests {
  let folder = TemporaryFolder()

  func slugs(_ catalog: Catalog, _ query: String) throws -> [String] {
    try catalog.search(query, limit: 100).map(\.entry.slug).sorted()
  }

  func searchIndexProblem(_ catalog: Catalog) throws -> String? {
    let finding = try #require(try catalog.check().first { $0.check == "search index" })
    return finding.problem
  }

  func execute(_ catalog: Catalog, _ sql: String) throws {
    try catalog.write { db in try db.execute(sql: sql) }
  }

  @Test("a version-2 catalog migrates, with its backup, and then finds newsletters from newsletter")
  func migratesVersionTwo() throws {
    let path = folder.path("v2.sqlite")
    let upToTwo = Array(EmbeddedCatalogFiles.migrations.prefix(2))
    #expect(upToTwo.map(\.version) == [1, 2])
    let (old, _) = try Catalog.open(
      at: path, options: CatalogOpenOptions(forWriting: true, newContent: .empty, migrations: upToTwo))
    _ = try old.add(
      Entry(
        kind: .tool, slug: "quill", title: "Quill", url: "https://quill.example", summary: "Drafts newsletters",
        pricing: .free, tags: ["job-search"]))
    _ = try old.add(Entry(kind: .tool, slug: "cafe", title: "Café Bot", url: "https://cafe.example", pricing: .free))
    // This build's search reads six columns; version 2's index has four.
    func matches(_ query: String) throws -> Int {
      try old.read { db in
        try Int.fetchOne(db, sql: "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH ?", arguments: [query]) ?? 0
      }
    }
    #expect(try matches("newsletter") == 0, "version 2 matched words only as typed")
    #expect(try matches("job search") == 0, "version 2 did not search tags")
    #expect(try matches("newsletters") == 1)
    try old.queue.close()

    let (migrated, report) = try Catalog.open(at: path, options: CatalogOpenOptions(forWriting: true))
    // Migration 3 and every later one this build knows.
    #expect(report.applied.map(\.version) == EmbeddedCatalogFiles.migrations.map(\.version).filter { $0 >= 3 })
    #expect(report.applied.first?.version == 3)
    let backup = try #require(report.backupPath)
    #expect(FileManager.default.fileExists(atPath: backup))
    #expect(try searchIndexProblem(migrated) == nil)
    #expect(try slugs(migrated, "newsletter") == ["quill"])
    #expect(try slugs(migrated, "newsletters") == ["quill"])
    #expect(try slugs(migrated, "job search") == ["quill"])
    #expect(try slugs(migrated, "\"job search\"") == ["quill"])
    #expect(try slugs(migrated, "cafe") == ["cafe"])
    #expect(try slugs(migrated, "draft") == ["quill"])
  }

  @Test("stems, prefixes and phrases on a new catalog; the title still ranks first")
  func stemsAndRanking() throws {
    let catalog = try TestCatalog.empty(in: folder)
    _ = try catalog.add(
      Entry(
        kind: .tool, slug: "helper", title: "Helper", url: "https://h.example",
        description: "Editing newsletters for travellers and travel writers.", pricing: .free))
    _ = try catalog.add(
      Entry(kind: .tool, slug: "newsletter-pro", title: "Newsletter Pro", url: "https://n.example", pricing: .free))
    #expect(try catalog.search("newsletters").map(\.entry.slug) == ["newsletter-pro", "helper"])
    #expect(try slugs(catalog, "edit") == ["helper"])
    #expect(try slugs(catalog, "travel*") == ["helper"])
    #expect(try slugs(catalog, "\"travel writer\"") == ["helper"])
    #expect(try slugs(catalog, "\"writers travel\"").isEmpty)
  }

  @Test("the index follows tags and audiences: tag, untag, rename, merge, removal, audience renamed")
  func followsTagsAndAudiences() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    func expectExact(_ step: String) throws {
      #expect(try searchIndexProblem(catalog) == nil, "after \(step)")
    }
    try catalog.addAudience(slug: "quokka-keepers", name: "Quokka keepers")
    try catalog.retag("chatgpt", tags: ["kestrel-watch"], audiences: ["quokka-keepers"], remove: false)
    try catalog.retag("claude", tags: ["kestrel-watch", "kiwi-fruit"], audiences: [], remove: false)
    try expectExact("tag")
    #expect(try slugs(catalog, "kestrel watch") == ["chatgpt", "claude"])
    #expect(try slugs(catalog, "kiwi") == ["claude"])
    #expect(try slugs(catalog, "quokka keeper") == ["chatgpt"])

    try catalog.retag("claude", tags: ["kestrel-watch"], audiences: [], remove: true)
    try catalog.retag("chatgpt", tags: [], audiences: ["quokka-keepers"], remove: true)
    try expectExact("untag")
    #expect(try slugs(catalog, "kestrel watch") == ["chatgpt"])
    #expect(try slugs(catalog, "quokka").isEmpty)

    try catalog.renameTag("kiwi-fruit", to: "mango-pulp")
    try expectExact("rename")
    #expect(try slugs(catalog, "kiwi").isEmpty)
    #expect(try slugs(catalog, "mango") == ["claude"])

    try catalog.renameTag("mango-pulp", to: "kestrel-watch")
    try expectExact("merge")
    #expect(try slugs(catalog, "mango").isEmpty)
    #expect(try slugs(catalog, "kestrel watch") == ["chatgpt", "claude"])

    try execute(catalog, "UPDATE audience SET name = 'Wombat wranglers' WHERE slug = 'writers'")
    try expectExact("audience renamed")
    let writers = try catalog.entries(matching: EntryFilter(audiences: ["writers"])).map(\.slug).sorted()
    #expect(!writers.isEmpty)
    #expect(try slugs(catalog, "wombat") == writers)

    try catalog.remove(["claude"])
    try expectExact("removal")
    #expect(try slugs(catalog, "kestrel watch") == ["chatgpt"])

    var changes = EntryChanges()
    changes.title = "Renamed bot"
    try catalog.edit("chatgpt", changes)
    try expectExact("edit")
    #expect(try slugs(catalog, "kestrel watch renamed") == ["chatgpt"])
  }

  @Test("an import that replaces tags leaves the index exact")
  func importReplacesTags() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    try catalog.retag("chatgpt", tags: ["kiwi-fruit"], audiences: [], remove: false)
    let json =
      #"[{"kind": "tool", "slug": "chatgpt", "title": "ChatGPT", "url": "https://chatgpt.com", "tags": ["mango-pulp"], "audiences": ["musicians"]}]"#
    try TestCatalog.importText(json, name: "tags.json", into: catalog, folder: folder) {
      $0.options.onConflict = .update
    }
    #expect(try searchIndexProblem(catalog) == nil)
    #expect(try slugs(catalog, "kiwi").isEmpty)
    #expect(try slugs(catalog, "mango") == ["chatgpt"])
  }

  @Test("link rows never change in place, so the index cannot miss it")
  func linksDoNotChange() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    #expect(throws: (any Error).self) {
      try execute(
        catalog, "UPDATE entry_tag SET tag_id = (SELECT max(id) FROM tag) WHERE tag_id = (SELECT min(id) FROM tag)")
    }
    #expect(throws: (any Error).self) {
      try execute(catalog, "UPDATE entry_audience SET audience_id = 1 WHERE audience_id = 2")
    }
    #expect(try searchIndexProblem(catalog) == nil)
  }

  @Test("the total counts every match, past the ranking window and through filters")
  func totals() throws {
    let catalog = try TestCatalog.empty(in: folder)
    var rows = ["slug,title,url,summary,tags"]
    for index in 0..<(Catalog.rankingWindow + 50) {
      rows.append(
        "tool-\(index),Tool \(index),https://z\(index).example,zebras \(index),\(index % 2 == 0 ? "even" : "odd")")
    }
    try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "z.csv", into: catalog, folder: folder)
    let page = try catalog.searchPage("zebra", limit: 20)
    #expect(page.hits.count == 20)
    #expect(page.total == Catalog.rankingWindow + 50)
    let even = try catalog.searchPage("zebra", filter: EntryFilter(tags: ["even"]), limit: 5)
    #expect(even.total == (Catalog.rankingWindow + 50 + 1) / 2)
    #expect(try catalog.searchPage("zebra", limit: 0).total == Catalog.rankingWindow + 50)
    #expect(try catalog.searchPage("zebra", limit: 10, offset: 5_000).total == Catalog.rankingWindow + 50)
    #expect(try catalog.searchPage("tool 7", limit: 5).total == 1)
    #expect(try catalog.searchPage("okapi", limit: 5).total == 0)
  }
}
