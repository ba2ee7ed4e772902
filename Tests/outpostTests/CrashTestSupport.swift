import Foundation
import GRDB
import Testing

/// What the crash-safety and concurrency suites need beyond `OutpostProcess`:
/// large generated inputs, imports running in the background (to kill or to
/// race), and ways to make the file system refuse writes even to root.
enum CrashSupport {
  /// A CSV of `rows` tools, `title,url,summary,tags,audiences`, every one
  /// tagged `batch` and `batch-N` (N = row % 100), so that `list --tag
  /// batch-7` sees one row in a hundred, spread over the whole file.
  static func csv(rows: Int, batch: String) -> Data {
    let audiences = ["writers;artists", "marketers", "researchers;bloggers", "musicians"]
    var text = "title,url,summary,tags,audiences\n"
    text.reserveCapacity(rows * 110)
    for row in 0..<rows {
      text += "\(batch) tool \(row),https://\(batch).example.com/tools/\(row),"
      text += "\"Tool \(row) of the \(batch) batch, for crash tests\",\(batch);\(batch)-\(row % 100),"
      text += audiences[row % audiences.count] + "\n"
    }
    return Data(text.utf8)
  }

  /// The end of the line (just past its newline) holding the byte at
  /// `fraction` of `data`: a cut there leaves whole rows on either side.
  static func lineEnd(in data: Data, after fraction: Double) -> Int {
    let start = data.startIndex + Int(Double(data.count) * fraction)
    guard let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) else { return data.endIndex }
    return newline + 1
  }

  /// The size of the catalog's -wal file, 0 when there is none.
  static func walSize(_ catalog: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: catalog + "-wal"))?[.size] as? NSNumber)?.intValue ?? 0
  }

  /// The slugs `csv(rows:batch:)` makes.
  static func slugs(rows: Int, batch: String) -> Set<String> {
    Set((0..<rows).map { "\(batch)-tool-\($0)" })
  }

  /// How many entries `outpost list --format ndjson` shows, with `filters`.
  static func count(_ outpost: OutpostProcess, _ filters: [String] = [], db: String? = nil) throws -> Int {
    let result = try outpost.run(["list", "--format", "ndjson"] + filters + (db.map { ["--db", $0] } ?? []))
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout.split(separator: "\n").count
  }

  /// Runs `outpost check` and expects it to pass.
  static func expectCheckPasses(
    _ outpost: OutpostProcess, db: String? = nil, prefix: [String] = [],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let result = try outpost.run(prefix: prefix, ["check"] + (db.map { ["--db", $0] } ?? []))
    #expect(result.status == 0, "check failed: \(result)", sourceLocation: sourceLocation)
    #expect(!result.stdout.contains("FAIL"), "\(result)", sourceLocation: sourceLocation)
    outpost.expectNoLeaks(result, sourceLocation: sourceLocation)
  }

  /// True when some process holds the catalog's write lock (an import in
  /// its transaction): asked by taking it, without waiting, and letting go.
  static func writeLockHeld(_ path: String) throws -> Bool {
    do {
      let probe = try DatabaseQueue(path: path)
      defer { try? probe.close() }
      return try probe.inDatabase { db in
        do {
          try db.beginTransaction(.immediate)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
          return true
        }
        try db.rollback()
        return false
      }
    } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
      // Busy before asking for the lock (opening): no answer yet.
      return false
    }
  }

  /// Runs `command arguments…` (no shell), returning its exit status.
  @discardableResult
  static func system(_ command: String, _ arguments: [String]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return -1 }
    process.waitUntilExit()
    return process.terminationReason == .exit ? process.terminationStatus : -1
  }

  /// The first of `names` that exists under /usr/bin, /bin, /usr/sbin, /sbin.
  static func tool(_ name: String) -> String? {
    for folder in ["/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
      let path = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  static func temporaryFolder(_ label: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-\(label)-\(UUID().uuidString)")
      .path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  // MARK: Making writes fail

  /// How to run `outpost` so that file permissions apply to it.
  ///
  /// Root ignores permissions (CAP_DAC_OVERRIDE), and CI runs tests as
  /// root: a chmod 444 catalog proves nothing there. So as root the binary
  /// runs under `setpriv` with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
  /// dropped from its bounding set: still uid 0, still the file's owner, but
  /// refused a write that the mode forbids, exactly as a user is. Nil when
  /// neither way enforces permissions here (probed, never assumed).
  static let permissionsPrefix: [String]? = {
    let folder = temporaryFolder("perm-probe")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = "\(folder)/probe"
    _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8), attributes: [.posixPermissions: 0o444])
    let candidates: [[String]] =
      geteuid() != 0
      ? [[]]
      : (tool("setpriv").map { [[$0, "--bounding-set", "-dac_override,-dac_read_search"]] } ?? [])
    for prefix in candidates {
      let command = prefix + ["/bin/sh", "-c", "echo y >> \"$0\"", file]
      let status = system(command[0], Array(command.dropFirst()))
      if status != 0, FileManager.default.contents(atPath: file) == Data("x".utf8) { return prefix }
    }
    return nil
  }()

  /// True when `chattr +i` makes a file here immutable, even to root.
  static let immutableFilesWork: Bool = {
    guard let chattr = tool("chattr") else { return false }
    let folder = temporaryFolder("chattr-probe")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = "\(folder)/probe"
    _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
    guard system(chattr, ["+i", file]) == 0 else { return false }
    defer { system(chattr, ["-i", file]) }
    return system("/bin/sh", ["-c", "echo y >> \"$0\"", file]) != 0
  }()

  /// True when this process may mount file systems (root with CAP_SYS_ADMIN,
  /// outside a locked-down container): probed with a tiny tmpfs.
  static let mountsWork: Bool = {
    guard let mount = tool("mount"), let umount = tool("umount") else { return false }
    let folder = temporaryFolder("mount-probe")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    guard system(mount, ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder]) == 0 else { return false }
    return system(umount, [folder]) == 0
  }()

  static func mount(_ arguments: [String]) -> Bool { system(tool("mount") ?? "/bin/mount", arguments) == 0 }

  static func unmount(_ folder: String) {
    let umount = tool("umount") ?? "/bin/umount"
    if system(umount, [folder]) != 0 { system(umount, ["-l", folder]) }
  }
}

/// An `outpost` running in the background, its output going to files so it
/// can never block on a full pipe, to be killed or waited for.
final class BackgroundOutpost: @unchecked Sendable {
  let process = Process()
  let started: Date
  private let outputPath: String
  private let errorPath: String

  /// `stdin`, when given, is the process's standard input: the test writes
  /// to it, and closes it, when it wants the process to read on.
  init(_ outpost: OutpostProcess, _ arguments: [String], stdin: Pipe? = nil) throws {
    let tag = UUID().uuidString
    outputPath = outpost.path("bg-\(tag).out")
    errorPath = outpost.path("bg-\(tag).err")
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    process.executableURL = OutpostProcess.binary
    process.arguments = arguments
    process.currentDirectoryURL = outpost.folder
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "OUTPOST_DB")
    environment["NO_COLOR"] = "1"
    process.environment = environment
    if let stdin {
      // A process that dies before reading all must fail the test, not kill it.
      signal(SIGPIPE, SIG_IGN)
      process.standardInput = stdin
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    process.standardOutput = FileHandle(forWritingAtPath: outputPath)
    process.standardError = FileHandle(forWritingAtPath: errorPath)
    started = Date()
    try process.run()
  }

  var isRunning: Bool { process.isRunning }

  /// Sends SIGKILL; true when the process was still running and died of it.
  func kill9() -> Bool {
    Foundation.kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
  }

  /// What the process has written to stderr so far.
  var stderrSoFar: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

  /// Waits for the exit and returns what `OutpostProcess.run` would have.
  func finish() -> OutpostProcess.Result {
    process.waitUntilExit()
    return OutpostProcess.Result(
      status: process.terminationStatus,
      stdout: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
  }
}

extension OutpostProcess {
  /// Runs `outpost arguments…` behind `prefix` (e.g. `setpriv …`), in this folder.
  func run(prefix: [String], _ arguments: [String]) throws -> Result {
    if prefix.isEmpty { return try run(arguments) }
    return try launch(prefix[0], Array(prefix.dropFirst()) + [Self.binary.path] + arguments)
  }

}

/// Waits until `condition` holds, polling; records an issue and throws once
/// a watchdog's time, far beyond any condition's on a loaded machine, passes.
func waitUntil(
  _ what: String, seconds: TimeInterval = 120, _ condition: () throws -> Bool,
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  let deadline = Date().addingTimeInterval(seconds)
  while try !condition() {
    if Date() > deadline {
      Issue.record("waited \(Int(seconds)) s in vain for \(what)", sourceLocation: sourceLocation)
      throw CancellationError()
    }
    usleep(2_000)
  }
}
