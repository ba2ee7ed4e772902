/// A 64-bit FNV-1a hash that is the same in every process, unlike Swift's
/// `Hasher`: the site's manifest keeps these from one build to the next to
/// tell which pages' inputs changed without rendering them.
struct StableHash {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  init() {}

  mutating func add(bytes: UnsafeRawBufferPointer) {
    var h = value
    for byte in bytes {
      h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    value = h
  }

  mutating func add(bytes: [UInt8]) {
    bytes.withUnsafeBytes { add(bytes: $0) }
  }

  mutating func add(_ text: String) {
    var text = text
    text.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
    add(separator: 0xff)
  }

  mutating func add(_ text: String?) {
    if let text { add(text) } else { add(separator: 0xfe) }
  }

  mutating func add(_ number: UInt64) {
    withUnsafeBytes(of: number.littleEndian) { add(bytes: $0) }
  }

  mutating func add(_ number: Int) { add(UInt64(bitPattern: Int64(number))) }

  /// A byte that no UTF-8 text holds, so "ab" + "c" and "a" + "bc" differ.
  mutating func add(separator: UInt8) {
    value = (value ^ UInt64(separator)) &* 0x0000_0100_0000_01b3
  }

  /// `value` spread over all 64 bits, so that sums of hashes (which are
  /// order-free, for sets of tags) stay distinct.
  static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }

  static func of(_ parts: String...) -> UInt64 {
    var hash = StableHash()
    for part in parts { hash.add(part) }
    return hash.value
  }

  /// Sixteen hexadecimal digits.
  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
