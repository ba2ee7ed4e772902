#if canImport(AsyncHTTPClient)
  import AsyncHTTPClient
  import Foundation
  import NIOCore

  /// AsyncHTTPClient (SwiftNIO) with the same limits: a pool of at most
  /// `perHost` HTTP/1 connections per host, redirects not followed, and the
  /// same deadline per request. `retryConnect` is AHC's default (true): the
  /// pool then retries a refused connection with backoff until the deadline.
  final class AHCClient: HTTPHeadClient {
    private let client: HTTPClient
    private let timeout: TimeAmount

    init(timeout: TimeInterval, perHost: Int, retryConnect: Bool) {
      self.timeout = .milliseconds(Int64(timeout * 1000))
      var pool = HTTPClient.Configuration.ConnectionPool(
        idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: perHost)
      pool.retryConnectionEstablishment = retryConnect
      var configuration = HTTPClient.Configuration(
        redirectConfiguration: .disallow,
        timeout: .init(connect: self.timeout, read: self.timeout),
        connectionPool: pool)
      configuration.httpVersion = .http1Only
      client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func send(_ url: URL, method: String) async -> Outcome {
      var request = HTTPClientRequest(url: url.absoluteString)
      request.method = method == "GET" ? .GET : .HEAD  // the only two the bench sends
      request.headers.add(name: "User-Agent", value: "http-clients bench (AsyncHTTPClient)")
      do {
        let response = try await client.execute(request, timeout: timeout)
        // Read what body there is (none for HEAD) so the connection goes back
        // to the pool; 64 KiB is far more than the bench's pages.
        _ = try await response.body.collect(upTo: 65_536)
        return .status(Int(response.status.code))
      } catch {
        return .failure("\(error)")
      }
    }

    func close() async { try? await client.shutdown() }
  }
#endif
