import Foundation
import Testing

/// `--match url`: a row whose normalised url the catalog holds is that entry,
/// so merging another curator's list, with slugs of its own, duplicates nothing.
@Suite("outpost import --match url")
struct ImportMatchCommandTests {
  let outpost: OutpostProcess

  init() throws {
    outpost = try OutpostProcess.withCatalog()
    _ = outpost.write(
      "slug,title,url,summary,pricing\nalpha,Alpha,https://alpha.example,Ours,paid\nbeta,Beta,https://beta.example,B,free\n",
      to: "ours.csv")
    let result = try outpost.run("import", "ours.csv", "--quiet")
    #expect(result.status == 0, "\(result)")
  }

  @Test("their row of our url updates our entry under our slug; a new url is a new entry")
  func mergeByURL() throws {
    _ = outpost.write(
      "slug,title,url,summary\nalpha-ai,Alpha AI,http://www.alpha.example/,Theirs\ngamma,Gamma,https://gamma.example,G\n",
      to: "theirs.csv")
    let result = try outpost.run("import", "theirs.csv", "--match", "url", "--on-conflict", "update")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("imported 1 new, 1 updated, 0 unchanged, 0 skipped"), "\(result)")
    #expect(!result.stderr.contains("likely a duplicate"), "\(result)")
    let entries = try outpost.entriesBySlug()
    #expect(Set(entries.keys) == ["alpha", "beta", "gamma"])
    #expect(entries["alpha"]?["title"] as? String == "Alpha AI")
    #expect(entries["alpha"]?["summary"] as? String == "Theirs")
    #expect(entries["alpha"]?["pricing"] as? String == "paid")
    // Without --match url the same file duplicates alpha, as before.
    let other = try OutpostProcess.withCatalog()
    _ = other.write(try String(contentsOfFile: outpost.path("ours.csv"), encoding: .utf8), to: "ours.csv")
    _ = other.write(try String(contentsOfFile: outpost.path("theirs.csv"), encoding: .utf8), to: "theirs.csv")
    #expect(try other.run("import", "ours.csv").status == 0)
    let bySlug = try other.run("import", "theirs.csv", "--on-conflict", "update")
    #expect(bySlug.stderr.contains("likely a duplicate"), "\(bySlug)")
    #expect(try other.entriesBySlug()["alpha-ai"] != nil)
  }

  @Test("matched by url, fail names the entry, skip skips it, and a title-less row is a patch")
  func conflictsByURL() throws {
    _ = outpost.write("title,url\nAlpha Again,https://alpha.example/\n", to: "again.csv")
    try outpost.expectRefused(
      ["again.csv", "--match", "url"], at: "again.csv:2: ",
      "url 'https://alpha.example/' is the url of 'alpha'; use --on-conflict skip or update")
    let skip = try outpost.run("import", "again.csv", "--match", "url", "--on-conflict", "skip")
    #expect(skip.stderr.contains("imported 0 new, 0 updated, 0 unchanged, 1 skipped"), "\(skip)")
    _ = outpost.write("url,pricing\nhttps://beta.example,paid\n", to: "prices.csv")
    let patch = try outpost.run("import", "prices.csv", "--match", "url", "--on-conflict", "update")
    #expect(patch.stderr.contains("imported 0 new, 1 updated, 0 unchanged, 0 skipped"), "\(patch)")
    #expect(try outpost.entriesBySlug()["beta"]?["pricing"] as? String == "paid")
    _ = outpost.write("url,pricing\nhttps://delta.example,paid\n", to: "new.csv")
    try outpost.expectRefused(
      ["new.csv", "--match", "url", "--on-conflict", "update"], at: "new.csv:2: ", "title is missing")
  }

  @Test("one url twice in the input is refused; a slug taken by another url gets -2, said on stderr")
  func urlTwiceAndSlugTaken() throws {
    _ = outpost.write(
      "title,url\nAlpha One,https://alpha.example\nAlpha Two,https://www.alpha.example\n", to: "twice.csv")
    try outpost.expectRefused(
      ["twice.csv", "--match", "url", "--on-conflict", "update"], at: "twice.csv:3: ",
      "is also the url of 'alpha', earlier in this input")
    _ = outpost.write("slug,title,url\nalpha,Another Alpha,https://another.example\n", to: "taken.csv")
    let result = try outpost.run("import", "taken.csv", "--match", "url", "--on-conflict", "update")
    #expect(result.status == 0, "\(result)")
    #expect(
      result.stderr.contains("taken.csv:2: slug 'alpha' is taken by an entry of another url; imported as 'alpha-2'"),
      "\(result)")
    let entries = try outpost.entriesBySlug()
    #expect(entries["alpha"]?["title"] as? String == "Alpha")
    #expect(entries["alpha-2"]?["url"] as? String == "https://another.example")
  }

  @Test("a bad --match is a usage error")
  func badMatch() throws {
    let result = try outpost.run("import", "ours.csv", "--match", "title")
    #expect(result.status == 64, "\(result)")
  }
}
