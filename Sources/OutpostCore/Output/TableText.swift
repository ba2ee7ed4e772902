/// A plain-text table that fits a terminal width.
///
/// Each column asks for the width of its widest cell; when they do not fit,
/// the flexible columns shrink (widest first) down to their minimum, and
/// cells are cut with `…`. A `whole` column (a slug: the key a user types
/// next) is never cut: the other columns give way, optional ones are left
/// out, and when even their minimums do not fit the table prints one field a
/// line instead (`records`). Without whole columns no line is ever longer
/// than `width`: on a terminal too narrow for one column each, the last
/// columns are left out.
public struct TableText {
  /// One column: its header and how it may shrink.
  public struct Column: Sendable {
    /// The header, shown in capitals by convention.
    public var header: String
    /// The narrowest the column may become.
    public var minimum: Int
    /// False for short fixed columns (kind, pricing) that should not shrink.
    public var flexible: Bool
    /// True for a column never cut, whatever the width: slugs.
    public var whole: Bool
    /// True for a column left out, rather than the table giving up, when
    /// the others need the room.
    public var optional: Bool

    /// A column that shrinks at the end of its cells unless told otherwise.
    public init(
      _ header: String, minimum: Int = 6, flexible: Bool = true, whole: Bool = false, optional: Bool = false
    ) {
      self.header = header
      self.minimum = minimum
      self.flexible = flexible && !whole
      self.whole = whole
      self.optional = optional
    }
  }

  /// The columns, left to right; the last ones go first on a narrow terminal.
  public var columns: [Column]
  /// The cells of each row, one per column.
  public var rows: [[String]] = []

  private let gap = 2

  /// An empty table with these columns.
  public init(columns: [Column]) { self.columns = columns }

  /// Adds a row; a short row reads as empty cells.
  public mutating func append(_ row: [String]) { rows.append(row) }

  /// The table as lines, each at most `width` columns (the header too),
  /// except a whole cell wider than the terminal.
  public func render(width: Int, header: (String) -> String = { $0 }) -> [String] {
    guard columns.contains(where: \.whole) else { return table(Array(columns.indices), width: width, header: header) }
    var shown = Array(columns.indices)
    func narrowest(_ shown: [Int]) -> Int {
      shown.reduce(gap * (shown.count - 1)) { sum, index in
        let column = columns[index]
        let natural = naturalWidth(index)
        return sum + (column.flexible ? min(natural, column.minimum) : natural)
      }
    }
    while narrowest(shown) > width, let last = shown.lastIndex(where: { columns[$0].optional }) {
      shown.remove(at: last)
    }
    if narrowest(shown) > width { return records(width: width, header: header) }
    return table(shown, width: width, header: header)
  }

  /// The widest cell of column `index`, its header included.
  private func naturalWidth(_ index: Int) -> Int {
    rows.reduce(TextWidth.of(columns[index].header)) { max($0, TextWidth.of(flat(cell($1, index)))) }
  }

  private func table(_ indices: [Int], width: Int, header: (String) -> String) -> [String] {
    // Every column shown needs one character and a gap before it.
    var shown = indices.count
    while shown > 1, shown + gap * (shown - 1) > width { shown -= 1 }
    let indices = Array(indices.prefix(shown))
    let columns = indices.map { self.columns[$0] }
    var widths = indices.map(naturalWidth)
    let available = max(columns.count, width - gap * (columns.count - 1))
    while widths.reduce(0, +) > available {
      // Optional columns give way first, then the widest of the others.
      let candidates = widths.indices.filter { columns[$0].flexible && widths[$0] > columns[$0].minimum }
      let optional = candidates.filter { columns[$0].optional }
      guard let widest = (optional.isEmpty ? candidates : optional).max(by: { widths[$0] < widths[$1] }) else { break }
      widths[widest] -= 1
    }
    // Still too wide (a very narrow terminal): shrink anything but a whole
    // column, down to 1.
    while widths.reduce(0, +) > available,
      let widest = widths.indices.filter({ !columns[$0].whole }).max(by: { widths[$0] < widths[$1] }),
      widths[widest] > 1
    {
      widths[widest] -= 1
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (position, index) in indices.enumerated() {
        let text = cell(cells, index)
        let fitted = columns[position].whole ? flat(text) : TextWidth.fit(text, widths[position])
        parts.append(position == columns.count - 1 ? fitted : TextWidth.pad(fitted, widths[position]))
      }
      var text = parts.joined(separator: String(repeating: " ", count: gap))
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    return [header(line(self.columns.map(\.header)))] + rows.map(line)
  }

  /// One field a line: each row's first whole cell on a line of its own,
  /// then the other fields indented under it with their names.
  ///
  ///     bytedance-tiktoks-parent-company-is-suing-a-former-intern
  ///       kind       story
  ///       title      ByteDance is suing a former intern for $1.1M…
  private func records(width: Int, header: (String) -> String) -> [String] {
    let key = columns.firstIndex(where: \.whole)!
    let others = columns.indices.filter { $0 != key }
    let labelWidth = others.map { TextWidth.of(columns[$0].header) }.max() ?? 0
    // Labels only when a value still has room beside them.
    let labelled = width >= 2 + labelWidth + gap + 8
    let indent = width > 4 ? 2 : 0
    var lines: [String] = []
    for row in rows {
      lines.append(header(flat(cell(row, key))))
      for index in others {
        let text = cell(row, index)
        if text.isEmpty { continue }
        let label = columns[index].header.lowercased()
        let prefix =
          String(repeating: " ", count: indent) + (labelled ? TextWidth.pad(label, labelWidth) + "  " : "")
        let room = max(1, width - TextWidth.of(prefix))
        var value = columns[index].whole ? flat(text) : TextWidth.fit(text, room)
        while value.hasSuffix(" ") { value.removeLast() }
        lines.append(prefix + value)
      }
    }
    return lines
  }

  /// Cell `index` of `row`; a short row reads as empty cells.
  private func cell(_ row: [String], _ index: Int) -> String { index < row.count ? row[index] : "" }

  private func flat(_ text: String) -> String {
    text.contains("\n") || text.contains("\r") || text.contains("\t")
      ? TextWidth.fit(text, Int.max) : text
  }
}
