import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Tags: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tags",
      abstract: "List tags with their counts, or rename one.",
      subcommands: [TagsList.self, TagsRename.self], defaultSubcommand: TagsList.self)
  }
}
