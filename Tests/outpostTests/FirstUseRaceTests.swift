import Foundation
import Testing

/// DESIGN: "Creating a catalog is decided by one process: the others wait
/// and find it complete, and one of them says it was created." Three
/// processes started at once on a path that does not exist yet, in the
/// three ways a user meets it. The rounds assert what must hold whoever
/// wins, never who wins or how fast; `bench/first-use-race` runs hundreds
/// of them with the CPU kept busy.
@Suite("outpost: first use by several processes at once")
struct FirstUseRaceTests {
  let outpost = OutpostProcess()

  /// Starts `commands` at once on a new catalog and checks every promise.
  /// Returns the results in order, and whether the catalog was seeded.
  @discardableResult
  func race(_ commands: [[String]], round: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    -> [OutpostProcess.Result]
  {
    let db = outpost.path("race-\(round).sqlite")
    let running = try commands.map { try BackgroundOutpost(outpost, $0 + ["--db", db]) }
    let results = running.map { $0.finish() }
    for (command, result) in zip(commands, results) {
      #expect(result.status == 0, "\(command): \(result)", sourceLocation: sourceLocation)
      #expect(!result.stderr.contains("busy"), "\(command): \(result)", sourceLocation: sourceLocation)
      outpost.expectNoLeaks(result, sourceLocation: sourceLocation)
    }
    let creators = results.indices.filter { results[$0].stderr.contains("created") }
    #expect(creators.count == 1, "round \(round): \(results)", sourceLocation: sourceLocation)
    // The catalog is the one the winner made, complete.
    try CrashSupport.expectCheckPasses(outpost, db: db, sourceLocation: sourceLocation)
    let status = try outpost.run("migrate", "status", "--format", "json", "--db", db)
    let states = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]]
    #expect(states?.count == OutpostProcess.shippedMigrations.count, sourceLocation: sourceLocation)
    #expect(states?.allSatisfy { $0["status"] as? String == "applied" } == true, sourceLocation: sourceLocation)
    if let winner = creators.first {
      let seeded = !commands[winner].contains("--empty")
      let count = try CrashSupport.count(outpost, db: db)
      #expect(seeded ? count > 40 : count == 0, "round \(round): \(count) entries", sourceLocation: sourceLocation)
      #expect(results[winner].stderr.contains(seeded ? "with the starter catalog" : "created empty catalog"))
    }
    let left = try FileManager.default.contentsOfDirectory(atPath: outpost.folder.path)
    #expect(!left.contains { $0.contains(".creating-") }, "\(left)", sourceLocation: sourceLocation)
    return results
  }

  @Test("three init --empty at once: all succeed, one says created, the others that it already exists")
  func threeInits() throws {
    for round in 0..<8 {
      let results = try race(Array(repeating: ["init", "--empty"], count: 3), round: round)
      let others = results.filter { !$0.stderr.contains("created") }
      #expect(others.allSatisfy { $0.stderr.contains("is already an Outpost catalog (0 entries); nothing changed") })
    }
  }

  @Test("three first uses at once (list --limit 1): all succeed and list, one says it created the starter catalog")
  func threeFirstLists() throws {
    for round in 0..<8 {
      let results = try race(Array(repeating: ["list", "--limit", "1"], count: 3), round: round)
      #expect(results.allSatisfy { !$0.stdout.isEmpty }, "\(results)")
    }
  }

  @Test("first use racing init --empty: whoever wins, one says created and the other commands take that catalog")
  func firstUseAgainstInit() throws {
    for round in 0..<8 {
      let results = try race(
        [["list", "--limit", "1"], ["init", "--empty"], ["list", "--limit", "1"]], round: round)
      // An init --empty that lost to a seeding list says what it found.
      if !results[1].stderr.contains("created") {
        #expect(results[1].stderr.contains("is already an Outpost catalog ("), "\(results[1])")
        #expect(results[1].stderr.contains("nothing changed"))
      }
    }
  }
}
