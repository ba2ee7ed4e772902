import OutpostCore

/// Bad usage found only once the catalog is open (an audience it does not
/// know, a missing --yes without a terminal): exit 64 like a
/// `ValidationError`, but without ArgumentParser's usage lines, which from
/// `run()` would name the root command instead of the one that was typed.
struct UsageError: ReportableError, CustomStringConvertible {
  var message: String
  init(_ message: String) { self.message = message }
  var description: String { message }
  var reportLines: [String] { ["Error: \(message)"] }
  var exitCode: Int32 { 64 }
}
