// The bytes CSV is made of, by name, for the CSV reader's loops.
let lf = UInt8(ascii: "\n")
let cr = UInt8(ascii: "\r")
let quote = UInt8(ascii: "\"")

/// Byte classes in the lookup tables that drive the inner loops.
enum CSVByteClass {
  static let plain: UInt8 = 0
  static let fieldEnd: UInt8 = 1  // delimiter, CR or LF in an unquoted field
  static let nul: UInt8 = 2
  static let nonASCII: UInt8 = 3
  static let lineFeed: UInt8 = 4  // in a quoted field
  static let carriageReturn: UInt8 = 5  // in a quoted field
  static let quote: UInt8 = 6  // in a quoted field
}

/// The byte-class tables that drive the inner loops, one for unquoted and
/// one for quoted fields; a class so the loops read them through a pointer.
final class CSVByteTable {
  let unquoted: UnsafeMutablePointer<UInt8>
  let quoted: UnsafeMutablePointer<UInt8>

  init() {
    unquoted = .allocate(capacity: 512)
    quoted = unquoted + 256
    setDelimiter(UInt8(ascii: ","))
  }

  deinit { unquoted.deallocate() }

  func setDelimiter(_ delimiter: UInt8) {
    for byte in 0..<256 {
      let kind: UInt8 = byte == 0 ? CSVByteClass.nul : byte >= 0x80 ? CSVByteClass.nonASCII : CSVByteClass.plain
      unquoted[byte] = kind
      quoted[byte] = kind
    }
    unquoted[Int(delimiter)] = CSVByteClass.fieldEnd
    unquoted[Int(lf)] = CSVByteClass.fieldEnd
    unquoted[Int(cr)] = CSVByteClass.fieldEnd
    quoted[Int(lf)] = CSVByteClass.lineFeed
    quoted[Int(cr)] = CSVByteClass.carriageReturn
    quoted[Int(quote)] = CSVByteClass.quote
  }
}
