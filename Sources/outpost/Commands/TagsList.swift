import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
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
}
