import Foundation

/// Tag normalisation: trimmed, case-folded, inner whitespace to `-`.
public enum TagName {
  /// The normal form of a tag as typed or read, or nil when nothing is left.
  /// `;` and `,` separate tags in files, so they cannot occur inside one.
  public static func normalize(_ text: String) -> String? {
    let words = text.lowercased()
      .split(whereSeparator: { $0.isWhitespace || $0 == ";" || $0 == "," })
    guard !words.isEmpty else { return nil }
    let joined = words.joined(separator: "-")
    return String(joined.prefix(100))
  }
}
