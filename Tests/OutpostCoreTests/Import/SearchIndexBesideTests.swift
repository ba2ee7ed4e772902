import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// A large import into an empty catalog builds its search index on a thread
/// of its own and copies it in (`SearchIndexBeside`). The index it leaves
/// must be the one the catalog would have built in place, term for term, and
/// every way the thread can fail must leave the import as it was before.
@Suite("Search index built beside an import")
struct SearchIndexBesideTests {
  let folder = TemporaryFolder()

  /// `count` entries as JSON, over a megabyte: tools and stories with
  /// sources, tags given out of order and twice, audiences by slug and by
  /// name and twice, empty and missing fields, words with accents.
  static func entries(_ count: Int) -> String {
    let audiences = ["bloggers", "Musicians", "small business owners", "writers", "researchers", "marketers"]
    let tags = ["zeta", "alpha", "Job Search", "music", "ai", "café-tools", "mid"]
    var items: [String] = []
    for number in 0..<count {
      let story = number % 5 == 0
      let tagList =
        (0..<(number % 4 + 1)).map { tags[(number * 3 + $0 * 5) % tags.count] } + [tags[number % tags.count]]
      let audienceList =
        (0..<(number % 3 + 1)).map { audiences[(number + $0 * 2) % audiences.count] }
        + (number % 7 == 0 ? [audiences[number % audiences.count]] : [])
      var fields = [
        #""kind": "\#(story ? "story" : "tool")""#, #""slug": "entry-\#(number)""#,
        #""title": "Entry \#(number) \"quoted\" Café \#(number % 13 == 0 ? "東京" : "newsletters")""#,
        #""url": "https://e\#(number).example/path""#,
        #""tags": [\#(tagList.map { "\"\($0)\"" }.joined(separator: ", "))]"#,
        #""audiences": [\#(audienceList.map { "\"\($0)\"" }.joined(separator: ", "))]"#,
        #""description": "\#(String(repeating: "word\(number % 17) naïve résumé editing ", count: 12))""#,
      ]
      if number % 3 != 0 { fields.append(#""summary": "Summary of entry \#(number) for musicians""#) }
      if story {
        let sources = (1...(number % 4 + 1)).reversed().map { n in
          #"{"n": \#(n), "title": "Source \#(n) of \#(number)", "publisher": "Daily \#(n)""#
            + (n % 2 == 0 ? #", "excerpt": "falcon excerpt \#(n)""# : "") + "}"
        }
        fields.append(#""sources": [\#(sources.joined(separator: ", "))]"#)
        fields.append(#""published_at": "2024-10-\#(String(format: "%02d", number % 28 + 1))T10:00:00Z""#)
      }
      items.append("{" + fields.joined(separator: ", ") + "}")
    }
    return "[\n" + items.joined(separator: ",\n") + "\n]\n"
  }

  func searchIndexProblem(_ catalog: Catalog) throws -> String? {
    try catalog.check().first { $0.check == "search index" }?.problem
  }

  /// Every term instance of the index, as one list.
  func instances(_ catalog: Catalog) throws -> [String] {
    try catalog.write { db in
      try db.execute(sql: "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, entry_fts, instance)")
      defer { try? db.execute(sql: "DROP TABLE temp.v") }
      return try String.fetchAll(
        db, sql: "SELECT term || ' ' || doc || ' ' || col || ' ' || offset FROM temp.v ORDER BY term, doc, col, offset")
    }
  }

  func slugs(_ catalog: Catalog, _ query: String) throws -> [String] {
    try catalog.search(query, limit: 10_000).map(\.entry.slug).sorted()
  }

  /// Stories with a second source, whose excerpt says "falcon".
  static let falcons = (0..<2_500).filter { $0 % 5 == 0 && $0 % 4 != 0 }.count

  /// Whether a scratch file of an import is beside `catalog`.
  func scratchExists(_ catalog: Catalog) -> Bool {
    let name = URL(fileURLWithPath: catalog.path).lastPathComponent + SearchIndexBeside.scratchPrefix
    return (try? FileManager.default.contentsOfDirectory(atPath: folder.url.path))?.contains { $0.hasPrefix(name) }
      ?? false
  }

  @Test("a large import into an empty catalog indexes beside it, term for term as in place, and leaves no scratch file")
  func sameIndexAsInPlace() throws {
    let json = Self.entries(2_500)
    #expect(json.utf8.count > SearchIndexBeside.smallInput)
    let beside = try TestCatalog.empty(in: folder, name: "beside.sqlite")
    let summary = try TestCatalog.importText(json, name: "big.json", into: beside, folder: folder)
    #expect(summary.inserted == 2_500)
    #expect(summary.indexedBeside)
    #expect(!scratchExists(beside))
    #expect(try searchIndexProblem(beside) == nil)
    // The same import indexed in place: one that may refuse rows hands
    // nothing over.
    let inPlace = try TestCatalog.empty(in: folder, name: "in-place.sqlite")
    let other = try TestCatalog.importText(json, name: "big2.json", into: inPlace, folder: folder) {
      $0.rejectsPath = folder.path("rejects.json")
    }
    #expect(!other.indexedBeside)
    #expect(other.inserted == 2_500)
    let besideTerms = try instances(beside)
    #expect(besideTerms.count > 100_000)
    #expect(besideTerms == (try instances(inPlace)))
    for word in ["newsletter", "falcon", "cafe", "東京", "job search", "musician", "small business", "edit"] {
      let found = try slugs(beside, word)
      #expect(!found.isEmpty, "\(word)")
      #expect(found == (try slugs(inPlace, word)), "\(word)")
    }
  }

  @Test("the connection that imported finds the entries, and its later edits keep the index exact")
  func sameConnectionAfterwards() throws {
    let catalog = try TestCatalog.empty(in: folder)
    // Reading the empty index first leaves FTS5 objects on this connection.
    #expect(try slugs(catalog, "newsletters").isEmpty)
    let summary = try TestCatalog.importText(Self.entries(2_500), name: "big.json", into: catalog, folder: folder)
    #expect(summary.indexedBeside)
    #expect(try slugs(catalog, "newsletters").count > 2_000)
    var changes = EntryChanges()
    changes.title = "Renamed to pelican"
    _ = try catalog.edit("entry-13", changes)
    _ = try catalog.add(Entry(kind: .tool, slug: "cormorant", title: "Cormorant", url: "https://cormorant.example"))
    try catalog.write { db in try db.execute(sql: "DELETE FROM entry WHERE slug = 'entry-26'") }
    #expect(try slugs(catalog, "pelican") == ["entry-13"])
    #expect(try slugs(catalog, "cormorant") == ["cormorant"])
    #expect(try !slugs(catalog, "東京").contains("entry-26"))
    #expect(try searchIndexProblem(catalog) == nil)
  }

  @Test("an import that fails leaves the catalog empty, its index exact and no scratch file")
  func failedImport() throws {
    let catalog = try TestCatalog.empty(in: folder)
    var json = Self.entries(2_500)
    json.removeLast(3)
    json += #", {"kind": "tool", "slug": "no-title"}]"# + "\n"
    #expect(throws: ImportFailure.self) {
      try TestCatalog.importText(json, name: "bad.json", into: catalog, folder: folder)
    }
    #expect(try catalog.count() == 0)
    #expect(!scratchExists(catalog))
    #expect(try searchIndexProblem(catalog) == nil)
    #expect(try slugs(catalog, "newsletters").isEmpty)
  }

  @Test("a scratch database that cannot be made makes the import index in place")
  func scratchFails() throws {
    let catalog = try TestCatalog.empty(in: folder)
    SearchIndexBeside.setFailing(catalog.path, true)
    defer { SearchIndexBeside.setFailing(catalog.path, false) }
    let summary = try TestCatalog.importText(Self.entries(2_500), name: "big.json", into: catalog, folder: folder)
    #expect(!summary.indexedBeside)
    #expect(summary.inserted == 2_500)
    #expect(!scratchExists(catalog))
    #expect(try searchIndexProblem(catalog) == nil)
    #expect(try slugs(catalog, "falcon").count == Self.falcons)
  }

  @Test("the scratch files of killed imports are removed by the next import, whichever way it indexes")
  func leftoversRemoved() throws {
    for (name, entries) in [("small.sqlite", 20), ("big.sqlite", 2_500)] {
      let catalog = try TestCatalog.empty(in: folder, name: name)
      for suffix in ["41-dead", "41-dead-journal"] {
        try Data("left by an import that was killed".utf8).write(
          to: URL(fileURLWithPath: catalog.path + SearchIndexBeside.scratchPrefix + suffix))
      }
      // Another catalog's scratch file, and a folder of that name, stay.
      let other = folder.path("other.sqlite" + SearchIndexBeside.scratchPrefix + "7-live")
      try Data().write(to: URL(fileURLWithPath: other))
      let folderOfThatName = catalog.path + SearchIndexBeside.scratchPrefix + "a-folder"
      try FileManager.default.createDirectory(atPath: folderOfThatName, withIntermediateDirectories: false)
      #expect(scratchExists(catalog))
      let summary = try TestCatalog.importText(
        Self.entries(entries), name: "\(name).json", into: catalog, folder: folder)
      #expect(summary.indexedBeside == (entries == 2_500))
      #expect(!FileManager.default.fileExists(atPath: catalog.path + SearchIndexBeside.scratchPrefix + "41-dead"))
      #expect(
        !FileManager.default.fileExists(atPath: catalog.path + SearchIndexBeside.scratchPrefix + "41-dead-journal"))
      #expect(FileManager.default.fileExists(atPath: other))
      #expect(FileManager.default.fileExists(atPath: folderOfThatName))
      try FileManager.default.removeItem(atPath: folderOfThatName)
      try FileManager.default.removeItem(atPath: other)
      #expect(!scratchExists(catalog))
      #expect(try searchIndexProblem(catalog) == nil)
    }
  }

  @Test("a small input, a catalog holding entries or a dry run index in place")
  func notBeside() throws {
    let small = try TestCatalog.empty(in: folder, name: "small.sqlite")
    #expect(
      try !TestCatalog.importText(Self.entries(20), name: "small.json", into: small, folder: folder).indexedBeside)
    let seeded = try TestCatalog.seeded(in: folder, name: "seeded.sqlite")
    let json = Self.entries(2_500)
    #expect(try !TestCatalog.importText(json, name: "big.json", into: seeded, folder: folder).indexedBeside)
    #expect(try searchIndexProblem(seeded) == nil)
    let dry = try TestCatalog.empty(in: folder, name: "dry.sqlite")
    let summary = try TestCatalog.importText(json, name: "big2.json", into: dry, folder: folder) {
      $0.options.dryRun = true
    }
    #expect(!summary.indexedBeside)
    #expect(try dry.count() == 0)
  }

  @Test("a row changed after its text was handed over makes the import index in place")
  func spoiled() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.write { db in
      let beside = try #require(
        try SearchIndexBeside.start(db, catalogPath: catalog.path, inputBytes: SearchIndexBeside.smallInput))
      beside.add(SearchIndexBeside.Row(id: 1, title: "Kestrel"))
      beside.spoil()
      #expect(try !beside.finish(into: db))
      beside.detach(db)
    }
    #expect(!scratchExists(catalog))
    #expect(try searchIndexProblem(catalog) == nil)
  }

  @Test("the text handed over is the view's: links in id order and once, sources in number order, none as NULL")
  func rowText() {
    var entry = Entry(kind: .story, slug: "s", title: "T", url: "https://s.example")
    entry.sources = [
      Source(n: 2, title: "Second", excerpt: "two"), Source(n: 1, title: "First"),
    ]
    let row = SearchIndexBeside.row(
      id: 7, entry, tags: [(9, "zeta"), (2, "alpha"), (9, "zeta")],
      audiences: [(3, "Writers"), (1, "Bloggers"), (3, "Writers")])
    #expect(row.tags == "alpha zeta")
    #expect(row.audiences == "Bloggers, Writers")
    #expect(row.sources == "First \nSecond two")
    let bare = SearchIndexBeside.row(id: 8, Entry(kind: .tool, slug: "b", title: "B"), tags: [], audiences: [])
    #expect(bare.tags == nil && bare.audiences == nil && bare.sources == nil && bare.summary == nil)
  }
}
