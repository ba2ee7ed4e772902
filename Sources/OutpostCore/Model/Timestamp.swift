import Foundation

/// Dates as Outpost stores them: UTC ISO 8601 to the second, `2024-10-21T16:01:00Z`.
public enum Timestamp {
  /// The stored form of an instant.
  public static func format(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
  }

  /// Reads a date as users and files write it: `2024-10-21`, full ISO 8601
  /// (`2024-10-21T16:01:00Z`, `…+02:00`, fractional seconds) or `21 Oct 2024`.
  /// Returns the stored form, or nil when the text is none of these.
  public static func parse(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, let date = date(from: trimmed) else { return nil }
    return format(date)
  }

  /// The instant `text` names, in any accepted spelling.
  public static func date(from text: String) -> Date? {
    let iso = ISO8601DateFormatter()
    for options: ISO8601DateFormatter.Options in [
      [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
    ] {
      iso.formatOptions = options
      if let date = iso.date(from: text) { return date }
    }
    for pattern in [
      "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss",
      "d MMM yyyy", "d MMMM yyyy", "MMM d, yyyy", "MMMM d, yyyy",
    ] {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "UTC")
      formatter.isLenient = false
      formatter.dateFormat = pattern
      if let date = formatter.date(from: text), strictRoundTrip(text, date, formatter) { return date }
    }
    return nil
  }

  /// DateFormatter accepts `2024-02-31` by rolling over; printing the parsed
  /// date back must give the input again (ignoring case) for it to count.
  private static func strictRoundTrip(_ text: String, _ date: Date, _ formatter: DateFormatter) -> Bool {
    let printed = formatter.string(from: date)
    return printed.caseInsensitiveCompare(text) == .orderedSame
      || Int(printed.prefix(while: \.isNumber)) == Int(text.prefix(while: \.isNumber))
        && printed.dropFirst(printed.prefix(while: \.isNumber).count).caseInsensitiveCompare(
          text.dropFirst(text.prefix(while: \.isNumber).count)) == .orderedSame
  }

  /// The current time in stored form.
  public static func now() -> String { format(Date()) }
}
