/// An error the command line reports in the library's own words.
///
/// Every error type the library throws at a user conforms, so the
/// executable prints them all in one place (`Outpost.main`) and no command
/// prints a failure of its own.
public protocol ReportableError: Error {
  /// The lines for standard error, in order.
  var reportLines: [String] { get }
  /// 1 for bad data or a failed operation, 64 for bad usage.
  var exitCode: Int32 { get }
}

extension CatalogError: ReportableError {
  public var reportLines: [String] { ["Error: \(message)"] }
  public var exitCode: Int32 { 1 }
}

extension InputProblem: ReportableError {
  public var reportLines: [String] { [description] }
  public var exitCode: Int32 { 1 }
}

extension MappingError: ReportableError {
  public var reportLines: [String] { ["Error: \(message)"] }
  public var exitCode: Int32 { 64 }
}

extension ImportFailure: ReportableError {
  /// The problems first, with the `--map` that would fill a field no column
  /// fed, then the count; then the columns nothing read, which usually
  /// explain them ("title is missing" on every row).
  public var reportLines: [String] {
    let total = problems.total
    var lines = problems.lines + fixes + ["nothing was imported: \(total) problem\(total == 1 ? "" : "s")"]
    if !unusedColumns.isEmpty { lines.append(ImportSummary.unusedColumnsNote(unusedColumns, file: fileName)) }
    return lines
  }
  public var exitCode: Int32 { 1 }
}

extension WriteFailure: ReportableError {
  public var reportLines: [String] { ["Error: \(description)"] }
  public var exitCode: Int32 { 1 }
}
