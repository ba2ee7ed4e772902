import Foundation
import OutpostCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One HTTP request at a time per call, through URLSession, reporting the
/// status line and headers of the answer and never its body.
///
/// Redirects are not followed here: `LinkProbe` follows them itself, to tell
/// permanent from temporary ones and to see loops. Every request has a hard
/// deadline of its own, so a server that accepts and never answers costs one
/// `timeout` and no more.
final class LinkSession: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  /// What one request came to.
  enum Outcome: Sendable, Equatable {
    /// The server answered: its status, `Location`, `Retry-After`, and whether
    /// the answer is a bot challenge.
    case answer(status: Int, location: String?, retryAfter: String?, challenge: Bool)
    /// No answer, for this reason.
    case failure(LinkFailure, String)
    /// The run was interrupted: nothing to record.
    case cancelled
  }

  let timeout: TimeInterval
  private var session: URLSession!
  private let lock = NSLock()
  private var exchanges: [Int: Exchange] = [:]

  init(timeout: TimeInterval, userAgent: String, maximumConnections: Int) {
    self.timeout = timeout
    super.init()
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout
    configuration.httpMaximumConnectionsPerHost = maximumConnections
    configuration.httpShouldSetCookies = false
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.httpAdditionalHeaders = ["User-Agent": userAgent, "Accept": "text/html,*/*;q=0.8"]
    session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
  }

  /// Ends the session; its delegate (this object) is released with it.
  func close() { session.invalidateAndCancel() }

  /// Sends one `method` request to `url` and waits for the answer's head, a
  /// failure, the deadline or cancellation, whichever comes first.
  func send(_ url: URL, method: String) async -> Outcome {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.timeoutInterval = timeout
    let task = session.dataTask(with: request)
    let exchange = Exchange()
    lock.withLock { exchanges[task.taskIdentifier] = exchange }
    defer { _ = lock.withLock { exchanges.removeValue(forKey: task.taskIdentifier) } }
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        exchange.attach(continuation)
        task.resume()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [timeout] in
          if exchange.finish(.failure(.timeout, "no answer within \(Self.seconds(timeout))")) { task.cancel() }
        }
      }
    } onCancel: {
      if exchange.finish(.cancelled) { task.cancel() }
    }
  }

  private func exchange(_ task: URLSessionTask) -> Exchange? {
    lock.withLock { exchanges[task.taskIdentifier] }
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
  ) {
    completionHandler(nil)
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    // The head is all a check needs: cancelling here never downloads a body.
    completionHandler(.cancel)
    guard let http = response as? HTTPURLResponse else {
      exchange(dataTask)?.finish(.failure(.connection, "the answer is not HTTP"))
      return
    }
    let challenge = (http.value(forHTTPHeaderField: "cf-mitigated") ?? "").lowercased() == "challenge"
    exchange(dataTask)?.finish(
      .answer(
        status: http.statusCode, location: http.value(forHTTPHeaderField: "Location"),
        retryAfter: http.value(forHTTPHeaderField: "Retry-After"), challenge: challenge))
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
    guard let exchange = exchange(task) else { return }
    if let response = task.response as? HTTPURLResponse {
      // A redirect refused above completes without `didReceive response`.
      let challenge = (response.value(forHTTPHeaderField: "cf-mitigated") ?? "").lowercased() == "challenge"
      exchange.finish(
        .answer(
          status: response.statusCode, location: response.value(forHTTPHeaderField: "Location"),
          retryAfter: response.value(forHTTPHeaderField: "Retry-After"), challenge: challenge))
    } else if let error {
      exchange.finish(Self.classify(error))
    } else {
      exchange.finish(.failure(.connection, "the server closed the connection without answering"))
    }
  }

  /// A URLSession error as a failure kind and a sentence.
  static func classify(_ error: Error) -> Outcome {
    let code = (error as? URLError)?.code ?? URLError.Code(rawValue: (error as NSError).code)
    switch code {
    case .cannotFindHost, .dnsLookupFailed: return .failure(.dns, "host name does not resolve")
    case .cannotConnectToHost: return .failure(.refused, "connection refused")
    case .timedOut: return .failure(.timeout, "no answer in time")
    case .secureConnectionFailed, .serverCertificateHasBadDate, .serverCertificateUntrusted,
      .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
      .clientCertificateRequired:
      return .failure(.tls, "TLS failed: \(error.localizedDescription)")
    case .httpTooManyRedirects: return .failure(.tooManyRedirects, "too many redirects")
    case .cancelled: return .cancelled
    default: return .failure(.connection, "network error: \(error.localizedDescription)")
    }
  }

  static func seconds(_ value: TimeInterval) -> String {
    value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
  }

  /// One request's answer, given once: by the delegate, the deadline or a
  /// cancellation, whichever comes first.
  final class Exchange: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Outcome, Never>?
    private var outcome: Outcome?

    func attach(_ continuation: CheckedContinuation<Outcome, Never>) {
      let ready: Outcome? = lock.withLock {
        if outcome == nil { self.continuation = continuation }
        return outcome
      }
      if let ready { continuation.resume(returning: ready) }
    }

    /// Gives the answer; false when one was given already.
    @discardableResult
    func finish(_ value: Outcome) -> Bool {
      let waiting: CheckedContinuation<Outcome, Never>?? = lock.withLock {
        guard outcome == nil else { return .none }
        outcome = value
        defer { continuation = nil }
        return .some(continuation)
      }
      guard case .some(let continuation) = waiting else { return false }
      continuation?.resume(returning: value)
      return true
    }
  }
}
