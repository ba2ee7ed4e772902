/// What one check of one URL saw, before the failure streak is taken into
/// account: `LinkRecord` turns it into what is stored.
public struct LinkObservation: Sendable, Equatable, Codable {
  /// The verdict of this check alone: never `unchecked`, and `broken` only
  /// for failures that are final on one try (404, 410, DNS, redirect loop).
  public var status: LinkStatus
  /// The last HTTP status received; nil when no server answered.
  public var httpStatus: Int?
  /// Where the redirects ended; nil when there were none.
  public var finalURL: String?
  /// For `redirected`: the target of the leading permanent redirects.
  public var movedTo: String?
  /// Why it failed, for `failing` and `broken`.
  public var failure: LinkFailure?
  /// The failure in words, for the curator.
  public var detail: String?

  /// An observation with these parts.
  public init(
    status: LinkStatus, httpStatus: Int? = nil, finalURL: String? = nil, movedTo: String? = nil,
    failure: LinkFailure? = nil, detail: String? = nil
  ) {
    self.status = status
    self.httpStatus = httpStatus
    self.finalURL = finalURL
    self.movedTo = movedTo
    self.failure = failure
    self.detail = detail
  }

  /// A network failure: final only when the name does not resolve, since a
  /// lapsed domain does not come back, while a refused port or a timeout may.
  /// `httpStatus` is the last answer's, for failures in a chain of redirects.
  package static func failed(_ failure: LinkFailure, _ detail: String, finalURL: String? = nil, httpStatus: Int? = nil)
    -> LinkObservation
  {
    let final: Bool = failure == .dns || failure == .redirectLoop
    return LinkObservation(
      status: final ? .broken : .failing, httpStatus: httpStatus, finalURL: finalURL, failure: failure,
      detail: detail)
  }

  /// The verdict on the answer that ended the redirects.
  ///
  /// - Parameters:
  ///   - status: its HTTP status.
  ///   - challenge: the answer is a bot challenge (`cf-mitigated: challenge`).
  ///   - finalURL: where the redirects ended, nil when there were none.
  ///   - movedTo: the target of the leading permanent redirects, if any.
  package static func answered(status: Int, challenge: Bool, finalURL: String?, movedTo: String?) -> LinkObservation {
    var result = LinkObservation(status: .ok, httpStatus: status, finalURL: finalURL)
    switch status {
    case _ where challenge, 401, 403, 999:
      result.status = .blocked
      result.detail = challenge ? "bot challenge (HTTP \(status))" : "refuses robots (HTTP \(status))"
    case 200..<300:
      if let movedTo {
        result.status = .redirected
        result.movedTo = movedTo
      }
    case 404, 410:
      result.status = .broken
      result.failure = .http
      result.detail = "HTTP \(status)" + (status == 404 ? " not found" : " gone")
    case 429:
      result.status = .failing
      result.failure = .http
      result.detail = "HTTP 429 too many requests, still after its Retry-After"
    default:
      result.status = .failing
      result.failure = .http
      result.detail = "HTTP \(status)"
    }
    return result
  }
}
