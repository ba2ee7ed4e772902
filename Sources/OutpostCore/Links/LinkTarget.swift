/// One distinct URL to request: every catalog URL sharing a normalised key.
public struct LinkTarget: Sendable, Equatable {
  /// `URLCheck.duplicateKey` of the URLs.
  public var key: String
  /// The URLs as the catalog holds them; the first is the one requested, and
  /// the result is recorded for all of them.
  public var urls: [String]

  /// A target of these URLs, the first requested.
  package init(key: String, urls: [String]) {
    self.key = key
    self.urls = urls
  }

  /// The host the per-host limit counts against, in lower case.
  package var host: String {
    let key = self.key
    let end = key.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? key.endIndex
    var authority = key[..<end]
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    if authority.first != "[", let colon = authority.firstIndex(of: ":") { authority = authority[..<colon] }
    return authority.lowercased()
  }
}
