import Testing

@testable import OutpostCore

@Suite("SearchQuery")
struct SearchQueryTests {
  @Test(
    "whatever is typed becomes quoted terms, never FTS syntax",
    arguments: [
      ("C++", "\"C\""), ("\"unbalanced", "\"unbalanced\""), ("AND", "\"AND\""), ("NEAR(", "\"NEAR\""),
      ("a OR b", "\"a\" \"OR\" \"b\""), ("title:music", "\"title\" \"music\""), ("^start", "\"start\""),
      ("don't", "\"don\" \"t\""),
    ])
  func safeTerms(typed: String, match: String) {
    #expect(SearchQuery.fts(typed) == match)
  }

  @Test("\"a phrase\" stays a phrase and word* a prefix")
  func phraseAndPrefix() {
    #expect(SearchQuery.fts("\"image generation\" tool") == "\"image generation\" \"tool\"")
    #expect(SearchQuery.fts("transcri*") == "\"transcri\"*")
    #expect(SearchQuery.fts("c++*") == "\"c\"*")
  }

  @Test("text with no word to search for gives no query", arguments: ["", "   ", "-", "*", "\"\"", "+ - *", "\""])
  func nothingToSearch(typed: String) {
    #expect(SearchQuery.fts(typed) == nil)
  }

  @Test("letters of every script and accents are kept as words")
  func unicodeWords() {
    #expect(SearchQuery.fts("café 東京") == "\"café\" \"東京\"")
  }
}

@Suite("SearchHit snippets")
struct SearchHitTests {
  func hit(_ snippet: String) -> SearchHit {
    SearchHit(entry: Entry(kind: .tool, slug: "x", title: "X"), snippet: snippet)
  }

  @Test("a snippet is cut to start a few words before its first match")
  func focused() {
    let long = hit("ByteDance, TikTok's parent company, is suing a former \u{1}intern\u{2} for $1.1 million")
    #expect(long.focusedSnippet() == "…suing a former \u{1}intern\u{2} for $1.1 million")
    let early = hit("The \u{1}intern\u{2} was fired")
    #expect(early.focusedSnippet() == "The \u{1}intern\u{2} was fired")
    #expect(hit("no match marked").focusedSnippet() == "no match marked")
  }
}
