/// What `AwesomeListParser` read from one Markdown list.
public struct AwesomeList: Sendable {
  /// The tools, each at the line and column of its first item's link.
  public var items: [(entry: Entry, location: SourceLocation)] = []
  /// Items that could not be read or used, in file order.
  public var problems: [InputProblem] = []
  /// Every heading but the document's title, in file order: what
  /// `--section` and `--skip-section` may name.
  public var headings: [String] = []
  /// The sections skipped, by default or by `--skip-section`, each named
  /// once and without the subsections skipped with it; with `--section`,
  /// only those inside the chosen sections.
  public var skippedSections: [String] = []

  public init() {}
}
