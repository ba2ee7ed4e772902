/// An entry read from one input record, with the fields the input supplied.
public struct ImportItem: Sendable {
  public var entry: Entry
  /// Fields the input gave a value for: what `--on-conflict update` changes.
  public var fields: Set<EntryField>
  public var location: SourceLocation
  /// How the item meets an existing entry of the same slug.
  public var role: Role = .entry
  /// Whether the input named the slug, rather than leaving it to be derived from the title.
  var slugGiven = false
  /// Whether the item lacks what a new entry needs (a title; a url for a
  /// tool) but names an entry (by slug, or by url with `--match url`) that
  /// may have it: only the importer knows whether that entry exists, so it
  /// checks the rules, on the patched entry or the new one.
  var rulesDeferred = false
  /// The record as written, when refused rows are kept (`--rejects`).
  var original: OriginalRecord?

  public enum Role: Sendable {
    /// An ordinary entry: `--on-conflict` decides.
    case entry
    /// A story known only from another page's related list: an existing
    /// entry of that slug is left alone and linked to.
    case relatedStub
    /// A story page: it fills in a stub of the same slug, else `--on-conflict` decides.
    case fullStory
  }

  public init(entry: Entry, fields: Set<EntryField>, location: SourceLocation, role: Role = .entry) {
    self.entry = entry
    self.fields = fields
    self.location = location
    self.role = role
  }
}
