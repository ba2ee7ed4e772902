/// A record, or the problems that kept a piece of input from being one.
enum RecordStep {
  case record(RawRecord)
  case problems(ProblemList)
  /// A record refused for its problems, kept to be written back (`--rejects`).
  case refused(ProblemList, OriginalRecord)

  /// `problem`, with the record it refused when that is kept.
  static func problem(_ problem: InputProblem, refusing original: OriginalRecord? = nil) -> RecordStep {
    var list = ProblemList()
    list.append(problem)
    guard let original else { return .problems(list) }
    return .refused(list, original)
  }

  /// The record, or its first problem thrown: for the readers' public
  /// `next()`, which reports a problem it can go past by throwing it too.
  func record() throws(InputProblem) -> RawRecord {
    switch self {
    case .record(let record): return record
    case .problems(let list), .refused(let list, _): throw list.problems[0]
    }
  }
}
