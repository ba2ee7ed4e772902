import Foundation
import Testing

@testable import OutpostCore

@Suite("Site: text, paths and manifest")
struct SiteTextTests {
  @Test("control characters and noncharacters become U+FFFD; tab, newlines and other text stay")
  func clean() {
    #expect(SiteText.clean("a\u{1}b\u{7F}c\u{85}d\u{FFFE}e\tf\ng") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\tf\ng")
    #expect(SiteText.clean("Café 東京 “quoted” – ok") == "Café 東京 “quoted” – ok")
  }

  @Test("a blurb is cut at a word past 240 characters, counted as characters, not bytes")
  func blurb() {
    let accents = String(repeating: "é", count: 240)
    #expect(SiteText.blurb(accents) == accents, "480 bytes but 240 characters: not cut")
    let words = String(repeating: "word ", count: 60)
    #expect(SiteText.blurb(words) == String(repeating: "word ", count: 47) + "word…")
    #expect(SiteText.blurb(String(repeating: "a", count: 240)) == String(repeating: "a", count: 240))
    #expect(SiteText.blurb("\u{1}") == "\u{FFFD}")
    #expect(SiteText.blurb("") == nil)
    #expect(SiteText.blurb(nil) == nil)
  }

  @Test("script strings escape quotes, backslashes, markup characters and line separators")
  func jsString() {
    var out: [UInt8] = []
    SiteText.appendJSString("</script>\"\\&\n\u{2028}é", to: &out)
    #expect(String(decoding: out, as: UTF8.self) == #""\u003c/script\u003e\"\\\u0026\n\u2028é""#)
  }

  @Test("entry positions by id: dense ids in an array, sparse or negative ones in a table, unknown ids nil")
  func entryPositions() {
    for ids: [Int64] in [[5, 3, 9, 1], [1, 1_000_000_000, 7], [-4, 2, 8], []] {
      let positions = EntryPositions(ids)
      #expect(positions.count == ids.count)
      for (position, id) in ids.enumerated() { #expect(positions[id] == Int32(position), "\(id) in \(ids)") }
      for missing: Int64 in [0, 2_000_000_000, -1, 4, 6] where !ids.contains(missing) {
        #expect(positions[missing] == nil, "\(missing) in \(ids)")
      }
    }
  }

  @Test("dates read as people write them")
  func days() {
    #expect(SiteText.day("2024-10-21T16:01:00Z") == "Mon, 21 Oct 2024")
    #expect(SiteText.day("2000-02-29T00:00:00Z") == "Tue, 29 Feb 2000")
    #expect(SiteText.day("garbage") == "garbage")
  }

  @Test("only http and https links go out")
  func links() {
    #expect(SiteText.linkOut("javascript:alert(1)") == nil)
    #expect(SiteText.linkOut("data:text/html,x") == nil)
    #expect(SiteText.linkOut("HTTPS://example.org/a") == "HTTPS://example.org/a")
    #expect(SiteText.host("https://user@www.example.org:8080/x?y") == "example.org:8080")
  }

  @Test("tag file names never leave their folder and never collide with a plain tag or a page number")
  func tagKeys() {
    #expect(SitePaths.tag("image-generation") == "tags/image-generation.html")
    #expect(SitePaths.tag("seo", page: 3) == "tags/seo.3.html")
    for tag in ["../x", "a/b", "c++", "..", "東京", "x.2", "a_b"] {
      let key = SitePaths.fileKey(tag)
      #expect(!key.contains("/") && !key.contains(".") && key.contains("_"), "\(tag) → \(key)")
    }
    #expect(SitePaths.fileKey("c++") != SitePaths.fileKey("c--"))
  }

  @Test("the manifest reads back what it wrote, terms with tabs included; garbage is refused")
  func manifest() {
    var manifest = SiteManifest()
    manifest.pages["tools/a.html"] = .init(contentHash: .init(high: 0x00ff, low: 0xfeed_0000_0000_0001), inputs: 42)
    manifest.pages["tools/b.html"] = .init(contentHash: .unknown, inputs: 1)
    manifest.entries[7] = 0xdead_beef
    manifest.termChunks = [.init(firstTerm: "a\tb\\c", stats: 9), .init(firstTerm: "music", stats: 1)]
    manifest.searchInputs = 5
    let read = SiteManifest(text: manifest.text())
    #expect(read?.pages == manifest.pages)
    #expect(read?.entries == manifest.entries)
    #expect(read?.termChunks == manifest.termChunks)
    #expect(read?.searchInputs == 5)
    #expect(SiteManifest(text: Array("not a manifest\n".utf8)) == nil)
    #expect(SiteManifest(text: Array((SiteManifest.header + "\np\tonly-two\n").utf8)) == nil)
  }

  @Test("pages are written in the order they were added, or sorted when that order is not every page's once")
  func manifestOrder() {
    func pageLines(_ manifest: SiteManifest) -> [String] {
      String(decoding: manifest.text(), as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("p\t") }
        .map { String($0.split(separator: "\t")[1]) }
    }
    var added = SiteManifest()
    for path in ["tools/z.html", "index.html", "tools/a.html"] {
      added.add(path, .init(contentHash: .unknown, inputs: 1))
    }
    added.add("index.html", .init(contentHash: .unknown, inputs: 2))
    #expect(added.order == ["tools/z.html", "index.html", "tools/a.html"])
    #expect(added.pages["index.html"]?.inputs == 2)
    #expect(pageLines(added) == ["tools/z.html", "index.html", "tools/a.html"])
    var set = SiteManifest()
    for path in ["tools/z.html", "index.html", "tools/a.html"] {
      set.pages[path] = .init(contentHash: .unknown, inputs: 1)
    }
    set.pages["index.html"]?.inputs = 2
    #expect(pageLines(set) == ["index.html", "tools/a.html", "tools/z.html"])
    #expect(set == added, "the order is not part of what a manifest records")
    set.pages["index.html"]?.inputs = 3
    #expect(set != added)
  }

  @Test("base URLs must be http(s) and end in a slash")
  func baseURL() {
    #expect(SiteOptions.normalizedBaseURL("https://example.org/ai") == "https://example.org/ai/")
    #expect(SiteOptions.normalizedBaseURL("ftp://example.org/") == nil)
    #expect(SiteOptions.normalizedBaseURL("example") == nil)
  }
}
