/// What the sections of `export --format markdown` are (`--group-by`).
public enum MarkdownGrouping: String, Sendable, CaseIterable {
  /// One section per tag: read back, the list gives every entry its tags.
  case tag
  /// One section per audience, named as the vocabulary names it: read back,
  /// the audiences come back as tags.
  case audience
}
