/// The one UTF-8 validator of the readers: RFC 3629, so no overlong forms,
/// no surrogates and nothing past U+10FFFF, as `String(validating:)` wants.
enum UTF8Validation {
  /// The length of the sequence whose first byte is `base[p]`: 1 to 4 when
  /// it is well formed, 0 when it is not, and -1 when `end` cuts short a
  /// sequence that is well formed so far (more input may complete it).
  @inline(__always)
  static func sequenceLength(_ base: UnsafePointer<UInt8>, at p: Int, end: Int) -> Int {
    let lead = base[p]
    if lead < 0x80 { return 1 }
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    let length: Int
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      low = 0xA0
    case 0xE1...0xEC, 0xEE, 0xEF: length = 3
    case 0xED:
      length = 3
      high = 0x9F
    case 0xF0:
      length = 4
      low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      high = 0x8F
    default: return 0
    }
    if p + length > end {
      // Check what there is, so a bad sequence at the end is still caught.
      if p + 1 < end, base[p + 1] < low || base[p + 1] > high { return 0 }
      if p + 2 < end, base[p + 2] & 0xC0 != 0x80 { return 0 }
      return -1
    }
    guard base[p + 1] >= low, base[p + 1] <= high else { return 0 }
    if length > 2, base[p + 2] & 0xC0 != 0x80 { return 0 }
    if length > 3, base[p + 3] & 0xC0 != 0x80 { return 0 }
    return length
  }

  /// The offset of the first byte of `bytes` that does not start a
  /// well-formed sequence, or nil when they are all UTF-8.
  static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer -> Int? in
      guard let base = buffer.baseAddress else { return nil }
      var p = 0
      while p < buffer.count {
        let length = sequenceLength(base, at: p, end: buffer.count)
        guard length > 0 else { return p }
        p += length
      }
      return nil
    }
  }
}
