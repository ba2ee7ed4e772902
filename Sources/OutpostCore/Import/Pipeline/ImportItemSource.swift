/// Yields the entries of an input one at a time, so memory stays flat.
public protocol ImportItemSource {
  /// The next step, or nil at the end. Throws when the input cannot be read
  /// any further (a syntax error).
  mutating func next() throws -> ImportStep?
  /// Input columns or keys that feed no field, known once read.
  var unusedColumns: [String] { get }
  /// What the input's columns fed, known once read; nil for inputs without columns.
  var columnProfile: ColumnProfile? { get }
  /// How far the input has been read, for a progress bar: (done, total) in bytes when known.
  var progress: (done: Int, total: Int?) { get }
}

extension ImportItemSource {
  public var columnProfile: ColumnProfile? { nil }
}
