import Testing

@testable import OutpostCore

/// Tags, pricing, dates and URLs as users type them.
@Suite("Input vocabularies")
struct InputVocabularyTests {
  @Test(
    "tags are trimmed, case-folded, diacritics folded, punctuation runs to one '-', apostrophes dropped",
    arguments: [
      ("  Image Generation ", "image-generation"), ("SEO", "seo"), ("a\tb  c", "a-b-c"), ("writing", "writing"),
      ("Editor's Choice", "editors-choice"), ("Editor\u{2019}s Choice", "editors-choice"),
      ("Planning & Development", "planning-development"), ("planning-&-development", "planning-development"),
      ("Café", "cafe"), ("CAFÉ", "cafe"), ("cafe\u{301}", "cafe"), ("Ørsted Łódź", "orsted-lodz"),
      ("Straße", "strasse"), ("AI/ML", "ai-ml"), ("--a--b--", "a-b"), ("c++", "c"), ("a;b,c", "a-b-c"),
      ("人工智能", "人工智能"), ("AI 写作", "ai-写作"), ("がぎ", "がぎ"), ("हिन्दी", "हिन्दी"), ("Ἀθῆναι", "αθηναι"),
      ("🤖 Bots", "bots"), ("ＡＩ", "ai"),
    ])
  func tags(typed: String, stored: String) {
    #expect(TagName.normalize(typed) == stored)
  }

  @Test("a tag already in normal form takes the fast path and comes back the same as the full one would give")
  func tagFastPathAgrees() {
    // The full normalisation, without the fast path.
    func reference(_ text: String) -> String? { TagName.words(of: TagName.folded(text)) }
    let alphabet = Array("ab-Z_.9 ;,é'&\t\u{A0}")
    var random = SystemRandomNumberGenerator()
    var samples = [
      "video", "a-b", "-x", "x-", "a--b", String(repeating: "a", count: 100), String(repeating: "a", count: 101),
      "c++", "ai/ml",
    ]
    for _ in 0..<5_000 {
      samples.append(
        String((0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
    }
    for sample in samples {
      let normal = TagName.normalize(sample)
      #expect(normal == reference(sample), "\(sample.debugDescription)")
      // Normal forms are their own: migration 0006 relies on it to merge.
      #expect(normal.flatMap(TagName.normalize) == normal, "\(sample.debugDescription)")
    }
    #expect(TagName.isNormal("video"))
    #expect(TagName.isNormal("job-search-2"))
    #expect(!TagName.isNormal("Video"))
    #expect(!TagName.isNormal("a b"))
    #expect(!TagName.isNormal("a--b"))
    #expect(!TagName.isNormal("editor's-choice"))
    #expect(!TagName.isNormal("café"))
  }

  @Test("a long tag is cut at a whole character to 100 scalars, never ending in '-'")
  func longTags() throws {
    let long = try #require(TagName.normalize(String(repeating: "ab ", count: 60)))
    #expect(long.unicodeScalars.count <= TagName.maximumLength && !long.hasSuffix("-"))
    let accented = try #require(TagName.normalize(String(repeating: "é", count: 150)))
    #expect(accented == String(repeating: "e", count: 100))
    let devanagari = try #require(TagName.normalize(String(repeating: "कि", count: 80)))
    #expect(devanagari.unicodeScalars.count == 100 && devanagari.count == 50)
  }

  @Test(
    "lists split on ';', or on ',' when there is none, by bytes",
    arguments: [
      ("a; b;;c", ["a", "b", "c"]), ("x,y", ["x", "y"]), ("a;b,c", ["a", "b,c"]), ("é;ü ", ["é", "ü"]), (" ; ", []),
    ])
  func listSplitting(text: String, items: [String]) {
    #expect(RecordFieldReader.split(text) == items)
  }

  @Test("a tag of nothing but spaces and punctuation is no tag", arguments: ["", "   ", " ; ", ",", "&", "'", "🤖"])
  func emptyTags(typed: String) {
    #expect(TagName.normalize(typed) == nil)
  }

  @Test(
    "pricing aliases map onto the vocabulary",
    arguments: [
      ("Free trial", Pricing.freemium), ("FREE", .free), ("open-source", .free), ("Subscription", .paid),
      ("Contact sales", .contact), ("n/a", .unknown), ("freemium", .freemium),
    ])
  func pricing(typed: String, price: Pricing) {
    #expect(Pricing(parsing: typed) == price)
  }

  @Test("pricing outside the vocabulary is refused", arguments: ["sometimes", "cheap", "free-ish"])
  func badPricing(typed: String) {
    #expect(Pricing(parsing: typed) == nil)
  }

  @Test(
    "dates in the three spellings",
    arguments: [
      ("2024-10-21", "2024-10-21T00:00:00Z"), ("2024-10-21T16:01:00Z", "2024-10-21T16:01:00Z"),
      ("2024-10-21T18:01:00+02:00", "2024-10-21T16:01:00Z"), ("21 Oct 2024", "2024-10-21T00:00:00Z"),
      ("2024-10-21T16:01:00.250Z", "2024-10-21T16:01:00Z"),
    ])
  func dates(typed: String, stored: String) {
    #expect(Timestamp.parse(typed) == stored)
  }

  @Test(
    "impossible or vague dates are refused",
    arguments: ["2024-02-31", "2024-13-01", "yesterday", "21/10/2024", "", "32 Oct 2024"])
  func badDates(typed: String) {
    #expect(Timestamp.parse(typed) == nil)
  }

  @Test("--until with a date alone means the end of that day; with a time, that time")
  func endOfDay() {
    #expect(Timestamp.parseEndOfDay("2024-10-21") == "2024-10-21T23:59:59Z")
    #expect(Timestamp.parseEndOfDay("21 Oct 2024") == "2024-10-21T23:59:59Z")
    #expect(Timestamp.parseEndOfDay("2024-10-21T16:00:00Z") == "2024-10-21T16:00:00Z")
    #expect(Timestamp.parseEndOfDay("soon") == nil)
  }

  @Test("http(s) URLs with a host pass, trimmed")
  func goodURLs() throws {
    #expect(try URLCheck.validate(" https://cafe.ai/x ").get() == "https://cafe.ai/x")
    #expect(try URLCheck.validate("HTTP://Example.com").get() == "HTTP://Example.com")
  }

  @Test(
    "bad URLs are refused with the reason",
    arguments: [
      ("example.com", "not a valid URL"), ("ftp://example.com", "http:// or https://"), ("https://", "no host"),
      ("http:///path", "no host"), ("mailto:me@example.com", "http:// or https://"),
    ])
  func badURLs(typed: String, reason: String) {
    guard case .failure(let problem) = URLCheck.validate(typed) else {
      Issue.record("\(typed) was accepted")
      return
    }
    #expect(problem.message.contains(reason), "\(problem.message)")
  }
}
