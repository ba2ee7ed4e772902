/// Lines for stderr, bounded: the first 20 kept, the rest counted.
public struct ProblemCounter: Sendable, Equatable {
  public private(set) var lines: [String] = []
  public private(set) var total = 0

  public init() {}

  public mutating func append(_ line: String) {
    total += 1
    if lines.count < ProblemList.shown { lines.append(line) }
  }

  /// The lines to print, then "… and N more".
  public var printable: [String] {
    lines + (total > lines.count ? ["… and \(total - lines.count) more"] : [])
  }
}
