import Foundation

/// The messages between `outpost links check` and its helper executable,
/// `outpost-link-probe`, one JSON object a line over the helper's standard
/// input and output.
///
/// The requests are made in a process of their own because URLSession on
/// Linux (FoundationNetworking) links libcurl and the thirty libraries it
/// brings (TLS, Kerberos, LDAP, …). The loader maps and binds them at every
/// start of any program that links them: 8 ms of CPU and 13 ms of wall time
/// of every `outpost` command, measured here, for the one command that needs
/// them. Git keeps its HTTP transport in a helper (`git-remote-https`) for
/// the same reason.
public enum LinkProbeMessage {
  /// The helper's name, looked up beside `outpost`.
  public static let executableName = "outpost-link-probe"

  /// One URL to request, by its index in the run.
  public struct Job: Codable, Sendable, Equatable {
    /// The index of the target in the run.
    public var index: Int
    /// `LinkTarget.key`: the host the per-host limit counts against.
    public var key: String
    /// The URL requested.
    public var url: String

    public init(index: Int, key: String, url: String) {
      self.index = index
      self.key = key
      self.url = url
    }

    enum CodingKeys: String, CodingKey {
      case index = "i"
      case key = "k"
      case url = "u"
    }
  }

  /// What one request saw.
  public struct Result: Codable, Sendable, Equatable {
    /// `Job.index`.
    public var index: Int
    public var observation: LinkObservation

    public init(index: Int, observation: LinkObservation) {
      self.index = index
      self.observation = observation
    }

    enum CodingKeys: String, CodingKey {
      case index = "i"
      case observation = "o"
    }
  }

  /// The helper's command line for these options.
  public static func arguments(_ options: LinkCheckOptions) -> [String] {
    [
      "--concurrency", String(options.concurrency), "--per-host", String(options.perHost),
      "--timeout", String(options.timeout), "--user-agent", options.userAgent,
    ]
  }
}
