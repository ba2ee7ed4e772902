import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove",
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
