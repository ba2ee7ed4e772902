import ArgumentParser
import OutpostCore

extension Outpost {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List entries, filtered by kind, audience, tag and date.",
      discussion: """
        Values repeated within one flag match any of them (--all: all of them); different flags combine with AND.
        Examples:
          outpost list --audience researchers --tag research --sort newest
          outpost list --audience bloggers --audience marketers --all --format json
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "title (A to Z), newest (published, else added), added (latest first) or kind-slug.")
    var sort: EntrySort = .title

    @Option(name: .long, help: ArgumentHelp("Show at most N entries.", valueName: "n"))
    var limit: Int?

    @Option(name: .long, help: ArgumentHelp("Skip the first N entries.", valueName: "n"))
    var offset: Int = 0

    @Option(name: .long, help: "table (fits the terminal), json, ndjson or csv (as export writes them).")
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
      let page = try catalog.entryPage(matching: filter, sort: sort, limit: limit, offset: offset)
      EntryPrinter.table(page.entries, offset: offset, total: page.total)
    }
  }
}

/// Formats of commands that print entries.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, ndjson, csv

  var exportFormat: ExportFormat? { ExportFormat(rawValue: rawValue) }
}
