import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// The likely-duplicate URL lookup of `add` and of imports into a large
/// catalog, answered by the index of migration 0005.
@Suite("URL key index")
struct URLKeyIndexTests {
  let folder = TemporaryFolder()

  func tool(_ slug: String, _ url: String) -> Entry { Entry(kind: .tool, slug: slug, title: slug, url: url) }

  @Test("the lookup uses the index rather than reading every entry")
  func usesTheIndex() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let plan = try catalog.read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + URLKeyIndex.candidatesSQL, arguments: ["cafe.ai"])
        .map { $0["detail"] as String }.joined(separator: "\n")
    }
    #expect(plan.contains("USING INDEX entry_by_url_key"), "plan: \(plan)")
    #expect(!plan.contains("SCAN entry"), "plan: \(plan)")
  }

  @Test(
    "finds the same URL whatever its scheme, www., trailing slashes or host case, and nothing else",
    arguments: [
      ("http://cafe.ai", ["cafe"]), ("https://CAFE.ai/", ["cafe"]), ("https://www.cafe.ai//", ["cafe"]),
      ("HTTP://WWW.Cafe.AI", ["cafe"]), ("https://cafe.ai/menu", ["cafe-menu"]), ("https://cafe.aim", []),
      ("https://wwwcafe.ai", []), ("https://www.cafe.ai/Menu", []),
    ])
  func variants(url: String, slugs: [String]) throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.add(tool("cafe", "https://www.cafe.ai/"))
    try catalog.add(tool("cafe-menu", "https://cafe.ai/menu"))
    #expect(try catalog.slugs(withURLLike: url) == slugs)
  }

  @Test("a path differing only in case is a candidate of the index but not a duplicate")
  func pathCaseIsKept() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.add(tool("upper", "https://cafe.ai/Menu"))
    try catalog.add(tool("lower", "https://cafe.ai/menu"))
    #expect(try catalog.slugs(withURLLike: "http://www.cafe.ai/Menu/") == ["upper"])
    #expect(try catalog.slugs(withURLLike: "https://CAFE.AI/menu") == ["lower"])
  }

  @Test("a small import into a large catalog reports a duplicate of an entry it did not read into memory")
  func importIntoLargeCatalog() throws {
    let catalog = try TestCatalog.empty(in: folder)
    // More entries than DeferredIndexes.smallCatalog, so the import keeps the
    // indexes and asks the URL index instead of reading every URL.
    var csv = "kind,slug,title,url,pricing\n"
    for i in 0..<Int(DeferredIndexes.smallCatalog) + 10 { csv += "tool,t-\(i),T \(i),https://t\(i).example/,free\n" }
    try TestCatalog.importText(csv, name: "many.csv", into: catalog, folder: folder)
    let summary = try TestCatalog.importText(
      "kind,slug,title,url,pricing\ntool,again,Again,http://www.T77.example,free\ntool,twice,Twice,https://new.example,free\n"
        + "tool,thrice,Thrice,https://new.example/,free\n",
      name: "few.csv", into: catalog, folder: folder)
    #expect(summary.inserted == 3)
    #expect(summary.notices.total == 2)
    #expect(summary.notices.lines.contains { $0.contains("is also the url of 't-77'") })
    #expect(summary.notices.lines.contains { $0.contains("is also the url of 'twice'") })
  }
}
