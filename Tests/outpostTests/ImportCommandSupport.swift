import Foundation
import Testing

/// What the import and export suites check on every run of the binary.
extension OutpostProcess {
  /// Messages a user must never see: a Swift trap or stack trace, or SQL.
  static let leaks = [
    "Fatal error", "Stack dump", "SQLITE_", "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", ".swift:",
    "Swift runtime failure",
  ]

  /// Every entry of the default catalog as NDJSON: what "unchanged" is measured by.
  func exported() throws -> String {
    let result = try run("export", "--format", "ndjson")
    #expect(result.status == 0, "\(result)")
    return result.stdout
  }

  /// A folder with a new empty catalog (`seed: true` for the starter catalog).
  static func withCatalog(seed: Bool = false) throws -> OutpostProcess {
    let outpost = OutpostProcess()
    let made = try outpost.run(seed ? ["init"] : ["init", "--empty"])
    #expect(made.status == 0, "\(made)")
    return outpost
  }

  /// Writes `text` (a header and rows) to `name` and imports it, expecting success.
  func imported(_ text: String, as name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    _ = write(text + "\n", to: name)
    let result = try run("import", name, "--quiet")
    #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
  }

  /// Runs `import arguments…` and expects it refused as DESIGN's Bad input
  /// asks: exit 1, the first line a located problem starting with
  /// `location` (e.g. `bad.csv:2:9: ` or `bad.json: [0]`), `message` somewhere
  /// on stderr, no trace or SQL, and the catalog exactly as it was.
  @discardableResult
  func expectRefused(
    _ arguments: [String], at location: String, _ message: String, status: Int32 = 1,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> Result {
    let before = try exported()
    let result = try run(["import"] + arguments)
    #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
    let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
    #expect(
      first.hasPrefix(location), "first line should start with '\(location)': \(result)", sourceLocation: sourceLocation
    )
    if !message.isEmpty {
      #expect(result.stderr.contains(message), "\(result)", sourceLocation: sourceLocation)
    }
    expectNoLeaks(result, sourceLocation: sourceLocation)
    #expect(try exported() == before, "the catalog changed", sourceLocation: sourceLocation)
    return result
  }

  func expectNoLeaks(_ result: Result, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for leak in Self.leaks {
      #expect(!result.stderr.contains(leak), "stderr shows \(leak): \(result)", sourceLocation: sourceLocation)
      #expect(!result.stdout.contains(leak), "stdout shows \(leak): \(result)", sourceLocation: sourceLocation)
    }
  }

  /// Runs `script` with `/bin/sh -c` in this folder, `$0` being the binary:
  /// for limits (`ulimit`) a plain run cannot set.
  func runShell(_ script: String) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script, Self.binary.path]
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "OUTPOST_DB")
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Small outputs only: reading after the exit cannot block.
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
      stderr: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
  }

  /// The entries of the default catalog as JSON objects, keyed by slug.
  func entriesBySlug() throws -> [String: [String: Any]] {
    var result: [String: [String: Any]] = [:]
    for line in try exported().split(separator: "\n") {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      result[object["slug"] as? String ?? ""] = object
    }
    return result
  }
}

/// A small deterministic generator (SplitMix64), so "random" input is the
/// same on every run and a failure can be reproduced.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
