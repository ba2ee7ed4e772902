import ArgumentParser
import OutpostCore
import Rainbow

extension Outpost {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one entry: a story with its numbered sources and related stories.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The entry's slug.")
    var slug: String

    @Option(name: .long, help: "text or json (the interchange object).")
    var format: ShowFormat = .text

    enum ShowFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let entry = try catalog.requireEntry(slug)
      switch format {
      case .json:
        var out: [UInt8] = []
        var encoder = EntryEncoder(format: .ndjson)
        encoder.append(entry, to: &out)
        Terminal.write(String(decoding: out, as: UTF8.self))
      case .text:
        let related = try entry.related.compactMap { try catalog.entry(slug: $0) }
        Terminal.write(EntryText.render(entry, related: related, width: Terminal.width))
      }
    }
  }
}

/// The text form of `show`.
enum EntryText {
  static func render(_ entry: Entry, related: [Entry], width: Int) -> String {
    var lines: [String] = [entry.title.bold, "\(entry.kind.rawValue) · \(entry.slug)".dim]
    if let url = entry.url { lines.append(url.underline) }
    var facts: [String] = []
    if let pricing = entry.pricing { facts.append("pricing: \(pricing.rawValue)") }
    if let published = entry.publishedAt { facts.append("published: \(published)") }
    if entry.kind == .story { facts.append("sources: \(entry.sourceCount ?? entry.sources.count)") }
    if !facts.isEmpty { lines.append(facts.joined(separator: "   ")) }
    lines.append("audiences: " + (entry.audiences.isEmpty ? "-" : entry.audiences.joined(separator: ", ")))
    lines.append("tags: " + (entry.tags.isEmpty ? "-" : entry.tags.joined(separator: ", ")))
    lines.append("added \(entry.addedAt ?? "-"), updated \(entry.updatedAt ?? "-")".dim)
    if let summary = entry.summary { lines += ["", wrap(summary, width)] }
    if let description = entry.description { lines += ["", wrap(description, width)] }
    if !entry.sources.isEmpty {
      lines += ["", "Sources".bold]
      for source in entry.sources {
        let publisher = source.publisher.map { " — \($0)" } ?? ""
        lines.append(wrap("[\(source.n)] \(source.title)\(publisher)", width, indent: "    "))
        if let url = source.url { lines.append("    " + url) }
      }
    }
    if !related.isEmpty {
      lines += ["", "Related stories".bold]
      for story in related {
        let count = story.sourceCount.map { " (\($0) source\($0 == 1 ? "" : "s"))" } ?? ""
        lines.append(wrap("- \(story.title)\(count)", width, indent: "  "))
        lines.append("  " + story.slug.dim)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Paragraphs wrapped at word boundaries to `width` columns.
  static func wrap(_ text: String, _ width: Int, indent: String = "") -> String {
    let limit = max(20, width)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph in
      var lines: [String] = []
      var current = ""
      for word in paragraph.split(separator: " ") {
        let candidate = current.isEmpty ? String(word) : current + " " + word
        if TextWidth.of(candidate) > limit, !current.isEmpty {
          lines.append(current)
          current = indent + word
        } else {
          current = candidate
        }
      }
      lines.append(current)
      return lines.joined(separator: "\n")
    }.joined(separator: "\n")
  }
}
