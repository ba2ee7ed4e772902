import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// The footer's count split in two by rowid, the upper half on a second
/// connection: it must equal the count made whole.
@Suite("Search count: split across two connections")
struct SearchCountTests {
  let folder = TemporaryFolder()

  /// 600 tools, every third with "zebra" in its summary and every fifth tagged "five".
  func catalog() throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    var rows = ["slug,title,url,summary,tags"]
    for index in 0..<600 {
      let words = index % 3 == 0 ? "a zebra helper" : "a helper"
      rows.append(
        "tool-\(index),Tool \(index),https://z\(index).example,\(words) \(index),\(index % 5 == 0 ? "five" : "other")")
    }
    try TestCatalog.importText(rows.joined(separator: "\n") + "\n", name: "z.csv", into: catalog, folder: folder)
    return catalog
  }

  @Test("split or whole, with or without a filter, the same count")
  func splitEqualsWhole() throws {
    let catalog = try catalog()
    let cases: [(String, [DatabaseValueConvertible], Int)] = [
      ("SELECT count(*) FROM entry_fts f WHERE entry_fts MATCH ?", ["zebra"], 200),
      (
        "SELECT count(*) FROM entry_fts f JOIN entry e ON e.id = f.rowid WHERE entry_fts MATCH ? AND "
          + "EXISTS (SELECT 1 FROM entry_tag l WHERE l.entry_id = e.id AND l.tag_id = (SELECT id FROM tag WHERE name = ?))",
        ["zebra", "five"], 40
      ),
      ("SELECT count(*) FROM entry_fts f WHERE entry_fts MATCH ?", ["helper"], 600),
      ("SELECT count(*) FROM entry_fts f WHERE entry_fts MATCH ?", ["nothing"], 0),
    ]
    for (sql, arguments, expected) in cases {
      let (split, whole) = try catalog.read { db -> (Int, Int) in
        var count = SearchCount(sql: sql, arguments: StatementArguments(arguments))
        count.splitThreshold = 10
        let split = try count.run(db, catalog: catalog)
        count.splitThreshold = .max
        return (split, try count.run(db, catalog: catalog))
      }
      #expect(split == expected, "\(sql)")
      #expect(whole == expected, "\(sql)")
    }
  }

  @Test("the footer's total through searchPage equals the number of hits")
  func pageTotal() throws {
    let catalog = try catalog()
    let page = try catalog.searchPage("zebra", limit: 5)
    #expect(page.total == 200)
    #expect(try catalog.search("zebra", limit: 1_000).count == 200)
  }
}
