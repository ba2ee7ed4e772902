import Foundation

/// How `outpost links check` runs.
public struct LinkCheckOptions: Sendable {
  /// Which entries' URLs (and their story sources') to check.
  public var filter = EntryFilter()
  /// Requests at once, overall.
  public var concurrency = 16
  /// Requests at once to one host: enough to be quick, few enough that no
  /// site takes the checker for an attack.
  public var perHost = 2
  /// Seconds one request may take, connecting included.
  public var timeout: TimeInterval = 10
  /// Skip URLs checked less than this long ago; nil checks everything.
  public var recheckAfter: TimeInterval?
  /// The `User-Agent` header: names Outpost and its version, so a site owner
  /// can tell who is knocking.
  public var userAgent = "Outpost-LinkCheck/0 (+https://github.com/outpost)"
  /// Keep every record written, for `--format json`.
  public var keepsRecords = false
  /// The `outpost-link-probe` to run; nil looks beside the running
  /// executable, then on `PATH`.
  public var probeExecutable: URL?

  /// The defaults of DESIGN: 16 at once, 2 per host, 10 s.
  public init() {}
}
