import Mustache
import Testing

@testable import OutpostCore

@Suite("Site: template escaping")
struct SiteTemplateEscapingTests {
  /// Texts where a character to escape stands alone, and where it joins a
  /// neighbour in one grapheme cluster (a combining mark after it, an
  /// Arabic number sign, which prepends, before it).
  static let samples = [
    "", "plain", "a < b & c > d \"q\" 'a'", "<<&&>>", "Café & thé", "東京<大阪>", "<\u{338}", "x&\u{301}y",
    "\u{600}<b", "\"\u{200D}\"", "e\u{301}<", "\r\n<\r\n", "👩‍💻 & 🧑🏽‍🚀 'ok'", "&amp; already",
  ]

  @Test("escapes as swift-mustache escapes, a character at a time", arguments: samples)
  func sameAsMustache(_ text: String) throws {
    #expect(TemplateEscaping.escape(text) == TemplateEscaping.escapeByCharacter(text))
    let template = try MustacheTemplate(string: "{{value}}")
    #expect(TemplateEscaping.escape(text) == template.render(["value": text]))
  }

  @Test("templates registered with the pragma render as without it")
  func pragma() throws {
    TemplateEscaping.register()
    let text = "{{! a comment }}\n<p title=\"{{value}}\">{{value}}</p>\n{{#list}}\n<li>{{.}}</li>\n{{/list}}\n"
    let context: [String: Any] = ["value": "a<b & 'c'", "list": ["x>y", "é\"", "<\u{338}"]]
    let plain = try MustacheTemplate(string: text).render(context)
    let marked = try MustacheTemplate(string: TemplateEscaping.pragma + text).render(context)
    #expect(marked == plain)
  }
}
