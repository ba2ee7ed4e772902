/// What a URL's last checks say about it, from DESIGN's "Link health".
public enum LinkStatus: String, Sendable, CaseIterable, Codable {
  /// 2xx, after temporary redirects.
  case ok
  /// A permanent redirect (301, 308) to a working page: the entry should be
  /// edited to the target.
  case redirected
  /// The site answered but refuses robots (401, 403, 999, a bot challenge);
  /// never counted as broken, since a reader's browser gets through.
  case blocked
  /// A failure that may pass: a timeout, a refused connection, TLS, a 5xx, a
  /// 429 still refused after its `Retry-After`.
  case failing
  /// Gone for good: 404, 410, a name that does not resolve, a redirect loop,
  /// or failing on two checks at least 24 hours apart.
  case broken
  /// Never checked.
  case unchecked

  /// The statuses a check can record (`unchecked` is the absence of a record).
  public static let recorded: [LinkStatus] = [.ok, .redirected, .blocked, .failing, .broken]

  /// Whether the status is a failure, which extends the failure streak.
  var isFailure: Bool { self == .failing || self == .broken }
}
