/// What a `links check` run did.
public struct LinkCheckSummary: Sendable {
  /// Distinct URLs (by normalised key) the run set out to request.
  public var planned: Int
  /// URLs left out because they were checked within `recheckAfter`.
  public var recent: Int
  /// Distinct URLs requested and recorded.
  public var checked: Int
  /// Records written by status (one per catalog URL, so URLs sharing a key
  /// count once each).
  public var counts: [LinkStatus: Int]
  /// True when the run was stopped before the end (Ctrl-C).
  public var interrupted: Bool
  /// Every record written, when the options asked to keep them.
  public var records: [LinkRecord]
}

/// How far a running check has got, for a progress bar.
public struct LinkCheckProgress: Sendable {
  /// Distinct URLs recorded so far.
  public var done: Int
  /// Distinct URLs the run will request.
  public var total: Int
  /// Records written so far by status.
  public var counts: [LinkStatus: Int]
}
