import Foundation

@testable import OutpostCore

// What ReaderFuzzTests works with: its random source, the valid inputs it
// mutates, the cases it makes, and the line structure a problem's location
// is checked against.

/// SplitMix64: small, fast and the same on every platform, so a case is
/// replayed from its seed alone.
struct FuzzRandom: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The seed of case `index` of a campaign seeded with `seed`.
  static func caseSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
    var mixer = FuzzRandom(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
    return mixer.next()
  }

  mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
  mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

  /// A length spread evenly over orders of magnitude, 0 through `max`.
  mutating func length(upTo max: Int) -> Int {
    let scale = Double.random(in: 0...log(Double(max + 1)), using: &self)
    return min(max, Int(exp(scale)) - 1 + below(2))
  }
}

/// A valid input the mutations start from.
struct FuzzSeedInput {
  var name: String
  /// What it is read as when it is itself valid.
  var format: ImportFormat
  var bytes: [UInt8]
  /// Byte offsets where records (CSV rows, NDJSON lines, Markdown lines)
  /// end, so a window of whole records stays valid; empty for the page.
  var recordEnds: [Int]
}

/// One generated input.
struct FuzzCase {
  var index: Int
  var seed: UInt64
  var bytes: [UInt8]
  /// The format the input came from, or nil for noise.
  var origin: ImportFormat?
  /// How it was made: "mutated csv-seed: flip@120, insert '\"'@7".
  var recipe: String
}

/// Line and column limits of an input, under each way of counting lines.
struct LineShape {
  /// Byte lengths of the lines when CR, LF and CRLF each end one (CSV, page, awesome).
  var universalLines: [Int]
  /// Where each of those lines starts.
  var universalStarts: [Int] = [0]
  /// Where each line starts when only LF ends one.
  var lineFeedStarts: [Int] = [0]
  /// Byte lengths of the lines when only LF ends one (JSON, NDJSON, the
  /// whole-text checks); a CR is part of its line.
  var lineFeedLines: [Int]

  /// Byte lengths of the lines of `bytes` under both conventions.
  init(_ bytes: [UInt8]) {
    var universal: [Int] = []
    var feeds: [Int] = []
    var start = 0
    var feedStart = 0
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b == 0x0A {
        universal.append(i - start)
        feeds.append(i - feedStart)
        start = i + 1
        feedStart = i + 1
        universalStarts.append(start)
        lineFeedStarts.append(feedStart)
      } else if b == 0x0D {
        universal.append(i - start)
        if i + 1 < bytes.count, bytes[i + 1] == 0x0A {
          feeds.append(i + 1 - feedStart)  // the CR is on the line, as JSON whitespace
          feedStart = i + 2
          lineFeedStarts.append(feedStart)
          i += 1
        }
        start = i + 1
        universalStarts.append(start)
      }
      i += 1
    }
    universal.append(bytes.count - start)
    feeds.append(bytes.count - feedStart)
    universalLines = universal
    lineFeedLines = feeds
  }

  /// The byte offset of 1-based `line` and `column`, columns counting
  /// Unicode scalars (a UTF-8 BOM at the start takes none); nil when the
  /// line is not well-formed UTF-8 up to there, or too short.
  static func offset(
    line: Int, column: Int, in bytes: [UInt8], starts: [Int], lengths: [Int], skipsBOM: Bool = true
  ) -> Int? {
    guard line >= 1, line <= starts.count, column >= 1 else { return nil }
    var p = starts[line - 1]
    let end = p + lengths[line - 1]
    if p == 0, skipsBOM, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p = 3 }
    for _ in 1..<column {
      guard p < end else { return nil }
      let lead = bytes[p]
      let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
      guard length > 0, p + length <= end,
        String(validating: bytes[p..<(p + length)], as: UTF8.self) != nil
      else { return nil }
      p += length
    }
    return p < bytes.count ? p : nil
  }

  /// The offset of the first byte that is not well-formed UTF-8, if any.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded): offset += encoded.count
      case .error: return offset
      case .emptyInput: return nil
      }
    }
  }

  /// The longest line in bytes, whichever way lines are counted.
  var longestLine: Int { max(universalLines.max() ?? 0, lineFeedLines.max() ?? 0) }
}
