import Foundation
import Testing

@testable import OutpostCore

/// The date spellings an import reads besides ISO 8601: Unix times and RFC 2822.
@Suite("Timestamp")
struct TimestampTests {
  @Test(
    "a Unix time in seconds or milliseconds, as digits or with a fraction, is read in UTC",
    arguments: [
      ("1729526460", "2024-10-21T16:01:00Z"),
      ("1729526460000", "2024-10-21T16:01:00Z"),
      ("1729526460999", "2024-10-21T16:01:00Z"),
      ("1729526460.75", "2024-10-21T16:01:00Z"),
      (" 1729526460 ", "2024-10-21T16:01:00Z"),
      // The bounds: 9 to 11 digits are seconds, 12 to 14 milliseconds.
      ("100000000", "1973-03-03T09:46:40Z"),
      ("99999999999", "5138-11-16T09:46:39Z"),
      ("100000000000", "1973-03-03T09:46:40Z"),
      ("99999999999999", "5138-11-16T09:46:39Z"),
    ])
  func unixTimes(text: String, stamp: String) {
    #expect(Timestamp.parse(text) == stamp)
  }

  @Test(
    "a number outside the bounds is no date, and the refusal says what a Unix time is",
    arguments: ["2024", "99999999", "0", "100000000000000", "1729526460000000000000", "17295264600000000"])
  func absurdNumbers(text: String) {
    #expect(Timestamp.parse(text) == nil)
    #expect(Timestamp.refusal(text).contains("no Unix time from 1973 to 5138"))
  }

  @Test("what is not a number is no Unix time", arguments: ["-1729526460", "+1729526460", "1729526460.", "1e9", "."])
  func notNumbers(text: String) {
    #expect(Timestamp.parse(text) == nil)
    #expect(Timestamp.refusal(text).hasPrefix("is not a date like"))
  }

  @Test(
    "RFC 2822 dates, with named and numeric zones, are read in UTC",
    arguments: [
      ("Mon, 21 Oct 2024 16:01:00 GMT", "2024-10-21T16:01:00Z"),
      ("Mon, 21 Oct 2024 18:01:00 +0200", "2024-10-21T16:01:00Z"),
      ("Mon, 21 Oct 2024 18:01:00 +02:00", "2024-10-21T16:01:00Z"),
      ("21 Oct 2024 11:01:00 -0500", "2024-10-21T16:01:00Z"),
      ("Mon, 21 Oct 2024 09:01 PDT", "2024-10-21T16:01:00Z"),
      ("Monday, 21 October 2024 16:01:00 UT", "2024-10-21T16:01:00Z"),
      ("mon,21 oct 2024 16:01:00 z", "2024-10-21T16:01:00Z"),
      ("Mon, 21 Oct 2024 16:01:00 +0000 (UTC)", "2024-10-21T16:01:00Z"),
      ("Mon, 21 Oct 2024 16:01:00", "2024-10-21T16:01:00Z"),
      ("Tue, 1 Jan 2030 01:00:00 +0200", "2029-12-31T23:00:00Z"),
      ("Thu, 29 Feb 2024 23:30:00 -0100", "2024-03-01T00:30:00Z"),
    ])
  func rfc2822(text: String, stamp: String) {
    #expect(Timestamp.parse(text) == stamp)
  }

  @Test(
    "an RFC 2822 date that cannot be is no date: a wrong weekday, day, time or zone",
    arguments: [
      "Tue, 21 Oct 2024 16:01:00 GMT", "Mon, 32 Oct 2024 16:01:00 GMT", "Fri, 29 Feb 2023 16:01:00 GMT",
      "Mon, 21 Oct 2024 24:01:00 GMT", "Mon, 21 Oct 2024 16:61:00 GMT", "Mon, 21 Oct 2024 16:01:00 +2500",
      "Mon, 21 Oct 2024 16:01:00 XYZ", "Mon, 21 Oct 24 16:01:00 GMT", "Mon, 21 Foo 2024 16:01:00 GMT",
      "Mon, 21 Oct 2024 16:01:00 +-130",
    ])
  func impossibleRFC2822(text: String) {
    #expect(Timestamp.parse(text) == nil)
  }

  @Test("the spellings read before still read the same")
  func earlierSpellings() {
    #expect(Timestamp.parse("2024-10-21") == "2024-10-21T00:00:00Z")
    #expect(Timestamp.parse("2024-10-21T18:01:00+02:00") == "2024-10-21T16:01:00Z")
    #expect(Timestamp.parse("21 Oct 2024") == "2024-10-21T00:00:00Z")
    #expect(Timestamp.parse("October 21, 2024") == "2024-10-21T00:00:00Z")
    #expect(Timestamp.parse("2024-02-30") == nil)
  }

  @Test("--until with a Unix time ends at that second, not at the end of its day")
  func untilUnixTime() {
    #expect(Timestamp.parseEndOfDay("1729526460") == "2024-10-21T16:01:00Z")
    #expect(Timestamp.parseEndOfDay("2024-10-21") == "2024-10-21T23:59:59Z")
  }

  @Test("the integer calendar agrees with Foundation's across four centuries")
  func integerCalendar() {
    // A step prime to a day's seconds, so that every time of day comes up.
    for seconds in stride(from: -2_000_000_000, to: 32_000_000_000, by: 17_000_003) {
      #expect(Timestamp.format(unixSeconds: seconds) == Timestamp.format(Date(timeIntervalSince1970: Double(seconds))))
    }
    #expect(Timestamp.days(year: 1970, month: 1, day: 1) == 0)
    #expect(Timestamp.weekday(days: 0) == 4)
    #expect(Timestamp.weekday(days: -1) == 3)
  }

  @Test("format writes UTC to the second, as a Gregorian calendar in UTC reads the instant")
  func formatMatchesCalendar() {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let instants: [TimeInterval] = [
      0, -1, -0.5, 59.999, 951_782_400, 1_729_526_460.75, 4_102_444_799, 99_999_999_999, -2_208_988_800,
    ]
    for seconds in instants + (0..<200).map({ TimeInterval($0) * 7_777_777.7 - 500_000_000 }) {
      let date = Date(timeIntervalSince1970: seconds)
      let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
      let expected = String(
        format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
      #expect(Timestamp.format(date) == expected, "\(seconds)")
    }
    #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
  }
}
