extension Timestamp {
  /// Reads a date as mail, RSS and HTTP write it (RFC 2822, with the common
  /// liberties): `[Mon, ]21 Oct 2024 16:01[:00] [ZONE] [(comment)]`, where
  /// ZONE is `+0200`, `-05:30`, `GMT`, `UT`, `UTC`, `Z` or a North American
  /// zone (`EST`, `PDT`, …), and none means UTC. Month and weekday names may
  /// be written in full. A weekday that is not the date's makes the text no
  /// date: one of the two is wrong, and which is not ours to guess.
  /// Returns the stored form, in UTC.
  static func rfc2822(_ text: String) -> String? {
    var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
    while let last = tokens.last, last.hasPrefix("(") || last.hasSuffix(")") { tokens.removeLast() }
    var weekday: Int?
    if let first = tokens.first, let comma = first.firstIndex(of: ",") {
      guard let named = Self.weekdayNumber(String(first[..<comma])) else { return nil }
      weekday = named
      let rest = String(first[first.index(after: comma)...])
      if rest.isEmpty { tokens.removeFirst() } else { tokens[0] = rest }
    }
    guard tokens.count == 4 || tokens.count == 5, tokens[0].count <= 2, let day = Self.number(tokens[0]),
      let month = Self.monthNumber(tokens[1]), tokens[2].count == 4, let year = Self.number(tokens[2]),
      day >= 1, day <= daysIn(month: month, year: year),
      let time = Self.timeOfDay(tokens[3]),
      let offset = tokens.count == 5 ? Self.zoneOffset(tokens[4]) : 0
    else { return nil }
    let dayNumber = days(year: year, month: month, day: day)
    if let weekday, weekday != Self.weekday(days: dayNumber) { return nil }
    let seconds = dayNumber * 86_400 + time - offset
    // A zone can move a date of year 1 or 9999 out of the four digits stored.
    guard seconds >= days(year: 1, month: 1, day: 1) * 86_400, seconds < days(year: 10_000, month: 1, day: 1) * 86_400
    else { return nil }
    return format(unixSeconds: seconds)
  }

  private static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
  private static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december",
  ]

  /// 0 for Sunday; `mon` or `monday`.
  private static func weekdayNumber(_ name: String) -> Int? {
    weekdays.firstIndex { $0 == name || $0.prefix(3) == name }
  }

  /// 1 for January; `oct`, `october`, and `sept`.
  private static func monthNumber(_ name: String) -> Int? {
    if name == "sept" { return 9 }
    return months.firstIndex { $0 == name || $0.prefix(3) == name }.map { $0 + 1 }
  }

  /// Seconds since midnight of `16:01` or `16:01:00`.
  private static func timeOfDay(_ text: String) -> Int? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 }) else { return nil }
    let numbers = parts.compactMap { Self.number($0) }
    guard numbers.count == parts.count, numbers[0] < 24, numbers[1] < 60, numbers.count == 2 || numbers[2] < 60
    else { return nil }
    return numbers[0] * 3_600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
  }

  /// Seconds east of UTC.
  private static func zoneOffset(_ zone: String) -> Int? {
    if let named = namedZones[zone] { return named * 3_600 }
    guard let sign = zone.first, sign == "+" || sign == "-" else { return nil }
    let digits = zone.dropFirst().filter { $0 != ":" }
    guard digits.count == 4, zone.count == 5 || zone.dropFirst(3).first == ":", let value = Self.number(digits) else {
      return nil
    }
    let hours = value / 100
    let minutes = value % 100
    guard hours < 24, minutes < 60 else { return nil }
    return (sign == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60)
  }

  /// The value of ASCII digits alone: `Int` would also take a sign.
  private static func number(_ text: some StringProtocol) -> Int? {
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
      return nil
    }
    return Int(text)
  }

  /// The zone names RFC 2822 defines, in hours east of UTC.
  private static let namedZones: [String: Int] = [
    "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
    "pst": -8, "pdt": -7,
  ]
}
