import Testing

@testable import OutpostCore

/// The one raw-HTML builder: a story body whose `[n]` become links.
@Suite("Site: citation links")
struct CitationTextTests {
  @Test("each [n] naming a source becomes a link to #source-n; others stay text")
  func links() {
    let html = CitationText.html(
      "Fired [1]. Denied [2][3]. Unknown [9], not a number [x], empty []", sources: [1, 2, 3])
    #expect(
      html
        == "<p>Fired <a class=\"cite\" href=\"#source-1\" aria-label=\"source 1\">[1]</a>. Denied "
        + "<a class=\"cite\" href=\"#source-2\" aria-label=\"source 2\">[2]</a>"
        + "<a class=\"cite\" href=\"#source-3\" aria-label=\"source 3\">[3]</a>. Unknown [9], not a number [x], empty []</p>\n"
    )
  }

  @Test("catalog text is escaped around the links: no tag, quote or entity survives")
  func escapes() {
    let html = CitationText.html("<script>alert(\"x\")</script> & 'q' [<b>] [1]<i>", sources: [1])
    #expect(!html.contains("<script"))
    #expect(!html.contains("<b>") && !html.contains("<i>"))
    #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; [&lt;b&gt;]"))
    #expect(html.contains("href=\"#source-1\""))
    #expect(html.hasSuffix("&lt;i&gt;</p>\n"))
  }

  @Test("a paragraph a line; blank lines and surrounding spaces dropped")
  func paragraphs() {
    #expect(
      CitationText.html("One.\n\n  Two [1].  \r\nThree", sources: []) == "<p>One.</p>\n<p>Two [1].</p>\n<p>Three</p>\n")
    #expect(CitationText.html("\n \n", sources: [1]).isEmpty)
  }

  @Test("a long run of digits or an unclosed bracket is text")
  func oddMarkers() {
    #expect(CitationText.html("[12345] [1", sources: [1, 12345]) == "<p>[12345] [1</p>\n")
  }
}
