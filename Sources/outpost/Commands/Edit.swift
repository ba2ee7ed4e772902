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

    @Option(name: .long) var title: String?
    @Option(name: .long) var url: String?
    @Option(name: .long, help: "An empty value clears it.") var summary: String?
    @Option(name: .long, help: "An empty value clears it.") var description: String?
    @Option(name: .long, help: "free, freemium, paid, contact or unknown.") var pricing: Pricing?
    @Option(name: .long, help: "A story's publication date.") var published: String?

    func validate() throws {
      if let title { try validateTitle(title) }
      if let url { _ = try validURL(url) }
      if let published, Timestamp.parse(published) == nil {
        throw ValidationError(DateWords.invalid("--published", published))
      }
      if title == nil, url == nil, summary == nil, description == nil, pricing == nil, published == nil {
        throw ValidationError("nothing to change; pass --title, --url, --summary, --description, --pricing or --published")
      }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      var changes = EntryChanges()
      changes.title = title?.trimmingCharacters(in: .whitespacesAndNewlines)
      changes.url = try url.map(validURL)
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
      discussion: "An answer is never read from a pipe: without a terminal, --yes is required.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The slugs to remove.")
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
          throw CatalogError("refusing to remove without a confirmation: standard input is not a terminal; pass --yes")
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
