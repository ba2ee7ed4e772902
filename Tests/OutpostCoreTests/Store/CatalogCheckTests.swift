import Foundation
import GRDB
import Testing

@testable import OutpostCore

@Suite("check and backup")
struct CatalogCheckTests {
  let folder = TemporaryFolder()

  func broken(_ sql: String) throws -> [CheckFinding] {
    _ = try TestCatalog.seeded(in: folder)
    let queue = try DatabaseQueue(path: folder.path("test.sqlite"))
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA foreign_keys = OFF")
      try db.execute(sql: sql)
    }
    try queue.close()
    let (catalog, _) = try Catalog.open(at: folder.path("test.sqlite"), options: CatalogOpenOptions(forWriting: false))
    return try catalog.check()
  }

  @Test("broken foreign keys are found")
  func brokenForeignKeys() throws {
    let findings = try broken("INSERT INTO entry_tag (entry_id, tag_id) VALUES (999999, 888888)")
    let links = try #require(findings.first { $0.check.hasPrefix("links") })
    #expect(links.problem?.contains("entry_tag") == true)
  }

  @Test("a search index out of step with the entries is found")
  func staleSearchIndex() throws {
    let findings = try broken("UPDATE entry_fts SET title = 'something else' WHERE rowid = (SELECT min(id) FROM entry)")
    let index = try #require(findings.first { $0.check == "search index" })
    #expect(index.problem?.contains("stale") == true)
  }

  @Test("an entry missing from the search index is found")
  func missingFromIndex() throws {
    let findings = try broken("DELETE FROM entry_fts WHERE rowid = (SELECT min(id) FROM entry)")
    #expect(findings.first { $0.check == "search index" }?.problem?.contains("missing") == true)
  }

  @Test("the index follows edits, source changes and removals")
  func indexFollowsChanges() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    var changes = EntryChanges()
    changes.title = "ChatGPT by OpenAI"
    try catalog.edit("chatgpt", changes)
    let story = try #require(try catalog.entries(matching: EntryFilter(kinds: [.story])).first { !$0.sources.isEmpty })
    try catalog.remove([story.slug, "claude"])
    #expect(try catalog.check().allSatisfy(\.passed))
    #expect(try catalog.search("OpenAI").contains { $0.entry.slug == "chatgpt" })
  }

  @Test("backup writes a complete, standalone copy and refuses to overwrite")
  func backupCopies() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let copy = folder.path("copy.sqlite")
    try catalog.backup(to: copy)
    let (restored, _) = try Catalog.open(at: copy, options: CatalogOpenOptions(forWriting: false))
    #expect(try restored.count() == catalog.count())
    #expect(try restored.check().allSatisfy(\.passed))
    #expect(throws: CatalogError.self) { try catalog.backup(to: copy) }
  }
}
