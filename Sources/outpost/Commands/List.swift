import ArgumentParser
import OutpostCore

extension Outpost {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List entries, filtered by kind, audience, tag and date.",
      discussion: """
        Values repeated within one flag match any of them (--all: all of them); different flags combine with AND.
        Example: outpost list --audience researchers --tag research --sort newest
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "Order: title, newest, added or kind-slug.")
    var sort: EntrySort = .title

    @Option(name: .long, help: "Show at most N entries.")
    var limit: Int?

    @Option(name: .long, help: "Skip the first N entries.")
    var offset: Int = 0

    @Option(name: .long, help: "Output format: table, json, ndjson or csv.")
    var format: ListFormat = .table

    func validate() throws {
      if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
      if offset < 0 { throw ValidationError("--offset must be 0 or more") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let filter = try filters.filter(catalog)
      if let exportFormat = format.exportFormat {
        try EntryPrinter.stream(catalog, filter: filter, sort: sort, limit: limit, offset: offset, format: exportFormat)
        return
      }
      let entries = try catalog.entries(matching: filter, sort: sort, limit: limit, offset: offset)
      let total = try catalog.count(matching: filter)
      EntryPrinter.table(entries, total: total, offset: offset)
    }
  }
}

/// Formats of commands that print entries.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, ndjson, csv

  var exportFormat: ExportFormat? { ExportFormat(rawValue: rawValue) }
}
