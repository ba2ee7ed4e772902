import ArgumentParser
import OutpostCore
import Rainbow

extension Outpost {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show one entry: a story with its numbered sources and related stories.",
      discussion: """
        Example: outpost show chatgpt --format json
        """)

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
    var lines: [String] = [wrap(entry.title, width).bold, "\(entry.kind.rawValue) · \(entry.slug)".dim]
    if let url = entry.url { lines.append(url.underline) }
    var facts: [String] = []
    if let pricing = entry.pricing { facts.append("pricing: \(pricing.rawValue)") }
    if let published = entry.publishedAt { facts.append("published: \(published)") }
    if entry.kind == .story {
      // A story known only from another page's related list has a count but no sources yet.
      let declared = entry.sourceCount ?? entry.sources.count
      facts.append(
        entry.sources.isEmpty && declared > 0 ? "sources: \(declared) (none stored yet)" : "sources: \(declared)")
    }
    if !facts.isEmpty { lines.append(facts.joined(separator: "   ")) }
    lines.append("audiences: " + (entry.audiences.isEmpty ? "-" : entry.audiences.joined(separator: ", ")))
    lines.append("tags: " + (entry.tags.isEmpty ? "-" : entry.tags.joined(separator: ", ")))
    lines.append("added \(entry.addedAt ?? "-"), updated \(entry.updatedAt ?? "-")".dim)
    if let summary = entry.summary { lines += ["", wrap(summary, width)] }
    if let description = entry.description { lines += ["", wrap(description, width)] }
    if !entry.sources.isEmpty {
      lines += ["", "Sources".bold]
      for source in entry.sources {
        let label = "[\(source.n)] "
        let indent = String(repeating: " ", count: label.count)
        let publisher = source.publisher.map { " — \($0)" } ?? ""
        lines.append(wrap(label + source.title + publisher, width, indent: indent))
        // A URL is never cut: it must stay clickable and copyable.
        if let url = source.url { lines.append(indent + url) }
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
