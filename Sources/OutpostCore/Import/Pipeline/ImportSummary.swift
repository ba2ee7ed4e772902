/// What an import did, or would do on a dry run.
public struct ImportSummary: Sendable, Equatable {
  public var inserted = 0
  public var updated = 0
  /// Entries an input row met with `--on-conflict update` and found as it would leave them.
  public var unchanged = 0
  public var skipped = 0
  /// Inserted entries by kind.
  public var insertedByKind: [EntryKind: Int] = [:]
  /// Notes for stderr: likely duplicates, stubs filled in.
  public var notices = ProblemCounter()
  /// Input columns or keys that feed no field.
  public var unusedColumns: [String] = []
  /// Sections of an awesome list that held no tools: Contents, License, …
  public var skippedSections: [String] = []
  /// With `--rejects`: how many rows were refused and written to the
  /// rejects file, and the problems they were refused for.
  public var refused = 0
  public var problems = ProblemList()
  /// The `--map` that would fill a required field no column fed, one line each.
  public var fixes: [String] = []
  /// With `--rejects`, when nothing was refused: whether a rejects file left
  /// by an earlier import was removed.
  public var removedEarlierRejects = false
  /// The search index was built beside the import and copied in
  /// (`SearchIndexBeside`), rather than in place at its end.
  var indexedBeside = false

  public init() {}

  /// The note that names the columns no field read, with the way to read one.
  public static func unusedColumnsNote(_ columns: [String], file: String) -> String {
    let shown =
      columns.prefix(20).joined(separator: ", ") + (columns.count > 20 ? " and \(columns.count - 20) more" : "")
    return "\(file): not imported: column\(columns.count == 1 ? "" : "s") \(shown)"
      + " (use --map FIELD=COLUMN to import one)"
  }

  /// "README.md: skipped sections: Contents, Learning resources (--section NAME imports one)".
  public static func skippedSectionsNote(_ sections: [String], file: String) -> String {
    "\(file): skipped sections: \(sections.joined(separator: ", ")) (--section NAME imports one)"
  }

  /// "2 new, 1 updated, 0 unchanged, 1 skipped": every row of the input is in one count.
  public var countsDescription: String {
    "\(inserted) new, \(updated) updated, \(unchanged) unchanged, \(skipped) skipped"
  }

  /// "48 tools, 6 stories".
  public var insertedDescription: String {
    let tools = insertedByKind[.tool] ?? 0
    let stories = insertedByKind[.story] ?? 0
    return "\(tools) tool\(tools == 1 ? "" : "s"), \(stories) stor\(stories == 1 ? "y" : "ies")"
  }
}
