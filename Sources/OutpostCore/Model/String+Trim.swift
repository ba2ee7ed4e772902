extension String {
  /// The text without leading and trailing whitespace and line breaks.
  ///
  /// Returns the string itself, without copying, when there is nothing to
  /// trim, which is nearly always: Foundation's `trimmingCharacters` bridges
  /// through NSString every time, and imports call this on every cell.
  var trimmedFast: String {
    // Printable ASCII at both ends, the usual case, needs no Unicode tables.
    if let first = utf8.first, let last = utf8.last, first > 32, first < 128, last > 32, last < 128 { return self }
    guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
    if !first.properties.isWhitespace, !last.properties.isWhitespace { return self }
    let scalars = unicodeScalars
    guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    return String(scalars[start...end])
  }
}
