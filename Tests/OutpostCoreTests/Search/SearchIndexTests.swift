import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// The search index reads its text from the entries (migration 0002): every
/// change must hand FTS5 the exact text it indexed, or the index goes quietly
/// wrong. FTS5's integrity check with rank 1 re-reads every entry and
/// compares, so each test ends with `check`, and with searches for the words
/// that came and went.
@Suite("Search index")
struct SearchIndexTests {
  let folder = TemporaryFolder()

  func slugs(_ catalog: Catalog, _ query: String) throws -> [String] {
    try catalog.search(query, limit: 100).map(\.entry.slug).sorted()
  }

  func searchIndexProblem(_ catalog: Catalog) throws -> String? {
    try catalog.check().first { $0.check == "search index" }?.problem
  }

  func execute(_ catalog: Catalog, _ sql: String) throws {
    try catalog.write { db in try db.execute(sql: sql) }
  }

  @Test("a version-1 catalog is migrated to an index with the same matches, and its backup kept")
  func migratesVersionOne() throws {
    let first = try #require(EmbeddedCatalogFiles.migrations.first)
    let path = folder.path("v1.sqlite")
    let (old, _) = try Catalog.open(
      at: path, options: CatalogOpenOptions(forWriting: true, newContent: .empty, migrations: [first]))
    // Migration 2 alone: migration 3 stems words and changes the scores.
    let upToTwo = Array(EmbeddedCatalogFiles.migrations.prefix(2))
    // Version 1's own triggers index these.
    try execute(
      old,
      """
      INSERT INTO entry (kind, slug, title, url, summary, pricing, added_at, updated_at) VALUES
        ('tool', 'quill', 'Quill', 'https://quill.example', 'drafts newsletters', 'free', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
      INSERT INTO entry (kind, slug, title, summary, published_at, added_at, updated_at) VALUES
        ('story', 'chips', 'Chip makers', 'export rules', '2024-02-01T00:00:00Z', '2024-02-01T00:00:00Z', '2024-02-01T00:00:00Z');
      INSERT INTO source (entry_id, n, title, excerpt) VALUES
        ((SELECT id FROM entry WHERE slug = 'chips'), 1, 'Wafer news', 'lithography queues');
      """)
    let before = try old.read { db in
      try String.fetchAll(
        db,
        sql:
          "SELECT e.slug FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid WHERE entry_fts MATCH 'lithography OR newsletters' ORDER BY 1"
      )
    }
    #expect(before == ["chips", "quill"])
    let ranking = """
      SELECT e.slug || ' ' || round(bm25(entry_fts, 10.0, 4.0, 2.0, 1.0), 9) FROM entry_fts
      JOIN entry e ON e.id = entry_fts.rowid WHERE entry_fts MATCH 'lithography OR newsletters OR chip OR quill'
      ORDER BY bm25(entry_fts, 10.0, 4.0, 2.0, 1.0), e.slug
      """
    let rankedBefore = try old.read { db in try String.fetchAll(db, sql: ranking) }
    try old.queue.close()

    let (migrated, report) = try Catalog.open(
      at: path, options: CatalogOpenOptions(forWriting: true, migrations: upToTwo))
    #expect(report.applied.map(\.version) == [2])
    #expect(report.backupPath != nil)
    #expect(try searchIndexProblem(migrated) == nil)
    // The same scores: bm25 sees the same terms and sizes.
    #expect(try migrated.read { db in try String.fetchAll(db, sql: ranking) } == rankedBefore)
    // The text now lives only in the entries: no copy in the index.
    let shadow = try migrated.read { db in try db.tableExists("entry_fts_content") }
    #expect(!shadow)
    try migrated.queue.close()
    // And on to the latest version, which this build searches.
    let (latest, _) = try Catalog.open(at: path, options: CatalogOpenOptions(forWriting: true))
    #expect(try slugs(latest, "lithography") == ["chips"])
    #expect(try slugs(latest, "newsletters") == ["quill"])
  }

  @Test("the index follows every change to entries and sources, through the triggers")
  func followsEveryChange() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let story = "bytedance-the-parent-company-of-tiktok-confirmed-firing-an"
    let id = "(SELECT id FROM entry WHERE slug = '\(story)')"
    let steps: [(sql: String, present: [String], absent: [String])] = [
      (
        "INSERT INTO source (entry_id, n, title, excerpt) VALUES (\(id), 13, 'Quokka gazette', 'marsupial report')",
        ["quokka", "marsupial"], []
      ),
      (
        "UPDATE source SET title = 'Wombat gazette', n = 14 WHERE entry_id = \(id) AND n = 13",
        ["wombat", "marsupial"], ["quokka"]
      ),
      ("UPDATE source SET excerpt = NULL WHERE entry_id = \(id) AND n = 14", ["wombat"], ["marsupial"]),
      ("DELETE FROM source WHERE entry_id = \(id) AND n = 14", [], ["wombat"]),
      ("DELETE FROM source WHERE entry_id = \(id) AND n = 1", [], []),
      (
        "UPDATE entry SET title = 'Platypus intern story', summary = 'echidna' WHERE id = \(id)",
        ["platypus", "echidna"], []
      ),
      ("UPDATE entry SET description = 'numbat' WHERE slug = 'chatgpt'", ["numbat"], []),
      ("DELETE FROM entry WHERE id = \(id)", [], ["platypus", "echidna"]),
      ("DELETE FROM entry WHERE slug = 'chatgpt'", [], ["numbat"]),
    ]
    for step in steps {
      try execute(catalog, step.sql)
      #expect(try searchIndexProblem(catalog) == nil, "after \(step.sql)")
      for word in step.present { #expect(try !slugs(catalog, word).isEmpty, "\(word) after \(step.sql)") }
      for word in step.absent { #expect(try slugs(catalog, word).isEmpty, "\(word) after \(step.sql)") }
    }
  }

  @Test("an import that updates existing entries and their sources leaves the index exact")
  func importUpdatesStayExact() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let story = "bytedance-the-parent-company-of-tiktok-confirmed-firing-an"
    let json = """
      [{"kind": "story", "slug": "\(story)", "title": "Kestrel sabotage story",
        "sources": [{"n": 1, "title": "Falcon weekly", "excerpt": "harrier"},
                    {"n": 2, "title": "Osprey daily"}]},
       {"kind": "tool", "slug": "chatgpt", "title": "ChatGPT", "url": "https://chatgpt.com", "description": "albatross"},
       {"kind": "tool", "slug": "brand-new", "title": "Pelican", "url": "https://pelican.example"}]
      """
    #expect(try slugs(catalog, "culver") == [story])
    let summary = try TestCatalog.importText(json, name: "update.json", into: catalog, folder: folder) {
      $0.options.onConflict = .update
    }
    #expect(summary.updated == 2)
    #expect(summary.inserted == 1)
    #expect(try searchIndexProblem(catalog) == nil)
    #expect(try slugs(catalog, "kestrel") == [story])
    #expect(try slugs(catalog, "harrier") == [story])
    #expect(try slugs(catalog, "osprey") == [story])
    #expect(try slugs(catalog, "albatross") == ["chatgpt"])
    #expect(try slugs(catalog, "pelican") == ["brand-new"])
    // The story's twelve sources were replaced: their words are gone, and
    // its count of sources follows them.
    #expect(try slugs(catalog, "culver").isEmpty)
    #expect(try catalog.entry(slug: story)?.sourceCount == 2)
    var changes = EntryChanges()
    changes.summary = "Still editable"
    #expect(try catalog.edit(story, changes).sources.count == 2)
  }

  @Test("a dry run that would update entries leaves the index as it was")
  func dryRunLeavesIndex() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let json = #"[{"kind": "tool", "slug": "chatgpt", "title": "Cormorant", "url": "https://chatgpt.com"}]"#
    let summary = try TestCatalog.importText(json, name: "dry.json", into: catalog, folder: folder) {
      $0.options.onConflict = .update
      $0.options.dryRun = true
    }
    #expect(summary.updated == 1)
    #expect(try searchIndexProblem(catalog) == nil)
    #expect(try slugs(catalog, "cormorant").isEmpty)
    #expect(try slugs(catalog, "chatgpt").contains("chatgpt"))
  }

  @Test("check tells missing entries, deleted entries' leftovers and stale text apart; a rebuild mends all three")
  func checkAndRebuild() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    // Each corruption goes around the triggers, as a hand-written statement would.
    try execute(
      catalog,
      """
      INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
      SELECT 'delete', id, title, summary, description, sources, tags, audiences FROM entry_search_text
      WHERE id = (SELECT id FROM entry WHERE slug = 'claude')
      """)
    #expect(try searchIndexProblem(catalog)?.contains("1 entry is missing") == true)
    try catalog.rebuildSearchIndex()
    #expect(try searchIndexProblem(catalog) == nil)

    try execute(catalog, "DROP TRIGGER entry_fts_delete; DELETE FROM entry WHERE slug = 'claude'")
    #expect(try searchIndexProblem(catalog)?.contains("deleted entries") == true)
    try catalog.rebuildSearchIndex()
    #expect(try searchIndexProblem(catalog) == nil)

    try execute(catalog, "DROP TRIGGER entry_fts_update; UPDATE entry SET title = 'Gannet' WHERE slug = 'chatgpt'")
    let stale = try #require(try searchIndexProblem(catalog))
    #expect(stale.contains("stale"))
    #expect(stale.contains("--rebuild-search-index"))
    #expect(try slugs(catalog, "gannet").isEmpty)
    try catalog.rebuildSearchIndex()
    #expect(try searchIndexProblem(catalog) == nil)
    #expect(try slugs(catalog, "gannet") == ["chatgpt"])
  }

  @Test("a read-only connection's check finds stale text too, through a copy")
  func readOnlyCheck() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    try execute(catalog, "DROP TRIGGER entry_fts_update; UPDATE entry SET title = 'Gannet' WHERE slug = 'chatgpt'")
    var configuration = Configuration()
    configuration.readonly = true
    let path = folder.path("test.sqlite")
    let reader = Catalog(
      path: path, queue: try DatabaseQueue(path: path, configuration: configuration), readOnlyReason: "read-only",
      isReadOnlyConnection: true)
    #expect(try searchIndexProblem(reader)?.contains("stale") == true)
  }
}
