import Foundation
import Testing

/// `tag`, `untag`, `tags`, `tags rename`, `audiences` and `audiences add`.
@Suite("outpost tags and audiences")
struct TagCommandTests {
  let outpost = OutpostProcess()

  func entry(_ slug: String) throws -> [String: Any] {
    try #require(try outpost.listed().first { $0["slug"] as? String == slug })
  }

  /// `tags` or `audiences` as parsed JSON rows.
  func counts(_ command: String) throws -> [[String: Any]] {
    let result = try outpost.run(command, "--format", "json")
    #expect(result.status == 0, "\(result)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
  }

  @Test("tag adds normalised tags and audiences named any way; untag takes them away")
  func tagAndUntag() throws {
    try outpost.run("init")
    let result = try outpost.run(
      "tag", "chatgpt", "  Image Generation ", "Chat BOT", "--audience", "Small business owners", "--audience", "artist"
    )
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.hasPrefix("chatgpt: tags "))
    var tool = try entry("chatgpt")
    let tags = try #require(tool["tags"] as? [String])
    #expect(tags.contains("image-generation") && tags.contains("chat-bot"))
    let audiences = try #require(tool["audiences"] as? [String])
    #expect(audiences.contains("small-business-owners") && audiences.contains("artists"))
    #expect(try outpost.run("untag", "chatgpt", "IMAGE generation", "--audience", "artists").status == 0)
    tool = try entry("chatgpt")
    #expect(!(try #require(tool["tags"] as? [String])).contains("image-generation"))
    #expect(!(try #require(tool["audiences"] as? [String])).contains("artists"))
    #expect((try #require(tool["tags"] as? [String])).contains("chat-bot"))
  }

  @Test("untag of a tag the entry lacks says so on stderr and changes nothing")
  func untagMissing() throws {
    try outpost.run("init")
    let before = try outpost.catalogSnapshot()
    let result = try outpost.run("untag", "chatgpt", "not-a-tag", "--audience", "musicians")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("chatgpt did not have tag not-a-tag"))
    #expect(result.stderr.contains("chatgpt did not have audience musicians"))
    #expect(try outpost.catalogSnapshot() == before, "updated_at moved though nothing changed")
  }

  @Test("tag and untag refuse: nothing to do, an empty tag, an unknown audience, an unknown slug")
  func tagRefused() throws {
    try outpost.run("init")
    try outpost.expectRefusal(["tag", "chatgpt"], status: 64, "name at least one tag or --audience")
    try outpost.expectRefusal(["untag", "chatgpt", "  "], status: 64, "holds no tag")
    let audience = try outpost.expectRefusal(
      ["tag", "chatgpt", "x", "--audience", "writter"], status: 64, "did you mean 'writers'?")
    #expect(audience.stderr.contains("bloggers, artists"))
    try outpost.expectRefusal(["untag", "chatgtp", "x"], status: 1, "did you mean 'chatgpt'?")
  }

  @Test("tags lists every tag with its count, most used first, in each format")
  func tagsList() throws {
    try outpost.run("init")
    let rows = try counts("tags")
    let expected = Dictionary(grouping: try outpost.listed().flatMap { ($0["tags"] as? [String]) ?? [] }) { $0 }
      .mapValues(\.count)
    #expect(rows.count == expected.count)
    for row in rows {
      let name = try #require(row["tag"] as? String)
      #expect(row["count"] as? Int == expected[name], "\(name)")
    }
    let numbers = rows.compactMap { $0["count"] as? Int }
    #expect(numbers == numbers.sorted(by: >))
    let csv = try outpost.run("tags", "--format", "csv").stdout
    #expect(csv.hasPrefix("tag,count\r\n"))
    #expect(outputLines(csv).count == expected.count + 1)
    let table = try outpost.run("tags")
    #expect(table.stdout.hasPrefix("TAG"))
    let top = try #require(rows.first)
    #expect(table.stdout.contains("\(top["tag"] as! String)"))
  }

  @Test("tags on an empty catalog says there are none; JSON is an empty array")
  func tagsEmpty() throws {
    try outpost.run("init", "--empty")
    #expect(try outpost.run("tags").stdout.contains("no tags yet"))
    #expect(try outpost.run("tags", "--format", "json").stdout == "[]\n")
  }

  @Test("tags rename to an existing tag merges: every entry of either has the new one, the old one is gone")
  func renameMerges() throws {
    try outpost.run("init")
    let entries = try outpost.listed()
    func having(_ tag: String) -> Set<String> {
      Set(entries.filter { ($0["tags"] as? [String])?.contains(tag) == true }.compactMap { $0["slug"] as? String })
    }
    let writing = having("writing")
    let editing = having("editing")
    #expect(
      !writing.isEmpty && !editing.isEmpty && !writing.isSubset(of: editing), "the seed should make this a real merge")
    let result = try outpost.run("tags", "rename", "Writing", "editing")
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("renamed tag writing to editing: \(writing.union(editing).count) entries"))
    let after = try outpost.listed()
    let nowEditing = Set(
      after.filter { ($0["tags"] as? [String])?.contains("editing") == true }.compactMap { $0["slug"] as? String })
    #expect(nowEditing == writing.union(editing))
    #expect(!after.contains { ($0["tags"] as? [String])?.contains("writing") == true })
    #expect(!(try counts("tags")).contains { $0["tag"] as? String == "writing" })
  }

  @Test("tags rename to a new name renames; to the same name changes nothing")
  func renamePlain() throws {
    try outpost.run("init")
    let count = try outpost.listedSlugs(["--tag", "music"]).count
    #expect(try outpost.run("tags", "rename", "music", "Music Making").status == 0)
    #expect(try outpost.listedSlugs(["--tag", "music-making"]).count == count)
    let before = try outpost.catalogSnapshot()
    let same = try outpost.run("tags", "rename", "music-making", "Music Making")
    #expect(same.status == 0)
    #expect(same.stderr.contains("nothing changed"))
    #expect(try outpost.catalogSnapshot() == before)
  }

  @Test("tags rename refuses an unknown tag (suggesting a near one) and empty names")
  func renameRefused() throws {
    try outpost.run("init")
    try outpost.expectRefusal(
      ["tags", "rename", "writting", "x"], status: 1, "no tag 'writting'; did you mean 'writing'?")
    let far = try outpost.expectRefusal(
      ["tags", "rename", "nosuchtagatall", "x"], status: 1, "no tag 'nosuchtagatall'")
    #expect(!far.stderr.contains("did you mean"))
    try outpost.expectRefusal(["tags", "rename", " ", "x"], status: 64, "holds no tag")
    try outpost.expectRefusal(["tags", "rename", "writing"], status: 64, "new")
  }

  @Test("audiences lists the eight with counts matching the entries")
  func audiencesList() throws {
    try outpost.run("init")
    let rows = try counts("audiences")
    #expect(
      rows.map { $0["audience"] as? String } == [
        "small-business-owners", "bloggers", "artists", "musicians", "entrepreneurs", "marketers", "writers",
        "researchers",
      ])
    let entries = try outpost.listed()
    for row in rows {
      let slug = try #require(row["audience"] as? String)
      let expected = entries.filter { ($0["audiences"] as? [String])?.contains(slug) == true }.count
      #expect(row["count"] as? Int == expected, "\(slug)")
    }
    #expect(rows.first?["name"] as? String == "Small business owners")
    let table = try outpost.run("audiences").stdout
    #expect(table.contains("Small business owners"))
  }

  @Test("audiences add makes a new audience usable at once, by slug or name, singular or plural")
  func audiencesAdd() throws {
    try outpost.run("init")
    let result = try outpost.run("audiences", "add", "podcasters", "--name", "Podcasters")
    #expect(result.status == 0, "\(result)")
    #expect(try counts("audiences").last?["audience"] as? String == "podcasters")
    #expect(try outpost.run("tag", "descript", "--audience", "podcaster").status == 0)
    #expect(try outpost.listedSlugs(["--audience", "Podcasters"]) == ["descript"])
  }

  @Test("audiences add refuses a taken slug or name, a bad slug, an empty name")
  func audiencesAddRefused() throws {
    try outpost.run("init")
    try outpost.expectRefusal(
      ["audiences", "add", "bloggers", "--name", "Web writers"], status: 1,
      "audience 'bloggers' (Bloggers) already exists")
    try outpost.expectRefusal(["audiences", "add", "blog-folk", "--name", "bloggers"], status: 1, "already exists")
    try outpost.expectRefusal(
      ["audiences", "add", "Pod Casters", "--name", "Podcasters"], status: 64, "may hold only lower-case")
    try outpost.expectRefusal(["audiences", "add", "podcasters", "--name", "  "], status: 64, "--name cannot be empty")
    try outpost.expectRefusal(["audiences", "add", "podcasters"], status: 64, "--name")
  }
}
