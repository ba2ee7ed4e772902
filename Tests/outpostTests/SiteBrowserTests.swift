import Foundation
import GRDB
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The site as a reader meets it: pages rendered by headless Chromium from
/// `file://`, their DOM read back, and the whole output crawled and checked.
@Suite("outpost site in a browser", .enabled(if: SiteTools.chromium != nil, "needs chromium (.ci/run installs it)"))
struct SiteBrowserTests {
  func fixture() throws -> SiteFixture { try SiteFixture.shared.get() }

  static let seedStory = "bytedance-the-parent-company-of-tiktok-confirmed-firing-an"

  @Test("the seed story shows its 12 numbered sources, and every [n] of its body links to its source")
  func storyPage() throws {
    let site = try fixture()
    let dom = try SiteTools.dom(site.url("stories/\(Self.seedStory).html"))
    let ids = HTMLText.values(of: "id", in: dom).filter { $0.hasPrefix("source-") }
    #expect(ids == (1...12).map { "source-\($0)" })
    #expect(dom.contains("12 Sources"))
    let shown = try site.outpost.run("show", Self.seedStory, "--format", "json")
    let entry = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    let body = try #require(entry["description"] as? String)
    let markers = body.matches(of: /\[(\d+)\]/).map { "#source-\($0.1)" }
    #expect(!markers.isEmpty)
    let citations = HTMLText.values(of: "href", in: dom).filter { $0.hasPrefix("#source-") }
    #expect(citations == markers, "every [n] of the body, in order, is a link to its source")
    for citation in citations { #expect(ids.contains(String(citation.dropFirst()))) }
    #expect(!dom.contains("<script"), "a story page runs no script")
  }

  @Test("related stories are listed, each with its source count")
  func relatedStories() throws {
    let site = try fixture()
    let dom = try SiteTools.dom(site.url("stories/\(Self.seedStory).html"))
    let related = try #require(dom.range(of: "Related stories")).upperBound
    let section = String(dom[related...])
    let listed = try site.outpost.listed(["--kind", "story"])
    let shown = try site.outpost.run("show", Self.seedStory, "--format", "json")
    let entry = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    let relatedSlugs = try #require(entry["related"] as? [String])
    #expect(relatedSlugs.count == 5)
    #expect(Set(HTMLText.entryLinks(in: section)) == Set(relatedSlugs))
    for slug in relatedSlugs {
      let count = try #require(listed.first { $0["slug"] as? String == slug }?["source_count"] as? Int)
      let link = try #require(section.range(of: "stories/\(slug).html"))
      let item = section[link.upperBound...].prefix(2000)
      let before = section[..<link.lowerBound].suffix(600)
      #expect((before + item).contains("\(count) Sources"), "\(slug) shows \(count) Sources")
    }
  }

  @Test("an audience page lists exactly what `list --audience` lists, newest first, across its pages")
  func audiencePages() throws {
    let site = try fixture()
    var slugs: [String] = []
    var page: String? = "audiences/musicians.html"
    while let path = page {
      let dom = try SiteTools.dom(site.url(path))
      let start = try #require(dom.range(of: "<main")).lowerBound
      let main = String(dom[start...])
      slugs += HTMLText.entryLinks(in: main)
      page = main.firstMatch(of: /href="\.\.\/(audiences\/[^"]+)" rel="next"/).map { String($0.1) }
    }
    let expected = try site.outpost.listedSlugs(["--audience", "musicians", "--sort", "newest"])
    #expect(expected.count > 50, "the fixture fills more than one page")
    #expect(slugs == expected)
  }

  @Test("the search page with ?q=music lists the entries `search music` finds")
  func search() throws {
    let site = try fixture()
    var found: [String] = []
    var page = 1
    while true {
      let dom = try SiteTools.dom(site.url("search.html") + "?q=music&page=\(page)")
      #expect(dom.contains("data-search=\"done\""), "the search script finished")
      let start = try #require(dom.range(of: "id=\"results\"")).lowerBound
      let results = String(dom[start...])
      found += HTMLText.entryLinks(in: results.components(separatedBy: "</ol>")[0])
      guard results.contains("&amp;page=\(page + 1)") || results.contains("page=\(page + 1)\"") else { break }
      page += 1
    }
    let searched = try site.outpost.run("search", "music", "--limit", "100000", "--format", "json")
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(searched.stdout.utf8)) as? [[String: Any]])
      .compactMap { $0["slug"] as? String }
    #expect(expected.count > 20, "the fixture has more than one page of results")
    #expect(Set(found) == Set(expected))
    #expect(found.count == expected.count)
  }

  @Test("the search script stems as the catalog's porter tokenizer does, accents and case folded")
  func stemming() throws {
    let site = try fixture()
    let words = [
      "Running", "caresses", "ponies", "Editing", "newsletters", "Musicians", "generalization", "Café", "naïve",
      "hopping", "relational", "happy", "sky", "東京", "agreed", "conditional", "analysing", "flies", "controlling",
      "ÉTUDES", "hopefulness", "electrical", "owed", "is", "a", "ai",
    ]
    let page = site.outpost.write(
      """
      <!DOCTYPE html><html lang="en"><head><title>stem</title></head><body>
      <input id="q"><p id="status"></p><ol id="results"></ol><nav id="result-pages"></nav>
      <script src="\(site.url("search/search.js"))"></script>
      <pre id="out"></pre>
      <script>
      document.getElementById("out").textContent = \(String(decoding: try JSONSerialization.data(withJSONObject: words), as: UTF8.self))
        .map(function (w) { return OutpostSearch.stem(OutpostSearch.fold(w)); }).join(" ");
      </script></body></html>
      """, to: "stem.html")
    let dom = try SiteTools.dom(URL(fileURLWithPath: page).absoluteString)
    let start = try #require(dom.range(of: "<pre id=\"out\">")).upperBound
    let stems = dom[start...].prefix { $0 != "<" }.split(separator: " ").map(String.init)
    let queue = try DatabaseQueue()
    let expected = try queue.write { db -> [String] in
      try db.execute(sql: "CREATE VIRTUAL TABLE f USING fts5(x, tokenize = 'porter unicode61 remove_diacritics 2')")
      try db.execute(sql: "CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)")
      try db.execute(sql: "INSERT INTO f (x) VALUES (?)", arguments: [words.joined(separator: " ")])
      return try String.fetchAll(db, sql: "SELECT term FROM v ORDER BY offset")
    }
    #expect(stems == expected)
  }

  @Test("a title holding <script> and a summary with \" and & show as text; no script runs but the search's")
  func hostileText() throws {
    let site = try fixture()
    for path in ["tools/hostile.html", "audiences/artists.html", "tags/safety.html", "index.html"] {
      let dom = try SiteTools.dom(site.url(path))
      #expect(!dom.contains("<script"), "\(path) has a script element")
      if path != "index.html" || dom.contains("alert(1)") {
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path) shows the title as text")
      }
    }
    let tool = try SiteTools.dom(site.url("tools/hostile.html"))
    #expect(tool.contains("He said \"hi\" &amp; left"))
    let search = try SiteTools.dom(site.url("search.html") + "?q=alert")
    let scripts = HTMLText.values(of: "src", in: search)
    #expect(!scripts.isEmpty && scripts.allSatisfy { $0.hasPrefix("search/") }, "\(scripts)")
    #expect(search.components(separatedBy: "<script").count - 1 == scripts.count, "no inline script")
    #expect(search.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the result's title is text")
  }

  @Test("screenshots of a story and an audience page show the page (README's pictures)")
  func screenshots() throws {
    let site = try fixture()
    let keep = ProcessInfo.processInfo.environment["OUTPOST_SCREENSHOTS"]
    for (name, path) in [
      ("site-story.png", "stories/\(Self.seedStory).html"), ("site-audience.png", "audiences/musicians.html"),
    ] {
      let target = keep.map { ($0 as NSString).appendingPathComponent(name) } ?? site.outpost.path(name)
      try SiteTools.screenshot(site.url(path), to: target)
      let png = try #require(FileManager.default.contents(atPath: target))
      #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
      #expect(png.count > 20_000, "a page with text and colour, not a blank one (\(png.count) bytes)")
    }
  }
}

/// The output checked file by file, without a browser.
@Suite("outpost site output")
struct SiteOutputTests {
  func fixture() throws -> SiteFixture { try SiteFixture.shared.get() }

  @Test("a crawl from the home page follows every internal link, finds none broken, and reaches every page")
  func crawl() throws {
    let site = try fixture()
    let files = Set(site.files)
    var seen: Set<String> = ["index.html"]
    var queue = ["index.html"]
    var broken: [String] = []
    var ids: [String: Set<String>] = [:]
    func idsOf(_ path: String) throws -> Set<String> {
      if let known = ids[path] { return known }
      let text = try String(contentsOf: site.site.appendingPathComponent(path), encoding: .utf8)
      ids[path] = Set(HTMLText.values(of: "id", in: text))
      return ids[path]!
    }
    while let path = queue.popLast() {
      let text = try String(contentsOf: site.site.appendingPathComponent(path), encoding: .utf8)
      for link in HTMLText.values(of: "href", in: text) + HTMLText.values(of: "src", in: text) {
        if link.hasPrefix("http://") || link.hasPrefix("https://") { continue }
        let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let file = String(parts[0].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let target =
          file.isEmpty
          ? path
          : URL(fileURLWithPath: "/" + path).deletingLastPathComponent().appendingPathComponent(file).standardized.path
            .dropFirst().description
        guard files.contains(target) else {
          broken.append("\(path) → \(link)")
          continue
        }
        if parts.count == 2, target.hasSuffix(".html"), !(try idsOf(target)).contains(String(parts[1])) {
          broken.append("\(path) → \(link) (no such id)")
        }
        if target.hasSuffix(".html"), seen.insert(target).inserted { queue.append(target) }
      }
    }
    #expect(broken.isEmpty, "\(broken.prefix(20))")
    let pages = files.filter { $0.hasSuffix(".html") }
    #expect(pages.subtracting(seen).isEmpty, "unreachable: \(pages.subtracting(seen).sorted().prefix(10))")
  }

  @Test(
    "tidy -errors -quiet finds no error on any page",
    .enabled(if: SiteTools.tidy != nil, "needs tidy (.ci/run installs it)"))
  func tidy() throws {
    let site = try fixture()
    for path in site.files where path.hasSuffix(".html") {
      let errors = try SiteTools.tidyErrors(site.site.appendingPathComponent(path).path)
      #expect(errors.isEmpty, "\(path): \(errors)")
    }
  }

  @Test("every page has lang, one h1, labelled navigation, and the stylesheet's focus and colour rules")
  func accessibility() throws {
    let site = try fixture()
    for path in site.files where path.hasSuffix(".html") {
      let text = try String(contentsOf: site.site.appendingPathComponent(path), encoding: .utf8)
      #expect(text.contains("<html lang=\"en\">"), "\(path)")
      #expect(text.components(separatedBy: "<h1").count == 2, "\(path) has one h1")
      let navs = text.components(separatedBy: "<nav").dropFirst()
      #expect(
        !navs.isEmpty && navs.allSatisfy { $0.hasPrefix(" aria-label=") || $0.contains("aria-label=") }, "\(path)")
    }
    let css = try String(contentsOf: site.site.appendingPathComponent("style.css"), encoding: .utf8)
    #expect(css.contains(":focus-visible { outline: 3px solid"))
  }

  @Test("the Atom feeds parse as XML and list stories newest first")
  func feeds() throws {
    let site = try fixture()
    let feeds = site.files.filter { $0.hasSuffix(".xml") }
    #expect(feeds.contains("feed.xml") && feeds.contains("audiences/musicians.xml"))
    for path in feeds {
      let parser = XMLParser(contentsOf: site.site.appendingPathComponent(path))!
      #expect(parser.parse(), "\(path): \(String(describing: parser.parserError))")
    }
    let feed = try String(contentsOf: site.site.appendingPathComponent("feed.xml"), encoding: .utf8)
    #expect(feed.contains("<entry>") && feed.contains("stories/"))
  }

  @Test("colours in the stylesheet keep a contrast of at least 4.5:1 with their backgrounds")
  func contrast() throws {
    let site = try fixture()
    let css = try String(contentsOf: site.site.appendingPathComponent("style.css"), encoding: .utf8)
    func colour(_ name: String) throws -> String {
      let line = try #require(css.split(separator: "\n").first { $0.contains("--\(name):") })
      return String(try #require(line.firstMatch(of: /#([0-9a-fA-F]{6})/)?.1))
    }
    func luminance(_ hex: String) -> Double {
      let value = Int(hex, radix: 16)!
      func linear(_ channel: Int) -> Double {
        let c = Double(channel) / 255
        return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
      }
      let red = linear((value >> 16) & 255)
      let green = linear((value >> 8) & 255)
      let blue = linear(value & 255)
      return 0.2126 * red + 0.7152 * green + 0.0722 * blue
    }
    func ratio(_ a: String, _ b: String) -> Double {
      let (x, y) = (luminance(a), luminance(b))
      return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }
    for (text, background) in [
      ("text", "ffffff"), ("muted", "ffffff"), ("link", "ffffff"), ("text", "chip"), ("link", "chip"),
      ("muted", "chip"),
    ] {
      let back = background == "chip" ? try colour("chip") : background
      #expect(ratio(try colour(text), back) >= 4.5, "\(text) on \(background)")
    }
    #expect(ratio(try colour("band-text"), try colour("band")) >= 4.5)
  }
}
