import Foundation
import Testing

/// DESIGN's "an import is one transaction: all of it or none of it", tested
/// the hard way: by killing the process, and by running others beside it.
///
/// Serialized: the kill moments are fractions of a measured import's
/// duration, which the suite's own other imports would distort.
@Suite("outpost: crash safety and concurrency", .serialized)
struct CrashSafetyTests {
  /// The import DESIGN's issue names: 200 000 rows.
  static let bigRows = 200_000

  @Test(
    "kill -9 of a 200 000-row import at 4 random moments: check passes and the catalog holds all of it or none",
    .timeLimit(.minutes(5)))
  func killedImportIsAllOrNothing() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    defer { outpost.remove() }
    let file = outpost.write(CrashSupport.csv(rows: Self.bigRows, batch: "crash"), to: "crash.csv")
    let seedCount = try CrashSupport.count(outpost)
    let seedExport = try outpost.exported()
    #expect(seedCount > 0)

    // A first run, to completion, into another catalog: its duration tells
    // when the kills may land, and it proves what "all" looks like.
    let measured = outpost.path("measured.sqlite")
    #expect(try outpost.run("init", "--db", measured).status == 0)
    let full = try BackgroundOutpost(outpost, ["import", file, "--db", measured, "--quiet"])
    let fullResult = full.finish()
    let duration = Date().timeIntervalSince(full.started)
    #expect(fullResult.status == 0, "\(fullResult)")
    // All of it: the rows tagged crash-7 (one in a hundred, over the whole
    // file) and the total (stats, to spare listing 200 000 rows in a debug build).
    #expect(try CrashSupport.count(outpost, ["--tag", "crash-7"], db: measured) == Self.bigRows / 100)
    let stats = try outpost.run("stats", "--format", "json", "--db", measured)
    let total = (try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?["entries"] as? Int
    #expect(total == seedCount + Self.bigRows, "\(stats)")
    try CrashSupport.expectCheckPasses(outpost, db: measured)
    try? FileManager.default.removeItem(atPath: measured)

    // Four kills, one in each quarter of [3 %, 92 %] of that duration, at a
    // seeded random point within it: the early parse, the bulk of the rows,
    // and the search index built at the end are all hit, reproducibly.
    var random = SplitMix64(seed: 0x0C0F_FEE5)
    var log: [String] = []
    var interrupted = 0
    for stratum in 0..<4 {
      let fraction = 0.03 + 0.89 * (Double(stratum) + Double.random(in: 0.1..<0.9, using: &random)) / 4
      let run = try BackgroundOutpost(outpost, ["import", file, "--quiet"])
      Thread.sleep(until: run.started.addingTimeInterval(duration * fraction))
      let wasRunning = run.isRunning
      let killed = run.kill9()
      if killed { interrupted += 1 }

      try CrashSupport.expectCheckPasses(outpost)
      let count = try CrashSupport.count(outpost)
      log.append(
        "kill \(stratum + 1) at \(String(format: "%.1f", duration * fraction))s (\(Int(fraction * 100))%): "
          + "\(killed ? "killed" : wasRunning ? "exited as killed" : "had finished"), \(count - seedCount) rows")
      #expect(
        count == seedCount || count == seedCount + Self.bigRows,
        "after kill \(stratum + 1) the catalog holds \(count - seedCount) of \(Self.bigRows) rows: part of an import")
      if count == seedCount {
        #expect(try outpost.exported() == seedExport, "none of the import, yet the catalog changed")
      } else {
        // All of it committed before the kill: start the next round afresh.
        try FileManager.default.removeItem(atPath: outpost.catalog)
        #expect(try outpost.run("init").status == 0)
      }
      if !killed { #expect(run.finish().status == 0, "an import that ran to its end failed") }
    }
    print("crash safety: full import \(String(format: "%.1f", duration))s; " + log.joined(separator: "; "))
    // At least half the kills must have interrupted a running import, or the
    // test proved nothing about crashes.
    #expect(interrupted >= 2, "only \(interrupted) of 4 kills hit a running import: \(log)")

    // The catalog the kills left behind takes a new import as any other.
    let small = outpost.write(CrashSupport.csv(rows: 1_000, batch: "after"), to: "after.csv")
    let after = try outpost.run("import", small, "--quiet")
    #expect(after.status == 0, "\(after)")
    #expect(try CrashSupport.count(outpost) == seedCount + 1_000)
    try CrashSupport.expectCheckPasses(outpost)
  }

  @Test(
    "two processes importing different files at once both succeed, the second waiting, with every row present",
    .timeLimit(.minutes(3)))
  func twoImportsAtOnce() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    defer { outpost.remove() }
    let rows = 25_000
    let left = outpost.write(CrashSupport.csv(rows: rows, batch: "left"), to: "left.csv")
    let right = outpost.write(CrashSupport.csv(rows: rows, batch: "right"), to: "right.csv")
    let seedSlugs = try slugs(outpost)

    let first = try BackgroundOutpost(outpost, ["import", left])
    let second = try BackgroundOutpost(outpost, ["import", right])
    let results = [first.finish(), second.finish()]
    for result in results {
      #expect(result.status == 0, "\(result)")
      outpost.expectNoLeaks(result)
      #expect(result.stderr.contains("imported") || result.stdout.contains("imported"), "\(result)")
    }
    // Each import holds the write lock for seconds: the other one waited
    // for it, and said so, rather than failing on the busy timeout.
    let waited = results.filter { $0.stderr.contains("waiting for another outpost process") }
    #expect(waited.count == 1, "exactly one import should have waited for the other: \(results)")

    let all = try slugs(outpost)
    let expected = seedSlugs.union(CrashSupport.slugs(rows: rows, batch: "left"))
      .union(CrashSupport.slugs(rows: rows, batch: "right"))
    #expect(all.count == seedSlugs.count + 2 * rows)
    #expect(
      all == expected, "missing: \(expected.subtracting(all).prefix(5)), extra: \(all.subtracting(expected).prefix(5))")
    #expect(try CrashSupport.count(outpost, ["--tag", "left"]) == rows)
    #expect(try CrashSupport.count(outpost, ["--tag", "right"]) == rows)
    try CrashSupport.expectCheckPasses(outpost)
  }

  @Test(
    "list run 30 times and more during a long import never fails and sees none of it or all of it",
    .timeLimit(.minutes(3)))
  func listDuringImport() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    defer { outpost.remove() }
    let rows = 60_000
    let file = outpost.write(CrashSupport.csv(rows: rows, batch: "loop"), to: "loop.csv")
    let seedCount = try CrashSupport.count(outpost)
    // `loop-7` tags one row in a hundred, spread over the whole file: a
    // partly visible import would show between 1 and 599 of them.
    let tagged = rows / 100

    let importing = try BackgroundOutpost(outpost, ["import", file, "--quiet"])
    defer { if importing.isRunning { _ = importing.kill9() } }
    var seen: [(count: Int, duringImport: Bool)] = []
    let deadline = Date().addingTimeInterval(150)
    while (seen.count < 30 || importing.isRunning) && Date() < deadline {
      let runningBefore = importing.isRunning
      let result = try outpost.run("list", "--tag", "loop-7", "--format", "ndjson")
      #expect(result.status == 0, "list \(seen.count + 1) failed during the import: \(result)")
      outpost.expectNoLeaks(result)
      let count = result.stdout.split(separator: "\n").count
      #expect(count == 0 || count == tagged, "list \(seen.count + 1) saw \(count) of \(tagged) rows: part of an import")
      if let last = seen.last { #expect(count >= last.count, "list saw the import, then lost it") }
      seen.append((count, runningBefore && importing.isRunning))
      if seen.count % 5 == 0 {
        let table = try outpost.run("list", "--limit", "20")
        #expect(table.status == 0, "\(table)")
      }
    }
    let imported = importing.finish()
    #expect(imported.status == 0, "\(imported)")
    let during = seen.filter(\.duringImport)
    print(
      "list during import: \(seen.count) lists, \(during.count) while it ran (all saw \(Set(during.map(\.count)))), "
        + "then \(seen.count - during.count) after")
    #expect(seen.count >= 30)
    // Proof the lists did overlap the import (a list may also see all of it
    // while the process, committed, is still closing), and that they see it
    // once it is committed.
    let sawNoneWhileRunning = during.filter { $0.count == 0 }.count
    #expect(sawNoneWhileRunning >= 10, "only \(sawNoneWhileRunning) lists ran during the import")
    #expect(
      try outpost.run("list", "--tag", "loop-7", "--format", "ndjson").stdout.split(separator: "\n").count == tagged)
    #expect(try CrashSupport.count(outpost) == seedCount + rows)
  }

  /// Every slug of the default catalog, from `export --format ndjson`.
  private func slugs(_ outpost: OutpostProcess) throws -> Set<String> {
    var result = Set<String>()
    for line in try outpost.exported().split(separator: "\n") {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      if let slug = object?["slug"] as? String { result.insert(slug) }
    }
    return result
  }
}
