import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Create a catalog: the starter catalog, or with --empty the schema alone.",
      discussion: "An existing catalog is left as it is (and migrated if it needs it).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Create an empty catalog instead of the starter catalog.")
    var empty = false

    func run() throws {
      // An existing catalog is only looked at, so a read-only one still answers.
      let exists = FileManager.default.fileExists(atPath: global.path)
      let (catalog, report) = try global.openReporting(forWriting: !exists, newContent: empty ? .empty : .seed)
      if !report.created {
        let count = try catalog.count()
        Terminal.notice("\(catalog.path) is already an Outpost catalog (\(count) entries); nothing changed")
      }
    }
  }
}
