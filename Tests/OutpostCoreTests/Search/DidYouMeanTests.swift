import Testing

@testable import OutpostCore

@Suite("DidYouMean")
struct DidYouMeanTests {
  static let tags = ["job-search", "research", "image-generation", "image-editing", "video", "copywriting", "code"]

  @Test(
    "close names are suggested, best first",
    arguments: [
      ("jobsearch", ["job-search"]), ("job search", ["job-search"]), ("Job_Search", ["job-search"]),
      ("vidoe", ["video"]), ("vid", ["video"]), ("copywritting", ["copywriting"]),
      ("image", ["image-editing", "image-generation"]),
    ])
  func suggests(typed: String, expected: [String]) {
    #expect(DidYouMean.suggestions(for: typed, among: Self.tags) == expected)
  }

  @Test("nothing close: no far-fetched suggestion", arguments: ["zzzz", "podcasting", "x", "", "--", "music"])
  func unrelated(typed: String) {
    #expect(DidYouMean.suggestions(for: typed, among: Self.tags).isEmpty)
  }

  @Test("at most three, in the candidates' order among equals")
  func limit() {
    let names = ["ai-art", "ai-video", "ai-music", "ai-code", "ai-text"]
    #expect(DidYouMean.suggestions(for: "ai", among: names) == ["ai-art", "ai-video", "ai-music"])
  }

  @Test("typos of slugs, and the question that lists them")
  func slugsAndQuestion() {
    #expect(DidYouMean.suggestions(for: "chatgtp", among: ["chatgpt", "claude"]) == ["chatgpt"])
    #expect(EditDistance.between("kitten", "sitting") == 3)
    #expect(DidYouMean.question([]) == nil)
    #expect(DidYouMean.question(["a"]) == "did you mean 'a'?")
    #expect(DidYouMean.question(["a", "b"]) == "did you mean 'a' or 'b'?")
    #expect(DidYouMean.question(["a", "b", "c"]) == "did you mean 'a', 'b' or 'c'?")
  }

  @Test(
    "audiences by the same rule: marketting, small business",
    arguments: [
      ("marketting", "marketers"), ("small business", "small-business-owners"), ("bloger", "bloggers"),
      ("writter", "writers"), ("Musican", "musicians"),
    ])
  func audiences(typed: String, slug: String) {
    let vocabulary = AudienceVocabulary(
      [
        ("small-business-owners", "Small business owners"), ("bloggers", "Bloggers"), ("artists", "Artists"),
        ("musicians", "Musicians"), ("entrepreneurs", "Entrepreneurs"), ("marketers", "Marketers"),
        ("writers", "Writers"), ("researchers", "Researchers"),
      ].enumerated().map {
        AudienceVocabulary.Audience(id: Int64($0.offset + 1), slug: $0.element.0, name: $0.element.1)
      })
    #expect(vocabulary.suggestions(for: typed).first?.slug == slug)
    #expect(vocabulary.unknownMessage(typed).contains("did you mean '\(slug)'"))
  }
}
