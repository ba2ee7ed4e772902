import Foundation

/// URL validation: an http(s) URL with a host.
public enum URLCheck {
  /// The URL trimmed of surrounding spaces when it is http(s) with a host, else
  /// a reason it is not, phrased for the user.
  public static func validate(_ text: String) -> Result<String, Problem> {
    let trimmed = text.trimmedFast
    // Read byte by byte: imports check a URL on every row, and
    // URLComponents costs microseconds a call.
    let bytes = Array(trimmed.utf8)
    let schemeEnd: Int
    if hasPrefix(bytes, "https://") {
      schemeEnd = 8
    } else if hasPrefix(bytes, "http://") {
      schemeEnd = 7
    } else if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0,
      bytes[..<colon].allSatisfy({ isAlpha($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") })
    {
      return .failure(Problem("url '\(text)' must start with http:// or https://"))
    } else {
      return .failure(Problem("url '\(text)' is not a valid URL; expected https://host/…"))
    }
    if bytes.contains(where: { $0 <= 32 || $0 == 127 }) {
      return .failure(Problem("url '\(text)' holds spaces or control characters; encode them as %20"))
    }
    var authorityEnd = schemeEnd
    while authorityEnd < bytes.count, !"/?#".utf8.contains(bytes[authorityEnd]) { authorityEnd += 1 }
    var hostStart = schemeEnd
    if let at = bytes[schemeEnd..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) { hostStart = at + 1 }
    var hostEnd = authorityEnd
    if bytes[hostStart..<authorityEnd].first != UInt8(ascii: "["),
      let colon = bytes[hostStart..<authorityEnd].firstIndex(of: UInt8(ascii: ":"))
    {
      guard bytes[(colon + 1)..<authorityEnd].allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
        return .failure(Problem("url '\(text)' has a port that is not a number"))
      }
      hostEnd = colon
    }
    let host = bytes[hostStart..<hostEnd]
    let validHost =
      !host.isEmpty && host.first != UInt8(ascii: ".") && host.first != UInt8(ascii: "-")
      && host.allSatisfy { isAlpha($0) || ($0 >= 48 && $0 <= 57) || "-._[]:%".utf8.contains($0) || $0 >= 128 }
    guard validHost else {
      return .failure(Problem("url '\(text)' has no host; expected https://host/…"))
    }
    return .success(trimmed)
  }

  private static func hasPrefix(_ bytes: [UInt8], _ prefix: String) -> Bool {
    let prefix = Array(prefix.utf8)
    guard bytes.count >= prefix.count else { return false }
    for index in prefix.indices where bytes[index] | 0x20 != prefix[index] | 0x20 { return false }
    return true
  }

  private static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }

  /// FNV-1a of `duplicateKey(url)`, computed on the bytes without building
  /// the key: 8 bytes an entry let a million-row import remember every URL.
  public static func duplicateKeyHash(_ url: String) -> UInt64 {
    var bytes = Array(url.trimmedFast.utf8)[...]
    if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes[colon...].starts(with: "://".utf8) {
      bytes = bytes[(colon + 3)...]
    }
    if bytes.count >= 4, bytes.prefix(4).map({ $0 | 0x20 }) == Array("www.".utf8) { bytes = bytes.dropFirst(4) }
    while bytes.last == UInt8(ascii: "/") { bytes = bytes.dropLast() }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var inHost = true
    for byte in bytes {
      if byte == UInt8(ascii: "/") { inHost = false }
      let folded = inHost && byte >= 65 && byte <= 90 ? byte | 0x20 : byte
      hash ^= UInt64(folded)
      hash = hash &* 0x100_0000_01b3
    }
    return hash
  }

  /// The form two URLs are compared in to find likely duplicates: no scheme,
  /// no `www.`, no trailing `/`, host in lower case.
  public static func duplicateKey(_ url: String) -> String {
    var text = url.trimmedFast
    if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
    if let slash = text.firstIndex(of: "/") {
      text = text[..<slash].lowercased() + text[slash...]
    } else {
      text = text.lowercased()
    }
    if text.hasPrefix("www.") { text.removeFirst(4) }
    while text.hasSuffix("/") { text.removeLast() }
    return text
  }

  /// A message-carrying failure, so `Result` can hold it.
  public struct Problem: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
  }
}
