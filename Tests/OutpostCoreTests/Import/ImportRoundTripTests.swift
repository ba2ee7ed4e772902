import Foundation
import Testing

@testable import OutpostCore

/// DESIGN's lossless round trip: export a catalog, import it into an empty
/// one, export again: the same bytes in every format, stories and sources
/// included. Run on the seed and on the benchmark generator's output.
@Suite("Import: lossless round trip")
struct ImportRoundTripTests {
  let folder = TemporaryFolder()

  /// The repository's root, from this file's place in it.
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The shared benchmark generator beside the repository, when present.
  static var sharedGenerator: String? {
    let path = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/gen_catalog.py").path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// Runs gen_catalog.py (the shared one when present, else the fixture copy)
  /// for 2 000 tools and 200 stories; returns the CSV and JSON paths.
  func generate() throws -> (csv: String, json: String) {
    let script = Self.sharedGenerator ?? TestCatalog.fixture("gen_catalog.py")
    let (csv, json) = (folder.path("x.csv"), folder.path("x.json"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, "2000", csv, "--json", json, "--stories", "200"]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "gen_catalog.py failed; is python3 installed?")
    return (csv, json)
  }

  /// Exports `catalog` in `format`, imports that into a new empty catalog and
  /// exports that: both exports.
  func roundTrip(_ catalog: Catalog, _ format: ExportFormat, name: String) throws -> (first: [UInt8], second: [UInt8]) {
    let first = try catalog.exported(format)
    let path = folder.path("\(name).\(format.rawValue)")
    try Data(first).write(to: URL(fileURLWithPath: path))
    let copy = try TestCatalog.empty(in: folder, name: "\(name)-\(format.rawValue).sqlite")
    let summary = try copy.importEntries(ImportRequest(path: path))
    #expect(summary.inserted == (try catalog.count()))
    #expect(summary.notices.total == 0, "\(summary.notices.lines)")
    return (first, try copy.exported(format))
  }

  @Test("the seed catalog, in every format", arguments: ExportFormat.allCases)
  func seedCatalog(format: ExportFormat) throws {
    let seed = try TestCatalog.seeded(in: folder)
    let (first, second) = try roundTrip(seed, format, name: "seed")
    #expect(first.count > 10_000)
    #expect(first == second, "\(firstDifference(first, second))")
  }

  @Test("2 000 generated tools and 200 stories, in every format", arguments: ExportFormat.allCases)
  func generatedCatalog(format: ExportFormat) throws {
    let (csv, _) = try generate()
    let catalog = try TestCatalog.empty(in: folder, name: "generated.sqlite")
    let summary = try catalog.importEntries(ImportRequest(path: csv))
    #expect(summary.inserted == 2_200)
    let (first, second) = try roundTrip(catalog, format, name: "generated")
    #expect(first == second, "\(firstDifference(first, second))")
  }

  @Test("the generated CSV and JSON import every entry with every value as generated")
  func generatedFilesImportDirectly() throws {
    let (csv, json) = try generate()
    let fromCSV = try TestCatalog.empty(in: folder, name: "csv.sqlite")
    let fromJSON = try TestCatalog.empty(in: folder, name: "json.sqlite")
    let csvSummary = try fromCSV.importEntries(ImportRequest(path: csv))
    let jsonSummary = try fromJSON.importEntries(ImportRequest(path: json))
    for summary in [csvSummary, jsonSummary] {
      #expect(summary.insertedByKind == [.tool: 2_000, .story: 200])
      #expect(summary.unusedColumns.isEmpty)
      #expect(summary.notices.total == 0)
    }
    #expect(try fromCSV.exported(.json) == (try fromJSON.exported(.json)))

    // Every value, against the generator's JSON read by Foundation's own parser.
    let expected = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [[String: Any]])
    #expect(expected.count == 2_200)
    for object in expected {
      let slug = try #require(object["slug"] as? String)
      let entry = try #require(try fromCSV.entry(slug: slug), "\(slug) missing")
      #expect(entry == Self.entry(from: object), "\(slug)")
    }
    // The cells the generator makes hard on purpose.
    let quoted = try #require(try fromCSV.entry(slug: "tool-97"))
    #expect(quoted.summary?.hasSuffix(", with \"quotes\", commas\nand a second line") == true)
    let story = try #require(try fromCSV.entry(slug: "story-0"))
    #expect(story.sources.count == story.sourceCount)
    #expect(story.sources.map(\.n) == Array(1...story.sources.count))
  }

  @Test("the fixture copy of gen_catalog.py is the shared generator's", .enabled(if: sharedGenerator != nil))
  func generatorCopyIsCurrent() throws {
    let shared = try Data(contentsOf: URL(fileURLWithPath: try #require(Self.sharedGenerator)))
    let copy = try Data(contentsOf: URL(fileURLWithPath: TestCatalog.fixture("gen_catalog.py")))
    #expect(copy == shared, "copy ../shared/bench/gen_catalog.py into Tests/OutpostCoreTests/Fixtures/")
  }

  @Test("re-importing an export with --on-conflict update changes nothing, and counts every entry unchanged")
  func reimportIsIdempotent() throws {
    let seed = try TestCatalog.seeded(in: folder)
    let before = try seed.entries()
    let path = folder.path("seed.ndjson")
    try Data(try seed.exported(.ndjson)).write(to: URL(fileURLWithPath: path))
    var request = ImportRequest(path: path)
    request.options.onConflict = .update
    let summary = try seed.importEntries(request)
    #expect(summary.unchanged == before.count)
    #expect(summary.updated == 0)
    #expect(summary.inserted == 0)
    // The export carries updated_at, so even that is kept.
    #expect(try seed.entries() == before)
  }

  /// An entry as the generator wrote it.
  static func entry(from object: [String: Any]) -> Entry {
    func text(_ key: String) -> String? { object[key] as? String }
    func list(_ key: String) -> [String] { object[key] as? [String] ?? [] }
    let sources = (object["sources"] as? [[String: Any]] ?? []).map {
      Source(
        n: $0["n"] as? Int ?? 0, title: $0["title"] as? String ?? "", publisher: $0["publisher"] as? String,
        url: $0["url"] as? String, publishedAt: $0["published_at"] as? String, excerpt: $0["excerpt"] as? String)
    }
    return Entry(
      kind: EntryKind(rawValue: text("kind") ?? "") ?? .tool, slug: text("slug") ?? "", title: text("title") ?? "",
      url: text("url"), summary: text("summary"), description: text("description"),
      pricing: text("pricing").flatMap(Pricing.init(rawValue:)), publishedAt: text("published_at"),
      audiences: list("audiences"), tags: list("tags"), related: list("related"), sources: sources,
      sourceCount: object["source_count"] as? Int, addedAt: text("added_at"), updatedAt: text("updated_at"))
  }
}

/// Where two byte strings first differ, with some context, for a readable failure.
func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
  guard
    let index = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
      ?? (a.count == b.count ? nil : min(a.count, b.count))
  else { return "identical" }
  let start = max(0, index - 80)
  return "first difference at byte \(index):\n"
    + String(decoding: a[start..<min(a.count, index + 80)], as: UTF8.self) + "\n---\n"
    + String(decoding: b[start..<min(b.count, index + 80)], as: UTF8.self)
}
