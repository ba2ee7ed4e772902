/// One record of an input file: an object of a JSON array, a line of NDJSON,
/// a row of CSV (keyed by the header), with where it starts.
public struct RawRecord: Sendable {
  public var fields: [(key: String, value: RawValue)]
  /// Where the record starts: `file:line` for CSV and NDJSON, `file: [index]`
  /// for JSON (with the line kept for progress and fallback messages).
  public var location: SourceLocation
  /// For CSV: where each cell starts, to locate a bad one as `file:line:column`
  /// (a cell after a quoted line break starts on a later line than its record).
  public var cells: [(line: Int, column: Int)]?
  /// The record as written, when refused rows are kept (`--rejects`).
  var original: OriginalRecord?

  public init(
    fields: [(key: String, value: RawValue)], location: SourceLocation, cells: [(line: Int, column: Int)]? = nil
  ) {
    self.fields = fields
    self.location = location
    self.cells = cells
  }
}
