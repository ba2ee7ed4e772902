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

  public var description: String { "\(location): \(message)" }
}
