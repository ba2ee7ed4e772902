import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
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
}
