import Testing

@testable import OutpostCore

@Suite("AudienceVocabulary")
struct AudienceVocabularyTests {
  let vocabulary = AudienceVocabulary(
    [
      ("small-business-owners", "Small business owners"), ("bloggers", "Bloggers"), ("artists", "Artists"),
      ("musicians", "Musicians"), ("entrepreneurs", "Entrepreneurs"), ("marketers", "Marketers"),
      ("writers", "Writers"), ("researchers", "Researchers"),
    ].enumerated().map { AudienceVocabulary.Audience(id: Int64($0.offset + 1), slug: $0.element.0, name: $0.element.1) }
  )

  @Test(
    "an audience is named by slug or name, any case, singular or plural",
    arguments: [
      ("blogger", "bloggers"), ("Bloggers", "bloggers"), ("Small business owners", "small-business-owners"),
      ("small business owner", "small-business-owners"), ("SMALL_BUSINESS_OWNERS", "small-business-owners"),
      ("researcher", "researchers"), ("  Writers ", "writers"),
    ])
  func resolves(typed: String, slug: String) throws {
    #expect(try vocabulary.resolve(typed).slug == slug)
  }

  @Test("an unknown audience suggests the closest and lists the valid ones")
  func typo() {
    #expect(throws: AudienceError.self) { try vocabulary.resolve("bloger") }
    let message = vocabulary.unknownMessage("bloger")
    #expect(message.contains("did you mean 'bloggers'?"))
    for slug in vocabulary.audiences.map(\.slug) { #expect(message.contains(slug)) }
  }

  @Test("nothing close: no far-fetched suggestion, still the list")
  func unrelated() {
    let message = vocabulary.unknownMessage("podcasters")
    #expect(!message.contains("did you mean"))
    #expect(message.contains("valid audiences: small-business-owners, bloggers"))
    #expect(message.contains("outpost audiences add"))
  }

  @Test("the shared rule ignores candidates too far to be a typo")
  func nearest() {
    #expect(DidYouMean.suggestions(for: "chatgtp", among: ["chatgpt", "claude"]) == ["chatgpt"])
    #expect(DidYouMean.suggestions(for: "zzzz", among: ["code", "music"]).isEmpty)
    #expect(EditDistance.between("kitten", "sitting") == 3)
  }
}
