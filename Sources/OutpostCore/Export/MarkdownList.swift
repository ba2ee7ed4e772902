/// Writes entries as a Markdown awesome list (`export --format markdown`):
/// a title, a table of contents, one `##` section per tag or audience with
/// each entry under every one it has, and the entries with none under a last
/// `Uncategorised` section. Items are `- [Title](url) - Summary`, sorted by
/// title.
///
/// `AwesomeListParser` reads it back to the same titles, URLs, summaries and
/// tags: every character that Markdown (or the parser's tidying) would
/// change is escaped (`\*`, `\[`, `&lt;`, `&#10;` for a line break), and a
/// comment under the title tells the parser that every section lists tools,
/// so that a tag named like a section it would skip (`books`, `license`)
/// still comes back.
enum MarkdownList {
  static let title = "Outpost catalog"
  /// Recognised by `AwesomeListParser`: no section of this list is skipped by default.
  static let marker = "<!-- outpost export: every section lists tools -->"
  /// The heading of the entries without a tag (or audience); it adds no tag when read back.
  static let uncategorised = "Uncategorised"

  /// One `##` section: its heading, its anchor in the table of contents, its items.
  struct Section {
    var heading: String
    var anchor: String
    var entries: [Entry]
  }

  /// The whole document. `audiences` names each audience slug, in vocabulary order.
  static func document(_ entries: [Entry], grouping: MarkdownGrouping, audiences: [(slug: String, name: String)])
    -> String
  {
    let sections = self.sections(entries, grouping: grouping, audiences: audiences)
    var lines = ["# \(title)", "", marker, "", "## Contents", ""]
    lines += sections.map { "- [\(escaped($0.heading))](#\($0.anchor))" }
    for section in sections {
      lines += ["", "## \(escaped(section.heading))", ""]
      lines += section.entries.map(item)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func sections(_ entries: [Entry], grouping: MarkdownGrouping, audiences: [(slug: String, name: String)])
    -> [Section]
  {
    let byTitle = entries.sorted {
      ($0.title.lowercased(), $0.title, $0.url ?? "") < ($1.title.lowercased(), $1.title, $1.url ?? "")
    }
    var sections: [Section] = []
    switch grouping {
    case .tag:
      let tags = Set(byTitle.flatMap(\.tags)).sorted()
      sections = tags.map { tag in Section(heading: tag, anchor: tag, entries: byTitle.filter { $0.tags.contains(tag) })
      }
    case .audience:
      for audience in audiences {
        let members = byTitle.filter { $0.audiences.contains(audience.slug) }
        if !members.isEmpty {
          sections.append(Section(heading: audience.name, anchor: audience.slug, entries: members))
        }
      }
    }
    let rest = byTitle.filter { grouping == .tag ? $0.tags.isEmpty : $0.audiences.isEmpty }
    if !rest.isEmpty { sections.append(Section(heading: uncategorised, anchor: "uncategorised", entries: rest)) }
    return sections
  }

  /// `- [Title](url) - Summary`; without a summary, `- [Title](url)`.
  static func item(_ entry: Entry) -> String {
    let link = "- [\(escaped(entry.title))](\(escapedURL(entry.url ?? "")))"
    guard let summary = entry.summary, !summary.isEmpty else { return link }
    return link + " - " + escaped(summary)
  }

  /// `text` as Markdown that reads back as `text`: marks escaped, `<` and
  /// `&` as entities, line breaks, tabs, a leading separator and spaces that
  /// would be trimmed or collapsed as numeric entities.
  static func escaped(_ text: String) -> String {
    var out = ""
    let chars = Array(text)
    for (index, c) in chars.enumerated() {
      let first = index == 0
      let last = index == chars.count - 1
      switch c {
      case "\\", "`", "*", "_", "~", "[", "]": out += "\\" + String(c)
      // A `#word` mark would be read as a tag; `C#` would not.
      case "#" where first || chars[index - 1].isWhitespace || chars[index - 1] == "(": out += "\\#"
      case "<": out += "&lt;"
      case "&": out += "&amp;"
      case " " where first || last || chars[index - 1] == " ": out += "&#32;"
      case _ where first && "-–—:|,+".contains(c): out += numericEntity(c)
      case _ where c.isWhitespace && c != " ": out += numericEntity(c)
      case _ where c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }):
        out += numericEntity(c)
      default: out.append(c)
      }
    }
    return out
  }

  /// A URL inside `(…)`: its parentheses and backslashes escaped, so that
  /// `https://en.wikipedia.org/wiki/Diffusion_(model)` stays whole.
  static func escapedURL(_ url: String) -> String {
    var out = ""
    for c in url {
      if "()\\".contains(c) { out += "\\" }
      out.append(c)
    }
    return out
  }

  static func numericEntity(_ c: Character) -> String {
    c.unicodeScalars.map { "&#\($0.value);" }.joined()
  }
}
