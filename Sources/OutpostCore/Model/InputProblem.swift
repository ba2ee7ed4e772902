/// Where in a user's file a problem is: `tools.csv:14:3`, or for JSON
/// `tools.json: [3].pricing`.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var column: Int?
  /// For JSON input: the entry's index and field, printed as `[3].pricing`.
  public var path: String?

  public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.path = path
  }

  public var description: String {
    if let path { return "\(file): \(path)" }
    guard let line else { return file }
    guard let column else { return "\(file):\(line)" }
    return "\(file):\(line):\(column)"
  }
}

/// A problem in a user-supplied file, located for the user.
public struct InputProblem: Error, Equatable, Sendable, CustomStringConvertible {
  public var location: SourceLocation
  /// Lower-case, says how to fix it: "pricing 'sometimes' is not one of free, freemium, …".
  public var message: String

  public init(_ location: SourceLocation, _ message: String) {
    self.location = location
    self.message = message
  }

  /// One line, whatever the file held: messages quote the user's text, and
  /// a newline or an escape sequence in it would break the one-problem-a-line
  /// output or change the terminal.
  public var description: String { "\(location): \(Self.printable(message))" }

  /// `text` with control characters written as `\n`, `\t`, `\r` or `\u{1B}`.
  public static func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.properties.generalCategory == .control:
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
