import Foundation

/// Tag normalisation: trimmed, case-folded, inner whitespace to `-`.
public enum TagName {
  /// The normal form of a tag as typed or read, or nil when nothing is left.
  /// `;` and `,` separate tags in files, so they cannot occur inside one.
  public static func normalize(_ text: String) -> String? {
    // A tag already in normal form, the usual case in files, is returned as
    // it is: splitting on `isWhitespace` looks every character up in
    // Unicode's tables, and imports normalise every tag of every row.
    if isNormal(text) { return text }
    let words = text.lowercased()
      .split(whereSeparator: { $0.isWhitespace || $0 == ";" || $0 == "," })
    guard !words.isEmpty else { return nil }
    let joined = words.joined(separator: "-")
    return String(joined.prefix(100))
  }

  /// Whether `text` is its own normal form: 1 to 100 bytes of lower-case
  /// ASCII letters, digits and punctuation other than `;` and `,`, not
  /// starting or ending with `-`. Anything else takes the full path.
  static func isNormal(_ text: String) -> Bool {
    let bytes = text.utf8
    guard let first = bytes.first, let last = bytes.last, bytes.count <= 100,
      first != UInt8(ascii: "-"), last != UInt8(ascii: "-")
    else { return false }
    return bytes.allSatisfy { byte in
      byte > 32 && byte < 127 && !(byte >= 65 && byte <= 90) && byte != UInt8(ascii: ";") && byte != UInt8(ascii: ",")
    }
  }
}
