import Foundation
@preconcurrency import Rainbow

/// Where output goes, and how it looks there.
enum Terminal {
  /// Colour only on a terminal, and never when NO_COLOR is set.
  static func configureColor() {
    let environment = ProcessInfo.processInfo.environment
    // no-color.org: NO_COLOR counts when present and not empty.
    let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    Rainbow.enabled = isatty(STDOUT_FILENO) != 0 && !noColor && environment["TERM"] != "dumb"
  }

  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
  static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }

  /// The width tables fit: `COLUMNS` when set, the terminal's, else 80.
  static var width: Int {
    if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 {
      return columns
    }
    var size = winsize()
    if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return Int(size.ws_col)
    }
    return 80
  }

  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// A one-line notice on stderr (created, migrated, …).
  static func notice(_ line: String) {
    FileHandle.standardError.write(Data(("outpost: " + line + "\n").utf8))
  }

  /// Writes text to stdout as is.
  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }
}
