import Foundation
import GRDB
import Testing

@testable import OutpostCore

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `Catalog.buildSite`: the pages, the manifest, incremental builds that
/// give what a fresh build gives, and a folder it did not make left alone.
@Suite("Site: building")
struct SiteBuildTests {
  let folder = TemporaryFolder()

  func seeded() throws -> Catalog { try TestCatalog.seeded(in: folder) }

  @discardableResult
  func build(_ catalog: Catalog, _ name: String = "site", configure: (inout SiteOptions) -> Void = { _ in }) throws
    -> SiteReport
  {
    var options = SiteOptions(directory: folder.path(name))
    configure(&options)
    return try catalog.buildSite(options)
  }

  @Test("a build writes every page: home, search, audiences, tags, tools, stories, feeds, the stylesheet")
  func pages() throws {
    let catalog = try seeded()
    let report = try build(catalog)
    let site = SiteFolder(folder.path("site"))
    let files = Set(site.files)
    for path in ["index.html", "style.css", "search.html", "search/search.js", "search/index.js", "feed.xml"] {
      #expect(files.contains(path), "\(path)")
    }
    for entry in try catalog.entries() {
      #expect(files.contains(SitePaths.entry(entry.kind, entry.slug)), "\(entry.slug)")
    }
    for audience in try catalog.audienceVocabulary().audiences {
      #expect(files.contains("audiences/\(audience.slug).html") && files.contains("audiences/\(audience.slug).xml"))
    }
    for (tag, _) in try catalog.tagCounts() { #expect(files.contains(SitePaths.tag(tag)), "\(tag)") }
    #expect(!files.contains("sitemap.xml"), "a sitemap needs --base-url")
    #expect(report.written == files.count && report.files == files.count && report.unchanged == 0)
    #expect(report.entries == (try catalog.count()))
  }

  @Test("a second build of an unchanged catalog writes nothing")
  func secondBuild() throws {
    let catalog = try seeded()
    try build(catalog)
    let before = SiteFolder(folder.path("site")).contents
    let report = try build(catalog)
    #expect(report.written == 0 && report.removed == 0)
    #expect(report.unchanged == report.files && report.files == before.count, "every file counted as unchanged")
    #expect(SiteFolder(folder.path("site")).contents == before)
  }

  @Test("after edits, removals, additions and retagging, a rebuild equals a fresh build, byte for byte")
  func incrementalEqualsFresh() throws {
    let catalog = try seeded()
    try build(catalog)
    let tools = try catalog.entries(matching: EntryFilter(kinds: [.tool]))
    var changes = EntryChanges()
    changes.title = "Renamed Lyric Helper"
    changes.summary = "Now writes zanzibarish lyrics & \"hooks\"."
    _ = try catalog.edit(tools[0].slug, changes)
    _ = try catalog.remove([tools[1].slug])
    _ = try catalog.retag(tools[2].slug, tags: ["brand-new-tag"], audiences: ["musicians"], remove: false)
    _ = try catalog.add(
      Entry(
        kind: .story, slug: "fresh-story", title: "A fresh story", summary: "Quuxification [1]",
        description: "Body [1].", publishedAt: "2030-01-01T00:00:00Z", audiences: ["writers"], tags: ["news"],
        sources: [Source(n: 1, title: "A source", publisher: "BBC", url: "https://example.org/a")]))
    let report = try build(catalog)
    try build(catalog, "fresh")
    let incremental = SiteFolder(folder.path("site")).contents
    let fresh = SiteFolder(folder.path("fresh")).contents
    // Term chunks keep the ranges of the first build, so they are compared
    // by what they hold: each term's entries.
    let isTermFile = { (path: String) in path.hasPrefix("search/t-") || path == "search/index.js" }
    #expect(incremental.keys.filter { !isTermFile($0) }.sorted() == fresh.keys.filter { !isTermFile($0) }.sorted())
    for (path, bytes) in fresh where !isTermFile(path) && incremental[path] != bytes {
      Issue.record("\(path) differs from a fresh build")
    }
    #expect(try SiteFolder(folder.path("site")).allTerms() == SiteFolder(folder.path("fresh")).allTerms())
    #expect(report.removed >= 1 && report.written < fresh.count / 2)
    #expect(!incremental.keys.contains(SitePaths.entry(.tool, tools[1].slug)))
    #expect(try SiteFolder(folder.path("site")).searchIDs(term: "zanzibarish").count == 1)
  }

  @Test("after one edit, and after a second, a rebuild's search terms equal a fresh build's")
  func oneEditTermsEqualFresh() throws {
    let catalog = try seeded()
    try build(catalog)
    let tools = try catalog.entries(matching: EntryFilter(kinds: [.tool]))
    for (round, tool) in tools.prefix(2).enumerated() {
      // One entry changed: its chunks are found by their terms' counts alone.
      var changes = EntryChanges()
      changes.title = "Quixotic \(round) helper"
      changes.summary = "Gone are the old words; zanzibarish \(round) stays."
      _ = try catalog.edit(tool.slug, changes)
      let report = try build(catalog)
      let fresh = "fresh-\(round)"
      try build(catalog, fresh)
      #expect(try SiteFolder(folder.path("site")).allTerms() == SiteFolder(folder.path(fresh)).allTerms())
      #expect(try SiteFolder(folder.path("site")).searchIDs(term: "zanzibarish").count == round + 1)
      #expect(report.written < SiteFolder(folder.path(fresh)).contents.count / 2)
    }
  }

  @Test("the search index is made beside the pages, and equals one made after them byte for byte")
  func searchAside() throws {
    let catalog = try seeded()
    let report = try build(catalog)
    #expect(report.searchAside, "a catalog file gets a second connection for its search index")
    // The same build with the index made on the build's own connection.
    let serial = try catalog.withConnection { db in
      try db.beginTransaction(.deferred)
      defer { try? db.rollback() }
      return try SiteBuild(options: SiteOptions(directory: folder.path("serial")), db: db, progress: nil).run()
    }
    #expect(!serial.searchAside)
    #expect(SiteFolder(folder.path("site")).contents == SiteFolder(folder.path("serial")).contents)
    #expect(try SiteFolder(folder.path("site")).searchIDs(term: "music").count > 0)
  }

  @Test("a commit between the second connection's snapshot and the build's: the index is made in the build's")
  func searchAsideSeesAnotherSnapshot() throws {
    let catalog = try seeded()
    let path = catalog.path
    SearchAside.setAfterSnapshot(path) {
      // Another process's commit, after the second connection took its
      // snapshot and before the build's transaction began.
      let other = try! Catalog.open(at: path, options: CatalogOpenOptions(forWriting: true, newContent: .empty)).0
      _ = try! other.add(
        Entry(
          kind: .tool, slug: "late-tool", title: "Late tool", url: "https://late-tool.example.org",
          summary: "Arrives zanzibarish and late.",
          audiences: ["writers"], tags: ["writing"]))
    }
    defer { SearchAside.setAfterSnapshot(path, nil) }
    let report = try build(catalog)
    #expect(!report.searchAside, "the two connections read different catalogs")
    let site = SiteFolder(folder.path("site"))
    #expect(site.files.contains(SitePaths.entry(.tool, "late-tool")))
    #expect(try site.searchIDs(term: "zanzibarish").count == 1, "the index holds what the pages show")
  }

  @Test("a folder holding files but no manifest is refused, and left as it was")
  func foreignFolder() throws {
    let catalog = try seeded()
    let path = folder.path("mine")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    try Data("keep".utf8).write(to: URL(fileURLWithPath: path + "/index.html"))
    #expect {
      try build(catalog, "mine")
    } throws: { error in
      "\(error)".contains("is not empty and was not made by `outpost site`")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["index.html"])
    #expect(FileManager.default.contents(atPath: path + "/index.html") == Data("keep".utf8))
  }

  @Test("files the site did not write survive rebuilds, even beside its pages")
  func othersFiles() throws {
    let catalog = try seeded()
    try build(catalog)
    let mine = folder.path("site/tools/notes.html")
    let alsoMine = folder.path("site/CNAME")
    try Data("mine".utf8).write(to: URL(fileURLWithPath: mine))
    try Data("example.org".utf8).write(to: URL(fileURLWithPath: alsoMine))
    let tools = try catalog.entries(matching: EntryFilter(kinds: [.tool]))
    _ = try catalog.remove(tools.map(\.slug))
    let report = try build(catalog)
    #expect(report.removed >= tools.count)
    #expect(FileManager.default.contents(atPath: mine) == Data("mine".utf8))
    #expect(FileManager.default.contents(atPath: alsoMine) == Data("example.org".utf8))
  }

  @Test("a build stopped half way leaves a journal of the files it created; the next build owns and tidies them")
  func journal() throws {
    let catalog = try seeded()
    try build(catalog)
    let site = folder.path("site")
    try Data("half".utf8).write(to: URL(fileURLWithPath: site + "/tools/ghost.html"))
    let journal = try FileHandle(forWritingTo: URL(fileURLWithPath: site + "/.outpost-site/journal"))
    try journal.write(contentsOf: Data("tools/ghost.html\n".utf8))
    try journal.close()
    let report = try build(catalog)
    #expect(report.removed == 1)
    #expect(!FileManager.default.fileExists(atPath: site + "/tools/ghost.html"))
    let leftovers = SiteFolder(site).files.filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
    #expect(leftovers.isEmpty, "no temporary file is left behind: \(leftovers)")
    #expect(FileManager.default.contents(atPath: site + "/.outpost-site/journal")?.isEmpty == true)
  }

  @Test("the search index finds exactly what `search` finds, word by word")
  func searchMatchesCatalog() throws {
    let catalog = try seeded()
    try build(catalog)
    let site = SiteFolder(folder.path("site"))
    // The index holds each word as the catalog's tokenizer wrote it (a stem
    // with "porter"): the browser folds and stems a query the same way.
    let tokenizer = try catalog.read { db in
      SiteSearchIndex.tokenizer(
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'entry_fts'") ?? "")
    }
    let terms = try DatabaseQueue().write { db -> [String] in
      try db.execute(sql: "CREATE VIRTUAL TABLE f USING fts5(x, tokenize = '\(tokenizer)')")
      try db.execute(sql: "CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)")
      try db.execute(sql: "INSERT INTO f (x) VALUES ('music intern bytedance image research the')")
      return try String.fetchAll(db, sql: "SELECT term FROM v ORDER BY offset")
    }
    for (word, term) in zip(["music", "intern", "bytedance", "image", "research", "the"], terms) {
      let expected = Set(try catalog.search(word, limit: 100_000).map(\.entry.slug))
      let ids = try site.searchIDs(term: term)
      let found = try catalog.read { db in
        try Set(
          String.fetchAll(
            db, sql: "SELECT slug FROM entry WHERE id IN (\(ids.map(String.init).joined(separator: ",")))"))
      }
      #expect(found == expected, "\(word)")
    }
  }

  @Test("filters choose what is published; every link still points at a page of the site")
  func filtered() throws {
    let catalog = try seeded()
    try build(catalog) { $0.filter = EntryFilter(audiences: ["musicians"]) }
    let site = SiteFolder(folder.path("site"))
    let expected = try catalog.entries(matching: EntryFilter(audiences: ["musicians"]))
    let pages = site.files.filter { $0.hasPrefix("tools/") || $0.hasPrefix("stories/") }
    #expect(pages.sorted() == expected.map { SitePaths.entry($0.kind, $0.slug) }.sorted())
  }

  @Test("--base-url writes a sitemap of every page and absolute links in feeds")
  func sitemap() throws {
    let catalog = try seeded()
    try build(catalog) { $0.baseURL = "https://example.org/ai/" }
    let site = SiteFolder(folder.path("site"))
    let sitemap = site.text("sitemap.xml")
    let pages = site.files.filter { $0.hasSuffix(".html") }
    #expect(pages.allSatisfy { sitemap.contains("<loc>https://example.org/ai/\($0)</loc>") })
    #expect(site.text("feed.xml").contains("href=\"https://example.org/ai/stories/"))
  }

  @Test("a template in --templates replaces the built-in one; a broken one is refused with its line")
  func templates() throws {
    let catalog = try seeded()
    let custom = folder.path("templates")
    try FileManager.default.createDirectory(atPath: custom, withIntermediateDirectories: true)
    try Data("{{<layout}}{{$main}}<h1>Custom {{title}}</h1>{{/main}}{{/layout}}".utf8)
      .write(to: URL(fileURLWithPath: custom + "/tool.mustache"))
    try build(catalog) { $0.templatesDirectory = custom }
    let tool = try #require(try catalog.entries(matching: EntryFilter(kinds: [.tool])).first)
    #expect(
      SiteFolder(folder.path("site")).text(SitePaths.entry(.tool, tool.slug)).contains("<h1>Custom \(tool.title)</h1>"))
    try Data("line one\n{{#open}} never closed".utf8).write(to: URL(fileURLWithPath: custom + "/story.mustache"))
    #expect {
      try build(catalog, "other") { $0.templatesDirectory = custom }
    } throws: { error in
      "\(error)".contains("story.mustache:2:")
    }
    try Data("x".utf8).write(to: URL(fileURLWithPath: custom + "/stroy.mustache"))
    try FileManager.default.removeItem(atPath: custom + "/story.mustache")
    #expect {
      try build(catalog, "third") { $0.templatesDirectory = custom }
    } throws: { error in
      "\(error)".contains("stroy.mustache is not one of the site's templates")
    }
  }

  @Test("hostile text stays text in every page, script and feed; feeds parse as XML")
  func hostileText() throws {
    let catalog = try seeded()
    _ = try catalog.add(
      Entry(
        kind: .tool, slug: "hostile", title: "<script>alert(1)</script>", url: "https://example.org/x",
        summary: "Says \"hi\" & <b>bye</b>\u{1}", pricing: .free, audiences: ["artists"], tags: ["<i>tag</i>"]))
    try build(catalog)
    let site = SiteFolder(folder.path("site"))
    for path in site.files {
      let text = site.text(path)
      #expect(!text.contains("<script>alert"), "\(path)")
      #expect(!text.contains("<b>bye"), "\(path)")
      #expect(!text.contains("<i>tag"), "\(path)")
      #expect(!text.contains("\u{1}"), "\(path)")
      if path.hasSuffix(".xml") {
        let parser = XMLParser(data: Data(text.utf8))
        #expect(parser.parse(), "\(path): \(parser.parserError.map { "\($0)" } ?? "")")
      }
    }
    #expect(site.text("tools/hostile.html").contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
  }
}
