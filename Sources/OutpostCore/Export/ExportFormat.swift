/// The formats entries are written in.
public enum ExportFormat: String, Sendable, CaseIterable {
  case json, ndjson, csv
}

/// Turns entries into bytes, one at a time, for a stream.
public struct EntryEncoder: Sendable {
  public var format: ExportFormat
  private var count = 0

  public init(format: ExportFormat) { self.format = format }

  /// Bytes that open the output.
  public func header() -> [UInt8] {
    switch format {
    case .json: return Array("[".utf8)
    case .ndjson: return []
    case .csv:
      var out: [UInt8] = []
      CSVText.appendRow(Entry.fieldNames, to: &out)
      return out
    }
  }

  /// Appends one entry.
  public mutating func append(_ entry: Entry, to out: inout [UInt8]) {
    switch format {
    case .json:
      out.append(contentsOf: count == 0 ? [10] : [44, 10])
      JSONText.appendEntry(entry, pretty: true, to: &out)
    case .ndjson:
      JSONText.appendEntry(entry, pretty: false, to: &out)
      out.append(10)
    case .csv:
      CSVText.appendRow(CSVText.cells(entry), to: &out)
    }
    count += 1
  }

  /// Bytes that close the output.
  public func footer() -> [UInt8] {
    switch format {
    case .json: return Array((count == 0 ? "]\n" : "\n]\n").utf8)
    case .ndjson, .csv: return []
    }
  }
}
