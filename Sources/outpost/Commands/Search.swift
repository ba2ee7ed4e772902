import ArgumentParser
import OutpostCore
@preconcurrency import Rainbow

extension Outpost {
  struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "search",
      abstract: "Full-text search over titles, summaries, descriptions, story sources, tags and audiences.",
      discussion: """
        Words are searched as words, "a phrase" as a phrase, word* as a prefix; every word must match.
        Words match their other forms: newsletter finds newsletters, cafe finds Café.
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
      let filter = try filters.filter(catalog)
      if let exportFormat = format.exportFormat {
        let hits = try catalog.search(query, filter: filter, limit: limit, offset: offset)
        return try EntryPrinter.write(hits.map(\.entry), format: exportFormat)
      }
      let width = Terminal.width
      // The table is printed while the matches are counted; the footer,
      // which says how many, once they are.
      let page = try catalog.searchPage(query, filter: filter, limit: limit, offset: offset) { hits in
        if !hits.isEmpty { Terminal.write(Self.table(hits, width: width)) }
      }
      if page.total == 0 {
        let reason = SearchQuery.fts(query) == nil ? " (it holds no word to search for)" : ""
        return Terminal.write("no entries match '\(query)'\(reason)\n")
      }
      if page.hits.isEmpty {
        let why = limit == 0 ? "none shown (--limit 0)" : "no matches past --offset \(offset)"
        return Terminal.write("\(why); \(page.total) match\(page.total == 1 ? "" : "es") in all\n")
      }
      let footer = PageFooter.text(
        shown: page.hits.count, offset: offset, total: page.total, noun: ("match", "matches"))
      Terminal.write(TextWidth.fit(footer, width).dim + "\n")
    }

    /// The hits as a table fitting `width`, each line ended.
    static func table(_ hits: [SearchHit], width: Int) -> String {
      var table = TableText(columns: [
        .init("SLUG", whole: true), .init("TITLE", minimum: 10, optional: true), .init("MATCH", minimum: 16),
      ])
      // The marks take no width, so the table fits them; they become bold after.
      for hit in hits { table.append([hit.entry.slug, hit.entry.title, hit.focusedSnippet()]) }
      return table.render(width: width) { $0.bold }.map(highlight).joined(separator: "\n") + "\n"
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
