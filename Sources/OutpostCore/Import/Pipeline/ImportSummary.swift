/// What an import did, or would do on a dry run.
public struct ImportSummary: Sendable, Equatable {
  public var inserted = 0
  public var updated = 0
  public var skipped = 0
  /// Inserted entries by kind.
  public var insertedByKind: [EntryKind: Int] = [:]
  /// Notes for stderr: likely duplicates, stubs filled in.
  public var notices = ProblemCounter()
  /// Input columns or keys that feed no field.
  public var unusedColumns: [String] = []
  /// With `--rejects`: how many rows were refused and written to the
  /// rejects file, and the problems they were refused for.
  public var refused = 0
  public var problems = ProblemList()
  /// The `--map` that would fill a required field no column fed, one line each.
  public var fixes: [String] = []
  /// With `--rejects`, when nothing was refused: whether a rejects file left
  /// by an earlier import was removed.
  public var removedEarlierRejects = false

  public init() {}

  /// The note that names the columns no field read, with the way to read one.
  public static func unusedColumnsNote(_ columns: [String], file: String) -> String {
    let shown =
      columns.prefix(20).joined(separator: ", ") + (columns.count > 20 ? " and \(columns.count - 20) more" : "")
    return "\(file): not imported: column\(columns.count == 1 ? "" : "s") \(shown)"
      + " (use --map FIELD=COLUMN to import one)"
  }

  /// "48 tools, 6 stories".
  public var insertedDescription: String {
    let tools = insertedByKind[.tool] ?? 0
    let stories = insertedByKind[.story] ?? 0
    return "\(tools) tool\(tools == 1 ? "" : "s"), \(stories) stor\(stories == 1 ? "y" : "ies")"
  }
}
