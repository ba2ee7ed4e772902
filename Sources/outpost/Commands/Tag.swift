import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add tags and audiences to an entry.",
      discussion: "Example: outpost tag chatgpt writing chatbot --audience writers")

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

    @Argument(help: "Tags.")
    var tags: [String] = []

    @Option(name: .long, help: "An audience, by slug or name (repeatable).")
    var audience: [String] = []

    func validate() throws {
      if tags.isEmpty, audience.isEmpty { throw ValidationError("name at least one tag or --audience") }
      for tag in tags where TagName.normalize(tag) == nil { throw ValidationError("'\(tag)' holds no tag") }
    }

    func apply(_ global: GlobalOptions, remove: Bool) throws {
      let catalog = try global.open(forWriting: true)
      let vocabulary = try catalog.audienceVocabulary()
      let audiences = try audience.map { try resolveAudience($0, vocabulary) }
      let entry = try catalog.retag(
        slug, tags: tags.compactMap(TagName.normalize), audiences: audiences, remove: remove)
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
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Tags with counts (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "table, json or csv.") var format: CountFormat = .table

    func run() throws {
      let catalog = try global.open(forWriting: false)
      CountPrinter.print(try catalog.tagCounts().map { [$0.name, String($0.count)] }, keys: ["tag", "count"], format: format)
    }
  }

  struct TagsRename: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rename", abstract: "Rename tag OLD to NEW, merging into NEW when it exists.")

    @OptionGroup var global: GlobalOptions
    @Argument var old: String
    @Argument var new: String

    func validate() throws {
      if TagName.normalize(old) == nil || TagName.normalize(new) == nil { throw ValidationError("tags cannot be empty") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      let from = TagName.normalize(old)!
      let to = TagName.normalize(new)!
      let count = try catalog.renameTag(from, to: to)
      Terminal.notice("renamed tag \(from) to \(to): \(count) entr\(count == 1 ? "y" : "ies") tagged \(to)")
    }
  }

  struct Audiences: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List audiences with their counts, or add one.",
      subcommands: [AudiencesList.self, AudiencesAdd.self], defaultSubcommand: AudiencesList.self)
  }

  struct AudiencesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Audiences with counts (the default).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "table, json or csv.") var format: CountFormat = .table

    func run() throws {
      let catalog = try global.open(forWriting: false)
      CountPrinter.print(
        try catalog.audienceCounts().map { [$0.slug, $0.name, String($0.count)] }, keys: ["audience", "name", "count"],
        format: format)
    }
  }

  struct AudiencesAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add an audience to the vocabulary.",
      discussion: "Example: outpost audiences add podcasters --name Podcasters")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Its slug, [a-z0-9-].") var slug: String
    @Option(name: .long, help: "Its name as people read it.") var name: String

    func validate() throws {
      if let reason = Slug.problem(with: slug) { throw ValidationError("audience " + reason) }
      if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name cannot be empty") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      try catalog.addAudience(slug: slug, name: name)
      Terminal.notice("added audience \(slug) (\(name.trimmingCharacters(in: .whitespaces)))")
    }
  }
}

/// Formats of the counting commands.
enum CountFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

/// Prints rows of counts; the last column is a number.
enum CountPrinter {
  static func print(_ rows: [[String]], keys: [String], format: CountFormat) {
    switch format {
    case .table:
      var table = TableText(columns: keys.map { .init($0.uppercased(), minimum: 5) })
      for row in rows { table.append(row) }
      Terminal.write(table.render(width: Terminal.width) { $0.bold }.joined(separator: "\n") + "\n")
    case .csv:
      Terminal.write(keys.joined(separator: ",") + "\r\n")
      for row in rows {
        Terminal.write(row.map { $0.contains(",") || $0.contains("\"") ? "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" : $0 }.joined(separator: ",") + "\r\n")
      }
    case .json:
      let objects: [[String: Any]] = rows.map { row in
        var object: [String: Any] = [:]
        for (key, value) in zip(keys, row) { object[key] = key == "count" ? (Int(value) ?? 0) as Any : value as Any }
        return object
      }
      let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data()
      Terminal.write(String(decoding: data, as: UTF8.self) + "\n")
    }
  }
}
