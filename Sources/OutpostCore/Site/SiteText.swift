/// Text as the site shows it: cleaned of characters no page may hold,
/// escaped for the one place markup is built outside the templates, dates
/// for people, and string literals for the search index's scripts.
enum SiteText {
  /// `text` without the characters HTML and XML forbid (C0 and C1 controls
  /// other than tab and newlines, noncharacters), each replaced by U+FFFD:
  /// a catalog may hold them, and one would make a feed unreadable.
  static func clean(_ text: String) -> String {
    guard mayNeedCleaning(text) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let v = scalar.value
      let control = (v < 0x20 && v != 0x09 && v != 0x0a && v != 0x0d) || (v >= 0x7f && v <= 0x9f)
      let nonCharacter = (v >= 0xfdd0 && v <= 0xfdef) || (v & 0xfffe) == 0xfffe
      out.append(control || nonCharacter ? "\u{FFFD}" : scalar)
    }
    return String(out)
  }

  /// Whether `text` has a byte that may begin a character `clean` replaces:
  /// a control, or the lead byte of a C1 control (0xC2) or of a
  /// noncharacter (0xEF and above). Read over the bytes in place: every
  /// build asks it of every entry's title and summary.
  private static func mayNeedCleaning(_ text: String) -> Bool {
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      bytes.contains { $0 < 0x20 || $0 == 0x7f || $0 == 0xc2 || $0 >= 0xef }
    }
    if let found = text.utf8.withContiguousStorageIfAvailable(scan) { return found }
    var copy = text
    return copy.withUTF8(scan)
  }

  static func clean(_ text: String?) -> String? {
    guard let text else { return nil }
    return clean(text)
  }

  /// The five characters HTML escapes in text and in quoted attributes,
  /// escaped as Mustache escapes them.
  static func escapeHTML(_ text: Substring) -> String {
    // The five are ASCII, so bytes are replaced and every other byte of
    // the UTF-8 copied as it is.
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "&"): out += "&amp;".utf8
      case UInt8(ascii: "<"): out += "&lt;".utf8
      case UInt8(ascii: ">"): out += "&gt;".utf8
      case UInt8(ascii: "\""): out += "&quot;".utf8
      case UInt8(ascii: "'"): out += "&#39;".utf8
      default: out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// `text` as a JavaScript (and JSON) string literal. `<`, `>` and `&` are
  /// escaped too, so no catalog text can close a script element, and the
  /// line separators JSON allows but older JavaScript does not.
  static func appendJSString(_ text: String, to out: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    out.append(UInt8(ascii: "\""))
    for scalar in text.unicodeScalars {
      let v = scalar.value
      switch v {
      case 0x22: out += [92, 34]
      case 0x5c: out += [92, 92]
      case 0x0a: out += [92, UInt8(ascii: "n")]
      case 0x0d: out += [92, UInt8(ascii: "r")]
      case 0x09: out += [92, UInt8(ascii: "t")]
      case 0..<0x20, 0x3c, 0x3e, 0x26, 0x2028, 0x2029:
        out += [
          92, UInt8(ascii: "u"), hex[Int(v >> 12 & 15)], hex[Int(v >> 8 & 15)], hex[Int(v >> 4 & 15)], hex[Int(v & 15)],
        ]
      default: out += Array(String(scalar).utf8)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// `2024-10-21T16:01:00Z` as `Mon, 21 Oct 2024`.
  static func day(_ stamp: String) -> String {
    let bytes = Array(stamp.utf8)
    guard bytes.count >= 10 else { return stamp }
    func number(_ range: Range<Int>) -> Int {
      range.reduce(0) { $0 * 10 + Int(bytes[$1]) - 48 }
    }
    let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
    guard (1...12).contains(month), (1...31).contains(day) else { return stamp }
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    // Sakamoto's method: the day of the week without a calendar object.
    let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
    let y = month < 3 ? year - 1 : year
    let weekday = (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    return "\(days[weekday]), \(day) \(months[month - 1]) \(year)"
  }

  /// A URL's host without `www.`, to show beside a link out.
  static func host(_ url: String) -> String {
    guard let schemeEnd = url.range(of: "://") else { return url }
    let rest = url[schemeEnd.upperBound...]
    let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    var host = rest[..<end]
    if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
    return host.hasPrefix("www.") ? String(host.dropFirst(4)) : String(host)
  }

  /// Only http and https links leave the site: anything else (`javascript:`)
  /// is shown as text, if at all.
  static func linkOut(_ url: String?) -> String? {
    guard let url else { return nil }
    let lower = url.lowercased()
    return lower.hasPrefix("https://") || lower.hasPrefix("http://") ? clean(url) : nil
  }

  /// The opening of `text` up to about `limit` characters, cut at a word.
  static func blurb(_ text: String?, limit: Int = 240) -> String? {
    guard let text = clean(text), !text.isEmpty else { return nil }
    // No more bytes than `limit` is no more characters: most summaries are
    // short, and counting characters means finding every grapheme break.
    guard text.utf8.count > limit, text.count > limit else { return text }
    let cut = text.prefix(limit)
    let end = cut.lastIndex(of: " ") ?? cut.endIndex
    return String(cut[..<end]) + "…"
  }

  /// "1 Source", "12 Sources".
  static func sources(_ count: Int) -> String { count == 1 ? "1 Source" : "\(count) Sources" }

  /// "1 entry", "1,234 entries".
  static func entries(_ count: Int) -> String { Self.count(count, "entry", "entries") }

  /// `count` with digits grouped by three, and the noun that agrees with it.
  static func count(_ count: Int, _ one: String, _ many: String) -> String {
    let digits = String(count)
    var grouped = ""
    for (index, character) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
      grouped.append(character)
    }
    return grouped + " " + (count == 1 ? one : many)
  }
}
