/// One step of an input: an entry, or the problems that kept a record from being one.
public enum ImportStep: Sendable {
  case item(ImportItem)
  case problems(ProblemList)
}
