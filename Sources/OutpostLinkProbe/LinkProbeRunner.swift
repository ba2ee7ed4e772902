import Foundation
import OutpostCore

/// The helper's work: every job read from standard input is requested under
/// the limits, and each result written to standard output as it comes, one
/// `LinkProbeMessage.Result` a line. Cancelling the task (the helper's
/// SIGTERM) stops new requests and abandons those in flight.
public enum LinkProbeRunner {
  /// How the requests are made.
  public struct Limits: Sendable {
    public var concurrency: Int
    public var perHost: Int
    public var timeout: TimeInterval
    public var userAgent: String

    public init(concurrency: Int, perHost: Int, timeout: TimeInterval, userAgent: String) {
      self.concurrency = concurrency
      self.perHost = perHost
      self.timeout = timeout
      self.userAgent = userAgent
    }
  }

  /// The jobs on standard input, to its end.
  public static func readJobs() throws -> [LinkProbeMessage.Job] {
    let decoder = JSONDecoder()
    var jobs: [LinkProbeMessage.Job] = []
    while let line = readLine(strippingNewline: true) {
      guard !line.isEmpty else { continue }
      jobs.append(try decoder.decode(LinkProbeMessage.Job.self, from: Data(line.utf8)))
    }
    return jobs
  }

  /// Requests every job, writing each result as a line on standard output.
  public static func run(_ jobs: [LinkProbeMessage.Job], limits: Limits) async {
    let session = LinkSession(
      timeout: limits.timeout, userAgent: limits.userAgent, maximumConnections: limits.perHost)
    defer { session.close() }
    let probe = LinkProbe(session: session)
    let targets = jobs.map { LinkTarget(key: $0.key, urls: [$0.url]) }
    let encoder = JSONEncoder()
    await requestAll(targets, limits: limits, probe: probe) { position, observation in
      let result = LinkProbeMessage.Result(index: jobs[position].index, observation: observation)
      guard var line = try? encoder.encode(result) else { return }
      line.append(UInt8(ascii: "\n"))
      FileHandle.standardOutput.write(line)
    }
  }

  /// Requests every target under the limits, handing each observation to
  /// `record` as it comes; returns when all are done or the task is cancelled.
  static func requestAll(
    _ targets: [LinkTarget], limits: Limits, probe: LinkProbe, record: (Int, LinkObservation) -> Void
  ) async {
    var schedule = LinkSchedule(targets, perHost: max(1, limits.perHost))
    await withTaskGroup(of: (Int, String, LinkObservation?).self) { group in
      var inFlight = 0
      while true {
        while !Task.isCancelled, inFlight < max(1, limits.concurrency), let (index, host) = schedule.next() {
          inFlight += 1
          group.addTask { (index, host, await probe.check(targets[index].urls[0])) }
        }
        guard inFlight > 0, let (index, host, observation) = await group.next() else { return }
        inFlight -= 1
        schedule.finished(host)
        // An answer that came in as the run was stopped is still a result.
        if let observation { record(index, observation) }
      }
    }
  }
}
