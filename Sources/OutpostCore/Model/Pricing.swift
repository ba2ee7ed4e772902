/// What a tool costs, from a small vocabulary so that pricing can be filtered.
public enum Pricing: String, Sendable, CaseIterable {
  case free, freemium, paid, contact, unknown

  /// Reads user or file input: the vocabulary itself in any case, or one of
  /// the spellings real datasets use ("Free trial", "Subscription", …).
  public init?(parsing text: String) {
    // The vocabulary as written, as in every exported file: no folding needed.
    if let exact = Pricing(rawValue: text) {
      self = exact
      return
    }
    let key = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
      .replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
    if let exact = Pricing(rawValue: key) {
      self = exact
      return
    }
    guard let alias = Pricing.aliases[key] else { return nil }
    self = alias
  }

  /// Input spellings that map onto the vocabulary.
  static let aliases: [String: Pricing] = [
    "": .unknown, "n/a": .unknown, "?": .unknown, "not known": .unknown,
    "free trial": .freemium, "trial": .freemium, "free tier": .freemium,
    "freemium model": .freemium, "free plan": .freemium, "free + paid": .freemium,
    "free and paid": .freemium, "free/paid": .freemium, "free & paid": .freemium,
    "free / paid": .freemium, "free with limits": .freemium, "free credits": .freemium,
    "open source": .free, "opensource": .free, "free forever": .free, "gratis": .free,
    "completely free": .free, "100% free": .free,
    "premium": .paid, "subscription": .paid, "pay": .paid, "one time": .paid,
    "one time purchase": .paid, "pay as you go": .paid, "usage based": .paid,
    "commercial": .paid, "paid only": .paid,
    "contact for pricing": .contact, "contact sales": .contact, "enterprise": .contact,
    "custom": .contact, "custom pricing": .contact, "on request": .contact,
    "request a quote": .contact,
  ]
}
