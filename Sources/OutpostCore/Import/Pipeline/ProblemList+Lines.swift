extension ProblemList {
  /// The lines to print: each message once, in file order, up to `shown`
  /// of them, then "… and N more" for the problems not shown.
  public var lines: [String] {
    let shownGroups = inFileOrder.prefix(Self.shown)
    let rest = total - shownGroups.reduce(0) { $0 + $1.count }
    return shownGroups.map(Self.line) + (rest > 0 ? ["… and \(rest) more"] : [])
  }

  /// `tools.csv:14:3: message` for a problem met once; for one met on
  /// several rows, the count and the first places, put before the advice
  /// after a `;` so that the fact comes first:
  /// `tools.csv: title is missing on 504 rows (lines 2, 3, 4, …); every entry needs one`.
  static func line(_ group: Group) -> String {
    let first = group.first[0].problem
    guard group.count > 1 else { return first.description }
    let message = InputProblem.printable(group.message)
    let places: String
    let noun: String
    if group.first.allSatisfy({ $0.problem.location.path != nil }) {
      // JSON: `[0], [1], [2]`, or `[0].pricing, …` for a field's problem.
      noun = "entries"
      places = group.first.map { $0.problem.location.path ?? "" }.joined(separator: ", ")
    } else if group.first.allSatisfy({ $0.problem.location.line != nil }) {
      noun = "rows"
      places = "lines " + group.first.map { String($0.problem.location.line ?? 0) }.joined(separator: ", ")
    } else {
      return "\(first.location.file): \(message) (\(group.count) times)"
    }
    let more = group.count > group.first.count ? ", …" : ""
    let counted = " on \(group.count) \(noun) (\(places)\(more))"
    guard let split = message.range(of: "; ") else { return "\(first.location.file): \(message)\(counted)" }
    return "\(first.location.file): \(message[..<split.lowerBound])\(counted)\(message[split.lowerBound...])"
  }
}
