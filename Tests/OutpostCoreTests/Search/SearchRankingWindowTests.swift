import Foundation
import Testing

@testable import OutpostCore

@Suite("Search ranking window")
struct SearchRankingWindowTests {
  let folder = TemporaryFolder()

  /// `count` tools whose summaries say "zebra"; the first also has it in its title.
  func catalog(_ count: Int) throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    var rows = ["slug,title,url,summary,tags"]
    rows.append("zebra-first,Zebra Tool,https://z0.example,a zebra helper,first")
    for index in 1..<count {
      rows.append(
        "tool-\(index),Tool \(index),https://z\(index).example,a zebra helper \(index),\(index % 2 == 0 ? "even" : "odd")"
      )
    }
    try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "z.csv", into: catalog, folder: folder)
    return catalog
  }

  @Test("below the window every match is ranked: the title match comes first")
  func smallCatalogsRankEverything() throws {
    let hits = try catalog(300).search("zebra", limit: 5)
    #expect(hits.first?.entry.slug == "zebra-first")
  }

  @Test("past the window only the newest matches are ranked, and filters narrow before the window")
  func largeCatalogsRankTheNewest() throws {
    let catalog = try catalog(Catalog.rankingWindow + 100)
    let hits = try catalog.search("zebra", limit: 5)
    #expect(hits.count == 5)
    #expect(!hits.contains { $0.entry.slug == "zebra-first" })
    // A filter leaves fewer matches than the window: the oldest is ranked again.
    let filtered = try catalog.search("zebra", filter: EntryFilter(tags: ["first"]), limit: 5)
    #expect(filtered.map(\.entry.slug) == ["zebra-first"])
  }
}
