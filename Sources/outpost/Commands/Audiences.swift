import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Audiences: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "audiences",
      abstract: "List audiences with their counts, or add one.",
      subcommands: [AudiencesList.self, AudiencesAdd.self], defaultSubcommand: AudiencesList.self)
  }
}
