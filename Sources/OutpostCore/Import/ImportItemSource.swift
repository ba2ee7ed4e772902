/// One step of an input: an entry, or the problems that kept a record from being one.
public enum ImportStep: Sendable {
  case item(ImportItem)
  case problems(ProblemList)
}

/// Yields the entries of an input one at a time, so memory stays flat.
public protocol ImportItemSource {
  /// The next step, or nil at the end. Throws when the input cannot be read
  /// any further (a syntax error).
  mutating func next() throws -> ImportStep?
  /// Input columns or keys that feed no field, known once read.
  var unusedColumns: [String] { get }
  /// How far the input has been read, for a progress bar: (done, total) in bytes when known.
  var progress: (done: Int, total: Int?) { get }
}

/// Items already in memory: a story page, an awesome list, a test.
public struct ItemArraySource: ImportItemSource {
  var items: [ImportItem]
  var problems: ProblemList
  var index = 0

  public init(_ items: [ImportItem], problems: ProblemList = ProblemList()) {
    self.items = items
    self.problems = problems
  }

  public mutating func next() throws -> ImportStep? {
    if !problems.isEmpty {
      defer { problems = ProblemList() }
      return .problems(problems)
    }
    guard index < items.count else { return nil }
    defer { index += 1 }
    return .item(items[index])
  }

  public var unusedColumns: [String] { [] }
  public var progress: (done: Int, total: Int?) { (index, items.count) }
}
