/// One record of a CSV file, with where each field starts so that later
/// checks (a bad URL, an unknown pricing) can point at the right cell.
public struct CSVRecord: Equatable, Sendable {
  /// The fields, unquoted: `""` inside a quoted field becomes `"`, and line
  /// breaks inside quotes are kept as they are in the file.
  public var fields: [String]
  /// The 1-based line on which the record starts.
  public var line: Int
  /// The 1-based column where each field starts (its opening quote when it
  /// is quoted), on the line in `lineStarts`. Columns count Unicode scalars,
  /// not bytes, so `東京,x` puts `x` in column 4, as an editor shows it.
  public var columnStarts: [Int]
  /// The 1-based line where each field starts: later than `line` when an
  /// earlier field holds a quoted line break.
  public var lineStarts: [Int]

  public init(fields: [String], line: Int, columnStarts: [Int], lineStarts: [Int]? = nil) {
    self.fields = fields
    self.line = line
    self.columnStarts = columnStarts
    self.lineStarts = lineStarts ?? Array(repeating: line, count: columnStarts.count)
  }

  /// Where field `index` starts, for an `InputProblem` about that cell.
  public func location(ofField index: Int, in file: String) -> SourceLocation {
    guard columnStarts.indices.contains(index) else { return SourceLocation(file: file, line: line) }
    return SourceLocation(file: file, line: lineStarts[index], column: columnStarts[index])
  }
}
