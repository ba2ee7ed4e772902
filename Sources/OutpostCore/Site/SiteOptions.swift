import Foundation

/// What `outpost site` publishes, and how.
public struct SiteOptions: Sendable {
  /// The folder the site is written to: new, empty, or made by an earlier build.
  public var directory: String
  /// The entries published: the FILTERS of `list` and `export`.
  public var filter: EntryFilter
  /// Entries matching this filter are left out even when `filter` selects
  /// them: `site --skip-broken` leaves out the tools whose link is broken.
  public var leaveOut: EntryFilter?
  /// The site's name, in every page's header and title.
  public var title: String
  /// Where the site will be served from, ending in `/`: makes `sitemap.xml`
  /// and absolute links in the Atom feeds. Without it links are relative.
  public var baseURL: String?
  /// A folder whose `NAME.mustache`, `style.css` or `search.js` replace the
  /// built-in ones of the same name.
  public var templatesDirectory: String?

  public init(
    directory: String, filter: EntryFilter = EntryFilter(), leaveOut: EntryFilter? = nil, title: String = "Outpost",
    baseURL: String? = nil, templatesDirectory: String? = nil
  ) {
    self.directory = directory
    self.filter = filter
    self.leaveOut = leaveOut
    self.title = title
    self.baseURL = baseURL
    self.templatesDirectory = templatesDirectory
  }

  /// `url` as a base URL (http or https, ending in `/`), or nil when it is not one.
  public static func normalizedBaseURL(_ url: String) -> String? {
    let trimmed = url.trimmingCharacters(in: .whitespaces)
    guard case .success(let valid) = URLCheck.validate(trimmed) else { return nil }
    return valid.hasSuffix("/") ? valid : valid + "/"
  }
}

/// What a build did, for the summary line.
public struct SiteReport: Sendable, Equatable {
  /// Files the site holds after the build.
  public var files = 0
  /// Files written because they are new or their content changed.
  public var written = 0
  /// Files left alone: their inputs were those of the last build, or they
  /// were rendered again to the same bytes.
  public var unchanged = 0
  /// Files of entries or pages that are gone, removed.
  public var removed = 0
  /// Entries published.
  public var entries = 0
  /// Whether the search index was made on a second connection beside the
  /// pages (`SearchAside`), for the tests to tell.
  var searchAside = false

  public init() {}
}
