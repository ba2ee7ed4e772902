import ArgumentParser
import OutpostCore

extension Outpost {
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a tool or a story; prints its slug.",
      subcommands: [AddTool.self, AddStory.self])
  }

  /// Options `add tool` and `add story` share.
  struct EntryOptions: ParsableArguments {
    @Option(name: .long, help: "One paragraph.")
    var summary: String?

    @Option(name: .long, help: "Long text; for a story, its body with [n] citation markers.")
    var description: String?

    @Option(name: .long, help: "An audience, by slug or name (repeatable).")
    var audience: [String] = []

    @Option(name: .long, help: "A tag (repeatable).")
    var tag: [String] = []

    @Option(name: .long, help: "The slug, [a-z0-9-]; derived from the title when not given.")
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
      discussion: "Example: outpost add tool \"Café AI\" --url https://cafe.ai --pricing \"free trial\" --audience writers")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The tool's name.")
    var title: String

    @Option(name: .long, help: "Its http(s) address.")
    var url: String

    @Option(name: .long, help: "free, freemium, paid, contact or unknown (aliases such as 'free trial' work).")
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
      Terminal.write(try catalog.add(new).slug + "\n")
    }
  }

  struct AddStory: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "story", abstract: "Add a news story with its numbered sources.",
      discussion: """
        Example: outpost add story "ByteDance fires intern" --published 2024-10-21 \\
                   --source "Ars Technica | ByteDance intern fired | https://arstechnica.com/…"
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The headline.")
    var title: String

    @Option(name: .long, help: "Its http(s) address, if it has one.")
    var url: String?

    @Option(name: .long, help: "When it was published: 2024-10-21, ISO 8601 or '21 Oct 2024'.")
    var published: String?

    @Option(name: .long, help: ArgumentHelp("A source, numbered in order (repeatable).", valueName: "PUBLISHER | TITLE | URL"))
    var source: [String] = []

    @Option(name: .long, help: "A related story's slug (repeatable).")
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
      new.related = related
      Terminal.write(try catalog.add(new).slug + "\n")
    }
  }
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
