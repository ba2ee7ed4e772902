/// How many terminal columns text takes: CJK and emoji take two, combining
/// marks none. Tables are cut by this, not by character count.
public enum TextWidth {
  /// The columns `text` takes on a terminal, erring wide rather than narrow.
  public static func of(_ text: String) -> Int {
    var total = 0
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
      // VS16 asks for the emoji form of a text symbol (❤️, ☀️), which
      // terminals draw two columns wide: count wide rather than overflow.
      if scalar.value == 0xFE0F, let previous, previous.properties.isEmoji, width(of: previous) == 1 {
        total += 1
      }
      total += width(of: scalar)
      previous = scalar
    }
    return total
  }

  static func width(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    if scalar.properties.isEmojiPresentation { return 2 }
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return 2
    default: return 1
    }
  }

  /// `text` on one line, cut to `width` columns with `…` when longer.
  public static func fit(_ text: String, _ width: Int) -> String {
    let flat = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
      .replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r", with: " ")
    if of(flat) <= width { return flat }
    guard width > 0 else { return "" }
    var result = ""
    var used = 0
    for character in flat {
      let w = of(String(character))
      if used + w > width - 1 { break }
      result.append(character)
      used += w
    }
    return result + "…"
  }

  /// `text` on one line, cut in the middle to `width` columns when longer:
  /// `bytedance-tik…-invest-around-20`. For ids whose ends tell them apart,
  /// where cutting the end would make several rows read the same.
  public static func fitMiddle(_ text: String, _ width: Int) -> String {
    let flat = fit(text, Int.max)
    if of(flat) <= width { return flat }
    guard width > 2 else { return fit(flat, width) }
    let characters = Array(flat)
    var head = ""
    var tail = ""
    var used = 1  // the …
    var front = 0
    var back = characters.count - 1
    // The head gets the extra column when the width is even: it reads first.
    while front <= back {
      let takeFront = of(head) <= of(tail)
      let character = takeFront ? characters[front] : characters[back]
      let w = of(String(character))
      if used + w > width { break }
      used += w
      if takeFront {
        head.append(character)
        front += 1
      } else {
        tail.insert(character, at: tail.startIndex)
        back -= 1
      }
    }
    return head + "…" + tail
  }

  /// `text` padded with spaces to `width` columns.
  public static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - of(text)))
  }
}
