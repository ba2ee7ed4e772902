import ArgumentParser
import OutpostCore
import Rainbow

extension Outpost {
  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "stats",
      abstract: "Counts by kind, audience and link health, the top tags and the newest entries.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text or json.")
    var format: StatsFormat = .text

    enum StatsFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let stats = try catalog.stats()
      switch format {
      case .json: Terminal.write(Self.json(stats).text() + "\n")
      case .text: Terminal.write(Self.text(stats, width: Terminal.width))
      }
    }

    static func json(_ stats: CatalogStats) -> JSONValue {
      .object([
        ("entries", .int(stats.total)),
        ("by_kind", .object(stats.byKind.map { ($0.kind, .int($0.count)) })),
        ("by_audience", .object(stats.byAudience.map { ($0.slug, .int($0.count)) })),
        ("top_tags", .object(stats.topTags.map { ($0.name, .int($0.count)) })),
        ("by_link", .object(stats.byLink.map { ($0.status.rawValue, .int($0.count)) })),
        (
          "newest",
          .array(
            stats.newest.map { entry in
              .object([
                ("kind", .string(entry.kind.rawValue)), ("slug", .string(entry.slug)),
                ("title", .string(entry.title)), ("added_at", entry.addedAt.map(JSONValue.string) ?? .null),
              ])
            })
        ),
      ])
    }

    static func text(_ stats: CatalogStats, width: Int) -> String {
      let kinds = stats.byKind.map { "\($0.count) \($0.count == 1 ? $0.kind : plural($0.kind))" }
      var lines = ["\(stats.total) entr\(stats.total == 1 ? "y" : "ies"): " + kinds.joined(separator: ", ")]
      lines += ["", "By audience".bold]
      lines += counted(stats.byAudience.map { ($0.slug, $0.count) }, width: width)
      lines += ["", "Top tags".bold]
      lines += counted(stats.topTags.map { ($0.name, $0.count) }, width: width)
      lines += ["", "Links".bold + " (entries by their URL's last check; `outpost links check`)"]
      lines += counted(stats.byLink.map { ($0.status.rawValue, $0.count) }, width: width)
      lines += ["", "Newest".bold]
      if stats.newest.isEmpty { lines.append("  -") }
      let wideSlug = stats.newest.map { TextWidth.of($0.slug) }.max() ?? 0
      for entry in stats.newest {
        let day = String((entry.addedAt ?? "").prefix(10))
        lines.append(TextWidth.fit("  \(day)  \(TextWidth.pad(entry.slug, wideSlug))  \(entry.title)", width))
      }
      return lines.joined(separator: "\n") + "\n"
    }

    /// Names with their counts in a right-aligned column, or "-" for none.
    static func counted(_ rows: [(String, Int)], width: Int) -> [String] {
      guard !rows.isEmpty else { return ["  -"] }
      let wideName = rows.map { TextWidth.of($0.0) }.max() ?? 0
      let wideCount = rows.map { String($0.1).count }.max() ?? 0
      return rows.map { name, count in
        let number = String(count)
        let line =
          "  " + TextWidth.pad(name, wideName) + "  " + String(repeating: " ", count: wideCount - number.count) + number
        return TextWidth.fit(line, width)
      }
    }

    static func plural(_ kind: String) -> String { kind == "story" ? "stories" : kind + "s" }
  }
}
