/// One step of an input: an entry, or the problems that kept a record from being one.
public enum ImportStep: Sendable {
  case item(ImportItem)
  case problems(ProblemList)
  /// A record refused for its problems, to be written to the rejects file.
  case refused(ProblemList, OriginalRecord)

  /// `problems`, refusing `original` when it was kept (`--rejects`).
  static func problems(_ problems: ProblemList, refusing original: OriginalRecord?) -> ImportStep {
    guard let original else { return .problems(problems) }
    return .refused(problems, original)
  }
}
