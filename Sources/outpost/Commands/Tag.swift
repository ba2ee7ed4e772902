import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tag",
      abstract: "Add tags and audiences to an entry.",
      discussion: """
        Tags are normalised: "  Image Generation " becomes image-generation.
        Example: outpost tag chatgpt writing chatbot --audience writers
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: TagChange

    func run() throws { try change.apply(global, remove: false) }
  }
}
