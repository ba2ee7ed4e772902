/// Writes JSON text by hand: fixed key order, `null` for absent values, and
/// the same bytes on every run, which the lossless round trip depends on.
/// Foundation's encoder orders keys and escapes `/` in ways we cannot pin down.
enum JSONText {
  /// Appends `text` as a JSON string literal, UTF-8 kept as is.
  static func appendString(_ text: String, to out: inout [UInt8]) {
    var text = text
    // Copies runs of plain bytes in one go: exports spend most of their time here.
    text.withUTF8 { bytes in
      out.append(UInt8(ascii: "\""))
      var runStart = 0
      for index in 0..<bytes.count {
        let byte = bytes[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
        if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
        runStart = index + 1
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
        case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
        default:
          let hex = Array("0123456789abcdef".utf8)
          out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
        }
      }
      if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
      out.append(UInt8(ascii: "\""))
    }
  }

  static func appendOptional(_ text: String?, to out: inout [UInt8]) {
    if let text { appendString(text, to: &out) } else { out.append(contentsOf: "null".utf8) }
  }

  static func appendList(_ items: [String], to out: inout [UInt8]) {
    out.append(UInt8(ascii: "["))
    for (index, item) in items.enumerated() {
      if index > 0 { out.append(contentsOf: [44, 32]) }
      appendString(item, to: &out)
    }
    out.append(UInt8(ascii: "]"))
  }

  /// One source as a one-line object.
  static func appendSource(_ source: Source, to out: inout [UInt8]) {
    out.append(contentsOf: "{\"n\": \(source.n), \"title\": ".utf8)
    appendString(source.title, to: &out)
    out.append(contentsOf: ", \"publisher\": ".utf8)
    appendOptional(source.publisher, to: &out)
    out.append(contentsOf: ", \"url\": ".utf8)
    appendOptional(source.url, to: &out)
    out.append(contentsOf: ", \"published_at\": ".utf8)
    appendOptional(source.publishedAt, to: &out)
    out.append(contentsOf: ", \"excerpt\": ".utf8)
    appendOptional(source.excerpt, to: &out)
    out.append(UInt8(ascii: "}"))
  }

  /// Sources inline, or in the pretty form one a line, indented under the entry.
  static func appendSources(_ sources: [Source], pretty: Bool = false, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "["))
    for (index, source) in sources.enumerated() {
      if index > 0 { out.append(44) }
      out.append(contentsOf: pretty ? Array("\n      ".utf8) : (index > 0 ? [32] : []))
      appendSource(source, to: &out)
    }
    if pretty, !sources.isEmpty { out.append(contentsOf: "\n    ".utf8) }
    out.append(UInt8(ascii: "]"))
  }

  /// One entry as an object: on one line for NDJSON, or indented by two
  /// spaces a field for the JSON array.
  static func appendEntry(_ entry: Entry, pretty: Bool, to out: inout [UInt8]) {
    let keys = pretty ? prettyKeys : compactKeys
    out.append(contentsOf: keys[0])
    appendString(entry.kind.rawValue, to: &out)
    out.append(contentsOf: keys[1])
    appendString(entry.slug, to: &out)
    out.append(contentsOf: keys[2])
    appendString(entry.title, to: &out)
    out.append(contentsOf: keys[3])
    appendOptional(entry.url, to: &out)
    out.append(contentsOf: keys[4])
    appendOptional(entry.summary, to: &out)
    out.append(contentsOf: keys[5])
    appendOptional(entry.description, to: &out)
    out.append(contentsOf: keys[6])
    appendOptional(entry.pricing?.rawValue, to: &out)
    out.append(contentsOf: keys[7])
    appendOptional(entry.publishedAt, to: &out)
    out.append(contentsOf: keys[8])
    appendList(entry.audiences, to: &out)
    out.append(contentsOf: keys[9])
    appendList(entry.tags, to: &out)
    out.append(contentsOf: keys[10])
    appendList(entry.related, to: &out)
    out.append(contentsOf: keys[11])
    appendSources(entry.sources, pretty: pretty, to: &out)
    out.append(contentsOf: keys[12])
    if let count = entry.sourceCount {
      out.append(contentsOf: String(count).utf8)
    } else {
      out.append(contentsOf: "null".utf8)
    }
    out.append(contentsOf: keys[13])
    appendOptional(entry.addedAt, to: &out)
    out.append(contentsOf: keys[14])
    appendOptional(entry.updatedAt, to: &out)
    out.append(contentsOf: keys[15])
  }

  /// What comes before each field's value, and the closing bytes last, made
  /// once: `  {\n    "kind": `, `,\n    "slug": `, …
  private static let prettyKeys = keyBytes(open: "  {\n    ", separator: ",\n    ", close: "\n  }")
  private static let compactKeys = keyBytes(open: "{", separator: ", ", close: "}")

  private static func keyBytes(open: String, separator: String, close: String) -> [[UInt8]] {
    Entry.fieldNames.enumerated().map { index, name in
      Array(((index == 0 ? open : separator) + "\"\(name)\": ").utf8)
    } + [Array(close.utf8)]
  }

}
