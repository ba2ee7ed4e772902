import Foundation
import OutpostCore
import Testing

/// Migration 0006 as a user meets it: a catalog made before tags were folded
/// is migrated by the first command, which then finds entries by the tag
/// typed any way.
@Suite("outpost on a catalog with tags from before migration 0006")
struct TagMigrationCommandTests {
  let outpost = OutpostProcess()

  /// The default catalog at version 5, its tags stored as version 5's
  /// import kept them.
  func makeVersionFive() throws {
    let upToFive = Array(EmbeddedCatalogFiles.migrations.prefix(5))
    let (old, _) = try Catalog.open(
      at: outpost.catalog, options: CatalogOpenOptions(forWriting: true, newContent: .empty, migrations: upToFive))
    func tool(_ slug: String, _ tags: [String]) throws {
      _ = try old.add(
        Entry(
          kind: .tool, slug: slug, title: slug.capitalized, url: "https://\(slug).example", summary: "A tool.",
          pricing: .free, tags: tags))
    }
    try tool("quill", ["editor's-choice", "planning-&-development"])
    try tool("ink", ["editors-choice", "café"])
    try tool("mocha", ["cafe", "café"])
    // The connection closes as `old` goes, before the binary opens the file.
  }

  @Test("the first command migrates; --tag finds merged tags typed any way; tags lists no punctuation; search finds")
  func migratesAndFinds() throws {
    try makeVersionFive()
    let listed = try outpost.run("list", "--tag", "Editor's Choice", "--format", "json")
    #expect(listed.status == 0, "\(listed)")
    #expect(listed.stderr.contains("0006_tags_fold_punctuation_and_diacritics"), "\(listed)")
    #expect(try outpost.listedSlugs(["--tag", "editors-choice"]) == ["ink", "quill"])
    #expect(try outpost.listedSlugs(["--tag", "CAFÉ"]) == ["ink", "mocha"])
    #expect(try outpost.listedSlugs(["--tag", "planning-development"]) == ["quill"])
    let tags = try outpost.run("tags", "--format", "json")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(tags.stdout.utf8)) as? [[String: Any]])
    let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0["tag"] as? String ?? "", $0["count"] as? Int ?? 0) })
    #expect(counts == ["editors-choice": 2, "cafe": 2, "planning-development": 1])
    let searched = try outpost.run("search", "planning development", "--format", "json")
    #expect(searched.status == 0 && searched.stdout.contains("\"quill\""), "\(searched)")
    let check = try outpost.run("check")
    #expect(check.status == 0, "\(check)")
  }
}
