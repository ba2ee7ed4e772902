import Foundation
import Testing

/// Headless Chromium and HTML Tidy, as the site's readers and checkers.
/// Tests that need one are skipped, by name, when it is not installed;
/// `.ci/run` installs both.
enum SiteTools {
  static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
  static let tidy: String? = ["/usr/bin/tidy", "/usr/local/bin/tidy"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// The DOM Chromium renders for `url` once its scripts have run: virtual
  /// time lets the page's work finish, and the call returns when the browser
  /// process exits, never after a guessed sleep.
  static func dom(_ url: String) throws -> String {
    try chromiumRun(["--virtual-time-budget=30000", "--dump-dom", url]).stdout
  }

  /// A PNG of `url` at `width`×`height`, written to `path`.
  static func screenshot(_ url: String, to path: String, width: Int = 1100, height: Int = 1400) throws {
    let result = try chromiumRun([
      "--hide-scrollbars", "--window-size=\(width),\(height)", "--virtual-time-budget=10000", "--screenshot=\(path)",
      url,
    ])
    #expect(FileManager.default.fileExists(atPath: path), "\(result)")
  }

  /// Runs Chromium headless with a profile of its own, which root needs
  /// `--no-sandbox` for.
  private static func chromiumRun(_ arguments: [String]) throws -> OutpostProcess.Result {
    let scratch = OutpostProcess()
    defer { scratch.remove() }
    let result = try scratch.launch(
      chromium!,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--user-data-dir=\(scratch.path("profile"))",
      ] + arguments)
    #expect(result.status == 0, "\(result)")
    return result
  }

  /// What `tidy -errors -quiet` reports for `path`: empty when valid.
  static func tidyErrors(_ path: String) throws -> String {
    let scratch = OutpostProcess()
    defer { scratch.remove() }
    let result = try scratch.launch(tidy!, ["-errors", "-quiet", path])
    return result.status == 2 || result.stderr.contains("Error:") ? result.stderr : ""
  }
}

/// A catalog and its site, for the browser's tests: the starter catalog,
/// stories and tools from the benchmark generator, and one entry whose
/// text tries to break out of its page.
final class SiteFixture: Sendable {
  static let shared: Result<SiteFixture, any Error> = Result { try SiteFixture() }

  let outpost = OutpostProcess()
  let site: URL
  static let hostileTitle = "<script>alert(1)</script>"
  static let hostileSummary = "He said \"hi\" & left"

  init() throws {
    try outpost.run("init")
    let generator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("OutpostCoreTests/Fixtures/gen_catalog.py").path
    let generated = try outpost.launch(
      "/usr/bin/env", ["python3", generator, "150", outpost.path("gen.csv"), "--stories", "50"])
    #expect(generated.status == 0, "\(generated)")
    let imported = try outpost.run("import", outpost.path("gen.csv"), "--quiet")
    #expect(imported.status == 0, "\(imported)")
    let added = try outpost.run(
      "add", "tool", Self.hostileTitle, "--url", "https://example.org/x", "--summary", Self.hostileSummary,
      "--audience", "artists", "--tag", "safety", "--slug", "hostile")
    #expect(added.status == 0, "\(added)")
    let built = try outpost.run("site", "site", "--title", "Outpost test site")
    #expect(built.status == 0, "\(built)")
    site = outpost.folder.appendingPathComponent("site")
  }

  func url(_ path: String) -> String { site.appendingPathComponent(path).absoluteString }

  /// Every file of the site, relative to it, but the build's own state.
  var files: [String] { Self.files(in: site) }

  static func files(in site: URL) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: site.path)!
    var found: [String] = []
    while let path = enumerator.nextObject() as? String {
      var isFolder: ObjCBool = false
      FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path, isDirectory: &isFolder)
      if !isFolder.boolValue, !path.hasPrefix(".outpost-site") { found.append(path) }
    }
    return found.sorted()
  }
}

/// Reading serialized HTML the way a test needs to: attribute values and
/// the links of a page.
enum HTMLText {
  /// Every value of `attribute` in `html`, unescaped.
  static func values(of attribute: String, in html: String) -> [String] {
    let pattern = try! NSRegularExpression(pattern: "\\s\(attribute)=\"([^\"]*)\"")
    let range = NSRange(html.startIndex..., in: html)
    return pattern.matches(in: html, range: range).map { unescape(String(html[Range($0.range(at: 1), in: html)!])) }
  }

  static func unescape(_ text: String) -> String {
    text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  /// The entry slugs a page links to, in order, once each.
  static func entryLinks(in html: String) -> [String] {
    var seen = Set<String>()
    return values(of: "href", in: html).compactMap { href -> String? in
      guard let range = href.range(of: #"(tools|stories)/[a-z0-9-]+\.html$"#, options: .regularExpression) else {
        return nil
      }
      let slug = String(href[range].split(separator: "/")[1].dropLast(5))
      return seen.insert(slug).inserted ? slug : nil
    }
  }
}
