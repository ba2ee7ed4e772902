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

  /// What makes an input row the same entry as one in the catalog.
  public enum Match: String, Sendable, CaseIterable {
    /// The slug, given or derived from the title.
    case slug
    /// The normalised url (`URLCheck.duplicateKey`), then the slug: merging
    /// another curator's list, whose slugs are their own, duplicates nothing.
    case url
  }

  public var onConflict: Conflict = .fail
  public var match: Match = .slug
  /// Check everything, report what would happen, write nothing.
  public var dryRun = false
  /// Set on every entry (`--kind`).
  public var kind: EntryKind?
  /// Added to every entry (`--audience`), as slugs.
  public var audiences: [String] = []
  /// Added to every entry (`--tag`), normalised.
  public var tags: [String] = []

  public init(
    onConflict: Conflict = .fail, match: Match = .slug, dryRun: Bool = false, kind: EntryKind? = nil,
    audiences: [String] = [], tags: [String] = []
  ) {
    self.onConflict = onConflict
    self.match = match
    self.dryRun = dryRun
    self.kind = kind
    self.audiences = audiences
    self.tags = tags
  }
}
