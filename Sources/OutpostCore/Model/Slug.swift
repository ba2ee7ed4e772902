import Foundation

/// Slugs: the stable, URL-safe ids of entries.
public enum Slug {
  /// The longest slug derived from a title; longer titles are cut at a word.
  public static let derivedLimit = 60

  /// Derives a slug from a title: diacritics folded (`Café AI` → `cafe-ai`),
  /// letters such as `Æ`, `Ø`, `Ł` and `ß` spelled in ASCII, other scripts
  /// transliterated to Latin where the system knows how, and anything left
  /// over dropped. A title with nothing usable gets a stable slug made from a
  /// hash of its text, so the same title always maps the same.
  public static func derive(from title: String) -> String {
    // Folding diacritics alone leaves Æ, Ø, Ł as non-ASCII letters, which
    // would vanish ("Ørsted" → "rsted"); ICU's Latin-ASCII spells them out.
    let latin =
      title.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false)
      ?? title.applyingTransform(.toLatin, reverse: false) ?? title
    let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
    var words: [String] = []
    var current = ""
    for scalar in folded.unicodeScalars {
      if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
        current.unicodeScalars.append(scalar)
      } else if scalar == "'" || scalar == "\u{2019}" {
        continue  // "Don't" → "dont", not "don-t"
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    if !current.isEmpty { words.append(current) }
    var slug = ""
    for word in words {
      let candidate = slug.isEmpty ? word : slug + "-" + word
      if candidate.count > derivedLimit {
        if slug.isEmpty { slug = String(word.prefix(derivedLimit)) }
        break
      }
      slug = candidate
    }
    if slug.isEmpty { return "entry-" + stableHash(title) }
    return slug.lowercased()
  }

  /// Why `text` is not a valid slug, or nil when it is one.
  public static func problem(with text: String) -> String? {
    // Byte by byte: imports check a slug on every row, and `contains("--")`
    // goes through Foundation.
    let bytes = text.utf8
    if bytes.isEmpty { return "a slug cannot be empty" }
    if bytes.count > 200, text.count > 200 { return "slug is longer than 200 characters" }
    let dash = UInt8(ascii: "-")
    if bytes.contains(where: { !(($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == dash) }) {
      return "slug '\(text)' may hold only lower-case letters a-z, digits and '-'"
    }
    if bytes.first == dash || bytes.last == dash
      || zip(bytes, bytes.dropFirst()).contains(where: { $0 == dash && $1 == dash })
    {
      return "slug '\(text)' cannot start or end with '-' or hold '--'"
    }
    return nil
  }

  /// The first of `base`, `base-2`, `base-3`, … for which `isTaken` is false.
  public static func unique(_ base: String, isTaken: (String) throws -> Bool) rethrows -> String {
    if try !isTaken(base) { return base }
    var n = 2
    while try isTaken("\(base)-\(n)") { n += 1 }
    return "\(base)-\(n)"
  }

  /// 8 hex digits of FNV-1a over the UTF-8 bytes: stable across runs and
  /// machines, unlike Swift's seeded `hashValue`.
  static func stableHash(_ text: String) -> String {
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }
}
