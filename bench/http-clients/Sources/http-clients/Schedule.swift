import Foundation

/// Hands out URL indexes round robin over hosts, never more than `perHost` in
/// flight on one host: the same order and limits as Outpost's `LinkSchedule`.
struct Schedule {
  private var queues: [String: [Int]] = [:]
  private var inFlight: [String: Int] = [:]
  /// Hosts in turn order; a host may appear while it is at its limit, and is
  /// then skipped.
  private var hosts: [String] = []
  private var turn = 0
  let perHost: Int

  init(_ urls: [URL], perHost: Int) {
    self.perHost = perHost
    for (index, url) in urls.enumerated() {
      let host = "\(url.host ?? ""):\(url.port ?? 80)"
      if queues[host] == nil { hosts.append(host) }
      queues[host, default: []].append(index)
    }
    // Each queue is consumed from the end: reversed, it starts in file order.
    for host in hosts { queues[host]!.reverse() }
  }

  /// The next URL to start and its host, or nil when every host with work
  /// left is at its limit (or nothing is left). O(hosts) a step: fine for 8.
  mutating func next() -> (index: Int, host: String)? {
    for step in 0..<hosts.count {
      let host = hosts[(turn + step) % hosts.count]
      guard inFlight[host, default: 0] < perHost, let index = queues[host]!.popLast() else { continue }
      inFlight[host, default: 0] += 1
      turn = (turn + step + 1) % hosts.count
      return (index, host)
    }
    return nil
  }

  /// Frees a slot of `host` when its request is done.
  mutating func finished(_ host: String) { inFlight[host, default: 1] -= 1 }
}

/// What a run counted.
struct Tally: Encodable {
  var ok = 0  // 2xx
  var redirects = 0  // 3xx, counted and not followed
  var clientErrors = 0  // 4xx
  var serverErrors = 0  // 5xx
  var getAfter405 = 0  // HEAD answered 405, so GET was sent
  var failures: [String: Int] = [:]  // no answer, by the client's description

  mutating func add(_ outcome: Outcome) {
    switch outcome {
    case .status(let code) where code < 300: ok += 1
    case .status(let code) where code < 400: redirects += 1
    case .status(let code) where code < 500: clientErrors += 1
    case .status: serverErrors += 1
    case .failure(let reason): failures[reason, default: 0] += 1
    }
  }
}

/// Checks every URL once, at most `concurrency` at a time and `perHost` per
/// host: HEAD first, GET when HEAD answers 405.
func checkAll(_ urls: [URL], client: any HTTPHeadClient, concurrency: Int, perHost: Int) async -> Tally {
  var schedule = Schedule(urls, perHost: perHost)
  var tally = Tally()
  await withTaskGroup(of: (String, Outcome, Bool).self) { group in
    var inFlight = 0
    while true {
      while inFlight < concurrency, let (index, host) = schedule.next() {
        inFlight += 1
        group.addTask {
          let head = await client.send(urls[index], method: "HEAD")
          guard case .status(405) = head else { return (host, head, false) }
          return (host, await client.send(urls[index], method: "GET"), true)
        }
      }
      guard inFlight > 0, let (host, outcome, usedGet) = await group.next() else { return }
      inFlight -= 1
      schedule.finished(host)
      tally.add(outcome)
      if usedGet { tally.getAfter405 += 1 }
    }
  }
  return tally
}
