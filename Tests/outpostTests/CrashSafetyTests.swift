import Foundation
import Testing

/// DESIGN's "an import is one transaction: all of it or none of it", tested
/// the hard way: by killing the process, and by running others beside it.
///
/// No moment here is a guess about how fast the machine is: an import that
/// reads from a pipe waits, halfway through its transaction and holding the
/// write lock, until the test writes the rest, so the test kills it, or
/// runs other processes beside it, exactly there. Serialized, so that the
/// suite's large imports do not all run at once.
@Suite("outpost: crash safety and concurrency", .serialized)
struct CrashSafetyTests {
  /// The import DESIGN's issue names: 200 000 rows.
  static let bigRows = 200_000

  @Test(
    "kill -9 of a 200 000-row import at 4 moments: check passes and the catalog holds all of it or none",
    .timeLimit(.minutes(25)))
  func killedImportIsAllOrNothing() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    defer { outpost.remove() }
    let csv = CrashSupport.csv(rows: Self.bigRows, batch: "crash")
    let file = outpost.write(csv, to: "crash.csv")
    let seedCount = try CrashSupport.count(outpost)
    let seedExport = try outpost.exported()
    #expect(seedCount > 0)

    // A first run, to completion, into another catalog: it proves what
    // "all" looks like.
    let measured = outpost.path("measured.sqlite")
    #expect(try outpost.run("init", "--db", measured).status == 0)
    let fullResult = try BackgroundOutpost(outpost, ["import", file, "--db", measured, "--quiet"]).finish()
    #expect(fullResult.status == 0, "\(fullResult)")
    // All of it: the rows tagged crash-7 (one in a hundred, over the whole
    // file) and the total (stats, to spare listing 200 000 rows in a debug build).
    #expect(try CrashSupport.count(outpost, ["--tag", "crash-7"], db: measured) == Self.bigRows / 100)
    let stats = try outpost.run("stats", "--format", "json", "--db", measured)
    let total = (try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?["entries"] as? Int
    #expect(total == seedCount + Self.bigRows, "\(stats)")
    try CrashSupport.expectCheckPasses(outpost, db: measured)
    try? FileManager.default.removeItem(atPath: measured)

    // Four kills. Three while the import, fed through a pipe, waits in its
    // transaction after 5 %, 50 % and 90 % of its rows: the early rows, the
    // bulk, the last ones. One after its input has ended, once its -wal
    // grows again (the indexes and search index built at the end), or as it
    // ends, when it is quicker than the test looks.
    var log: [String] = []
    var interrupted = 0
    for (stratum, fraction) in [0.05, 0.5, 0.9, 1].enumerated() {
      let input = Pipe()
      let run = try BackgroundOutpost(outpost, ["import", "-", "--format", "csv", "--quiet"], stdin: input)
      let cut = fraction < 1 ? CrashSupport.lineEnd(in: csv, after: fraction) : csv.count
      try input.fileHandleForWriting.write(contentsOf: csv[..<cut])
      if fraction < 1 {
        try waitUntil("the import holds the write lock") {
          try CrashSupport.writeLockHeld(outpost.catalog) || !run.isRunning
        }
        #expect(run.isRunning, "the import ended before its input did: \(run.finish())")
      } else {
        let written = CrashSupport.walSize(outpost.catalog)
        try input.fileHandleForWriting.close()
        try waitUntil("the import writes after its input ended, or ends") {
          CrashSupport.walSize(outpost.catalog) > written || !run.isRunning
        }
      }
      let wasRunning = run.isRunning
      let killed = run.kill9()
      if killed { interrupted += 1 }

      try CrashSupport.expectCheckPasses(outpost)
      let count = try CrashSupport.count(outpost)
      log.append(
        "kill \(stratum + 1) after \(Int(fraction * 100)) % of the input: "
          + "\(killed ? "killed" : wasRunning ? "exited as killed" : "had finished"), \(count - seedCount) rows")
      #expect(
        count == seedCount || count == seedCount + Self.bigRows,
        "after kill \(stratum + 1) the catalog holds \(count - seedCount) of \(Self.bigRows) rows: part of an import")
      if fraction < 1 { #expect(count == seedCount, "an import whose input had not ended committed") }
      if count == seedCount {
        #expect(try outpost.exported() == seedExport, "none of the import, yet the catalog changed")
      } else {
        // All of it committed before the kill: start the next round afresh.
        try FileManager.default.removeItem(atPath: outpost.catalog)
        #expect(try outpost.run("init").status == 0)
      }
      if !killed { #expect(run.finish().status == 0, "an import that ran to its end failed") }
    }
    print("crash safety: " + log.joined(separator: "; "))
    // The three kills in the middle of the transaction hit a running import,
    // whatever the speed of the machine.
    #expect(interrupted >= 3, "only \(interrupted) of 4 kills hit a running import: \(log)")

    // The catalog the kills left behind takes a new import as any other.
    let small = outpost.write(CrashSupport.csv(rows: 1_000, batch: "after"), to: "after.csv")
    let after = try outpost.run("import", small, "--quiet")
    #expect(after.status == 0, "\(after)")
    #expect(try CrashSupport.count(outpost) == seedCount + 1_000)
    try CrashSupport.expectCheckPasses(outpost)
  }

  @Test(
    "two processes importing different files at once both succeed, the second waiting, with every row present",
    .timeLimit(.minutes(5)))
  func twoImportsAtOnce() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    defer { outpost.remove() }
    let rows = 25_000
    let left = CrashSupport.csv(rows: rows, batch: "left")
    let right = outpost.write(CrashSupport.csv(rows: rows, batch: "right"), to: "right.csv")
    let seedSlugs = try slugs(outpost)

    // The first holds the write lock, halfway through its rows, for as long
    // as the test keeps the rest back: the second must wait, and say so.
    let input = Pipe()
    let first = try BackgroundOutpost(outpost, ["import", "-", "--format", "csv"], stdin: input)
    defer { if first.isRunning { _ = first.kill9() } }
    let half = CrashSupport.lineEnd(in: left, after: 0.5)
    try input.fileHandleForWriting.write(contentsOf: left[..<half])
    try waitUntil("the first import holds the write lock") { try CrashSupport.writeLockHeld(outpost.catalog) }
    let second = try BackgroundOutpost(outpost, ["import", right])
    try waitUntil("the second import says it waits") {
      second.stderrSoFar.contains("waiting for another outpost process") || !second.isRunning
    }
    try input.fileHandleForWriting.write(contentsOf: left[half...])
    try input.fileHandleForWriting.close()
    let results = [first.finish(), second.finish()]
    for result in results {
      #expect(result.status == 0, "\(result)")
      outpost.expectNoLeaks(result)
      #expect(result.stderr.contains("imported") || result.stdout.contains("imported"), "\(result)")
    }
    // The other one waited for it, and said so once, rather than failing
    // on a busy timeout.
    let waited = results.filter { $0.stderr.contains("waiting for another outpost process") }
    #expect(waited.count == 1, "exactly one import should have waited for the other: \(results)")
    #expect(results[1].stderr.components(separatedBy: "waiting for another outpost process").count == 2)

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
    "list run 30 times during a long import never waits or fails and sees none of it, then all of it",
    .timeLimit(.minutes(5)))
  func listDuringImport() throws {
    let outpost = try OutpostProcess.withCatalog(seed: true)
    defer { outpost.remove() }
    let rows = 60_000
    let csv = CrashSupport.csv(rows: rows, batch: "loop")
    let seedCount = try CrashSupport.count(outpost)
    // `loop-7` tags one row in a hundred, spread over the whole file: a
    // partly visible import would show between 1 and 599 of them.
    let tagged = rows / 100

    // Half the rows in, the import waits for the rest inside its
    // transaction: every list below runs while it writes.
    let input = Pipe()
    let importing = try BackgroundOutpost(outpost, ["import", "-", "--format", "csv", "--quiet"], stdin: input)
    defer { if importing.isRunning { _ = importing.kill9() } }
    let half = CrashSupport.lineEnd(in: csv, after: 0.5)
    try input.fileHandleForWriting.write(contentsOf: csv[..<half])
    try waitUntil("the import holds the write lock") { try CrashSupport.writeLockHeld(outpost.catalog) }
    func list(_ index: Int) throws -> Int {
      let result = try outpost.run("list", "--tag", "loop-7", "--format", "ndjson")
      #expect(result.status == 0, "list \(index) failed during the import: \(result)")
      #expect(!result.stderr.contains("waiting"), "list \(index) waited for the import: \(result)")
      outpost.expectNoLeaks(result)
      return result.stdout.split(separator: "\n").count
    }
    for index in 1...30 {
      #expect(try list(index) == 0, "list \(index) saw part of an import still under way")
      if index % 5 == 0 {
        let table = try outpost.run("list", "--limit", "20")
        #expect(table.status == 0, "\(table)")
      }
    }
    try input.fileHandleForWriting.write(contentsOf: csv[half...])
    try input.fileHandleForWriting.close()
    // While it ends: none or all, and never all then none.
    var seen: [Int] = []
    while importing.isRunning {
      let count = try list(31 + seen.count)
      #expect(count == 0 || count == tagged, "a list saw \(count) of \(tagged) rows: part of an import")
      if let last = seen.last { #expect(count >= last, "list saw the import, then lost it") }
      seen.append(count)
    }
    let imported = importing.finish()
    #expect(imported.status == 0, "\(imported)")
    print("list during import: 30 lists while it was held halfway, \(seen.count) while it ended")
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
