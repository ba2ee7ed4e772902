import Foundation

/// What `export --format markdown` wrote.
public struct MarkdownExportSummary: Sendable, Equatable {
  /// The entries in the list (each once, however many sections hold it).
  public var listed = 0
  /// Stories without a URL, by slug: an item of an awesome list is a link,
  /// so they could not be listed.
  public var unlisted: [String] = []
}

extension Catalog {
  /// Writes the matching entries to `sink` as a Markdown awesome list
  /// (`MarkdownList`). Stories with a URL are listed like tools, and come
  /// back as tools; stories without one are left out and named in the result.
  @discardableResult
  public func exportMarkdown(matching filter: EntryFilter, groupBy: MarkdownGrouping, to sink: inout some ByteSink)
    throws -> MarkdownExportSummary
  {
    var summary = MarkdownExportSummary()
    var entries: [Entry] = []
    // Grouped and sorted by title: the whole selection is needed before the
    // first section can be written.
    try forEachEntry(matching: filter, sort: .kindSlug) { entry in
      if entry.url == nil {
        summary.unlisted.append(entry.slug)
      } else {
        entries.append(entry)
      }
    }
    let audiences = try audienceCounts().map { (slug: $0.slug, name: $0.name) }
    summary.listed = entries.count
    try sink.write(Array(MarkdownList.document(entries, grouping: groupBy, audiences: audiences).utf8))
    return summary
  }

  /// `exportMarkdown` into `path`, atomically, as `export(…toFile:)`.
  @discardableResult
  public func exportMarkdown(matching filter: EntryFilter, groupBy: MarkdownGrouping, toFile path: String) throws
    -> MarkdownExportSummary
  {
    try Self.writeAtomically(to: path) { sink in try exportMarkdown(matching: filter, groupBy: groupBy, to: &sink) }
  }
}
