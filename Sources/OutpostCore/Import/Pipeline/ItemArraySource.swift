/// Items already in memory: a story page, an awesome list, a test.
public struct ItemArraySource: ImportItemSource {
  var items: [ImportItem]
  var problems: ProblemList
  /// Records refused before any item is taken, with `--rejects`: the
  /// unreadable items of an awesome list.
  var refused: [(ProblemList, OriginalRecord)]
  var index = 0

  public init(_ items: [ImportItem], problems: ProblemList = ProblemList()) {
    self.init(items, problems: problems, refused: [])
  }

  init(_ items: [ImportItem], problems: ProblemList, refused: [(ProblemList, OriginalRecord)]) {
    self.items = items
    self.problems = problems
    self.refused = refused
  }

  public mutating func next() throws -> ImportStep? {
    if !problems.isEmpty {
      defer { problems = ProblemList() }
      return .problems(problems)
    }
    if let (list, original) = refused.popLast() { return .refused(list, original) }
    guard index < items.count else { return nil }
    defer { index += 1 }
    return .item(items[index])
  }

  public var unusedColumns: [String] { [] }
  public var progress: (done: Int, total: Int?) { (index, items.count) }
}
