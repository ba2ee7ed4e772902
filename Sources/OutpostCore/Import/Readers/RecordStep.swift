/// A record, or the problems that kept a piece of input from being one.
enum RecordStep {
  case record(RawRecord)
  case problems(ProblemList)

  static func problem(_ problem: InputProblem) -> RecordStep {
    var list = ProblemList()
    list.append(problem)
    return .problems(list)
  }

  /// The record, or its first problem thrown: for the readers' public
  /// `next()`, which reports a problem it can go past by throwing it too.
  func record() throws(InputProblem) -> RawRecord {
    switch self {
    case .record(let record): return record
    case .problems(let list): throw list.problems[0]
    }
  }
}
