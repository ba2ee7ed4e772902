/// What an import does with its input.
public struct ImportOptions: Sendable {
  /// What an entry whose slug already exists does.
  public enum Conflict: String, Sendable, CaseIterable {
    /// Report every conflict and write nothing.
    case fail
    /// Keep the existing entry.
    case skip
    /// Change only the fields the input supplies.
    case update
  }

  public var onConflict: Conflict = .fail
  /// Check everything, report what would happen, write nothing.
  public var dryRun = false
  /// Set on every entry (`--kind`).
  public var kind: EntryKind?
  /// Added to every entry (`--audience`), as slugs.
  public var audiences: [String] = []
  /// Added to every entry (`--tag`), normalised.
  public var tags: [String] = []

  public init(
    onConflict: Conflict = .fail, dryRun: Bool = false, kind: EntryKind? = nil, audiences: [String] = [],
    tags: [String] = []
  ) {
    self.onConflict = onConflict
    self.dryRun = dryRun
    self.kind = kind
    self.audiences = audiences
    self.tags = tags
  }
}

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

  public init() {}

  /// "48 tools, 6 stories".
  public var insertedDescription: String {
    let tools = insertedByKind[.tool] ?? 0
    let stories = insertedByKind[.story] ?? 0
    return "\(tools) tool\(tools == 1 ? "" : "s"), \(stories) stor\(stories == 1 ? "y" : "ies")"
  }
}

/// Lines for stderr, bounded: the first 20 kept, the rest counted.
public struct ProblemCounter: Sendable, Equatable {
  public private(set) var lines: [String] = []
  public private(set) var total = 0

  public init() {}

  public mutating func append(_ line: String) {
    total += 1
    if lines.count < ProblemList.shown { lines.append(line) }
  }

  /// The lines to print, then "… and N more".
  public var printable: [String] {
    lines + (total > lines.count ? ["… and \(total - lines.count) more"] : [])
  }
}

/// An import that found problems in its input and wrote nothing.
public struct ImportFailure: Error, Sendable {
  public var problems: ProblemList
  /// Input columns or keys that fed no field, for a hint after the problems.
  public var unusedColumns: [String] = []
  public init(problems: ProblemList) { self.problems = problems }
}
