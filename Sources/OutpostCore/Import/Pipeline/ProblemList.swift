/// A bounded list of problems: the first ones kept, the rest counted.
public struct ProblemList: Error, Sendable {
  public static let shown = 20
  public private(set) var problems: [InputProblem] = []
  public private(set) var total = 0

  public init() {}

  public mutating func append(_ problem: InputProblem) {
    total += 1
    if problems.count < Self.shown { problems.append(problem) }
  }

  public mutating func append(contentsOf other: ProblemList) {
    for problem in other.problems { append(problem) }
    total += other.total - other.problems.count
  }

  public var isEmpty: Bool { total == 0 }

  /// The lines to print: up to 20 problems, then "… and N more".
  public var lines: [String] {
    problems.map(\.description) + (total > problems.count ? ["… and \(total - problems.count) more"] : [])
  }
}
