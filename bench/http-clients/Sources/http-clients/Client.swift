import Foundation

/// What one request came to: the answer's status, or why there was none.
enum Outcome: Sendable {
  case status(Int)
  case failure(String)
}

/// One HTTP client under test. Both clients get the same calls from the same
/// scheduler; neither follows redirects, and neither reads a body.
protocol HTTPHeadClient: Sendable {
  /// Sends one `method` request to `url` and waits for the answer's head, a
  /// failure, or the deadline.
  func send(_ url: URL, method: String) async -> Outcome
  /// Ends the client's connections and threads.
  func close() async
}
