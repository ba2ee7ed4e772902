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

  /// A table that fits the terminal, and a count line.
  static func table(_ entries: [Entry], total: Int, offset: Int) {
    var table = TableText(columns: [
      .init("SLUG", minimum: 8), .init("KIND", minimum: 5, flexible: false), .init("TITLE", minimum: 8),
      .init("AUDIENCES", minimum: 9),
    ])
    for entry in entries {
      table.append([entry.slug, entry.kind.rawValue, entry.title, entry.audiences.joined(separator: ", ")])
    }
    let width = Terminal.width
    if entries.isEmpty {
      Terminal.write(total == 0 ? "no entries match\n" : "no entries past --offset \(offset) (\(total) match)\n")
      return
    }
    let lines = table.render(width: width) { $0.bold }
    Terminal.write(lines.joined(separator: "\n") + "\n")
    let shown = entries.count == total ? "\(total) entr\(total == 1 ? "y" : "ies")"
      : "\(offset + 1)–\(offset + entries.count) of \(total) entries"
    Terminal.write(TextWidth.fit(shown, width).dim + "\n")
  }
}
