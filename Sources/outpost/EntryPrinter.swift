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
  /// shows: all of them, or a page and how to get the next one.
  static func table(_ entries: [Entry], offset: Int, more: Bool) {
    if entries.isEmpty {
      // `more` with nothing shown: --limit 0 asked for no rows, though some match.
      let why =
        more ? "none shown (--limit 0)" : offset == 0 ? "no entries match" : "no entries past --offset \(offset)"
      Terminal.write(why + "\n")
      return
    }
    var table = TableText(columns: [
      .init("SLUG", minimum: 8, cutsInMiddle: true), .init("KIND", minimum: 5, flexible: false),
      .init("TITLE", minimum: 8),
      .init("AUDIENCES", minimum: 9),
    ])
    for entry in entries {
      table.append([entry.slug, entry.kind.rawValue, entry.title, entry.audiences.joined(separator: ", ")])
    }
    let width = Terminal.width
    Terminal.write(table.render(width: width) { $0.bold }.joined(separator: "\n") + "\n")
    let last = offset + entries.count
    let shown: String
    if more {
      shown = "entries \(offset + 1)–\(last); more with --offset \(last)"
    } else if offset > 0 {
      shown = "entries \(offset + 1)–\(last) of \(last)"
    } else {
      shown = "\(last) entr\(last == 1 ? "y" : "ies")"
    }
    Terminal.write(TextWidth.fit(shown, width).dim + "\n")
  }
}
