import Foundation
import OutpostCore
import Rainbow

/// Prints entries as tables or in the interchange formats.
enum EntryPrinter {
  /// Streams entries to stdout in an interchange format.
  static func stream(
    _ catalog: Catalog, filter: EntryFilter, sort: EntrySort, limit: Int?, offset: Int, format: ExportFormat
  ) throws {
    var encoder = EntryEncoder(format: format)
    var sink = FileDescriptorSink(descriptor: STDOUT_FILENO)
    var buffer = encoder.header()
    try catalog.forEachEntry(matching: filter, sort: sort, limit: limit, offset: offset) { entry in
      encoder.append(entry, to: &buffer)
      if buffer.count > 256 * 1024 {
        try sink.write(buffer)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    try sink.write(buffer + encoder.footer())
  }

  /// Writes entries that are already in memory in an interchange format.
  static func write(_ entries: [Entry], format: ExportFormat) throws {
    var encoder = EntryEncoder(format: format)
    var buffer = encoder.header()
    for entry in entries { encoder.append(entry, to: &buffer) }
    var sink = FileDescriptorSink(descriptor: STDOUT_FILENO)
    try sink.write(buffer + encoder.footer())
  }

  /// A table that fits the terminal, and a line saying which entries it
  /// shows of how many match, and how to get the others.
  static func table(_ entries: [Entry], offset: Int, total: Int) {
    if entries.isEmpty {
      // Some match, but none shown: --limit 0 asked for no rows, or --offset passed them all.
      let why =
        total == 0
        ? "no entries match"
        : offset < total ? "none shown (--limit 0)" : "no entries past --offset \(offset); \(total) in all"
      Terminal.write(why + "\n")
      return
    }
    var table = TableText(columns: [
      .init("SLUG", whole: true), .init("KIND", minimum: 5, flexible: false), .init("TITLE", minimum: 12),
      .init("AUDIENCES", minimum: 9, optional: true),
    ])
    for entry in entries {
      table.append([entry.slug, entry.kind.rawValue, entry.title, entry.audiences.joined(separator: ", ")])
    }
    let width = Terminal.width
    Terminal.write(table.render(width: width) { $0.bold }.joined(separator: "\n") + "\n")
    let footer = PageFooter.text(shown: entries.count, offset: offset, total: total, noun: ("entry", "entries"))
    Terminal.write(TextWidth.fit(footer, width).dim + "\n")
  }
}
