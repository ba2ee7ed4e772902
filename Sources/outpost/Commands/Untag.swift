import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Untag: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "untag",
      abstract: "Remove tags and audiences from an entry.",
      discussion: "Example: outpost untag chatgpt chatbot --audience writers")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: TagChange

    func run() throws { try change.apply(global, remove: true) }
  }
}
