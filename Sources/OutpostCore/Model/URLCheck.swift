import Foundation

/// URL validation: an http(s) URL with a host.
public enum URLCheck {
  /// The URL trimmed of surrounding spaces when it is http(s) with a host, else
  /// a reason it is not, phrased for the user.
  public static func validate(_ text: String) -> Result<String, Problem> {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let components = URLComponents(string: trimmed),
      let scheme = components.scheme?.lowercased()
    else { return .failure(Problem("url '\(text)' is not a valid URL; expected https://host/…")) }
    guard scheme == "http" || scheme == "https" else {
      return .failure(Problem("url '\(text)' must start with http:// or https://"))
    }
    guard let host = components.host, !host.isEmpty, !trimmed.contains(" ") else {
      return .failure(Problem("url '\(text)' has no host; expected https://host/…"))
    }
    return .success(trimmed)
  }

  /// The form two URLs are compared in to find likely duplicates: no scheme,
  /// no `www.`, no trailing `/`, host in lower case.
  public static func duplicateKey(_ url: String) -> String {
    var text = url.trimmingCharacters(in: .whitespacesAndNewlines)
    if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
    if let slash = text.firstIndex(of: "/") {
      text = text[..<slash].lowercased() + text[slash...]
    } else {
      text = text.lowercased()
    }
    if text.hasPrefix("www.") { text.removeFirst(4) }
    while text.hasSuffix("/") { text.removeLast() }
    return text
  }

  /// A message-carrying failure, so `Result` can hold it.
  public struct Problem: Error, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
  }
}
