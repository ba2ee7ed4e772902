import Foundation

/// `outpost-link-probe`, started for one `links check`: the jobs go to its
/// standard input, its results come back on its standard output, and its
/// standard error is the user's.
final class LinkProbeProcess: @unchecked Sendable {
  private let process = Process()
  private let lock = NSLock()
  private var stopped = false

  /// The helper beside the running executable, else the first on `PATH`.
  static func locate() -> URL? {
    var candidates: [URL] = []
    #if os(Linux)
      let running: URL? = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    #else
      let running = Bundle.main.executableURL?.resolvingSymlinksInPath()
    #endif
    if let running { candidates.append(running.deletingLastPathComponent()) }
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      candidates.append(URL(fileURLWithPath: String(folder)))
    }
    return candidates.map { $0.appendingPathComponent(LinkProbeMessage.executableName) }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// A helper to run from `executable`, or the one `locate()` finds.
  init(executable: URL?, options: LinkCheckOptions) throws {
    guard let executable = executable ?? Self.locate() else {
      throw CatalogError(
        "`outpost links check` makes its requests through \(LinkProbeMessage.executableName), which is "
          + "neither beside outpost nor on PATH; install it beside outpost (`swift build` makes both)")
    }
    process.executableURL = executable
    process.arguments = LinkProbeMessage.arguments(options)
  }

  /// Stops the helper: no new requests, and those in flight are abandoned.
  /// Safe from any thread, before or during `run`.
  func stop() {
    lock.lock()
    defer { lock.unlock() }
    stopped = true
    if process.isRunning { kill(process.processIdentifier, SIGTERM) }
  }

  /// Sends every target, then hands each result to `record` as it arrives,
  /// until the helper ends; throws when it cannot start or fails.
  func run(_ targets: [LinkTarget], record: (Int, LinkObservation) -> Void) throws {
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    lock.lock()
    if stopped {
      lock.unlock()
      return
    }
    do {
      try process.run()
    } catch {
      lock.unlock()
      throw CatalogError(
        "cannot start \(process.executableURL?.path ?? LinkProbeMessage.executableName): \(error.localizedDescription)")
    }
    lock.unlock()
    let sender = Thread { Self.send(targets, to: input.fileHandleForWriting) }
    sender.name = "outpost link jobs"
    sender.start()
    var pending = Data()
    let decoder = JSONDecoder()
    var malformed = false
    while true {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      pending.append(chunk)
      while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        let line = pending[pending.startIndex..<newline]
        pending = pending[pending.index(after: newline)...]
        guard let result = try? decoder.decode(LinkProbeMessage.Result.self, from: line),
          targets.indices.contains(result.index)
        else {
          malformed = true
          continue
        }
        record(result.index, result.observation)
      }
    }
    process.waitUntilExit()
    let wasStopped = lock.withLock { stopped }
    if malformed || !pending.isEmpty {
      throw CatalogError(
        "\(LinkProbeMessage.executableName) answered something other than results; the results before it are kept")
    }
    if process.terminationReason == .uncaughtSignal, !(wasStopped && process.terminationStatus == SIGTERM) {
      throw CatalogError(
        "\(LinkProbeMessage.executableName) was killed by signal \(process.terminationStatus); the results before it are kept"
      )
    }
    if process.terminationReason == .exit, process.terminationStatus != 0 {
      throw CatalogError(
        "\(LinkProbeMessage.executableName) failed (exit \(process.terminationStatus)); the results before it are kept")
    }
  }

  /// Writes the jobs and closes the helper's input. SIGPIPE is blocked on
  /// this thread alone, so a helper that died makes the write fail here
  /// rather than killing outpost.
  private static func send(_ targets: [LinkTarget], to handle: FileHandle) {
    var blocked = sigset_t()
    sigemptyset(&blocked)
    sigaddset(&blocked, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &blocked, nil)
    defer { try? handle.close() }
    let encoder = JSONEncoder()
    var batch = Data()
    for (index, target) in targets.enumerated() {
      guard let line = try? encoder.encode(LinkProbeMessage.Job(index: index, key: target.key, url: target.urls[0]))
      else { continue }
      batch.append(line)
      batch.append(UInt8(ascii: "\n"))
      if batch.count >= 1 << 16 {
        guard (try? handle.write(contentsOf: batch)) != nil else { return }
        batch.removeAll(keepingCapacity: true)
      }
    }
    if !batch.isEmpty { try? handle.write(contentsOf: batch) }
  }
}
