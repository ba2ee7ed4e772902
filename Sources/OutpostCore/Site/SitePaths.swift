/// Where each page of the site lives, relative to the site's folder.
///
/// Every page sits at the top or one folder down, and links are relative, so
/// the folder works from any web server path and opened as files (`file://`
/// shows a folder listing for `audiences/bloggers/`, so links name files).
/// Page p > 1 of a list is `NAME.p.html`: no key holds a `.`.
enum SitePaths {
  static let home = "index.html"
  static let search = "search.html"
  static let stylesheet = "style.css"
  static let searchScript = "search/search.js"
  static let searchIndex = "search/index.js"
  static let storiesFeed = "feed.xml"
  static let sitemap = "sitemap.xml"

  static func entry(_ kind: EntryKind, _ slug: String) -> String {
    (kind == .story ? "stories/" : "tools/") + slug + ".html"
  }

  static func audience(_ slug: String, page: Int = 1) -> String {
    "audiences/" + slug + (page > 1 ? ".\(page)" : "") + ".html"
  }

  static func audienceFeed(_ slug: String) -> String { "audiences/" + slug + ".xml" }

  static func tag(_ name: String, page: Int = 1) -> String {
    "tags/" + fileKey(name) + (page > 1 ? ".\(page)" : "") + ".html"
  }

  static func termChunk(_ number: Int) -> String { "search/t-" + padded(number) + ".js" }
  static func docChunk(_ number: Int) -> String { "search/d-" + padded(number) + ".js" }
  static func sitemapPart(_ number: Int) -> String { "sitemap-\(number).xml" }

  /// How a page at `path` reaches the site's top folder.
  static func root(of path: String) -> String { path.contains("/") ? "../" : "" }

  /// A tag as a file name: itself when it is plain (`image-generation`),
  /// else its letters and digits and a hash, so `c++`, `a/b` or `..` can
  /// neither escape the folder nor collide (a `_` never occurs in a plain key).
  static func fileKey(_ tag: String) -> String {
    let bytes = Array(tag.utf8)
    let plain =
      !bytes.isEmpty && bytes.count <= 100
      && bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    if plain { return tag }
    var stem = ""
    for scalar in tag.unicodeScalars where stem.utf8.count < 40 {
      if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        stem.unicodeScalars.append(scalar)
      } else if !stem.isEmpty, stem.last != "-" {
        stem.append("-")
      }
    }
    return (stem.isEmpty ? "tag" : stem) + "_" + String(StableHash.of(tag) >> 32, radix: 16)
  }

  private static func padded(_ number: Int) -> String {
    let digits = String(number)
    return digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
  }
}
