/// A plain-text table that fits a terminal width.
///
/// Each column asks for the width of its widest cell; when they do not fit,
/// the flexible columns shrink (widest first) down to their minimum, and
/// cells are cut with `…`. No line is ever longer than `width`.
public struct TableText {
  public struct Column: Sendable {
    public var header: String
    /// The narrowest the column may become.
    public var minimum: Int
    /// False for short fixed columns (kind, pricing) that should not shrink.
    public var flexible: Bool

    public init(_ header: String, minimum: Int = 6, flexible: Bool = true) {
      self.header = header
      self.minimum = minimum
      self.flexible = flexible
    }
  }

  public var columns: [Column]
  public var rows: [[String]] = []

  public init(columns: [Column]) { self.columns = columns }

  public mutating func append(_ row: [String]) { rows.append(row) }

  /// The table as lines, each at most `width` columns (the header too).
  public func render(width: Int, header: (String) -> String = { $0 }) -> [String] {
    let gap = 2
    var widths = columns.indices.map { index in
      rows.reduce(TextWidth.of(columns[index].header)) { max($0, TextWidth.of(flat($1[index]))) }
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
      for (index, cell) in cells.enumerated() {
        let fitted = TextWidth.fit(cell, widths[index])
        parts.append(index == cells.count - 1 ? fitted : TextWidth.pad(fitted, widths[index]))
      }
      var text = parts.joined(separator: String(repeating: " ", count: gap))
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    return [header(line(columns.map(\.header)))] + rows.map(line)
  }

  private func flat(_ text: String) -> String {
    text.contains("\n") ? text.replacingOccurrences(of: "\n", with: " ") : text
  }
}
