import ArgumentParser
import OutpostCore
import Rainbow

extension Outpost {
  struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Full-text search over titles, summaries, descriptions and story sources.",
      discussion: """
        Words are searched as words, "a phrase" as a phrase, word* as a prefix; anything else you type is safe.
        Example: outpost search "music generation" --audience musicians
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What to look for.")
    var query: String

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "Show at most N results.")
    var limit: Int = 20

    @Option(name: .long, help: "table, json, ndjson or csv.")
    var format: ListFormat = .table

    func validate() throws {
      if limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let hits = try catalog.search(query, filter: try filters.filter(catalog), limit: limit)
      if let exportFormat = format.exportFormat {
        return try EntryPrinter.write(hits.map(\.entry), format: exportFormat)
      }
      if hits.isEmpty {
        return Terminal.write("no entries match '\(query)'\n")
      }
      var table = TableText(columns: [
        .init("SLUG", minimum: 8), .init("TITLE", minimum: 8), .init("MATCH", minimum: 10),
      ])
      for hit in hits {
        let plain = hit.snippet.replacingOccurrences(of: SearchHit.markStart, with: "")
          .replacingOccurrences(of: SearchHit.markEnd, with: "")
        table.append([hit.entry.slug, hit.entry.title, plain])
      }
      Terminal.write(table.render(width: Terminal.width) { $0.bold }.joined(separator: "\n") + "\n")
      Terminal.write("\(hits.count) result\(hits.count == 1 ? "" : "s")".dim + "\n")
    }
  }

  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Counts by kind and audience, the top tags and the newest entries.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text or json.")
    var format: StatsFormat = .text

    enum StatsFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let stats = try catalog.stats()
      switch format {
      case .json:
        var out = "{\n  \"entries\": \(stats.total),\n  \"by_kind\": {"
        out += stats.byKind.map { "\"\($0.kind)\": \($0.count)" }.joined(separator: ", ") + "},\n  \"by_audience\": {"
        out += stats.byAudience.map { "\"\($0.slug)\": \($0.count)" }.joined(separator: ", ") + "},\n  \"top_tags\": {"
        out += stats.topTags.map { "\"\($0.name)\": \($0.count)" }.joined(separator: ", ") + "},\n  \"newest\": ["
        out += stats.newest.map { "\"\($0.slug)\"" }.joined(separator: ", ") + "]\n}\n"
        Terminal.write(out)
      case .text:
        var lines = ["\(stats.total) entries: " + stats.byKind.map { "\($0.count) \($0.kind)s" }.joined(separator: ", ")]
        lines += ["", "By audience".bold]
        let wide = stats.byAudience.map(\.slug.count).max() ?? 0
        lines += stats.byAudience.map { "  " + TextWidth.pad($0.slug, wide) + "  " + String($0.count) }
        lines += ["", "Top tags".bold]
        let wideTag = stats.topTags.map(\.name.count).max() ?? 0
        lines += stats.topTags.map { "  " + TextWidth.pad($0.name, wideTag) + "  " + String($0.count) }
        lines += ["", "Newest".bold]
        lines += stats.newest.map { TextWidth.fit("  \(String(($0.addedAt ?? "").prefix(10)))  \($0.slug)  \($0.title)", Terminal.width) }
        Terminal.write(lines.joined(separator: "\n") + "\n")
      }
    }
  }
}
