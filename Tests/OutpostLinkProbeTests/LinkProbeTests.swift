import Foundation
import Testing

@testable import OutpostLinkProbe

@Suite("Link probe: waits and names that never resolve")
struct LinkProbeTests {
  @Test("Retry-After in seconds or as an HTTP date; names under .invalid never resolve")
  func retryAfterAndInvalid() {
    let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
    #expect(LinkProbe.seconds(retryAfter: "1", now: now) == 1)
    #expect(LinkProbe.seconds(retryAfter: " 120 ", now: now) == 120)
    #expect(LinkProbe.seconds(retryAfter: "Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
    #expect(LinkProbe.seconds(retryAfter: "soon", now: now) == nil)
    #expect(LinkProbe.seconds(retryAfter: "-5", now: now) == nil)
    #expect(LinkProbe.neverResolves(URL(string: "http://tool.invalid/x")!))
    #expect(LinkProbe.neverResolves(URL(string: "http://TOOL.INVALID./")!))
    #expect(!LinkProbe.neverResolves(URL(string: "http://invalid.example/")!))
  }
}
