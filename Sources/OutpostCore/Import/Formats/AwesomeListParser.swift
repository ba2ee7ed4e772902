import Foundation

/// Reads a Markdown "awesome list" (the `awesome` import format) into tools.
///
/// - An item is a bullet line (`-`, `*` or `+`, at any indent) that starts
///   with a link, optionally in bold: `- [Name](url) - Description.`; the
///   separator may also be ` — `, ` – `, `: ` or nothing, and the description
///   may be missing. Links between the name and the separator
///   (`*[reviews](…)*`, a badge) are the item's extras, not its description.
/// - Each item becomes a tool: title Name, the url, summary the description
///   as plain text (`MarkdownInline`: links reduced to their text, images,
///   emphasis, code marks and HTML tags removed, `#word` marks removed; nil
///   when nothing is left), pricing `unknown`, slug derived from the name.
/// - Its tags are the normalised headings in force above it (`#`…`######` or
///   setext), outer first, then the `#word` marks of its description, plain or
///   linked (`[#opensource](…)` → `opensource`). The document's title (a first
///   heading of level 1) is not a tag.
/// - Sections about the list rather than tools (`AwesomeSectionChoice`:
///   Contents, Contributing, License, other lists, learning material) hold no
///   tools and are named in `skippedSections`; `--section` and
///   `--skip-section` choose others.
/// - The same link under several headings is one tool with all their tags:
///   real lists repeat a tool in each section it fits. A heading
///   `Uncategorised` gives its items no tag.
/// - A list written by `outpost export --format markdown` says so in a
///   comment under its title (`MarkdownList.marker`): none of its sections is
///   skipped by default, so a tag called `books` or `license` comes back.
/// - Not tools, silently: links to `#anchors` (a table of contents), relative
///   links (`CONTRIBUTING.md`), badge images `[![…](…)](…)`, bullets that do
///   not start with a link, task-list boxes (`- [x] done`), and anything
///   inside fenced code blocks or HTML comments (where a rejects file writes
///   its reasons).
/// - Reported as problems, located by line and column: every line that looks
///   like an item but cannot be read (a link never closed, `[Name] (url)`,
///   a link inside the link `[Name]([https://…](https://…))`), and items
///   whose link is not http(s) (`ftp:`, `mailto:`, `www.…` without a scheme,
///   no host) or whose name is empty.
public enum AwesomeListParser {
  /// Tools listed in a Markdown awesome list, with the problems found
  /// (unusable items), located by line; each slug derived from its name.
  public static func parse(_ text: String, fileName: String, sections: AwesomeSectionChoice = AwesomeSectionChoice())
    -> (entries: [Entry], problems: [InputProblem])
  {
    let list = parseLocated(text, fileName: fileName, sections: sections)
    let entries = list.items.map { item in
      var entry = item.entry
      entry.slug = Slug.derive(from: entry.title)
      return entry
    }
    return (entries, list.problems)
  }

  /// The tools with the line and column of each item's link, so the importer
  /// can point a curator at a likely duplicate. Slugs are left empty: the
  /// importer derives them, numbering a repeated name.
  public static func parseLocated(
    _ text: String, fileName: String, sections: AwesomeSectionChoice = AwesomeSectionChoice()
  ) -> AwesomeList {
    var choice = sections
    var list = AwesomeList()
    var itemIndex: [String: Int] = [:]  // by URLCheck.duplicateKey
    var sections: [Section] = []
    var sawHeading = false
    var fence: (marker: Character, length: Int)?
    var inComment = false
    var paragraphLine: String?  // the line a setext underline would make a heading

    func enter(level: Int, title raw: String) {
      let title = headingText(raw)
      guard !title.isEmpty else { return }  // a badge line underlined by a rule
      defer { sawHeading = true }
      if !sawHeading && level == 1 { return }  // the document's own title
      sections.removeAll { $0.level >= level }
      list.headings.append(title)
      let underChosen = sections.contains(where: \.chosen)
      let skipped = choice.isSkipped(title, underChosen: underChosen)
      // With `--section`, only what is skipped inside the chosen sections is
      // news: everything outside them is left out anyway.
      let worthNaming = choice.only.isEmpty || underChosen
      if skipped, worthNaming, !sections.contains(where: \.skipped), !list.skippedSections.contains(title) {
        list.skippedSections.append(title)
      }
      let tag = TagName.normalize(title).flatMap { uncategorised.contains($0) ? nil : $0 }
      sections.append(Section(level: level, tag: tag, skipped: skipped, chosen: choice.isChosen(title)))
    }

    func add(_ entry: Entry, at location: SourceLocation) {
      let key = URLCheck.duplicateKey(entry.url ?? "")
      guard let index = itemIndex[key] else {
        itemIndex[key] = list.items.count
        list.items.append((entry, location))
        return
      }
      var first = list.items[index].entry
      for tag in entry.tags where !first.tags.contains(tag) { first.tags.append(tag) }
      if first.summary == nil { first.summary = entry.summary }
      list.items[index].entry = first
    }

    var number = 0
    for raw in InputText.lines(of: text) {
      number += 1
      if let open = fence {
        if closesFence(raw, open) { fence = nil }
        continue
      }
      if !inComment, raw.hasPrefix(MarkdownList.marker) { choice.skipsByDefault = false }
      let line = withoutComments(String(raw), inComment: &inComment)
      let trimmed = String(stripped(line[...]))
      if let open = opensFence(trimmed) {
        fence = open
        paragraphLine = nil
        continue
      }
      if let heading = atxHeading(trimmed) {
        enter(level: heading.level, title: heading.title)
        paragraphLine = nil
        continue
      }
      if let previous = paragraphLine, let level = setextLevel(trimmed) {
        enter(level: level, title: previous)
        paragraphLine = nil
        continue
      }
      guard let itemLine = listItem(line) else {
        paragraphLine = trimmed.isEmpty || isBullet(trimmed) ? nil : trimmed
        continue
      }
      paragraphLine = nil
      guard !sections.contains(where: \.skipped), choice.only.isEmpty || sections.contains(where: \.chosen) else {
        continue
      }
      let item: Item
      switch itemLine {
      case .unreadable(let column, let message):
        list.problems.append(InputProblem(SourceLocation(file: fileName, line: number, column: column), message))
        continue
      case .item(let read):
        item = read
      }
      let location = SourceLocation(file: fileName, line: number, column: item.urlColumn)
      switch classify(item.url) {
      case .notATool:
        continue
      case .problem(let message):
        let name = item.name.isEmpty ? "the item" : "item '\(item.name)'"
        list.problems.append(InputProblem(location, "\(name): \(message)"))
      case .web(let url):
        guard !item.name.isEmpty else {
          list.problems.append(
            InputProblem(location, "the item linking to '\(url)' has no name; write it as '- [Name](\(url))'"))
          continue
        }
        let description = describe(item.rest)
        var tags: [String] = []
        for tag in sections.compactMap(\.tag) + description.tags where !tags.contains(tag) { tags.append(tag) }
        add(
          Entry(
            kind: .tool, slug: "", title: item.name, url: url, summary: description.summary, pricing: .unknown,
            tags: tags),
          at: location)
      }
    }
    return list
  }

  /// Headings whose items have no tag of theirs: `export` puts the entries
  /// without tags there.
  static let uncategorised: Set<String> = ["uncategorised", "uncategorized"]

  /// A heading in force: its tag, and whether it was skipped or chosen.
  struct Section {
    var level: Int
    var tag: String?
    var skipped: Bool
    var chosen: Bool
  }
}
