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

  /// FNV-1a of `duplicateKey(url)`: 8 bytes an entry let a million-row
  /// import remember every URL.
  public static func duplicateKeyHash(_ url: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in duplicateKeyBytes(url) {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return hash
  }

  /// The form two URLs are compared in to find likely duplicates: no scheme,
  /// no `www.`, no trailing `/`, host in lower case (ASCII letters, as
  /// SQLite's `lower` folds them for the index of migration 0005).
  public static func duplicateKey(_ url: String) -> String {
    String(decoding: duplicateKeyBytes(url), as: UTF8.self)
  }

  /// `duplicateKey` as bytes, the one place its rule is written. Read byte by
  /// byte: imports compute it on every row.
  static func duplicateKeyBytes(_ url: String) -> ArraySlice<UInt8> {
    var bytes = Array(url.trimmedFast.utf8)[...]
    if let start = firstSchemeSeparator(bytes) { bytes = bytes[(start + 3)...] }
    var key = [UInt8]()
    key.reserveCapacity(bytes.count)
    var inHost = true
    for byte in bytes {
      if byte == UInt8(ascii: "/") { inHost = false }
      key.append(inHost && byte >= 65 && byte <= 90 ? byte | 0x20 : byte)
    }
    var result = key[...]
    if result.starts(with: "www.".utf8) { result = result.dropFirst(4) }
    while result.last == UInt8(ascii: "/") { result = result.dropLast() }
    return result
  }

  /// Where the first `://` starts.
  private static func firstSchemeSeparator(_ bytes: ArraySlice<UInt8>) -> Int? {
    var index = bytes.startIndex
    while index + 2 < bytes.endIndex {
      if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/")
      {
        return index
      }
      index += 1
    }
    return nil
  }

  /// A message-carrying failure, so `Result` can hold it.
  public struct Problem: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
  }
}
