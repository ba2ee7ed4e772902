import Testing

@testable import OutpostCore

@Suite("Link schedule: round robin over hosts, a limit per host")
struct LinkScheduleTests {
  func targets(_ urls: [String]) -> [LinkTarget] {
    urls.map { LinkTarget(key: URLCheck.duplicateKey($0), urls: [$0]) }
  }

  @Test("hosts take turns, and a host at its limit waits for a slot")
  func perHostLimit() {
    let urls = ["https://a.example/1", "https://a.example/2", "https://a.example/3", "https://b.example/1"]
    var schedule = LinkSchedule(targets(urls), perHost: 2)
    var started: [Int] = []
    while let (index, _) = schedule.next() { started.append(index) }
    #expect(started == [0, 3, 1], "a, b, then a's second slot; a's third waits")
    schedule.finished("a.example")
    #expect(schedule.next()?.index == 2)
    #expect(schedule.next() == nil)
  }

  @Test("the host is the normalised host: case, www., port and user are not different hosts")
  func hosts() {
    #expect(LinkTarget(key: URLCheck.duplicateKey("https://WWW.Example.com:8080/x"), urls: []).host == "example.com")
    #expect(LinkTarget(key: URLCheck.duplicateKey("http://user@127.0.0.2:9/"), urls: []).host == "127.0.0.2")
  }

  @Test("many hosts, many URLs: every target starts exactly once")
  func everyTargetOnce() {
    let urls = (0..<5000).map { "https://h\($0 % 97).example/\($0)" }
    var schedule = LinkSchedule(targets(urls), perHost: 2)
    var seen = Set<Int>()
    var running: [(Int, String)] = []
    while true {
      while running.count < 16, let next = schedule.next() { running.append(next) }
      guard !running.isEmpty else { break }
      let (index, host) = running.removeFirst()
      #expect(seen.insert(index).inserted)
      #expect(running.filter { $0.1 == host }.count < 2)
      schedule.finished(host)
    }
    #expect(seen.count == urls.count)
  }
}
