import Foundation
import GRDB
import Testing

/// `outpost links check` and `outpost links` against HTTP servers the tests
/// start on loopback addresses; nothing leaves 127.0.0.0/8.
@Suite("outpost links", .enabled(if: LinkTestServer.python != nil, "python3 runs the test HTTP servers"))
struct LinksCommandTests {
  let outpost = OutpostProcess()

  /// A catalog of tools, one a URL, made by importing a CSV.
  func catalog(_ tools: [(slug: String, url: String)]) throws {
    #expect(try outpost.run("init", "--empty").status == 0)
    var csv = "kind,slug,title,url,pricing\n"
    for tool in tools { csv += "tool,\(tool.slug),\(tool.slug),\(tool.url),free\n" }
    let result = try outpost.run("import", outpost.write(csv, to: "tools.csv"), "--quiet")
    #expect(result.status == 0, "\(result)")
  }

  /// `links check --format json` with `arguments`, watched: each result by URL.
  func check(_ arguments: [String] = []) throws -> [String: [String: Any]] {
    let run = try LinkCheckRun(outpost, ["links", "check", "--format", "json"] + arguments)
    let result = try #require(run.finish(), "links check hung")
    #expect(result.status == 0, "\(result)")
    let records = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    return Dictionary(records.map { ($0["url"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
  }

  func count(_ sql: String) throws -> Int {
    try DatabaseQueue(path: outpost.catalog).read { try Int.fetchOne($0, sql: sql) ?? 0 }
  }

  @Test("every kind of answer is classified as DESIGN says, within its timeout")
  func classification() throws {
    let server = try LinkTestServer(hosts: ["127.0.0.1", "127.0.0.2"])
    let cases: [(path: String, status: String, http: Int?, failure: String?)] = [
      ("/ok", "ok", 200, nil), ("/moved", "redirected", 200, nil), ("/moved-308", "redirected", 200, nil),
      ("/found", "ok", 200, nil), ("/moved-then-found", "redirected", 200, nil),
      ("/loop-a", "broken", 301, "redirect-loop"), ("/chain/9", "failing", 302, "too-many-redirects"),
      ("/chain/5", "ok", 200, nil), ("/gone-404", "broken", 404, "http"), ("/gone-410", "broken", 410, "http"),
      ("/error-500", "failing", 500, "http"), ("/forbidden", "blocked", 403, nil),
      ("/challenge", "blocked", 503, nil), ("/busy-once", "ok", 200, nil),
      ("/busy-always", "failing", 429, "http"), ("/head-405", "ok", 200, nil), ("/stall", "failing", nil, "timeout"),
    ]
    var tools = cases.enumerated().map { (slug: "t\($0.offset)", url: server.url($0.element.path)) }
    let refused = "http://127.0.0.1:\(server.closedPort)/"
    let unresolvable = "http://no-such-tool.invalid/"
    let otherHost = server.url("/ok", host: "127.0.0.2")
    tools += [("refused", refused), ("dns", unresolvable), ("other-host", otherHost)]
    try catalog(tools)
    let started = Date()
    let results = try check(["--timeout", "3"])
    // Every request is bounded by --timeout: the stalled server costs one
    // timeout, the 429s one Retry-After. A generous bound, to catch a hang.
    #expect(Date().timeIntervalSince(started) < 60)
    for (tool, expected) in zip(tools, cases) {
      let result = try #require(results[tool.url], "\(tool.url) not checked")
      #expect(result["status"] as? String == expected.status, "\(expected.path): \(result)")
      #expect(result["http_status"] as? Int == expected.http, "\(expected.path): \(result)")
      #expect(result["failure"] as? String == expected.failure, "\(expected.path): \(result)")
    }
    #expect(results[server.url("/moved")]?["moved_to"] as? String == server.url("/ok"))
    #expect(results[server.url("/moved-then-found")]?["moved_to"] as? String == server.url("/found"))
    #expect(results[server.url("/found")]?["moved_to"] is NSNull)
    #expect(results[server.url("/found")]?["final_url"] as? String == server.url("/ok"))
    #expect(results[refused]?["status"] as? String == "failing")
    #expect(results[refused]?["failure"] as? String == "refused")
    #expect(results[unresolvable]?["status"] as? String == "broken")
    #expect(results[unresolvable]?["failure"] as? String == "dns")
    #expect(results[otherHost]?["status"] as? String == "ok")
    let stats = try server.stats()
    let counts = try #require(stats["counts"] as? [String: Int])
    #expect(counts["HEAD /head-405"] == 1 && counts["GET /head-405"] == 1, "\(counts)")
    #expect(counts["HEAD /ok"] != nil && counts["GET /ok"] == nil, "HEAD answered, so no GET: \(counts)")
    #expect((stats["user_agent"] as? String ?? "").hasPrefix("Outpost/"), "\(stats)")
    #expect(try count("SELECT count(*) FROM link_check") == tools.count)
  }

  @Test("URLs sharing a normalised form are requested once and recorded for each entry")
  func duplicatesRequestedOnce() throws {
    let server = try LinkTestServer()
    try catalog([("a", server.url("/same")), ("b", server.url("/same/")), ("c", server.url("/same/"))])
    // Two entries holding the very same URL, too: one row, both slugs listed.
    let results = try check()
    #expect(results.count == 2)
    let counts = try #require(try server.stats()["counts"] as? [String: Int])
    #expect((counts["HEAD /same"] ?? 0) + (counts["HEAD /same/"] ?? 0) == 1, "\(counts)")
    let listed = try outpost.run("links", "--status", "ok", "--format", "json")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    #expect(rows.first { $0["url"] as? String == server.url("/same/") }?["entries"] as? [String] == ["b", "c"])
  }

  @Test("at most 2 requests at a time to one host, however high --concurrency")
  func perHostLimit() throws {
    let hosts = ["127.0.0.1", "127.0.0.2"]
    let server = try LinkTestServer(hosts: hosts, arguments: ["--delay-ms", "100"])
    var tools: [(String, String)] = []
    for index in 0..<16 { tools.append(("t\(index)", server.url("/page?n=\(index)", host: hosts[index % 2]))) }
    try catalog(tools)
    let results = try check(["--concurrency", "16"])
    #expect(results.values.allSatisfy { $0["status"] as? String == "ok" })
    let peak = try #require(try server.stats()["peak"] as? [String: Int])
    for host in hosts { #expect((peak[host] ?? 0) <= 2 && (peak[host] ?? 0) >= 1, "\(peak)") }
  }

  @Test("Ctrl-C halfway keeps what was checked, exits 130, and --recheck-after finishes the rest")
  func interruptedAndResumed() throws {
    // The server answers the first 5 requests and holds the others until
    // released, so "halfway" is exactly 5 results whatever the machine's speed.
    let server = try LinkTestServer(arguments: ["--answer-first", "5"])
    try catalog((1...20).map { ("t\($0)", server.url("/held/\($0)")) })
    let run = try LinkCheckRun(outpost, ["links", "check", "--timeout", "600"])
    let deadline = Date().addingTimeInterval(120)
    while try count("SELECT count(*) FROM link_check") < 5, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.05)
    }
    #expect(try count("SELECT count(*) FROM link_check") == 5)
    run.interrupt()
    // The held requests would wait 600 s: the run must not wait for them.
    let result = try #require(run.finish(), "links check ignored Ctrl-C")
    #expect(result.status == 130, "\(result)")
    #expect(result.stderr.contains("interrupted: 5 results kept, 15 URLs not checked"), "\(result)")
    let kept = try DatabaseQueue(path: outpost.catalog).read {
      try Set(String.fetchAll($0, sql: "SELECT url FROM link_check WHERE status = 'ok'"))
    }
    #expect(kept.count == 5)
    _ = try server.control("/_release")
    let resumed = try check(["--recheck-after", "1"])
    #expect(Set(resumed.keys).isDisjoint(with: kept), "kept results are not requested again")
    #expect(Set(resumed.keys).union(kept).count == 20)
    #expect(try count("SELECT count(*) FROM link_check WHERE status = 'ok'") == 20)
    // Only the requests held when Ctrl-C came (2 at most: one host) were sent twice.
    let counts = try #require(try server.stats()["counts"] as? [String: Int])
    let held = counts.filter { $0.key.hasPrefix("HEAD /held/") }
    #expect(held.count == 20 && held.values.allSatisfy { $0 <= 2 }, "\(counts)")
    #expect(held.values.filter { $0 == 2 }.count <= 2, "\(counts)")
    // Everything is recent now: nothing left to request.
    let again = try outpost.run("links", "check", "--recheck-after", "1")
    #expect(again.status == 0)
    #expect(again.stdout.contains("checked 0 URLs"), "\(again)")
    #expect(again.stdout.contains("skipped 20"), "\(again)")
  }

  @Test("failing on two checks 24 hours apart is broken; a success ends the streak")
  func failingBecomesBroken() throws {
    let server = try LinkTestServer()
    try catalog([("flaky", server.url("/error-500")), ("fine", server.url("/ok"))])
    #expect(try check()[server.url("/error-500")]?["status"] as? String == "failing")
    // A second failure an hour later: still failing.
    #expect(try check()[server.url("/error-500")]?["status"] as? String == "failing")
    #expect(try count("SELECT consecutive_failures FROM link_check WHERE url LIKE '%error-500'") == 2)
    // The streak began two days ago: the next failure makes it broken.
    try DatabaseQueue(path: outpost.catalog).write {
      try $0.execute(sql: "UPDATE link_check SET first_failure_at = '2020-01-01T00:00:00Z' WHERE url LIKE '%500'")
    }
    let third = try check()[server.url("/error-500")]
    #expect(third?["status"] as? String == "broken", "\(String(describing: third))")
    let detail = third?["detail"] as? String
    #expect(detail?.contains("failing since 2020-01-01") == true, "\(String(describing: detail))")
    #expect(third?["consecutive_failures"] as? Int == 3)
    #expect(try check()[server.url("/ok")]?["consecutive_failures"] as? Int == 0)
  }

  @Test("links, --link on list, search and export, and stats read the results")
  func readingResults() throws {
    let server = try LinkTestServer()
    try catalog([
      ("alive-tool", server.url("/ok")), ("moved-tool", server.url("/moved")),
      ("dead-tool", server.url("/gone-404")), ("shy-tool", server.url("/forbidden")),
      ("new-tool", server.url("/never-checked")),
    ])
    let quiet = try outpost.run("links", "check", "--link", "ok", "--link", "redirected", "--quiet")
    #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet)")
    // --link filters the check itself: nothing was checked, so nothing matched.
    #expect(try count("SELECT count(*) FROM link_check") == 0)
    let ran = try outpost.run("links", "check", "--link", "unchecked", "--link", "unchecked")
    #expect(ran.status == 0, "\(ran)")
    #expect(ran.stdout.hasPrefix("checked 5 URLs: 2 ok, 1 redirected, 1 blocked, 1 broken"), "\(ran)")
    let edited = try outpost.run("edit", "new-tool", "--url", server.url("/brand-new"))
    #expect(edited.status == 0, "\(edited)")

    let listing = try outpost.run("links")
    #expect(listing.status == 1, "a broken URL listed: exit 1 for scripts; \(listing)")
    let lines = listing.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("STATUS") == true)
    #expect(lines.dropFirst().first?.contains("dead-tool") == true, "broken first: \(listing)")
    #expect(listing.stdout.contains("→ http://127.0.0.1"), "the redirect target to edit to: \(listing)")
    let moved = try outpost.run("links", "--status", "redirected", "--format", "json")
    #expect(moved.status == 0, "\(moved)")
    let movedRows = try #require(try JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [[String: Any]])
    #expect(movedRows.map { $0["moved_to"] as? String } == [server.url("/ok")])
    #expect(movedRows.map { $0["entries"] as? [String] } == [["moved-tool"]])
    #expect(!listing.stdout.contains("alive-tool"))
    #expect(try outpost.run("links", "--status", "ok").status == 0)
    let unchecked = try outpost.run("links", "--status", "unchecked", "--format", "csv")
    #expect(unchecked.status == 0)
    #expect(unchecked.stdout.contains("\(server.url("/brand-new")),unchecked,"), "\(unchecked)")

    #expect(try outpost.listedSlugs(["--link", "broken"]) == ["dead-tool"])
    #expect(
      try outpost.listedSlugs(["--link", "ok", "--link", "blocked", "--sort", "title"]) == ["alive-tool", "shy-tool"])
    #expect(try outpost.listedSlugs(["--link", "unchecked"]) == ["new-tool"])
    let search = try outpost.run("search", "tool", "--link", "redirected", "--format", "json")
    #expect(search.stdout.contains("moved-tool") && !search.stdout.contains("dead-tool"), "\(search)")
    let export = try outpost.run("export", "--link", "broken", "--format", "csv")
    #expect(export.stdout.contains("dead-tool") && !export.stdout.contains("alive-tool"), "\(export)")

    let stats = try outpost.run("stats", "--format", "json")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
    #expect(
      object["by_link"] as? [String: Int]
        == ["ok": 1, "redirected": 1, "blocked": 1, "failing": 0, "broken": 1, "unchecked": 1], "\(stats)")
    #expect(try outpost.run("stats").stdout.contains("Links"))
  }

  @Test("site --skip-broken leaves the broken tools out; without it they are published")
  func siteSkipsBroken() throws {
    let server = try LinkTestServer()
    try catalog([("alive-tool", server.url("/ok")), ("dead-tool", server.url("/gone-404"))])
    #expect(try outpost.run("links", "check", "--quiet").status == 0)
    let skipped = try outpost.run("site", "public", "--skip-broken")
    #expect(skipped.status == 0, "\(skipped)")
    #expect(skipped.stdout.contains("for 1 entries"), "\(skipped)")
    #expect(FileManager.default.fileExists(atPath: outpost.path("public/tools/alive-tool.html")))
    #expect(!FileManager.default.fileExists(atPath: outpost.path("public/tools/dead-tool.html")))
    let home = try String(contentsOfFile: outpost.path("public/index.html"), encoding: .utf8)
    #expect(!home.contains("dead-tool"), "no page links to a tool left out")
    let all = try outpost.run("site", "public")
    #expect(all.status == 0 && all.stdout.contains("for 2 entries"), "\(all)")
    #expect(FileManager.default.fileExists(atPath: outpost.path("public/tools/dead-tool.html")))
  }

  @Test(
    "bad flags are usage errors that change nothing",
    arguments: [
      (["links", "check", "--concurrency", "0"], "--concurrency must be from 1 to 256"),
      (["links", "check", "--timeout", "0"], "--timeout must be more than 0"),
      (["links", "check", "--timeout", "nan"], "--timeout must be more than 0"),
      (["links", "check", "--recheck-after=-1"], "--recheck-after must be 0 or more days"),
      (["links", "--status", "dead"], "dead"),
      (["list", "--link", "gone"], "gone"),
      (["links", "check", "--format", "xml"], "xml"),
    ])
  func badFlags(_ arguments: [String], _ message: String) throws {
    try catalog([("a", "https://a.invalid/")])
    try outpost.expectRefusal(arguments, status: 64, message)
  }
}

extension LinksCommandTests {
  @Test("outpost without its link probe: links check says what is missing, exits 1, records nothing")
  func missingProbe() throws {
    try catalog([("alpha", "http://127.0.0.1:9/")])
    // `outpost` alone in a folder of its own, and no probe on PATH. A hard
    // link, not a copy: the running executable's folder is where the probe
    // is looked for, and a symbolic link would resolve back to the build's.
    let alone = outpost.path("bin")
    try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
    let binary = alone + "/outpost"
    do {
      try FileManager.default.linkItem(atPath: OutpostProcess.binary.path, toPath: binary)
    } catch {
      try FileManager.default.copyItem(atPath: OutpostProcess.binary.path, toPath: binary)
    }
    let result = try outpost.launch(binary, ["links", "check"], environment: ["PATH": "/usr/bin:/bin"])
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("outpost-link-probe, which is neither beside outpost nor on PATH"), "\(result)")
    #expect(try count("SELECT count(*) FROM link_check") == 0)
    // Found on PATH instead, it runs.
    let probeFolder = OutpostProcess.binary.deletingLastPathComponent().path
    let found = try outpost.launch(
      binary, ["links", "check", "--timeout", "2"], environment: ["PATH": "\(probeFolder):/usr/bin:/bin"])
    #expect(found.status == 0, "\(found)")
    #expect(try count("SELECT count(*) FROM link_check") == 1)
  }
}
