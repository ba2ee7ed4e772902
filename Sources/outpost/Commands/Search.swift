import ArgumentParser
import OutpostCore
@preconcurrency import Rainbow

extension Outpost {
  struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Full-text search over titles, summaries, descriptions and story sources.",
      discussion: """
        Words are searched as words, "a phrase" as a phrase, word* as a prefix; every word must match.
        Anything else you type (C++, AND, NEAR(, a lone quote) is safe. Best matches first, titles weighing most.
        Examples:
          outpost search "music generator" --audience musicians
          outpost search transcri* --kind tool --format json
        """)

    @OptionGroup var global: GlobalOptions

    // Every word not an option of search, dashes and all: `search -music`
    // and `search music generation` (unquoted) search for what was typed.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("What to look for.", valueName: "query"))
    var words: [String] = []

    var query: String { words.joined(separator: " ") }

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: ArgumentHelp("Show at most N results.", valueName: "n"))
    var limit: Int = 20

    @Option(name: .long, help: ArgumentHelp("Skip the first N results.", valueName: "n"))
    var offset: Int = 0

    @Option(name: .long, help: "table (fits the terminal), json, ndjson or csv.")
    var format: ListFormat = .table

    func validate() throws {
      if words.isEmpty { throw ValidationError("Missing expected argument '<query>': say what to look for") }
      // A mistyped option (--limt) would otherwise be searched for silently.
      if let option = words.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
        throw ValidationError(
          "unknown option '\(option)'; to search for it, put it in quotes with a space: ' \(option)'")
      }
      if limit < 0 { throw ValidationError("--limit must be 0 or more") }
      if offset < 0 { throw ValidationError("--offset must be 0 or more") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let hits = try catalog.search(query, filter: try filters.filter(catalog), limit: limit, offset: offset)
      if let exportFormat = format.exportFormat {
        return try EntryPrinter.write(hits.map(\.entry), format: exportFormat)
      }
      if hits.isEmpty {
        let reason = SearchQuery.fts(query) == nil ? " (it holds no word to search for)" : ""
        return Terminal.write("no entries match '\(query)'\(reason)\n")
      }
      var table = TableText(columns: [
        .init("SLUG", minimum: 8, cutsInMiddle: true), .init("TITLE", minimum: 8), .init("MATCH", minimum: 10),
      ])
      // The marks take no width, so the table fits them; they become bold after.
      for hit in hits { table.append([hit.entry.slug, hit.entry.title, hit.focusedSnippet()]) }
      let lines = table.render(width: Terminal.width) { $0.bold }.map(Self.highlight)
      Terminal.write(lines.joined(separator: "\n") + "\n")
      Terminal.write("\(hits.count) result\(hits.count == 1 ? "" : "s")".dim + "\n")
    }

    /// The snippet's marks as bold on a colour terminal, else removed; a mark
    /// left open where the cell was cut is closed at the end of the line.
    static func highlight(_ line: String) -> String {
      let on = Rainbow.enabled ? "\u{1B}[1m" : ""
      let off = Rainbow.enabled ? "\u{1B}[22m" : ""
      var out = ""
      var open = false
      for character in line {
        switch String(character) {
        case SearchHit.markStart:
          out += on
          open = true
        case SearchHit.markEnd:
          out += off
          open = false
        default: out.append(character)
        }
      }
      return open ? out + off : out
    }
  }
}
