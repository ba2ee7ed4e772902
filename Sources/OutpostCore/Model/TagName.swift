import Foundation

/// Tag normalisation: trimmed, case-folded, diacritics folded, apostrophes
/// dropped and every run of spaces and punctuation turned into one `-`
/// (`Editor's Choice` → `editors-choice`, `Planning & Development` →
/// `planning-development`, `Café` → `cafe`). Letters and digits of any
/// script stay (`东京` stays `东京`), so a tag in Chinese is still a tag.
///
/// Everything a user types or a file holds goes through here (import, `add`,
/// `tag`, `untag`, `tags rename`, every `--tag` filter), and migration 0006
/// applied it to the tags already stored: two spellings of one tag can never
/// become two tags.
public enum TagName {
  /// The longest tag, in Unicode scalars: what the tag table's CHECK counts.
  public static let maximumLength = 100

  /// The normal form of a tag as typed or read, or nil when nothing is left.
  public static func normalize(_ text: String) -> String? {
    // A tag already in normal form, the usual case in files, is returned as
    // it is: imports normalise every tag of every row.
    if isNormal(text) { return text }
    return words(of: folded(text))
  }

  /// Whether `text` is its own normal form made of ASCII alone: runs of
  /// `a-z` and `0-9` joined by single `-`, 1 to 100 bytes. Anything else
  /// (upper case, punctuation, any non-ASCII letter) takes the full path.
  static func isNormal(_ text: String) -> Bool {
    let bytes = text.utf8
    guard bytes.count <= maximumLength, bytes.first != dash, bytes.last != dash, !bytes.isEmpty else { return false }
    var previous: UInt8 = 0
    for byte in bytes {
      if byte == dash {
        if previous == dash { return false }
      } else if !isLowerAlphanumeric(byte) {
        return false
      }
      previous = byte
    }
    return true
  }

  /// `text` lower-cased with its diacritics folded and its apostrophes
  /// dropped (`Editor's` → `editors`, not `editor-s`). ASCII text skips
  /// Foundation, whose folding is the slow part.
  static func folded(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      return String(
        decoding: text.utf8.compactMap { byte in
          byte == UInt8(ascii: "'") ? nil : (byte >= 65 && byte <= 90 ? byte + 32 : byte)
        }, as: UTF8.self)
    }
    // Foundation folds the accents of Latin, Greek and Cyrillic letters
    // (`é` → `e`, `ß` → `ss`) but leaves the marks that are part of a letter
    // in other scripts (kana's dakuten, Devanagari's vowel signs) alone.
    let folding = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    var scalars = String.UnicodeScalarView()
    for scalar in folding.unicodeScalars where !apostrophes.contains(scalar) {
      // Letters with a stroke have no decomposition to fold away.
      scalars.append(contentsOf: strokes[scalar].map { $0.unicodeScalars } ?? String(scalar).unicodeScalars)
    }
    return String(scalars)
  }

  /// The letters and digits of `text` in runs joined by `-`, cut at a whole
  /// character to the longest tag; nil when `text` holds none.
  static func words(of text: String) -> String? {
    var result = ""
    var length = 0
    var gap = false
    for character in text {
      guard character.isLetter || character.isNumber else {
        gap = !result.isEmpty
        continue
      }
      let added = character.unicodeScalars.count + (gap ? 1 : 0)
      if length + added > maximumLength { break }
      if gap { result.append("-") }
      result.append(character)
      length += added
      gap = false
    }
    return result.isEmpty ? nil : result
  }

  private static let dash = UInt8(ascii: "-")

  private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
  }

  /// `'`, `‘`, `’`, `ʼ` and the full-width `＇`: inside a word, not between two.
  private static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2018}", "\u{2019}", "\u{02BC}", "\u{FF07}"]

  private static let strokes: [Unicode.Scalar: String] = [
    "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i",
  ]
}
