/// The fields of an entry, by their interchange names.
public enum EntryField: String, Sendable, CaseIterable, Hashable {
  case kind, slug, title, url, summary, description, pricing
  case publishedAt = "published_at"
  case audiences, tags, related, sources
  case sourceCount = "source_count"
  case addedAt = "added_at"
  case updatedAt = "updated_at"
}
