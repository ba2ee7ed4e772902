import Foundation

/// `outpost links check …` started in the background, for tests that
/// interrupt it or must not wait on it forever.
final class LinkCheckRun: @unchecked Sendable {
  private let process = Process()
  private let output = Pipe()
  private let errors = Pipe()
  private var out = Data()
  private var err = Data()
  private let reading = DispatchGroup()

  /// Starts `outpost arguments…` in `outpost`'s folder.
  init(_ outpost: OutpostProcess, _ arguments: [String]) throws {
    process.executableURL = OutpostProcess.binary
    process.arguments = arguments
    process.currentDirectoryURL = outpost.folder
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "OUTPOST_DB")
    environment["NO_COLOR"] = "1"
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    for (pipe, isOutput) in [(output, true), (errors, false)] {
      reading.enter()
      DispatchQueue.global().async { [self] in
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        if isOutput { out = data } else { err = data }
        reading.leave()
      }
    }
  }

  /// Sends SIGINT, as Ctrl-C on a terminal does.
  func interrupt() { kill(process.processIdentifier, SIGINT) }

  /// Waits for the exit, or kills the process after `watchdog` seconds (a
  /// generous bound: only a hang reaches it) and gives nil.
  func finish(watchdog: TimeInterval = 120) -> OutpostProcess.Result? {
    let exited = DispatchSemaphore(value: 0)
    DispatchQueue.global().async { [process] in
      process.waitUntilExit()
      exited.signal()
    }
    guard exited.wait(timeout: .now() + watchdog) == .success else {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      reading.wait()
      return nil
    }
    reading.wait()
    return OutpostProcess.Result(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }
}
