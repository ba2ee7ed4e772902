/// A plain-text table that fits a terminal width.
///
/// Each column asks for the width of its widest cell; when they do not fit,
/// the flexible columns shrink (widest first) down to their minimum, and
/// cells are cut with `…`. No line is ever longer than `width`: on a terminal
/// too narrow for one column each, the last columns are left out.
public struct TableText {
  /// One column: its header and how it may shrink.
  public struct Column: Sendable {
    /// The header, shown in capitals by convention.
    public var header: String
    /// The narrowest the column may become.
    public var minimum: Int
    /// False for short fixed columns (kind, pricing) that should not shrink.
    public var flexible: Bool
    /// True to cut long cells in the middle rather than at the end: slugs
    /// sharing a long prefix still read apart.
    public var cutsInMiddle: Bool

    /// A column that shrinks at the end of its cells unless told otherwise.
    public init(_ header: String, minimum: Int = 6, flexible: Bool = true, cutsInMiddle: Bool = false) {
      self.header = header
      self.minimum = minimum
      self.flexible = flexible
      self.cutsInMiddle = cutsInMiddle
    }
  }

  /// The columns, left to right; the last ones go first on a narrow terminal.
  public var columns: [Column]
  /// The cells of each row, one per column.
  public var rows: [[String]] = []

  /// An empty table with these columns.
  public init(columns: [Column]) { self.columns = columns }

  /// Adds a row; a short row reads as empty cells.
  public mutating func append(_ row: [String]) { rows.append(row) }

  /// The table as lines, each at most `width` columns (the header too).
  public func render(width: Int, header: (String) -> String = { $0 }) -> [String] {
    let gap = 2
    // Every column shown needs one character and a gap before it.
    var shown = columns.count
    while shown > 1, shown + gap * (shown - 1) > width { shown -= 1 }
    let columns = Array(self.columns.prefix(shown))
    var widths = columns.indices.map { index in
      rows.reduce(TextWidth.of(columns[index].header)) { max($0, TextWidth.of(flat(cell($1, index)))) }
    }
    let available = max(columns.count, width - gap * (columns.count - 1))
    while widths.reduce(0, +) > available {
      let candidates = widths.indices.filter { columns[$0].flexible && widths[$0] > columns[$0].minimum }
      guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
      widths[widest] -= 1
    }
    // Still too wide (a very narrow terminal): shrink anything, down to 1.
    while widths.reduce(0, +) > available, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
      widths[widest] > 1
    {
      widths[widest] -= 1
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for index in columns.indices {
        let text = cell(cells, index)
        let fitted =
          columns[index].cutsInMiddle ? TextWidth.fitMiddle(text, widths[index]) : TextWidth.fit(text, widths[index])
        parts.append(index == columns.count - 1 ? fitted : TextWidth.pad(fitted, widths[index]))
      }
      var text = parts.joined(separator: String(repeating: " ", count: gap))
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    return [header(line(columns.map(\.header)))] + rows.map(line)
  }

  /// Cell `index` of `row`; a short row reads as empty cells.
  private func cell(_ row: [String], _ index: Int) -> String { index < row.count ? row[index] : "" }

  private func flat(_ text: String) -> String {
    text.contains("\n") ? text.replacingOccurrences(of: "\n", with: " ") : text
  }
}
