extension Entry {
  /// This entry as `--on-conflict update` leaves it when `input` supplies
  /// `fields`: what `EntryWriter.update` writes, computed before writing, so
  /// that the rules can be checked on the entry as it will be and a row that
  /// changes nothing is told apart (and keeps its `updated_at`).
  ///
  /// A field the input did not supply keeps its value; the slug is the key
  /// and never changes. Audiences and tags the input did not supply as a
  /// field (those of `--audience` and `--tag`) are added to the entry's own.
  func patched(by input: Entry, fields: Set<EntryField>) -> Entry {
    var result = self
    if fields.contains(.kind) { result.kind = input.kind }
    if fields.contains(.title) { result.title = input.title }
    if fields.contains(.url) { result.url = input.url }
    if fields.contains(.summary) { result.summary = input.summary }
    if fields.contains(.description) { result.description = input.description }
    if fields.contains(.pricing) { result.pricing = input.pricing }
    if fields.contains(.publishedAt) { result.publishedAt = input.publishedAt }
    if fields.contains(.sourceCount) { result.sourceCount = input.sourceCount }
    if fields.contains(.addedAt) { result.addedAt = input.addedAt }
    if fields.contains(.updatedAt) { result.updatedAt = input.updatedAt }
    if fields.contains(.sources) { result.sources = input.sources }
    if fields.contains(.related) { result.related = Array(Set(input.related)).sorted() }
    result.audiences = Self.merged(audiences, input.audiences, replacing: fields.contains(.audiences))
    result.tags = Self.merged(tags, input.tags, replacing: fields.contains(.tags))
    return result
  }

  /// A list as stored (sorted, each once): `new` alone, or added to `old`.
  private static func merged(_ old: [String], _ new: [String], replacing: Bool) -> [String] {
    if !replacing, new.allSatisfy(old.contains) { return old }
    return Array(Set(replacing ? new : old + new)).sorted()
  }
}
