import Foundation
import Testing

@testable import OutpostCore

@Suite("Link records: the failure streak")
struct LinkRecordTests {
  let start = Date(timeIntervalSince1970: 1_700_000_000)
  let failing = LinkObservation(status: .failing, httpStatus: 500, failure: .http, detail: "HTTP 500")

  func record(_ observation: LinkObservation, after previous: LinkRecord?, hours: Double) -> LinkRecord {
    LinkRecord(
      url: "https://x.example/", observation: observation, previous: previous,
      now: start.addingTimeInterval(hours * 3600))
  }

  @Test("one failure is failing, and starts a streak")
  func firstFailure() {
    let first = record(failing, after: nil, hours: 0)
    #expect(first.status == .failing)
    #expect(first.consecutiveFailures == 1)
    #expect(first.firstFailureAt == first.checkedAt)
  }

  @Test("failing again within 24 hours stays failing; 24 hours after the first, broken")
  func streakBecomesBroken() {
    let first = record(failing, after: nil, hours: 0)
    let second = record(failing, after: first, hours: 23.9)
    #expect(second.status == .failing)
    #expect(second.consecutiveFailures == 2)
    #expect(second.firstFailureAt == first.checkedAt)
    let third = record(failing, after: second, hours: 24)
    #expect(third.status == .broken)
    #expect(third.failure == .http)
    #expect(third.detail?.contains("failing since") == true)
    // Broken on one check only after two: a single very late failure is still failing.
    #expect(record(failing, after: nil, hours: 100).status == .failing)
  }

  @Test("a success or a blocked answer ends the streak")
  func successResets() {
    let first = record(failing, after: nil, hours: 0)
    for observation in [LinkObservation(status: .ok, httpStatus: 200), LinkObservation(status: .blocked)] {
      let next = record(observation, after: first, hours: 30)
      #expect(next.consecutiveFailures == 0 && next.firstFailureAt == nil && next.status == observation.status)
      #expect(record(failing, after: next, hours: 60).status == .failing)
    }
  }

  @Test("a final failure (404) is broken at once and extends the streak")
  func finalFailure() {
    let gone = LinkObservation(status: .broken, httpStatus: 404, failure: .http, detail: "HTTP 404 not found")
    let first = record(gone, after: nil, hours: 0)
    #expect(first.status == .broken && first.consecutiveFailures == 1)
    #expect(record(failing, after: first, hours: 1).consecutiveFailures == 2)
  }
}

@Suite("Link observations: one answer's verdict")
struct LinkObservationTests {
  @Test(
    "statuses map onto DESIGN's verdicts",
    arguments: [
      (200, false, LinkStatus.ok), (204, false, .ok), (401, false, .blocked), (403, false, .blocked),
      (999, false, .blocked), (503, true, .blocked), (404, false, .broken), (410, false, .broken),
      (429, false, .failing), (500, false, .failing), (503, false, .failing), (400, false, .failing),
    ])
  func verdicts(_ status: Int, _ challenge: Bool, _ expected: LinkStatus) {
    let observation = LinkObservation.answered(status: status, challenge: challenge, finalURL: nil, movedTo: nil)
    #expect(observation.status == expected)
    #expect((observation.failure != nil) == (expected == .failing || expected == .broken))
  }

  @Test("a permanent redirect to a working page is redirected, to a failing one is the failure")
  func redirects() {
    let moved = LinkObservation.answered(status: 200, challenge: false, finalURL: "https://b/", movedTo: "https://b/")
    #expect(moved.status == .redirected && moved.movedTo == "https://b/")
    let dead = LinkObservation.answered(status: 404, challenge: false, finalURL: "https://b/", movedTo: "https://b/")
    #expect(dead.status == .broken && dead.movedTo == nil)
  }

  @Test("network failures: DNS and loops are final, the rest may pass")
  func failures() {
    #expect(LinkObservation.failed(.dns, "x").status == .broken)
    #expect(LinkObservation.failed(.redirectLoop, "x").status == .broken)
    for kind in [LinkFailure.refused, .timeout, .tls, .tooManyRedirects, .connection] {
      #expect(LinkObservation.failed(kind, "x").status == .failing)
    }
  }
}
