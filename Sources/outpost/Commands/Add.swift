import ArgumentParser
import OutpostCore

extension Outpost {
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Add a tool or a story; prints its slug.",
      discussion: """
        The slug is derived from the title (Café AI → cafe-ai) and made unique with -2, -3, … unless --slug gives one.
        """,
      subcommands: [AddTool.self, AddStory.self])
  }

  /// Options `add tool` and `add story` share.
  struct EntryOptions: ParsableArguments {
    @Option(name: .long, help: "One paragraph.")
    var summary: String?

    @Option(name: .long, help: "Long text; for a story, its body with [n] citation markers.")
    var description: String?

    @Option(name: .long, help: "An audience, by slug or name, singular or plural (repeatable).")
    var audience: [String] = []

    @Option(name: .long, help: "A tag (repeatable); \"Image Generation\" is stored as image-generation.")
    var tag: [String] = []

    @Option(name: .long, help: "The slug: a-z, 0-9 and '-'. Derived from the title when not given.")
    var slug: String?

    func validate() throws {
      if let slug, let reason = Slug.problem(with: slug) { throw ValidationError(reason) }
      for tag in tag where TagName.normalize(tag) == nil { throw ValidationError("--tag '\(tag)' holds no tag") }
    }

    /// An entry with the shared fields filled in, audiences resolved.
    func entry(kind: EntryKind, title: String, catalog: Catalog) throws -> Entry {
      let vocabulary = try catalog.audienceVocabulary()
      return Entry(
        kind: kind, slug: slug ?? "", title: title.trimmingCharacters(in: .whitespacesAndNewlines),
        summary: nonEmpty(summary), description: nonEmpty(description),
        audiences: try audience.map { try resolveAudience($0, vocabulary) }.uniqued().sorted(),
        tags: tag.compactMap(TagName.normalize).uniqued().sorted())
    }
  }

  struct AddTool: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tool", abstract: "Add a tool.",
      discussion: """
        Example:
          outpost add tool "Café AI" --url https://cafe.ai --pricing "free trial" \\
            --audience writers --tag chatbot
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The tool's name.")
    var title: String

    @Option(name: .long, help: "Its http(s) address.")
    var url: String

    @Option(name: .long, help: "What it costs (aliases such as 'free trial' or 'open source' work).")
    var pricing: Pricing = .unknown

    @OptionGroup var entry: EntryOptions

    func validate() throws {
      try validateTitle(title)
      _ = try validURL(url)
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      var new = try entry.entry(kind: .tool, title: title, catalog: catalog)
      new.url = try validURL(url)
      new.pricing = pricing
      try warnAboutDuplicates(of: new.url, in: catalog)
      Terminal.write(try catalog.add(new).slug + "\n")
    }
  }

  struct AddStory: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "story", abstract: "Add a news story with its numbered sources.",
      discussion: """
        Each --source is "PUBLISHER | TITLE | URL"; the publisher and URL may be left empty.
        Example:
          outpost add story "ByteDance fires intern" --published 2024-10-21 \\
            --source "Ars Technica | Intern fired | https://arstechnica.com/ai/1" \\
            --source "BBC News | TikTok sacks intern | https://www.bbc.com/news/2"
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The headline.")
    var title: String

    @Option(name: .long, help: "Its http(s) address, if it has one.")
    var url: String?

    @Option(
      name: .long,
      help: ArgumentHelp("When it was published: 2024-10-21, ISO 8601 or '21 Oct 2024'.", valueName: "date"))
    var published: String?

    @Option(
      name: .long, help: ArgumentHelp("A source, numbered in order (repeatable).", valueName: "PUBLISHER | TITLE | URL")
    )
    var source: [String] = []

    @Option(
      name: .long,
      help: ArgumentHelp("The slug of a related story already in the catalog (repeatable).", valueName: "slug"))
    var related: [String] = []

    @OptionGroup var entry: EntryOptions

    func validate() throws {
      try validateTitle(title)
      if let url { _ = try validURL(url) }
      if let published, Timestamp.parse(published) == nil {
        throw ValidationError(DateWords.invalid("--published", published))
      }
      _ = try sources()
    }

    func sources() throws -> [Source] {
      try source.enumerated().map { index, text in
        switch Source.parse(commandLine: text, n: index + 1) {
        case .success(let source): return source
        case .failure(let problem): throw ValidationError(problem.message)
        }
      }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      var new = try entry.entry(kind: .story, title: title, catalog: catalog)
      new.url = try url.map(validURL)
      new.publishedAt = published.flatMap(Timestamp.parse)
      new.sources = try sources()
      new.related = related.uniqued()
      try warnAboutDuplicates(of: new.url, in: catalog)
      Terminal.write(try catalog.add(new).slug + "\n")
    }
  }
}

/// Says on stderr which entries already have (nearly) this URL. The entry is
/// added all the same, as an import does: the curator decides.
func warnAboutDuplicates(of url: String?, in catalog: Catalog) throws {
  guard let url else { return }
  let slugs = try catalog.slugs(withURLLike: url)
  guard !slugs.isEmpty else { return }
  Terminal.notice("likely duplicate: \(url) is also the url of \(slugs.joined(separator: ", "))")
}

func validateTitle(_ title: String) throws {
  if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
    throw ValidationError("the title is empty; give the entry a name")
  }
}

/// The URL, or a usage error saying what is wrong with it.
func validURL(_ text: String) throws -> String {
  switch URLCheck.validate(text) {
  case .success(let url): return url
  case .failure(let problem): throw ValidationError(problem.message)
  }
}

func nonEmpty(_ text: String?) -> String? {
  guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
  return trimmed
}

extension Array where Element: Hashable {
  /// The elements without repeats, in first-seen order.
  func uniqued() -> [Element] {
    var seen = Set<Element>()
    return filter { seen.insert($0).inserted }
  }
}
