import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// URLSession (FoundationNetworking, over libcurl on Linux) set up as Outpost's
/// `LinkSession` sets it up: an ephemeral session, `perHost` connections per
/// host, redirects refused in the delegate, the body cancelled as soon as the
/// head arrives, and a hard deadline per request.
final class URLSessionClient: NSObject, HTTPHeadClient, URLSessionDataDelegate, @unchecked Sendable {
  private let timeout: TimeInterval
  private var session: URLSession!
  private let lock = NSLock()
  /// The waiting request of each task, by task identifier.
  private var waiting: [Int: CheckedContinuation<Outcome, Never>] = [:]

  init(timeout: TimeInterval, perHost: Int) {
    self.timeout = timeout
    super.init()
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout
    configuration.httpMaximumConnectionsPerHost = perHost
    configuration.urlCache = nil
    configuration.httpAdditionalHeaders = ["User-Agent": "http-clients bench (URLSession)"]
    session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
  }

  func send(_ url: URL, method: String) async -> Outcome {
    var request = URLRequest(url: url)
    request.httpMethod = method
    let task = session.dataTask(with: request)
    return await withCheckedContinuation { continuation in
      lock.withLock { waiting[task.taskIdentifier] = continuation }
      task.resume()
      // The deadline: whichever of it and the delegate comes first answers.
      DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
        if finish(task, .failure("timeout (bench deadline)")) { task.cancel() }
      }
    }
  }

  func close() async { session.invalidateAndCancel() }

  /// Gives `task`'s answer to its caller; false when it was given already.
  @discardableResult
  private func finish(_ task: URLSessionTask, _ outcome: Outcome) -> Bool {
    guard let continuation = lock.withLock({ waiting.removeValue(forKey: task.taskIdentifier) }) else { return false }
    continuation.resume(returning: outcome)
    return true
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
  ) {
    completionHandler(nil)  // not followed: the 3xx is the answer
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    completionHandler(.cancel)  // the head is all a check needs
    finish(dataTask, .status((response as? HTTPURLResponse)?.statusCode ?? 0))
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
    if let response = task.response as? HTTPURLResponse {
      finish(task, .status(response.statusCode))  // a refused redirect ends here
    } else if let error = error as? URLError {
      finish(task, .failure("URLError \(error.code.rawValue): \(error.localizedDescription)"))
    } else {
      finish(task, .failure(error.map { "\($0)" } ?? "closed without an answer"))
    }
  }
}
