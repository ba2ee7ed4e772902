import SystemPackage

/// The faults an input can have whatever its format, each worded once, so a
/// CSV file and a JSON file with the same broken byte read the same.
enum InputFault {
  /// A byte-order mark says UTF-16 or UTF-32.
  case utf16, utf32
  /// A byte that does not begin a well-formed UTF-8 sequence (RFC 3629).
  case invalidUTF8(UInt8)
  /// The same in a file read whole as text (a story page, an awesome list),
  /// worded as those formats always have been, which tests and users know.
  case notUTF8Text
  /// A NUL byte, which no text file holds; in a JSON string, `inString`.
  /// JSON's messages all start in lower case, so there it takes an article:
  /// "a NUL byte in the file; …", the same words.
  case nul(inString: Bool = false, article: Bool = false)
  /// read(2) failed.
  case unreadable(any Error)

  var message: String {
    switch self {
    case .utf16: "the file is UTF-16 text; save it as UTF-8"
    case .utf32: "the file is UTF-32 text; save it as UTF-8"
    case .invalidUTF8(let byte): "invalid UTF-8 byte \(Self.hex(byte)); save the file as UTF-8"
    case .notUTF8Text: "the file is not valid UTF-8; save it as UTF-8"
    case .nul(let inString, let article):
      "\(article ? "a " : "")NUL byte in \(inString ? "a string" : "the file"); is it a binary file?"
    case .unreadable(let error):
      "cannot read the file: \(((error as? Errno)?.description ?? "\(error)").lowercased())"
    }
  }

  func problem(at location: SourceLocation) -> InputProblem { InputProblem(location, message) }

  /// `0x0A`: two upper-case hex digits, as the messages name bytes.
  static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count < 2 ? "0" + digits : digits)
  }
}
