import Foundation

/// The HTTP servers of `Tests/LinkServer/link_server.py`, started on
/// loopback addresses for one test and stopped with it.
///
/// The script serves until its stdin closes, so a test process that dies
/// takes its servers along.
final class LinkTestServer: @unchecked Sendable {
  /// python3, which the script needs; tests that use a server are skipped
  /// by name without it.
  static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("LinkServer/link_server.py").path

  private let process = Process()
  private let input = Pipe()
  /// The port of each host.
  let ports: [String: Int]
  /// A port on 127.0.0.1 that nothing listens on.
  let closedPort: Int

  /// Starts the servers on `hosts` and waits for them to say their ports.
  init(hosts: [String] = ["127.0.0.1"], arguments: [String] = []) throws {
    process.executableURL = URL(fileURLWithPath: Self.python ?? "/usr/bin/python3")
    process.arguments = [Self.script, "--hosts", hosts.joined(separator: ",")] + arguments
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line += chunk
    }
    let object = try JSONSerialization.jsonObject(with: line) as? [String: Any]
    ports = object?["ports"] as? [String: Int] ?? [:]
    closedPort = object?["closed_port"] as? Int ?? 1
  }

  deinit { stop() }

  /// Stops the servers and waits for them to exit.
  func stop() {
    guard process.isRunning else { return }
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  /// `http://HOST:PORT/path` on one of the servers.
  func url(_ path: String, host: String = "127.0.0.1") -> String { "http://\(host):\(ports[host]!)\(path)" }

  /// GETs a control path (`/_release`, `/_stats`) and gives the body,
  /// through Python's urllib: the client under test is not the one to
  /// read the server's own report.
  func control(_ path: String, host: String = "127.0.0.1") throws -> Data {
    let client = Process()
    client.executableURL = URL(fileURLWithPath: Self.python ?? "/usr/bin/python3")
    client.arguments = [
      "-c", "import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())",
      url(path, host: host),
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["no_proxy"] = "*"
    client.environment = environment
    let output = Pipe()
    client.standardOutput = output
    try client.run()
    let body = output.fileHandleForReading.readDataToEndOfFile()
    client.waitUntilExit()
    return body
  }

  /// `/_stats`: requests per "METHOD /path", the most in flight per host, the last User-Agent.
  func stats(host: String = "127.0.0.1") throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: control("/_stats", host: host)) as? [String: Any] ?? [:]
  }
}
