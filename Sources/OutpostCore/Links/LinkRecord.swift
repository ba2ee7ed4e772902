import Foundation

/// One row of `link_check`: a URL's last check and its failure streak.
public struct LinkRecord: Sendable, Equatable {
  /// The URL as the catalog holds it.
  public var url: String
  /// `URLCheck.duplicateKey(url)`: URLs sharing it are checked once.
  public var urlKey: String
  /// When it was checked, UTC ISO 8601.
  public var checkedAt: String
  /// The status after the streak rule: never `unchecked`.
  public var status: LinkStatus
  public var httpStatus: Int?
  public var finalURL: String?
  public var movedTo: String?
  public var failure: LinkFailure?
  public var detail: String?
  /// Failed checks in a row, this one included; 0 after a success.
  public var consecutiveFailures: Int
  /// When the current streak of failures began.
  public var firstFailureAt: String?

  /// How far apart two failing checks must be before the URL counts as
  /// broken: a site down for an afternoon is not dead.
  public static let brokenAfter: TimeInterval = 24 * 3600

  /// The record of `observation` made at `now`, continuing `previous`'s
  /// failure streak: a failing URL whose streak began at least
  /// `brokenAfter` ago, on an earlier check, is broken.
  public init(url: String, observation: LinkObservation, previous: LinkRecord?, now: Date) {
    self.url = url
    urlKey = URLCheck.duplicateKey(url)
    checkedAt = Timestamp.format(now)
    status = observation.status
    httpStatus = observation.httpStatus
    finalURL = observation.finalURL
    movedTo = observation.movedTo
    failure = observation.failure
    detail = observation.detail
    guard observation.status.isFailure else {
      consecutiveFailures = 0
      firstFailureAt = nil
      return
    }
    let streak = previous.flatMap { $0.consecutiveFailures > 0 ? $0 : nil }
    consecutiveFailures = (streak?.consecutiveFailures ?? 0) + 1
    firstFailureAt = streak?.firstFailureAt ?? checkedAt
    if status == .failing, consecutiveFailures >= 2, let first = streak?.firstFailureAt,
      let since = Timestamp.date(from: first), now.timeIntervalSince(since) >= Self.brokenAfter
    {
      status = .broken
      detail = (detail ?? "failing") + "; failing since \(first.prefix(10))"
    }
  }

  /// A record read back from the catalog.
  init(
    url: String, urlKey: String, checkedAt: String, status: LinkStatus, httpStatus: Int?, finalURL: String?,
    movedTo: String?, failure: LinkFailure?, detail: String?, consecutiveFailures: Int, firstFailureAt: String?
  ) {
    self.url = url
    self.urlKey = urlKey
    self.checkedAt = checkedAt
    self.status = status
    self.httpStatus = httpStatus
    self.finalURL = finalURL
    self.movedTo = movedTo
    self.failure = failure
    self.detail = detail
    self.consecutiveFailures = consecutiveFailures
    self.firstFailureAt = firstFailureAt
  }
}
