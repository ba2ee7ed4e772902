import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change fields of an entry; the others stay as they are.",
      discussion: "Example: outpost edit chatgpt --pricing freemium --summary \"OpenAI's assistant.\"")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The entry's slug.")
    var slug: String

    @Option(name: .long, help: "A new title or headline.") var title: String?
    @Option(name: .long, help: "A new http(s) address; an empty value clears a story's.") var url: String?
    @Option(name: .long, help: "An empty value clears it.") var summary: String?
    @Option(name: .long, help: "An empty value clears it.") var description: String?
    @Option(name: .long, help: "A tool's price (aliases such as 'free trial' work).") var pricing: Pricing?
    @Option(
      name: .long,
      help: ArgumentHelp("A story's publication date: 2024-10-21, ISO 8601 or '21 Oct 2024'.", valueName: "date"))
    var published: String?

    func validate() throws {
      if let title { try validateTitle(title) }
      if let url, !url.trimmingCharacters(in: .whitespaces).isEmpty { _ = try validURL(url) }
      if let published, Timestamp.parse(published) == nil {
        throw ValidationError(DateWords.invalid("--published", published))
      }
      if title == nil, url == nil, summary == nil, description == nil, pricing == nil, published == nil {
        throw ValidationError(
          "nothing to change; pass --title, --url, --summary, --description, --pricing or --published")
      }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      let current = try catalog.requireEntry(slug)
      // Said in the words of the flags typed, before the catalog's own rules would refuse.
      switch current.kind {
      case .tool:
        if published != nil { throw CatalogError("--published is for stories; '\(slug)' is a tool") }
        if url?.trimmingCharacters(in: .whitespaces).isEmpty == true {
          throw CatalogError("a tool needs a url; '\(slug)' keeps \(current.url ?? "its own")")
        }
      case .story:
        if pricing != nil { throw CatalogError("--pricing is for tools; '\(slug)' is a story") }
      }
      var changes = EntryChanges()
      changes.title = title?.trimmingCharacters(in: .whitespacesAndNewlines)
      changes.url = try url.map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "" : try validURL($0) }
      changes.summary = summary?.trimmingCharacters(in: .whitespacesAndNewlines)
      changes.description = description?.trimmingCharacters(in: .whitespacesAndNewlines)
      changes.pricing = pricing
      changes.publishedAt = published.flatMap(Timestamp.parse)
      let entry = try catalog.edit(slug, changes)
      Terminal.notice("updated \(entry.slug)")
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove entries. Asks first on a terminal; --yes skips the question.",
      discussion: """
        An answer is never read from a pipe: without a terminal, --yes is required.
        Example: outpost remove old-tool another-tool --yes
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The slugs of the entries to remove, all or none.", valueName: "slug"))
    var slugs: [String]

    @Flag(name: [.long, .customShort("y")], help: "Remove without asking.")
    var yes = false

    func validate() throws {
      if slugs.isEmpty { throw ValidationError("name at least one slug to remove") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      let entries = try slugs.uniqued().map { try catalog.requireEntry($0) }
      if !yes {
        guard Terminal.stdinIsTerminal else {
          throw UsageError(
            "not removing anything: standard input is not a terminal, so there is no one to confirm; pass --yes")
        }
        let names = entries.map { "\($0.slug) (\($0.title))" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("remove \(names)? [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
          Terminal.notice("nothing removed")
          return
        }
      }
      let count = try catalog.remove(entries.map(\.slug))
      Terminal.notice("removed \(count) entr\(count == 1 ? "y" : "ies")")
    }
  }
}
