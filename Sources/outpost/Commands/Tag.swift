import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add tags and audiences to an entry.",
      discussion: """
        Tags are normalised: "  Image Generation " becomes image-generation.
        Example: outpost tag chatgpt writing chatbot --audience writers
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: TagChange

    func run() throws { try change.apply(global, remove: false) }
  }

  struct Untag: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove tags and audiences from an entry.",
      discussion: "Example: outpost untag chatgpt chatbot --audience writers")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: TagChange

    func run() throws { try change.apply(global, remove: true) }
  }

  struct TagChange: ParsableArguments {
    @Argument(help: "The entry's slug.")
    var slug: String

    @Argument(help: ArgumentHelp("Tags to add or remove.", valueName: "tag"))
    var tags: [String] = []

    @Option(name: .long, help: "An audience, by slug or name, singular or plural (repeatable).")
    var audience: [String] = []

    func validate() throws {
      if tags.isEmpty, audience.isEmpty { throw ValidationError("name at least one tag or --audience") }
      for tag in tags where TagName.normalize(tag) == nil { throw ValidationError("'\(tag)' holds no tag") }
    }

    func apply(_ global: GlobalOptions, remove: Bool) throws {
      let catalog = try global.open(forWriting: true)
      let vocabulary = try catalog.audienceVocabulary()
      let audiences = try audience.map { try resolveAudience($0, vocabulary) }.uniqued()
      let result = try catalog.retag(
        slug, tags: tags.compactMap(TagName.normalize).uniqued(), audiences: audiences, remove: remove)
      let entry = result.entry
      // Nothing to do is not an error, but the curator should know a typo did nothing.
      let state = remove ? "did not have" : "already had"
      for tag in result.unchangedTags { Terminal.notice("\(entry.slug) \(state) tag \(tag)") }
      for audience in result.unchangedAudiences { Terminal.notice("\(entry.slug) \(state) audience \(audience)") }
      Terminal.write(
        "\(entry.slug): tags \(entry.tags.isEmpty ? "-" : entry.tags.joined(separator: ", ")); "
          + "audiences \(entry.audiences.isEmpty ? "-" : entry.audiences.joined(separator: ", "))\n")
    }
  }

  struct Tags: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List tags with their counts, or rename one.",
      subcommands: [TagsList.self, TagsRename.self], defaultSubcommand: TagsList.self)
  }

  struct TagsList: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "Tags with the number of entries using each, most used first (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "table, json or csv.") var format: CountFormat = .table

    func run() throws {
      let catalog = try global.open(forWriting: false)
      CountPrinter.print(
        try catalog.tagCounts().map { [$0.name, String($0.count)] }, keys: ["tag", "count"], format: format,
        empty: "no tags yet; `outpost tag SLUG TAG` adds one")
    }
  }

  struct TagsRename: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rename", abstract: "Rename tag OLD to NEW, merging into NEW when it exists.",
      discussion: "Example: outpost tags rename summarization summarisation")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The tag to rename.", valueName: "old")) var old: String
    @Argument(help: ArgumentHelp("Its new name; an existing tag takes in OLD's entries.", valueName: "new"))
    var new: String

    func validate() throws {
      for tag in [old, new] where TagName.normalize(tag) == nil { throw ValidationError("'\(tag)' holds no tag") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      let from = TagName.normalize(old)!
      let to = TagName.normalize(new)!
      let count = try catalog.renameTag(from, to: to)
      if from == to {
        Terminal.notice("tag \(from) is already called that; nothing changed")
      } else {
        Terminal.notice("renamed tag \(from) to \(to): \(count) entr\(count == 1 ? "y" : "ies") tagged \(to)")
      }
    }
  }

  struct Audiences: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List audiences with their counts, or add one.",
      subcommands: [AudiencesList.self, AudiencesAdd.self], defaultSubcommand: AudiencesList.self)
  }

  struct AudiencesList: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "Audiences with the number of entries for each (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "table, json or csv.") var format: CountFormat = .table

    func run() throws {
      let catalog = try global.open(forWriting: false)
      CountPrinter.print(
        try catalog.audienceCounts().map { [$0.slug, $0.name, String($0.count)] }, keys: ["audience", "name", "count"],
        format: format, empty: "no audiences; `outpost audiences add SLUG --name NAME` adds one")
    }
  }

  struct AudiencesAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add an audience to the vocabulary.",
      discussion: "Example: outpost audiences add podcasters --name Podcasters")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Its slug: a-z, 0-9 and '-'.", valueName: "slug")) var slug: String
    @Option(name: .long, help: "Its name as people read it.") var name: String

    func validate() throws {
      if let reason = Slug.problem(with: slug) { throw ValidationError("audience " + reason) }
      if slug.count > 64 { throw ValidationError("audience slug '\(slug)' is longer than 64 characters") }
      if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ValidationError("--name cannot be empty")
      }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      try catalog.addAudience(slug: slug, name: name)
      Terminal.notice("added audience \(slug) (\(name.trimmingCharacters(in: .whitespacesAndNewlines)))")
    }
  }
}
