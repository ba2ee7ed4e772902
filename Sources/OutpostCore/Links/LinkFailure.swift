/// Why a URL could not be read, as stored in `link_check.failure`.
public enum LinkFailure: String, Sendable, CaseIterable, Codable {
  /// The host name does not resolve.
  case dns
  /// Nothing listens on the port.
  case refused
  /// The TLS handshake or the certificate failed.
  case tls
  /// No answer within `--timeout`.
  case timeout
  /// The server answered with a status that is a failure (404, 500, 429, …).
  case http
  /// Redirects that come back to a URL already visited.
  case redirectLoop = "redirect-loop"
  /// More redirects than the checker follows.
  case tooManyRedirects = "too-many-redirects"
  /// Any other network failure: the connection dropped, the answer was not HTTP.
  case connection
}
