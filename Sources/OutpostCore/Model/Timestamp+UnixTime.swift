extension Timestamp {
  /// The Unix times accepted, in seconds: 9 to 11 digits. The same instants
  /// in milliseconds have 12 to 14 digits, so the size of a number tells its
  /// unit and no value could be read in both: 3 March 1973 to the year 5138.
  /// A shorter number is more likely a year or an id than an instant (`2024`
  /// would be 33 minutes past midnight, 1 January 1970); a longer one counts
  /// microseconds or nanoseconds, which no feed of ours uses.
  static let unixSeconds = 100_000_000..<100_000_000_000

  /// A number read as a Unix time.
  enum UnixTime: Equatable {
    /// Not a number: some other spelling of a date, or none.
    case notNumber
    /// A number, but no Unix time of the accepted range.
    case outOfRange
    /// The stored form.
    case stamp(String)
  }

  /// `text` as a Unix time: digits with an optional fraction (`1729526460`,
  /// `1729526460123`, `1729526460.5`), as a JSON number or a CSV cell.
  /// Fractions of a second are dropped: stored dates keep whole seconds.
  static func unixTime(_ text: String) -> UnixTime {
    var whole = 0
    var digits = 0
    var inFraction = false
    var fractionDigits = 0
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        if inFraction {
          fractionDigits += 1
        } else {
          digits += 1
          // Past 18 digits an Int could overflow; any such number is out of range.
          if digits <= 18 { whole = whole * 10 + Int(byte - UInt8(ascii: "0")) }
        }
      case UInt8(ascii: ".") where !inFraction && digits > 0:
        inFraction = true
      default:
        return .notNumber
      }
    }
    guard digits > 0, !inFraction || fractionDigits > 0 else { return .notNumber }
    guard digits <= 18 else { return .outOfRange }
    let milliseconds = unixSeconds.lowerBound * 1_000..<unixSeconds.upperBound * 1_000
    if unixSeconds.contains(whole) { return .stamp(format(unixSeconds: whole)) }
    if milliseconds.contains(whole) { return .stamp(format(unixSeconds: whole / 1_000)) }
    return .outOfRange
  }
}
