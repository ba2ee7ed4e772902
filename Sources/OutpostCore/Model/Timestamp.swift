import Foundation

/// Dates as Outpost stores them: UTC ISO 8601 to the second, `2024-10-21T16:01:00Z`.
public enum Timestamp {
  /// The stored form of an instant.
  ///
  /// By the C library's `gmtime_r`, not `Calendar`: the first use of a
  /// calendar loads ICU's time zone data, a millisecond of every one-entry
  /// write.
  public static func format(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var c = tm()
    gmtime_r(&seconds, &c)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
    let year = String(Int(c.tm_year) + 1900)
    let paddedYear = String(repeating: "0", count: max(0, 4 - year.count)) + year
    return "\(paddedYear)-\(two(c.tm_mon + 1))-\(two(c.tm_mday))T\(two(c.tm_hour)):\(two(c.tm_min)):\(two(c.tm_sec))Z"
  }

  /// Reads a date as users and files write it: `2024-10-21`, full ISO 8601
  /// (`2024-10-21T16:01:00Z`, `…+02:00`, fractional seconds), `21 Oct 2024`,
  /// RFC 2822 (`Mon, 21 Oct 2024 16:01:00 GMT`) or a Unix time in seconds or
  /// milliseconds (`1729526460`; see `unixSeconds`).
  /// Returns the stored form, or nil when the text is none of these.
  public static func parse(_ text: String) -> String? {
    let trimmed = text.trimmedFast
    if let canonical = canonical(trimmed) { return canonical }
    switch unixTime(trimmed) {
    case .stamp(let stamp): return stamp
    case .outOfRange: return nil
    case .notNumber: break
    }
    if let stamp = rfc2822(trimmed) { return stamp }
    guard !trimmed.isEmpty, let date = date(from: trimmed) else { return nil }
    return format(date)
  }

  /// Why `text` is no date, to follow "published_at '…' " in a message.
  public static func refusal(_ text: String) -> String {
    if unixTime(text.trimmedFast) == .outOfRange {
      return "is a number but no Unix time from 1973 to 5138: seconds have 9 to 11 digits, milliseconds 12 to 14"
    }
    return "is not a date like 2024-10-21, 2024-10-21T16:01:00Z, 21 Oct 2024, Mon, 21 Oct 2024 16:01:00 GMT"
      + " or a Unix time (1729526460)"
  }

  /// The stored form, read without Foundation: `2024-10-21T16:01:00Z` as it
  /// is, `2024-10-21` as midnight UTC. Imports meet these a million times,
  /// and a DateFormatter costs tens of microseconds a call.
  static func canonical(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    guard bytes.count == 10 || bytes.count == 20 else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let byte = bytes[index]
        guard byte >= 48, byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      return value
    }
    guard bytes[4] == 45, bytes[7] == 45, let year = number(0..<4), let month = number(5..<7),
      let day = number(8..<10), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
    else { return nil }
    if bytes.count == 10 { return text + "T00:00:00Z" }
    guard bytes[10] == 84, bytes[13] == 58, bytes[16] == 58, bytes[19] == 90, let hour = number(11..<13),
      let minute = number(14..<16), let second = number(17..<19), hour < 24, minute < 60, second < 60
    else { return nil }
    return text
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Like `parse`, but a date without a time of day stands for the last second
  /// of that day: `--until 2024-10-21` includes a story of 21 Oct, 16:01.
  public static func parseEndOfDay(_ text: String) -> String? {
    guard let stamp = parse(text) else { return nil }
    // A Unix time names its second, like a time of day does.
    let timed = text.contains(":") || unixTime(text.trimmedFast) != UnixTime.notNumber
    return timed ? stamp : String(stamp.prefix(10)) + "T23:59:59Z"
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
    for formatter in formatters {
      if let date = formatter.date(from: text), strictRoundTrip(text, date, formatter) { return date }
    }
    return nil
  }

  /// Made once: creating a DateFormatter is the expensive part of using one.
  private static let formatters: [DateFormatter] = [
    "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss",
    "d MMM yyyy", "d MMMM yyyy", "MMM d, yyyy", "MMMM d, yyyy",
  ].map { pattern in
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.isLenient = false
    formatter.dateFormat = pattern
    return formatter
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
