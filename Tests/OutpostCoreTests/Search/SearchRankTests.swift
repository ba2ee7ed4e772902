import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// `outpost_rank` against FTS5's own bm25 on a real file's tools: the same
/// scores for queries of several phrases, and for one phrase the same order
/// (bm25's scores are a constant multiple of its).
@Suite("Search rank: bm25 without the IDF walk for one phrase")
struct SearchRankTests {
  let folder = TemporaryFolder()

  func scores(_ catalog: Catalog, _ match: String) throws -> [(id: Int64, bm25: Double, rank: Double)] {
    try catalog.read { db in
      try SearchRank.register(db)
      let weights = Catalog.columnWeights
      return try Row.fetchAll(
        db,
        sql: """
          SELECT rowid, bm25(entry_fts, \(weights)) AS bm25, outpost_rank(entry_fts, \(weights)) AS rank
          FROM entry_fts WHERE entry_fts MATCH ? ORDER BY rowid
          """, arguments: [match]
      ).map { ($0["rowid"], $0["bm25"], $0["rank"]) }
    }
  }

  func catalog() throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    let text = try String(contentsOfFile: TestCatalog.fixture("realdata/autoventure/ai-tools.csv"), encoding: .utf8)
    _ = try TestCatalog.importText(text, name: "tools.csv", into: catalog, folder: folder)
    return catalog
  }

  @Test(
    "several phrases: bm25's scores exactly",
    arguments: ["\"ai\" \"writing\"", "\"image\" \"video\"", "\"music\" OR \"audio\""])
  func severalPhrases(match: String) throws {
    let rows = try scores(try catalog(), match)
    #expect(rows.count > 1)
    for row in rows { #expect(abs(row.bm25 - row.rank) <= 1e-9 * abs(row.bm25), "\(row)") }
  }

  @Test(
    "one phrase: bm25's order, its scores a constant multiple",
    arguments: ["\"ai\"", "\"music\"", "\"video\"", "\"writ\"*"])
  func onePhrase(match: String) throws {
    let rows = try scores(try catalog(), match)
    #expect(rows.count >= 3)
    #expect(Set(rows.map(\.rank)).count > 1, "the scores differ between rows")
    let ratio = rows[0].bm25 / rows[0].rank
    for row in rows { #expect(abs(row.bm25 / row.rank - ratio) <= 1e-9 * abs(ratio), "\(row)") }
    let byBM25 = rows.sorted { ($0.bm25, $0.id) < ($1.bm25, $1.id) }.map(\.id)
    let byRank = rows.sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }.map(\.id)
    #expect(byBM25 == byRank)
  }
}
