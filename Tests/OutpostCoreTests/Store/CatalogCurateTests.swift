import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// The curation operations on a real catalog, below the command line.
@Suite("Catalog curation")
struct CatalogCurateTests {
  let folder = TemporaryFolder()

  func tool(_ title: String, url: String = "https://example.com", slug: String = "") -> Entry {
    Entry(kind: .tool, slug: slug, title: title, url: url)
  }

  @Test("add derives a slug and makes it unique; a given slug that exists is refused")
  func addSlugs() throws {
    let catalog = try TestCatalog.empty(in: folder)
    #expect(try catalog.add(tool("Café AI")).slug == "cafe-ai")
    #expect(try catalog.add(tool("Café AI")).slug == "cafe-ai-2")
    #expect(try catalog.add(tool("Cafe AI!")).slug == "cafe-ai-3")
    #expect(throws: CatalogError.self) { try catalog.add(tool("Other", slug: "cafe-ai")) }
    #expect(try catalog.count() == 3)
  }

  @Test("add fills a tool's pricing and stamps added_at and updated_at")
  func addDefaults() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let stored = try catalog.add(tool("Plain"))
    #expect(stored.pricing == .unknown)
    #expect(stored.addedAt != nil && stored.addedAt == stored.updatedAt)
  }

  @Test("an unknown related story is refused with the nearest slug, and nothing is added")
  func relatedUnknown() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.add(Entry(kind: .story, slug: "big-news", title: "Big news"))
    var story = Entry(kind: .story, slug: "", title: "Follow-up")
    story.related = ["big-nwes"]
    let error = try #require(throws: CatalogError.self) { try catalog.add(story) }
    #expect(error.message.contains("did you mean 'big-news'"))
    #expect(try catalog.count() == 1)
  }

  @Test("edit changes only what it is given; an empty summary clears it; a story's url can be cleared")
  func edit() throws {
    let catalog = try TestCatalog.empty(in: folder)
    var original = tool("Keep")
    original.summary = "old"
    original.description = "stays"
    try catalog.add(original)
    var changes = EntryChanges()
    changes.summary = ""
    changes.pricing = .paid
    let edited = try catalog.edit("keep", changes)
    #expect(edited.summary == nil)
    #expect(edited.description == "stays")
    #expect(edited.pricing == .paid)
    try catalog.add(Entry(kind: .story, slug: "s", title: "S", url: "https://news.example/s"))
    var clear = EntryChanges()
    clear.url = ""
    #expect(try catalog.edit("s", clear).url == nil)
    #expect(throws: CatalogError.self) { try catalog.edit("keep", clear) }
    #expect(try catalog.entry(slug: "keep")?.url == "https://example.com")
  }

  @Test("an unknown slug is answered with the nearest one, or the completion of a slug cut short")
  func unknownSlug() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.add(tool("ChatGPT"))
    try catalog.add(Entry(kind: .story, slug: "bytedance-fires-an-intern", title: "B"))
    try catalog.add(Entry(kind: .story, slug: "bytedance-sues-an-intern", title: "C"))
    #expect(
      (try #require(throws: CatalogError.self) { try catalog.requireEntry("chatgtp") }).message
        == "no entry 'chatgtp'; did you mean 'chatgpt'?")
    #expect(
      (try #require(throws: CatalogError.self) { try catalog.requireEntry("bytedance-fi…") }).message
        .contains("did you mean 'bytedance-fires-an-intern'"))
    #expect(
      (try #require(throws: CatalogError.self) { try catalog.requireEntry("byted…n-intern") }).message
        .contains("did you mean one of 'bytedance-fires-an-intern', 'bytedance-sues-an-intern'"))
    #expect(
      (try #require(throws: CatalogError.self) { try catalog.requireEntry("byted…es-an-intern") }).message
        .hasSuffix("did you mean one of 'bytedance-fires-an-intern', 'bytedance-sues-an-intern'?"))
    #expect(
      (try #require(throws: CatalogError.self) { try catalog.requireEntry("byted…ires-an-intern") }).message
        .hasSuffix("did you mean 'bytedance-fires-an-intern'?"))
    let both = try #require(throws: CatalogError.self) { try catalog.requireEntry("bytedance") }
    #expect(both.message.contains("'bytedance-fires-an-intern', 'bytedance-sues-an-intern'"))
    #expect(
      (try #require(throws: CatalogError.self) { try catalog.requireEntry("zzzzzz") }).message
        .contains("`outpost list` shows the slugs"))
  }

  @Test("remove is all or none, and drops tags no longer used")
  func remove() throws {
    let catalog = try TestCatalog.empty(in: folder)
    var tagged = tool("Tagged")
    tagged.tags = ["lonely"]
    try catalog.add(tagged)
    #expect(throws: CatalogError.self) { try catalog.remove(["tagged", "missing"]) }
    #expect(try catalog.count() == 1)
    #expect(try catalog.remove(["tagged"]) == 1)
    #expect(try catalog.tagCounts().isEmpty)
  }

  @Test("retag reports what was already there or missing, and moves updated_at only on a change")
  func retag() throws {
    let catalog = try TestCatalog.empty(in: folder)
    var entry = tool("Tagged")
    entry.tags = ["a"]
    try catalog.add(entry)
    let old = "2020-01-01T00:00:00Z"
    try catalog.write { db in try db.execute(sql: "UPDATE entry SET updated_at = ?", arguments: [old]) }
    let same = try catalog.retag("tagged", tags: ["a"], audiences: [], remove: false)
    #expect(same.unchangedTags == ["a"])
    #expect(same.entry.updatedAt == old)
    let added = try catalog.retag("tagged", tags: ["b"], audiences: ["writers"], remove: false)
    #expect(added.entry.tags == ["a", "b"])
    #expect(added.entry.audiences == ["writers"])
    #expect(added.unchangedTags.isEmpty)
    #expect(added.entry.updatedAt != old)
    let removed = try catalog.retag("tagged", tags: ["a", "zzz"], audiences: ["artists"], remove: true)
    #expect(removed.entry.tags == ["b"])
    #expect(removed.unchangedTags == ["zzz"])
    #expect(removed.unchangedAudiences == ["artists"])
  }

  @Test("renaming a tag onto an existing one merges them in one step")
  func renameMerges() throws {
    let catalog = try TestCatalog.empty(in: folder)
    var one = tool("One")
    one.tags = ["summarization"]
    var two = tool("Two")
    two.tags = ["summarisation", "summarization"]
    var three = tool("Three")
    three.tags = ["summarisation"]
    for entry in [one, two, three] { try catalog.add(entry) }
    let old = "2020-01-01T00:00:00Z"
    try catalog.write { db in try db.execute(sql: "UPDATE entry SET updated_at = ?", arguments: [old]) }
    #expect(try catalog.renameTag("summarization", to: "summarisation") == 3)
    // Entries whose tags changed count as updated; the others do not.
    #expect(try catalog.entry(slug: "one")?.updatedAt != old)
    #expect(try catalog.entry(slug: "three")?.updatedAt == old)
    #expect(try catalog.tagCounts().map(\.name) == ["summarisation"])
    #expect(try catalog.entry(slug: "two")?.tags == ["summarisation"])
    let missing = try #require(throws: CatalogError.self) { try catalog.renameTag("summarizaton", to: "x") }
    #expect(missing.message.contains("did you mean 'summarisation'"))
  }

  @Test("audiences add refuses a slug or name input could confuse with an existing one")
  func addAudience() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.addAudience(slug: "podcasters", name: " Podcasters ")
    #expect(try catalog.audienceVocabulary().resolve("podcaster").name == "Podcasters")
    #expect(throws: CatalogError.self) { try catalog.addAudience(slug: "podcaster", name: "Pod people") }
    #expect(throws: CatalogError.self) { try catalog.addAudience(slug: "pods", name: "bloggers") }
    #expect(try catalog.audienceCounts().count == 9)
  }

  @Test("URLs that differ only by scheme, www. or a trailing slash are found as likely duplicates")
  func duplicateURLs() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.add(tool("Cafe", url: "https://www.cafe.ai/"))
    #expect(try catalog.slugs(withURLLike: "http://cafe.ai") == ["cafe"])
    #expect(try catalog.slugs(withURLLike: "https://cafe.ai/menu").isEmpty)
  }
}
