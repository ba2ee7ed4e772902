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
    let open: [UInt8] = pretty ? Array("  {\n    ".utf8) : [UInt8(ascii: "{")]
    let separator: [UInt8] = pretty ? Array(",\n    ".utf8) : [44, 32]
    let close: [UInt8] = pretty ? Array("\n  }".utf8) : [UInt8(ascii: "}")]
    out.append(contentsOf: open)
    func key(_ name: String, first: Bool = false) {
      if !first { out.append(contentsOf: separator) }
      out.append(UInt8(ascii: "\""))
      out.append(contentsOf: name.utf8)
      out.append(contentsOf: [34, 58, 32])
    }
    key("kind", first: true)
    appendString(entry.kind.rawValue, to: &out)
    key("slug")
    appendString(entry.slug, to: &out)
    key("title")
    appendString(entry.title, to: &out)
    key("url")
    appendOptional(entry.url, to: &out)
    key("summary")
    appendOptional(entry.summary, to: &out)
    key("description")
    appendOptional(entry.description, to: &out)
    key("pricing")
    appendOptional(entry.pricing?.rawValue, to: &out)
    key("published_at")
    appendOptional(entry.publishedAt, to: &out)
    key("audiences")
    appendList(entry.audiences, to: &out)
    key("tags")
    appendList(entry.tags, to: &out)
    key("related")
    appendList(entry.related, to: &out)
    key("sources")
    appendSources(entry.sources, pretty: pretty, to: &out)
    key("source_count")
    if let count = entry.sourceCount { out.append(contentsOf: String(count).utf8) } else {
      out.append(contentsOf: "null".utf8)
    }
    key("added_at")
    appendOptional(entry.addedAt, to: &out)
    key("updated_at")
    appendOptional(entry.updatedAt, to: &out)
    out.append(contentsOf: close)
  }
}
