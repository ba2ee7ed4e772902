import Foundation
import Testing

/// What the curation suites check on every run of the binary.
extension OutpostProcess {
  /// The whole catalog as `export --format json` prints it: a refused
  /// command must leave it exactly so.
  func catalogSnapshot() throws -> String {
    let result = try run("export", "--format", "json")
    #expect(result.status == 0, "\(result)")
    return result.stdout
  }

  /// Entries as JSON objects, from `list … --format json` with `arguments`.
  func listed(_ arguments: [String] = []) throws -> [[String: Any]] {
    let result = try run(["list", "--format", "json"] + arguments)
    #expect(result.status == 0, "\(result)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
  }

  /// The slugs `list … --format json` gives, in its order.
  func listedSlugs(_ arguments: [String] = []) throws -> [String] {
    try listed(arguments).compactMap { $0["slug"] as? String }
  }

  /// Runs a command that must be refused: exit `status`, `message` on
  /// stderr, nothing on stdout, no trace or SQL, and the catalog (its export
  /// and its file's bytes) exactly as before.
  @discardableResult
  func expectRefusal(
    _ arguments: [String], status: Int32, _ message: String, stdin: Data = Data(),
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Result {
    let before = try catalogSnapshot()
    let bytes = self.bytes()
    let result = try run(arguments, stdin: stdin)
    #expect(result.status == status, "\(arguments): \(result)", sourceLocation: sourceLocation)
    #expect(
      result.stderr.contains(message), "\(arguments): expected '\(message)' in \(result)",
      sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, "\(arguments): \(result)", sourceLocation: sourceLocation)
    expectNoTrace(result, sourceLocation: sourceLocation)
    #expect(try catalogSnapshot() == before, "\(arguments) changed the catalog", sourceLocation: sourceLocation)
    #expect(self.bytes() == bytes, "\(arguments) changed the catalog file", sourceLocation: sourceLocation)
    return result
  }

  /// Messages a user must never see: a Swift trap or stack trace, or SQL.
  func expectNoTrace(_ result: Result, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for leak in ["Fatal error", "Stack dump", "SQLITE_", "SELECT ", "INSERT ", "UPDATE ", "DELETE ", ".swift:"] {
      #expect(!result.stderr.contains(leak), "stderr shows \(leak): \(result)", sourceLocation: sourceLocation)
    }
  }

  /// Runs `outpost arguments…` on a pseudo-terminal through util-linux
  /// `script`, feeding it `input` as typed keys. Output and prompts come back
  /// together in `stdout`, with CRLF line ends.
  func runOnTerminal(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> Result {
    let quoted = ([Self.binary.path] + arguments).map(Self.shellQuoted).joined(separator: " ")
    var env: [String: String?] = ["NO_COLOR": nil, "TERM": "xterm-256color"]
    for (key, value) in environment { env[key] = value }
    return try launch(Self.scriptTool!, ["-qec", quoted, "/dev/null"], stdin: Data(input.utf8), environment: env)
  }

  /// util-linux `script`, which gives a command a terminal; nil where absent.
  static let scriptTool: String? = ["/usr/bin/script", "/bin/script"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  static func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

/// The columns a terminal gives `text`, computed here independently of
/// OutpostCore's TextWidth: East Asian wide and emoji characters take two,
/// combining marks, joiners and variation selectors none (but VS16 widens a
/// text symbol to emoji form).
func displayWidth(_ text: String) -> Int {
  var total = 0
  var previous: Unicode.Scalar?
  for scalar in text.unicodeScalars {
    let value = scalar.value
    let category = scalar.properties.generalCategory
    var width = 1
    if value < 0x20 || (0x7F..<0xA0).contains(value) || category == .nonspacingMark || category == .enclosingMark
      || category == .format || (0xFE00...0xFE0F).contains(value)
    {
      width = 0
    } else if scalar.properties.isEmojiPresentation || (0x1100...0x115F).contains(value)
      || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
      || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
    {
      width = 2
    }
    if value == 0xFE0F, let previous, previous.properties.isEmoji, !previous.properties.isEmojiPresentation {
      width = 1
    }
    total += width
    previous = scalar
  }
  return total
}

/// Lines of `text` (LF or CRLF) without the empty one a final line break leaves.
func outputLines(_ text: String) -> [String] {
  // "\r\n" is one Character in Swift, so split on any line break.
  let parts = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
  return text.last?.isNewline == true ? Array(parts.dropLast()) : parts
}

/// ANSI escape sequences: colour or bold.
func hasEscapes(_ text: String) -> Bool { text.contains("\u{1B}[") }

/// RFC 4180 rows, parsed here rather than by the importer under test:
/// quoted cells may hold commas, doubled quotes and line breaks.
func csvRows(_ text: String) -> [[String]] {
  var rows: [[String]] = []
  var row: [String] = []
  var cell = ""
  var quoted = false
  var characters = Array(text)[...]
  while let character = characters.popFirst() {
    switch (quoted, character) {
    case (true, "\""):
      if characters.first == "\"" {
        cell.append("\"")
        characters.removeFirst()
      } else {
        quoted = false
      }
    case (true, _): cell.append(character)
    case (false, "\""): quoted = true
    case (false, ","):
      row.append(cell)
      cell = ""
    case (false, "\r\n"), (false, "\n"):
      row.append(cell)
      rows.append(row)
      row = []
      cell = ""
    default: cell.append(character)
    }
  }
  if !cell.isEmpty || !row.isEmpty {
    row.append(cell)
    rows.append(row)
  }
  return rows
}
