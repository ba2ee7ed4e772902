import Testing

@testable import OutpostCore

@Suite("Slug")
struct SlugTests {
  @Test(
    "titles become slugs with diacritics folded and punctuation dropped",
    arguments: [
      ("Café AI", "cafe-ai"),
      ("  Déjà Vu — Studio  ", "deja-vu-studio"),
      ("Don't Panic", "dont-panic"),
      ("Leonardo.Ai", "leonardo-ai"),
      ("C++ Copilot", "c-copilot"),
      ("ÆTHER Ørsted straße", "aether-orsted-strasse"),
      ("ＡＢＣ　ｆｕｌｌ", "abc-full"),
      ("Łódź Œuvre", "lodz-oeuvre"),
      ("Привет мир", "privet-mir"),
    ])
  func derive(title: String, slug: String) {
    #expect(Slug.derive(from: title) == slug)
  }

  @Test(
    "a title with no Latin letters still gets a valid slug, the same every time",
    arguments: ["東京 ツール", "🤖🤖", "مرحبا", "!!!", "—"])
  func nonLatin(title: String) {
    let slug = Slug.derive(from: title)
    #expect(Slug.problem(with: slug) == nil, "\(title) → \(slug)")
    #expect(Slug.derive(from: title) == slug)
  }

  @Test("titles with nothing transliterable differ by their hash")
  func hashedSlugsDiffer() {
    let robot = Slug.derive(from: "🤖🤖")
    #expect(robot.hasPrefix("entry-"))
    #expect(robot != Slug.derive(from: "🎨🎨"))
    #expect(Slug.stableHash("🤖🤖") == "44111ea5")
  }

  @Test("a long title is cut at a word, within the limit")
  func longTitle() {
    let slug = Slug.derive(from: String(repeating: "generative ", count: 20))
    #expect(slug.count <= Slug.derivedLimit)
    #expect(!slug.hasSuffix("-"))
    #expect(slug.hasSuffix("generative"))
  }

  @Test("collisions take -2, -3, …")
  func unique() {
    let taken: Set = ["cafe-ai", "cafe-ai-2"]
    #expect(Slug.unique("cafe-ai") { taken.contains($0) } == "cafe-ai-3")
    #expect(Slug.unique("tea") { taken.contains($0) } == "tea")
  }

  @Test(
    "user slugs are validated",
    arguments: [
      ("Bad Slug", "lower-case"), ("-edge", "start or end"), ("edge-", "start or end"), ("a--b", "'--'"), ("", "empty"),
      ("café", "lower-case"), (String(repeating: "a", count: 201), "longer than 200"),
      (String(repeating: "é", count: 201), "longer than 200"), (String(repeating: "é", count: 150), "lower-case"),
    ])
  func invalid(slug: String, reason: String) throws {
    let problem = try #require(Slug.problem(with: slug))
    #expect(problem.contains(reason), "\(problem)")
  }

  @Test(
    "good slugs pass", arguments: ["a", "cafe-ai", "gpt-4o-mini", "2024-review", String(repeating: "a", count: 200)])
  func valid(slug: String) {
    #expect(Slug.problem(with: slug) == nil)
  }
}
