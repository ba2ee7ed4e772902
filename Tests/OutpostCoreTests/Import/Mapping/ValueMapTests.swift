import Testing

@testable import OutpostCore

/// `--value FIELD:FROM=TO`: how a rule is read, and what it does to a value.
@Suite("ValueMap")
struct ValueMapTests {
  let vocabulary = AudienceVocabulary([
    .init(id: 1, slug: "small-business-owners", name: "Small business owners"),
    .init(id: 2, slug: "writers", name: "Writers"),
  ])

  func map(_ rules: String...) throws -> ValueMap {
    var result = ValueMap()
    for rule in rules { try result.add(rule) }
    return result
  }

  @Test("FROM matches without regard to case and surrounding spaces; other values pass as they are")
  func exact() throws {
    let values = try map(" pricing : Visit Site = unknown ", "audiences:SMB=small-business-owners")
    #expect(values.maps(.pricing) && values.maps(.audiences) && !values.maps(.tags))
    #expect(values.mapped(.pricing, "visit SITE", vocabulary: vocabulary) == "unknown")
    #expect(values.mapped(.pricing, "Paid", vocabulary: vocabulary) == "Paid")
    #expect(values.mapped(.audiences, "smb", vocabulary: vocabulary) == "small-business-owners")
    #expect(values.targets(.audiences) == ["small-business-owners"])
  }

  @Test("* maps what is outside the vocabulary: pricing's values and aliases, kinds, audiences")
  func wildcard() throws {
    let values = try map("pricing:*=unknown", "audiences:*=", "kind:*=story", "pricing:Call us=contact")
    #expect(values.mapped(.pricing, "Visit Site", vocabulary: vocabulary) == "unknown")
    #expect(values.mapped(.pricing, "Free trial", vocabulary: vocabulary) == "Free trial")
    #expect(values.mapped(.pricing, "PAID", vocabulary: vocabulary) == "PAID")
    // A rule for the value itself comes before *.
    #expect(values.mapped(.pricing, "call us", vocabulary: vocabulary) == "contact")
    // An empty TO drops the value.
    #expect(values.mapped(.audiences, "Painters", vocabulary: vocabulary) == nil)
    #expect(values.mapped(.audiences, "writer", vocabulary: vocabulary) == "writer")
    #expect(values.mapped(.kind, "article", vocabulary: vocabulary) == "story")
    #expect(values.mapped(.kind, "Tool", vocabulary: vocabulary) == "Tool")
  }

  @Test(
    "a rule that cannot be used is refused with words that say why",
    arguments: [
      ("pricing", "should be FIELD:FROM=TO"),
      ("pricing:Visit Site", "should be FIELD:FROM=TO"),
      ("colour:red=blue", "unknown field 'colour'"),
      (":a=b", "unknown field ''"),
      ("sources:a=b", "sources are objects"),
      ("pricing:=unknown", "has no FROM"),
      ("summary:*=x", "summary has none"),
      ("tags:*=misc", "tags has none"),
      ("pricing:Visit Site=cheap", "pricing 'cheap' is not one of"),
      ("kind:article=post", "kind 'post' is not 'tool' or 'story'"),
      ("url:n/a=nope", "url 'nope'"),
      ("published_at:soon=2024", "no Unix time"),
      ("source_count:many=-1", "not a whole number"),
      ("slug:x=Not A Slug", "may hold only"),
    ])
  func refused(rule: String, words: String) {
    var values = ValueMap()
    #expect(throws: ValueMap.Problem.self) { try values.add(rule) }
    do {
      try values.add(rule)
    } catch {
      #expect(error.message.contains(words), "\(error.message)")
      #expect(error.message.contains("--value"), "\(error.message)")
    }
  }

  @Test("the same FROM mapped to two values is refused; to the same value it is harmless")
  func twice() throws {
    var values = try map("pricing:Visit Site=unknown", "pricing:visit site=unknown", "pricing:*=unknown")
    #expect(throws: ValueMap.Problem.self) { try values.add("pricing:VISIT SITE=paid") }
    #expect(throws: ValueMap.Problem.self) { try values.add("pricing:*=paid") }
  }
}
