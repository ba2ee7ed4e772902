@testable import OutpostCore

/// Collects an export in memory, for tests that compare exports byte for byte.
struct ByteBuffer: ByteSink {
  var bytes: [UInt8] = []
  mutating func write(_ more: [UInt8]) { bytes += more }
}

extension Catalog {
  /// The export of `filter` in `format`, as `outpost export` writes it.
  func exported(_ format: ExportFormat, matching filter: EntryFilter = EntryFilter()) throws -> [UInt8] {
    var buffer = ByteBuffer()
    try export(matching: filter, format: format, to: &buffer)
    return buffer.bytes
  }
}
