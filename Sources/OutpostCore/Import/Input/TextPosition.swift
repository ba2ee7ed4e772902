/// The one line and column counter of the readers: turns an input offset
/// into a 1-based line and a column in Unicode scalars, as an editor shows
/// it, so `東京,x` puts `x` in column 4.
///
/// Readers call `startLine(at:)` at each line feed and count the UTF-8
/// continuation bytes they step over, which spares the hot loops any
/// bookkeeping on the other bytes.
struct TextPosition {
  /// The 1-based line being read.
  private(set) var line = 1
  /// The input offset where that line starts.
  private(set) var lineStart = 0
  /// The UTF-8 continuation bytes read on the line so far.
  var continuationBytes = 0

  /// A new line starts at input offset `offset`.
  @inline(__always)
  mutating func startLine(at offset: Int) {
    line += 1
    lineStart = offset
    continuationBytes = 0
  }

  /// The first line starts at `offset`, past a byte-order mark.
  mutating func startFirstLine(at offset: Int) { lineStart = offset }

  /// The 1-based column of input offset `offset` on the current line.
  @inline(__always)
  func column(at offset: Int) -> Int { offset - lineStart - continuationBytes + 1 }
}
