/// A CSV file's header as written and its delimiter, shared by the
/// originals of all its rows: a refused row is written back under it.
public final class CSVHeader: Sendable {
  /// The header's cells, untrimmed.
  public let names: [String]
  /// The byte between cells, as read or given (`--delimiter`).
  public let delimiter: UInt8

  init(names: [String], delimiter: UInt8) {
    self.names = names
    self.delimiter = delimiter
  }
}
