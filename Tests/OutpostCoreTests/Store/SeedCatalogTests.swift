import Foundation
import Testing

@testable import OutpostCore

@Suite("The starter catalog")
struct SeedCatalogTests {
  let folder = TemporaryFolder()

  @Test("at least 40 real tools with https URLs, summaries, pricing, audiences and tags")
  func toolsAreComplete() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let tools = try catalog.entries(matching: EntryFilter(kinds: [.tool]))
    #expect(tools.count >= 40)
    for tool in tools {
      #expect(tool.url?.hasPrefix("https://") == true, "\(tool.slug)")
      #expect(tool.summary?.isEmpty == false, "\(tool.slug)")
      #expect(tool.pricing != nil && tool.pricing != .unknown, "\(tool.slug)")
      #expect(!tool.audiences.isEmpty, "\(tool.slug)")
      #expect(!tool.tags.isEmpty, "\(tool.slug)")
    }
  }

  @Test("every audience has at least five tools")
  func everyAudienceServed() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    for audience in try catalog.audienceCounts() {
      let tools = try catalog.count(matching: EntryFilter(kinds: [.tool], audiences: [audience.slug]))
      #expect(tools >= 5, "\(audience.slug) has \(tools) tools")
    }
  }

  @Test("the ByteDance story with its 12 sources, cited body, date and five related stories")
  func storyFromTheSeedPage() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let stories = try catalog.entries(matching: EntryFilter(kinds: [.story]))
    let story = try #require(stories.first { $0.sources.count == 12 })
    #expect(story.publishedAt == "2024-10-21T16:01:00Z")
    #expect(story.sourceCount == 12)
    #expect(story.sources.map(\.n) == Array(1...12))
    #expect(story.sources[2].publisher == "Softonic")
    #expect(story.description?.contains("[1]") == true)
    #expect(story.description?.contains("[5]") == true)
    #expect(story.related.count == 5)
    let related = try story.related.map { try #require(try catalog.entry(slug: $0)) }
    #expect(Set(related.compactMap(\.sourceCount)) == [3, 4, 10])
    #expect(related.allSatisfy { $0.kind == .story && $0.summary != nil && $0.sources.isEmpty })
  }

  @Test("the seed passes every check")
  func seedChecksOut() throws {
    let catalog = try TestCatalog.seeded(in: folder)
    let failed = try catalog.check().filter { !$0.passed }
    #expect(failed.isEmpty, "\(failed)")
  }
}
