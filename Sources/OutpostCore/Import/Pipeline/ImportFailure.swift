/// An import that found problems in its input and wrote nothing.
public struct ImportFailure: Error, Sendable {
  public var problems: ProblemList
  /// Input columns or keys that fed no field, for a hint after the problems.
  public var unusedColumns: [String] = []
  /// The `--map` that would fill a required field no column fed, one line each.
  public var fixes: [String] = []
  /// The input's name in messages: its path, or `stdin`.
  public var fileName = "stdin"
  public init(problems: ProblemList) { self.problems = problems }
}
