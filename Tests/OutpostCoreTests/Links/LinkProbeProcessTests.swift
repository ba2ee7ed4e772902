import Foundation
import Testing

@testable import OutpostCore

/// The parent's side of `outpost-link-probe`, against stand-in helpers
/// (shell scripts) that answer well, badly, or not at all: the real helper's
/// requests are tested end to end in `LinksCommandTests`.
@Suite("Link checks through the helper process: its answers and its failures")
struct LinkProbeProcessTests {
  let folder = TemporaryFolder()

  func catalog(_ name: String = "test.sqlite") throws -> Catalog {
    let catalog = try TestCatalog.empty(in: folder, name: name)
    try TestCatalog.importText(
      """
      kind,slug,title,url,pricing,tags
      tool,alpha,Alpha,https://alpha.example/,free,video
      tool,beta,Beta,https://beta.example/app,free,audio
      """, name: "tools.csv", into: catalog, folder: folder)
    return catalog
  }

  /// An executable shell script standing in for the helper.
  func helper(_ body: String) throws -> URL {
    let url = folder.url.appendingPathComponent("probe-\(UUID().uuidString).sh")
    try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    return url
  }

  func check(_ catalog: Catalog, with helper: URL?) throws -> LinkCheckSummary {
    var options = LinkCheckOptions()
    options.probeExecutable = helper
    options.keepsRecords = true
    return try LinkChecker(catalog: catalog, options: options).run()
  }

  @Test("the jobs reach the helper as JSON lines; its results are recorded by index")
  func roundTrip() throws {
    let catalog = try catalog()
    let seen = folder.path("jobs.txt")
    // Answers the second job first, to show results are matched by index.
    let probe = try helper(
      """
      cat > '\(seen)'
      echo '{"i":1,"o":{"status":"broken","httpStatus":404,"failure":"http","detail":"HTTP 404 not found"}}'
      echo '{"i":0,"o":{"status":"ok","httpStatus":200}}'
      """)
    let summary = try check(catalog, with: probe)
    #expect(summary.checked == 2)
    #expect(summary.counts == [.ok: 1, .broken: 1])
    let jobs = try String(contentsOfFile: seen, encoding: .utf8).split(separator: "\n").map {
      try JSONDecoder().decode(LinkProbeMessage.Job.self, from: Data($0.utf8))
    }
    #expect(
      jobs == [
        LinkProbeMessage.Job(index: 0, key: "alpha.example", url: "https://alpha.example/"),
        LinkProbeMessage.Job(index: 1, key: "beta.example/app", url: "https://beta.example/app"),
      ])
    let report = try catalog.linkReport(statuses: Set(LinkStatus.allCases))
    let statuses = Dictionary(uniqueKeysWithValues: report.map { ($0.url, $0.status) })
    #expect(statuses == ["https://alpha.example/": .ok, "https://beta.example/app": .broken])
  }

  @Test("a helper that fails, is killed, or answers garbage: a clear error, the results before it kept")
  func failures() throws {
    let ok = #"echo '{"i":0,"o":{"status":"ok","httpStatus":200}}'"#
    let cases: [(String, String)] = [
      ("cat >/dev/null; \(ok); exit 3", "failed (exit 3)"),
      ("cat >/dev/null; \(ok); kill -KILL $$", "killed by signal 9"),
      ("cat >/dev/null; \(ok); echo 'not json'", "answered something other than results"),
      ("cat >/dev/null; \(ok); echo '{\"i\":7,\"o\":{\"status\":\"ok\"}}'", "answered something other than results"),
    ]
    for (number, (body, message)) in cases.enumerated() {
      let catalog = try catalog("case-\(number).sqlite")
      #expect {
        try check(catalog, with: try helper(body))
      } throws: { error in
        (error as? CatalogError)?.message.contains(message) == true
      }
      let kept = try catalog.linkReport(statuses: [.ok])
      #expect(kept.map(\.url) == ["https://alpha.example/"], "\(body)")
    }
  }

  @Test("a helper that cannot be found or started: a message naming it, and nothing recorded")
  func missing() throws {
    let catalog = try catalog()
    let absent = folder.url.appendingPathComponent("no-such-probe")
    #expect {
      try check(catalog, with: absent)
    } throws: { error in
      (error as? CatalogError)?.message.contains("cannot start \(absent.path)") == true
    }
    #expect(try catalog.linkReport(statuses: Set(LinkStatus.allCases)).allSatisfy { $0.record == nil })
  }

  @Test("stopping before the run starts no helper and records nothing")
  func stoppedEarly() throws {
    let catalog = try catalog()
    let started = folder.path("started")
    var options = LinkCheckOptions()
    options.probeExecutable = try helper("touch '\(started)'; cat >/dev/null")
    let checker = try LinkChecker(catalog: catalog, options: options)
    checker.stop()
    let summary = try checker.run()
    #expect(summary.interrupted && summary.checked == 0)
    #expect(!FileManager.default.fileExists(atPath: started))
  }
}
