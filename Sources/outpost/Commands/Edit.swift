import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
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
}
