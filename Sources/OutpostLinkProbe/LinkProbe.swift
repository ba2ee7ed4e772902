import Foundation
import OutpostCore

/// Checks one URL: HEAD first, GET when HEAD is refused, up to
/// `maximumRedirects` redirects followed by hand, one wait for a
/// `Retry-After` that fits in the timeout.
struct LinkProbe: Sendable {
  /// Redirects followed before giving up: browsers allow more, but a chain
  /// this long is itself a sign of a misconfigured site.
  static let maximumRedirects = 5

  let session: LinkSession

  /// The observation for `url`, or nil when the run was interrupted.
  func check(_ url: String) async -> LinkObservation? {
    guard var current = URL(string: url), current.host != nil else {
      return .failed(.connection, "not a URL that can be requested")
    }
    var visited: Set<String> = [current.absoluteString]
    var movedTo: String?
    var permanentSoFar = true
    var redirects = 0
    while true {
      if Self.neverResolves(current) {
        return .failed(.dns, "host name does not resolve", finalURL: redirects > 0 ? current.absoluteString : nil)
      }
      let finalURL = redirects > 0 ? current.absoluteString : nil
      switch await fetch(current) {
      case .cancelled:
        return nil
      case .failure(let kind, let detail):
        return .failed(kind, detail, finalURL: finalURL)
      case .answer(let status, let location, _, let challenge):
        guard [301, 302, 303, 307, 308].contains(status), let location,
          let target = URL(string: location, relativeTo: current)?.absoluteURL
        else {
          return .answered(status: status, challenge: challenge, finalURL: finalURL, movedTo: movedTo)
        }
        guard target.scheme == "http" || target.scheme == "https" else {
          return .failed(
            .connection, "redirects to \(target.absoluteString), not a web page", finalURL: finalURL,
            httpStatus: status)
        }
        if status == 301 || status == 308, permanentSoFar {
          movedTo = target.absoluteString
        } else {
          permanentSoFar = false
        }
        guard visited.insert(target.absoluteString).inserted else {
          return .failed(
            .redirectLoop, "redirect loop back to \(target.absoluteString)", finalURL: finalURL,
            httpStatus: status)
        }
        redirects += 1
        guard redirects <= Self.maximumRedirects else {
          return .failed(
            .tooManyRedirects, "more than \(Self.maximumRedirects) redirects", finalURL: finalURL,
            httpStatus: status)
        }
        current = target
      }
    }
  }

  /// One hop: HEAD, then GET when HEAD is refused (405, 501, and the other
  /// errors servers wrongly give HEAD), then once more after a `Retry-After`
  /// no longer than the timeout.
  private func fetch(_ url: URL) async -> LinkSession.Outcome {
    var method = "HEAD"
    var outcome = await session.send(url, method: method)
    if case .answer(let status, _, _, _) = outcome, status >= 400, status != 429 {
      method = "GET"
      outcome = await session.send(url, method: method)
    }
    if case .answer(let status, _, let retryAfter, _) = outcome, status == 429 || status == 503,
      let wait = retryAfter.flatMap({ Self.seconds(retryAfter: $0, now: Date()) }), wait <= session.timeout
    {
      do {
        try await Task.sleep(nanoseconds: UInt64(max(0, wait) * 1_000_000_000))
      } catch {
        return .cancelled
      }
      outcome = await session.send(url, method: method)
    }
    return outcome
  }

  /// RFC 6761: names under `.invalid` never resolve, so they fail at once
  /// rather than waiting on a resolver (which offline may never answer).
  static func neverResolves(_ url: URL) -> Bool {
    guard let host = url.host?.lowercased() else { return true }
    let name = host.hasSuffix(".") ? String(host.dropLast()) : host
    return name == "invalid" || name.hasSuffix(".invalid")
  }

  /// A `Retry-After` value in seconds from `now`: delay-seconds or an HTTP date.
  static func seconds(retryAfter: String, now: Date) -> TimeInterval? {
    let text = retryAfter.trimmingCharacters(in: .whitespaces)
    if let seconds = Int(text), seconds >= 0 { return TimeInterval(seconds) }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    guard let date = formatter.date(from: text) else { return nil }
    return max(0, date.timeIntervalSince(now))
  }
}
