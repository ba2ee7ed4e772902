import Foundation
import Testing

@testable import OutpostCore

@Suite("Link results in the catalog: targets, --link filters, counts")
struct LinkStoreTests {
  let folder = TemporaryFolder()

  func catalog() throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder)
    try TestCatalog.importText(
      """
      kind,slug,title,url,pricing,tags
      tool,alpha,Alpha,https://alpha.example/,free,video
      tool,alpha-again,Alpha again,http://www.alpha.example,free,video
      tool,beta,Beta,https://beta.example/app,free,audio
      tool,gamma,Gamma,https://gamma.example/,free,audio
      """, name: "tools.csv", into: catalog, folder: folder)
    return catalog
  }

  @Test("targets group URLs by normalised key and follow the filter")
  func targets() throws {
    let catalog = try catalog()
    let all = try catalog.linkTargets(matching: EntryFilter()).targets
    #expect(all.map(\.key) == ["alpha.example", "beta.example/app", "gamma.example"])
    #expect(all[0].urls == ["http://www.alpha.example", "https://alpha.example/"])
    let video = try catalog.linkTargets(matching: EntryFilter(tags: ["video"])).targets
    #expect(video.map(\.key) == ["alpha.example"])
  }

  @Test("recent results are skipped only when every URL of the key is recent")
  func recheckAfter() throws {
    let catalog = try catalog()
    let all = try catalog.linkTargets(matching: EntryFilter()).targets
    let now = Date()
    try catalog.saveLinkResults([(all[1], LinkObservation(status: .ok, httpStatus: 200))], now: now)
    let partial = LinkTarget(key: all[0].key, urls: [all[0].urls[0]])
    try catalog.saveLinkResults([(partial, LinkObservation(status: .ok, httpStatus: 200))], now: now)
    let (targets, recent) = try catalog.linkTargets(matching: EntryFilter(), checkedSince: now.addingTimeInterval(-60))
    #expect(targets.map(\.key) == ["alpha.example", "gamma.example"])
    #expect(recent == 1)
    let later = try catalog.linkTargets(matching: EntryFilter(), checkedSince: now.addingTimeInterval(60))
    #expect(later.targets.count == 3 && later.recent == 0)
  }

  @Test("--link matches an entry's own URL's status; unchecked is no record; skipBroken leaves broken out")
  func filters() throws {
    let catalog = try catalog()
    let all = try catalog.linkTargets(matching: EntryFilter()).targets
    try catalog.saveLinkResults([
      (all[0], LinkObservation(status: .ok, httpStatus: 200)),
      (all[1], LinkObservation(status: .broken, httpStatus: 404, failure: .http, detail: "HTTP 404 not found")),
    ])
    func slugs(_ filter: EntryFilter) throws -> [String] { try catalog.entries(matching: filter).map(\.slug) }
    #expect(try slugs(EntryFilter(links: [.ok])) == ["alpha", "alpha-again"])
    #expect(try slugs(EntryFilter(links: [.broken])) == ["beta"])
    #expect(try slugs(EntryFilter(links: [.unchecked])) == ["gamma"])
    #expect(try slugs(EntryFilter(links: [.broken, .unchecked])) == ["beta", "gamma"])
    #expect(try slugs(EntryFilter(tags: ["audio"], links: [.ok])) == [])
    #expect(try slugs(EntryFilter(skipBroken: true)) == ["alpha", "alpha-again", "gamma"])
    #expect(try catalog.brokenEntrySlugs() == ["beta"])
    let counts = Dictionary(uniqueKeysWithValues: try catalog.linkCounts().map { ($0.status, $0.count) })
    #expect(counts == [.ok: 2, .redirected: 0, .blocked: 0, .failing: 0, .broken: 1, .unchecked: 1])
    let report = try catalog.linkReport(statuses: [.broken, .unchecked])
    #expect(report.map(\.url) == ["https://beta.example/app", "https://gamma.example/"])
    #expect(report[0].slugs == ["beta"] && report[0].record?.detail == "HTTP 404 not found")
  }

  @Test("the schema refuses a record that contradicts itself")
  func schemaRules() throws {
    let catalog = try catalog()
    let bad = [
      "INSERT INTO link_check (url, url_key, checked_at, status) VALUES ('https://a/', 'a', '2026-01-01T00:00:00Z', 'gone')",
      "INSERT INTO link_check (url, url_key, checked_at, status) VALUES ('https://a/', 'a', '2026-01-01T00:00:00Z', 'broken')",
      "INSERT INTO link_check (url, url_key, checked_at, status, failure) VALUES ('https://a/', 'a', '2026-01-01T00:00:00Z', 'ok', 'dns')",
      "INSERT INTO link_check (url, url_key, checked_at, status) VALUES ('ftp://a/', 'a', '2026-01-01T00:00:00Z', 'ok')",
      "INSERT INTO link_check (url, url_key, checked_at, status, moved_to) VALUES ('https://a/', 'a', '2026-01-01T00:00:00Z', 'ok', 'https://b/')",
    ]
    for sql in bad {
      #expect(throws: (any Error).self, "\(sql)") { try catalog.write { try $0.execute(sql: sql) } }
    }
  }
}
