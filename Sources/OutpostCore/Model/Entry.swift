import Foundation

/// One catalog entry, a tool or a story, with the fields every format names.
///
/// Plain values only: the store turns it into rows, the readers build it from
/// files, the writers print it. Optional fields are `nil` when absent; lists are
/// empty rather than `nil` so that "no tags" has one spelling.
public struct Entry: Equatable, Sendable {
  public var kind: EntryKind
  public var slug: String
  public var title: String
  public var url: String?
  public var summary: String?
  public var description: String?
  public var pricing: Pricing?
  public var publishedAt: String?
  public var audiences: [String]
  public var tags: [String]
  public var related: [String]
  public var sources: [Source]
  public var sourceCount: Int?
  public var addedAt: String?
  public var updatedAt: String?

  public init(
    kind: EntryKind, slug: String, title: String, url: String? = nil, summary: String? = nil,
    description: String? = nil, pricing: Pricing? = nil, publishedAt: String? = nil,
    audiences: [String] = [], tags: [String] = [], related: [String] = [],
    sources: [Source] = [], sourceCount: Int? = nil, addedAt: String? = nil, updatedAt: String? = nil
  ) {
    self.kind = kind
    self.slug = slug
    self.title = title
    self.url = url
    self.summary = summary
    self.description = description
    self.pricing = pricing
    self.publishedAt = publishedAt
    self.audiences = audiences
    self.tags = tags
    self.related = related
    self.sources = sources
    self.sourceCount = sourceCount
    self.addedAt = addedAt
    self.updatedAt = updatedAt
  }

  /// The interchange field names, in the order every format uses.
  public static let fieldNames = [
    "kind", "slug", "title", "url", "summary", "description", "pricing", "published_at",
    "audiences", "tags", "related", "sources", "source_count", "added_at", "updated_at",
  ]
}

/// The two kinds of entry.
public enum EntryKind: String, Sendable, CaseIterable, Comparable {
  case tool, story

  public static func < (lhs: EntryKind, rhs: EntryKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One numbered source of a story: an article from one publisher.
public struct Source: Equatable, Sendable {
  public var n: Int
  public var title: String
  public var publisher: String?
  public var url: String?
  public var publishedAt: String?
  public var excerpt: String?

  public init(
    n: Int, title: String, publisher: String? = nil, url: String? = nil,
    publishedAt: String? = nil, excerpt: String? = nil
  ) {
    self.n = n
    self.title = title
    self.publisher = publisher
    self.url = url
    self.publishedAt = publishedAt
    self.excerpt = excerpt
  }

  /// The interchange field names of a source, in order.
  public static let fieldNames = ["n", "title", "publisher", "url", "published_at", "excerpt"]
}

extension Source {
  /// Reads `--source "PUBLISHER | TITLE | URL"`: the title is required, the
  /// publisher and URL may be left empty (`" | Title | "`), and a lone
  /// value is a title.
  public static func parse(commandLine text: String, n: Int) -> Result<Source, URLCheck.Problem> {
    let parts = text.split(separator: "|", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    let publisher: String?
    let title: String
    var url: String?
    switch parts.count {
    case 1: (publisher, title) = (nil, parts[0])
    case 2: (publisher, title) = (parts[0].isEmpty ? nil : parts[0], parts[1])
    case 3: (publisher, title, url) = (parts[0].isEmpty ? nil : parts[0], parts[1], parts[2].isEmpty ? nil : parts[2])
    default:
      return .failure(
        URLCheck.Problem("--source '\(text)' has \(parts.count) parts; write \"PUBLISHER | TITLE | URL\""))
    }
    guard !title.isEmpty else {
      return .failure(URLCheck.Problem("--source '\(text)' has no title; write \"PUBLISHER | TITLE | URL\""))
    }
    if let given = url {
      switch URLCheck.validate(given) {
      case .success(let valid): url = valid
      case .failure(let problem): return .failure(URLCheck.Problem("--source: \(problem.message)"))
      }
    }
    return .success(Source(n: n, title: title, publisher: publisher, url: url))
  }
}
