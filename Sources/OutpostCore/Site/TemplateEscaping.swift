import Mustache

/// Mustache's HTML escaping done on bytes, with the same output.
///
/// swift-mustache escapes each `{{value}}` a `Character` at a time, looking
/// each up in a dictionary: a tenth of a build's time went there. Its
/// escaping is chosen by a pragma, so every template is registered with
/// `pragma` on its first line, which names this one.
struct TemplateEscaping: MustacheContentType {
  static let name = "OUTPOST_HTML"
  /// A line of its own, so the parser drops it whole, newline and all:
  /// it adds one line above the template's first.
  static let pragma = "{{% CONTENT_TYPE: \(name)}}\n"

  /// Makes `pragma` known to the parser; safe to call more than once.
  static func register() {
    MustacheContentTypes.register(TemplateEscaping(), named: name)
  }

  func escapeText(_ text: String) -> String { Self.escape(text) }

  /// `text` with `&<>"'` escaped as swift-mustache escapes them.
  ///
  /// It escapes only a `Character` that is one of the five alone: one of
  /// them joined to a neighbour in one grapheme cluster (a combining mark
  /// after it, a prepended mark before it) is left as it is. Two ASCII
  /// characters are never one cluster, but CR LF, so such a join takes a
  /// non-ASCII byte beside the character; then the text is escaped as
  /// swift-mustache does, a `Character` at a time.
  static func escape(_ text: String) -> String {
    let original = text
    var text = text
    // nil when a character to escape stands beside a non-ASCII one.
    let result = text.withUTF8 { bytes -> String? in
      var extra = 0
      for index in bytes.indices {
        let growth = Self.growth(bytes[index])
        guard growth > 0 else { continue }
        let before = index > 0 ? bytes[index - 1] : 0
        let after = index + 1 < bytes.count ? bytes[index + 1] : 0
        guard before < 0x80, after < 0x80 else { return nil }
        extra += growth
      }
      guard extra > 0 else { return original }
      return String(unsafeUninitializedCapacity: bytes.count + extra) { out in
        var at = 0
        for byte in bytes {
          let replacement: StaticString
          switch byte {
          case UInt8(ascii: "&"): replacement = "&amp;"
          case UInt8(ascii: "<"): replacement = "&lt;"
          case UInt8(ascii: ">"): replacement = "&gt;"
          case UInt8(ascii: "\""): replacement = "&quot;"
          case UInt8(ascii: "'"): replacement = "&#39;"
          default:
            out[at] = byte
            at += 1
            continue
          }
          replacement.withUTF8Buffer { piece in
            for byte in piece {
              out[at] = byte
              at += 1
            }
          }
        }
        return at
      }
    }
    return result ?? escapeByCharacter(original)
  }

  /// How many bytes escaping `byte` adds; 0 for a byte left as it is.
  private static func growth(_ byte: UInt8) -> Int {
    switch byte {
    case UInt8(ascii: "&"), UInt8(ascii: "'"): 4
    case UInt8(ascii: "<"), UInt8(ascii: ">"): 3
    case UInt8(ascii: "\""): 5
    default: 0
    }
  }

  /// swift-mustache's own escaping, for text where a character to escape
  /// stands beside a non-ASCII one. Its `String.htmlEscape` and
  /// `HTMLContentType` are internal to the package, so the same loop is
  /// written here; `SiteTemplateEscapingTests` holds the two to one output.
  static func escapeByCharacter(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}
