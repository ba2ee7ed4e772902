/// The order targets are started in: round robin over hosts, never more than
/// `perHost` at a time on one host, in O(1) a step however many hosts there are.
package struct LinkSchedule {
  private var queues: [String: [Int]] = [:]
  private var inFlight: [String: Int] = [:]
  /// Hosts with work queued and a free slot, in turn order.
  private var ready: [String] = []
  private var readyHead = 0
  private var isReady: Set<String> = []
  package let perHost: Int

  /// A schedule of `targets` by index.
  package init(_ targets: [LinkTarget], perHost: Int) {
    self.perHost = perHost
    for (index, target) in targets.enumerated() {
      let host = target.host
      if queues[host] == nil {
        queues[host] = []
        ready.append(host)
        isReady.insert(host)
      }
      queues[host]!.append(index)
    }
    // Each queue is consumed from the end: reversed, it starts in catalog order.
    for host in queues.keys { queues[host]!.reverse() }
  }

  /// The next target to start and its host, or nil when every host with work
  /// left is at its limit (or nothing is left).
  package mutating func next() -> (index: Int, host: String)? {
    guard readyHead < ready.count else { return nil }
    let host = ready[readyHead]
    readyHead += 1
    if readyHead > 1024, readyHead * 2 > ready.count {
      ready.removeFirst(readyHead)
      readyHead = 0
    }
    let index = queues[host]!.removeLast()
    inFlight[host, default: 0] += 1
    if inFlight[host]! < perHost, !queues[host]!.isEmpty {
      ready.append(host)
    } else {
      isReady.remove(host)
    }
    return (index, host)
  }

  /// Frees a slot of `host` when its request is done.
  package mutating func finished(_ host: String) {
    inFlight[host, default: 1] -= 1
    if !isReady.contains(host), !(queues[host]?.isEmpty ?? true) {
      ready.append(host)
      isReady.insert(host)
    }
  }
}
