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
