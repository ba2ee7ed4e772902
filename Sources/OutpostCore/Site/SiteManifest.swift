import Foundation

/// The record a build leaves in `DIR/.outpost-site/manifest`: every file it
/// wrote with the hash of its content and of the inputs it was rendered
/// from, each entry's fingerprint, and the search index's term chunks.
///
/// The next build renders only pages whose inputs changed, writes only
/// those whose content changed, and removes only files listed here: a file
/// the manifest does not name is never touched.
struct SiteManifest: Equatable {
  struct Page: Equatable {
    var contentHash: ContentHash
    var inputs: UInt64
  }

  /// The first 16 bytes of a file's SHA-256, kept as two numbers rather
  /// than as text: a large site's manifest holds one per file, read and
  /// compared on every build. Written as 32 hexadecimal digits.
  struct ContentHash: Equatable {
    var high: UInt64
    var low: UInt64

    /// A file whose content is not known (one a stopped build may have
    /// left half written): written again whatever its inputs.
    static let unknown = ContentHash(high: 0, low: 0)
    var isUnknown: Bool { self == .unknown }

    /// 32 hexadecimal digits; empty when unknown.
    var hex: String { isUnknown ? "" : StableHash.hex(high) + StableHash.hex(low) }

    /// Reads `hex`: 32 digits, or none for an unknown hash.
    init?<Digits: Collection<UInt8>>(hex: Digits) {
      if hex.isEmpty {
        self = .unknown
        return
      }
      guard hex.count == 32, let high = SiteManifest.number(hex.prefix(16)),
        let low = SiteManifest.number(hex.dropFirst(16))
      else { return nil }
      (self.high, self.low) = (high, low)
    }

    init(high: UInt64, low: UInt64) { (self.high, self.low) = (high, low) }
  }

  struct TermChunk: Equatable {
    /// The first term the chunk holds; it holds every term up to the next
    /// chunk's first.
    var firstTerm: String
    /// A hash of the terms' document and instance counts.
    var stats: UInt64
  }

  static let header = "outpost-site-manifest 1"

  /// Up to 16 hexadecimal digits as a number, read without making a
  /// string of them: a large site's manifest has hundreds of thousands.
  static func number<Digits: Collection<UInt8>>(_ digits: Digits) -> UInt64? {
    guard !digits.isEmpty, digits.count <= 16 else { return nil }
    var value: UInt64 = 0
    for digit in digits {
      let nibble: UInt8
      switch digit {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt64(nibble)
    }
    return value
  }

  var pages: [String: Page] = [:]
  var entries: [Int64: UInt64] = [:]
  var termChunks: [TermChunk] = []
  /// What the term chunks were built from: the tokenizer and the filters.
  var searchInputs: UInt64 = 0
  /// The order `pages` were recorded in, when each was recorded once: the
  /// build's order, the same from one build to the next. The lines are
  /// written in it rather than sorted: sorting a large site's 111 000 paths
  /// took a twentieth of a rebuild after one edit.
  var order: [String] = []

  /// Records `page` at `path`, in `order` the first time.
  mutating func add(_ path: String, _ page: Page) {
    if pages.updateValue(page, forKey: path) == nil { order.append(path) }
  }

  /// Equal when they record the same files, entries and chunks, in whatever order.
  static func == (left: SiteManifest, right: SiteManifest) -> Bool {
    left.pages == right.pages && left.entries == right.entries && left.termChunks == right.termChunks
      && left.searchInputs == right.searchInputs
  }

  init() {}

  /// Reads `text`; nil when it is not a manifest this version writes.
  init?(text: [UInt8]) {
    // Line by line, not split into an array of lines first: a large site's
    // manifest has two hundred thousand, and the tables are made their size
    // at once rather than grown (and copied) as they fill.
    let newline = UInt8(ascii: "\n")
    var counts = (pages: 0, entries: 0)
    var start = text.startIndex
    func nextLine() -> ArraySlice<UInt8>? {
      while start < text.endIndex {
        let end = text[start...].firstIndex(of: newline) ?? text.endIndex
        defer { start = end + 1 }
        if end > start { return text[start..<end] }
      }
      return nil
    }
    guard let first = nextLine(), String(decoding: first, as: UTF8.self) == Self.header else { return nil }
    let body = start
    while let line = nextLine() {
      if line.first == UInt8(ascii: "p") {
        counts.pages += 1
      } else if line.first == UInt8(ascii: "e") {
        counts.entries += 1
      }
    }
    pages.reserveCapacity(counts.pages)
    entries.reserveCapacity(counts.entries)
    start = body
    while let line = nextLine() {
      let fields = line.split(separator: 9, omittingEmptySubsequences: false)
      guard let kind = fields.first?.first else { return nil }
      switch (kind, fields.count) {
      case (UInt8(ascii: "p"), 4):
        guard let inputs = Self.number(fields[3]),
          let contentHash = ContentHash(hex: fields[2])
        else { return nil }
        pages[String(decoding: fields[1], as: UTF8.self)] = Page(contentHash: contentHash, inputs: inputs)
      case (UInt8(ascii: "e"), 3):
        guard let id = Int64(String(decoding: fields[1], as: UTF8.self)),
          let fingerprint = Self.number(fields[2])
        else { return nil }
        entries[id] = fingerprint
      case (UInt8(ascii: "s"), 2):
        guard let inputs = Self.number(fields[1]) else { return nil }
        searchInputs = inputs
      case (UInt8(ascii: "c"), 3):
        guard let stats = Self.number(fields[2]) else { return nil }
        termChunks.append(TermChunk(firstTerm: Self.unescape(String(decoding: fields[1], as: UTF8.self)), stats: stats))
      default:
        return nil
      }
    }
  }

  /// The manifest as text: pages in `order`, or sorted when it does not
  /// name each page once; entries by id.
  func text() -> [UInt8] {
    var out: [UInt8] = []
    write { out += $0 }
    return out
  }

  /// The manifest as text, handed to `body` a piece at a time, so that a
  /// large site's manifest is never held whole beside the site.
  func write(_ body: ([UInt8]) throws -> Void) rethrows {
    var out = Array((Self.header + "\n").utf8)
    out.reserveCapacity(Self.pieceSize + 256)
    func flushIfFull() throws {
      guard out.count >= Self.pieceSize else { return }
      try body(out)
      out.removeAll(keepingCapacity: true)
    }
    // Lines are put together byte by byte: a large site's manifest has
    // two hundred thousand, written on every build that changed a page.
    let tab = UInt8(ascii: "\t")
    let newline = UInt8(ascii: "\n")
    let paths = order.count == pages.count ? order : pages.keys.sorted()
    for path in paths {
      guard let page = pages[path] else { continue }
      out += [UInt8(ascii: "p"), tab]
      out += path.utf8
      out.append(tab)
      if !page.contentHash.isUnknown {
        Self.appendHex(page.contentHash.high, to: &out)
        Self.appendHex(page.contentHash.low, to: &out)
      }
      out.append(tab)
      Self.appendHex(page.inputs, to: &out)
      out.append(newline)
      try flushIfFull()
    }
    for id in entries.keys.sorted() {
      out += [UInt8(ascii: "e"), tab]
      out += String(id).utf8
      out.append(tab)
      Self.appendHex(entries[id]!, to: &out)
      out.append(newline)
      try flushIfFull()
    }
    out += "s\t\(StableHash.hex(searchInputs))\n".utf8
    for chunk in termChunks {
      out += "c\t\(Self.escape(chunk.firstTerm))\t\(StableHash.hex(chunk.stats))\n".utf8
      try flushIfFull()
    }
    try body(out)
  }

  private static let pieceSize = 1 << 16
  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// `value` as `StableHash.hex` writes it: sixteen lowercase digits.
  static func appendHex(_ value: UInt64, to out: inout [UInt8]) {
    for shift in stride(from: 60, through: 0, by: -4) {
      out.append(hexDigits[Int(truncatingIfNeeded: value >> UInt64(shift)) & 15])
    }
  }

  /// Terms are letters and digits, but a tokenizer may be told otherwise:
  /// tab, newline and backslash are escaped so a line stays a line.
  static func escape(_ text: String) -> String {
    guard text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" || $0 == "\r" }) else { return text }
    return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
      .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
  }

  static func unescape(_ text: String) -> String {
    guard text.contains("\\") else { return text }
    var out = ""
    var escaped = false
    for character in text {
      if escaped {
        out.append(character == "t" ? "\t" : character == "n" ? "\n" : character == "r" ? "\r" : character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        out.append(character)
      }
    }
    return out
  }
}
