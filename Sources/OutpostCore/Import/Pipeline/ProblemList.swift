/// The problems of an input, in file order, each message said once.
///
/// Problems do not arrive in file order: rows are read and checked on one
/// thread and written on another, an awesome list's unreadable lines are
/// found before its items are written, and a related story is looked for
/// only at the end. So each problem is placed by its line (then its JSON
/// index, its column, and when it arrived), and a message that repeats on
/// many rows is one group: `title is missing on 504 rows (lines 2, 3, 4, …)`.
///
/// Memory stays bounded however many problems a file has: a group keeps only
/// its first few locations, and past `held` distinct messages the latest in
/// file order are let go, still counted in `total`.
public struct ProblemList: Error, Sendable, Equatable {
  /// How many distinct messages are printed before "… and N more".
  public static let shown = 20
  /// How many locations a repeated message names: "lines 2, 3, 4, …".
  static let named = 3
  /// Distinct messages held before the latest are let go: more than those
  /// shown, so that a message found late still finds its place in file order.
  static let held = 64

  /// One message and where it occurs.
  struct Group: Sendable, Equatable {
    var message: String
    var count = 0
    /// Its first occurrences in file order, at most `named`.
    var first: [Occurrence] = []

    /// Counts `occurrence`, keeping it when it is among the first.
    mutating func add(_ occurrence: Occurrence) {
      count += 1
      var index = first.count
      while index > 0, occurrence.precedes(first[index - 1]) { index -= 1 }
      guard index < ProblemList.named else { return }
      first.insert(occurrence, at: index)
      if first.count > ProblemList.named { first.removeLast() }
    }
  }

  /// A problem and when it arrived, which breaks ties between problems at
  /// the same place.
  struct Occurrence: Sendable, Equatable {
    var problem: InputProblem
    var arrival: Int

    /// Whether this comes before `other` in the file.
    func precedes(_ other: Occurrence) -> Bool {
      let a = problem.location
      let b = other.problem.location
      if a.line != b.line { return (a.line ?? 0) < (b.line ?? 0) }
      let indexA = a.path.flatMap(Self.elementIndex) ?? 0
      let indexB = b.path.flatMap(Self.elementIndex) ?? 0
      if indexA != indexB { return indexA < indexB }
      if a.column != b.column { return (a.column ?? 0) < (b.column ?? 0) }
      return arrival < other.arrival
    }

    /// `12` of a JSON path `[12].pricing`: elements of a one-line array
    /// share their line.
    static func elementIndex(_ path: String) -> Int? {
      guard path.hasPrefix("["), let close = path.firstIndex(of: "]") else { return nil }
      return Int(path[path.index(after: path.startIndex)..<close])
    }
  }

  private(set) var groups: [Group] = []
  private var groupIndex: [String: Int] = [:]
  /// Every problem appended, whether or not it is shown.
  public private(set) var total = 0
  private var arrivals = 0

  public init() {}

  public mutating func append(_ problem: InputProblem) {
    total += 1
    add(problem, count: 1)
  }

  /// Appends the problems of `other`, counts included.
  public mutating func append(contentsOf other: ProblemList) {
    total += other.total
    for group in other.groups {
      for (position, occurrence) in group.first.enumerated() {
        // The last kept occurrence stands for those `other` did not keep.
        let count = position == group.first.count - 1 ? group.count - position : 1
        add(occurrence.problem, count: count)
      }
    }
  }

  private mutating func add(_ problem: InputProblem, count: Int) {
    arrivals += 1
    let occurrence = Occurrence(problem: problem, arrival: arrivals)
    if let index = groupIndex[problem.message] {
      groups[index].add(occurrence)
      groups[index].count += count - 1
      return
    }
    var group = Group(message: problem.message)
    group.add(occurrence)
    group.count = count
    groupIndex[problem.message] = groups.count
    groups.append(group)
    if groups.count > Self.held { letGoOfTheLatest() }
  }

  /// Keeps the messages that come first in the file, as many as `held / 2`.
  private mutating func letGoOfTheLatest() {
    groups = Array(inFileOrder.prefix(Self.held / 2))
    groupIndex = [:]
    for (index, group) in groups.enumerated() { groupIndex[group.message] = index }
  }

  public var isEmpty: Bool { total == 0 }

  /// The groups ordered by where their first occurrence is.
  var inFileOrder: [Group] {
    groups.sorted { $0.first[0].precedes($1.first[0]) }
  }

  /// The first occurrence of each message shown, in file order.
  public var problems: [InputProblem] {
    inFileOrder.prefix(Self.shown).map(\.first[0].problem)
  }

  /// The distinct messages, in file order: a refused row's reasons.
  public var messages: [String] { inFileOrder.map(\.message) }

  /// Whether any problem's message starts with `prefix`.
  func contains(messageStartingWith prefix: String) -> Bool {
    groups.contains { $0.message.hasPrefix(prefix) }
  }
}
