import Foundation

/// Runs the built `outpost` as a user would, in its own folder, and captures
/// everything it does.
struct OutpostProcess {
  struct Result: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
  }

  /// The binary: beside the test bundle (where `swift build` and `swift test`
  /// put it), else under .build/debug.
  static let binary: URL = {
    if let path = ProcessInfo.processInfo.environment["OUTPOST_BINARY"] { return URL(fileURLWithPath: path) }
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("outpost")
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue {
        return candidate
      }
      folder = folder.deletingLastPathComponent()
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/outpost")
  }()

  /// The repository's migration files, which the binary embeds.
  static let shippedMigrations: [String] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let files =
      (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Migrations").path)) ?? []
    return files.filter { $0.hasSuffix(".sql") }.sorted()
  }()

  /// The folder commands run in; `outpost.sqlite` there is the default catalog.
  let folder: URL

  init() {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-e2e-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// The default catalog of this folder.
  var catalog: String { path("outpost.sqlite") }

  func write(_ text: String, to name: String) -> String {
    let path = path(name)
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  func write(_ data: Data, to name: String) -> String {
    let path = path(name)
    try! data.write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Runs `outpost arguments…`; stdin is empty (a pipe) unless given.
  @discardableResult
  func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:]) throws -> Result {
    try launch(Self.binary.path, arguments, stdin: stdin, environment: environment)
  }

  /// Runs `executable arguments…` in this folder with the test environment:
  /// no `OUTPOST_DB` or `COLUMNS`, `NO_COLOR` set, then `environment` on top
  /// (a nil value removes a variable).
  func launch(
    _ executable: String, _ arguments: [String], stdin: Data = Data(), environment: [String: String?] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "OUTPOST_DB")
    env.removeValue(forKey: "COLUMNS")
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read both pipes while the process runs, so a large output cannot block it.
    let group = DispatchGroup()
    nonisolated(unsafe) var out = Data()
    nonisolated(unsafe) var err = Data()
    group.enter()
    DispatchQueue.global().async {
      out = output.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      err = errors.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    input.fileHandleForWriting.write(stdin)
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    group.wait()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }

  func run(_ arguments: String...) throws -> Result { try run(arguments) }

  /// The catalog's bytes, to prove a refused command changed nothing.
  func bytes(_ name: String = "outpost.sqlite") -> Data? { FileManager.default.contents(atPath: path(name)) }

  func remove() { try? FileManager.default.removeItem(at: folder) }
}
