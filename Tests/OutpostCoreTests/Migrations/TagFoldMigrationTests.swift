import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// Migration 0006: tags stored before version 6 take the normal form of
/// DESIGN (punctuation and diacritics folded), merging those that meet.
@Suite("Migration 0006: tags fold punctuation and diacritics")
struct TagFoldMigrationTests {
  let folder = TemporaryFolder()

  /// A catalog at version 5 holding tags as version 5 stored them (the
  /// library's `add` stores tags as given; version 5's import kept
  /// punctuation and accents).
  func versionFiveCatalog() throws -> String {
    let path = folder.path("v5.sqlite")
    let upToFive = Array(EmbeddedCatalogFiles.migrations.prefix(5))
    #expect(upToFive.map(\.version) == [1, 2, 3, 4, 5])
    let (old, _) = try Catalog.open(
      at: path, options: CatalogOpenOptions(forWriting: true, newContent: .empty, migrations: upToFive))
    func tool(_ slug: String, _ tags: [String]) throws {
      _ = try old.add(
        Entry(
          kind: .tool, slug: slug, title: slug.capitalized, url: "https://\(slug).example", pricing: .free, tags: tags))
    }
    try tool("quill", ["editor's-choice", "planning-&-development", "writing"])
    try tool("ink", ["editors-choice", "café"])
    try tool("latte", ["café", "cafe\u{301}-bar", "&"])
    try tool("mocha", ["cafe", "café"])
    try tool("plain", ["writing"])
    try old.queue.close()
    return path
  }

  func tagged(_ catalog: Catalog, _ tag: String) throws -> [String] {
    try catalog.entries(matching: EntryFilter(tags: [tag])).map(\.slug).sorted()
  }

  @Test("stored tags take the new form; tags that meet merge with the union of their entries")
  func foldsAndMerges() throws {
    let (catalog, report) = try Catalog.open(
      at: try versionFiveCatalog(), options: CatalogOpenOptions(forWriting: true))
    #expect(report.applied.map(\.version).contains(6))
    let names = try catalog.tagCounts().map(\.name)
    #expect(Set(names) == ["editors-choice", "planning-development", "writing", "cafe", "cafe-bar"])
    #expect(names.allSatisfy { TagName.isNormal($0) }, "\(names)")
    #expect(try tagged(catalog, "editors-choice") == ["ink", "quill"])
    #expect(try tagged(catalog, "planning-development") == ["quill"])
    // `café` (ink, latte, mocha) and `cafe` (mocha) meet; mocha keeps one link.
    #expect(try tagged(catalog, "cafe") == ["ink", "latte", "mocha"])
    #expect(try catalog.entry(slug: "mocha")?.tags == ["cafe"])
    // A tag with nothing left of it (`&`) is gone; the entry keeps its others.
    #expect(try catalog.entry(slug: "latte")?.tags.sorted() == ["cafe", "cafe-bar"])
    let links = try catalog.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM entry_tag") ?? 0
    }
    #expect(links == 3 + 2 + 2 + 1 + 1)
    let findings = try catalog.check()
    #expect(findings.allSatisfy { $0.problem == nil }, "\(findings)")
  }

  @Test("the search index follows: entries are found by their new tags and no longer by the old")
  func searchFollows() throws {
    let (catalog, _) = try Catalog.open(at: try versionFiveCatalog(), options: CatalogOpenOptions(forWriting: true))
    let finding = try #require(try catalog.check().first { $0.check == "search index" })
    #expect(finding.problem == nil)
    func found(_ query: String) throws -> [String] {
      try catalog.search(query, limit: 100).map(\.entry.slug).sorted()
    }
    #expect(try found("editors") == ["ink", "quill"])
    #expect(try found("\"planning development\"") == ["quill"])
    #expect(try found("cafe") == ["ink", "latte", "mocha"])
    // Version 5 indexed `editor's-choice` as the words `editor`, `s` and
    // `choice`: the stray `s` left the index with the old name.
    #expect(try found("s").isEmpty)
  }

  @Test("a catalog whose tags are already normal is left as it was")
  func normalTagsUntouched() throws {
    let path = folder.path("normal.sqlite")
    let upToFive = Array(EmbeddedCatalogFiles.migrations.prefix(5))
    let (old, _) = try Catalog.open(
      at: path, options: CatalogOpenOptions(forWriting: true, newContent: .seed, migrations: upToFive))
    let before = try old.tagCounts().map { "\($0.name)=\($0.count)" }
    try old.queue.close()
    let (catalog, _) = try Catalog.open(at: path, options: CatalogOpenOptions(forWriting: true))
    #expect(try catalog.tagCounts().map { "\($0.name)=\($0.count)" } == before)
    #expect(!before.isEmpty)
  }
}
