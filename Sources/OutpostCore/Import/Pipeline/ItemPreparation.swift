/// What happens to an input item before the database sees it: the command
/// line's additions, the derived fields and slug, and the rules that join
/// the fields.
///
/// It needs nothing but the item and the options, so for CSV, JSON and NDJSON
/// it runs on the reading thread (`ReadAheadSource`), and the thread that
/// writes to SQLite, the one an import waits for, is spared it; for the
/// formats read whole, `PreparingSource` runs it as items are taken. Either
/// way it runs once: the importer takes only a `PreparedItemSource`.
struct ItemPreparation: Sendable {
  let options: ImportOptions

  /// `step` with its item prepared, or the problems that keep it from being written.
  func prepare(_ step: ImportStep) -> ImportStep {
    // Bound with `let`, then copied: a `var` binding would copy the step
    // before knowing it holds an item.
    guard case .item(let preparing) = step else { return step }
    var item = preparing
    if let kind = options.kind {
      item.entry.kind = kind
      item.fields.insert(.kind)
    }
    for audience in options.audiences where !item.entry.audiences.contains(audience) {
      item.entry.audiences.append(audience)
    }
    for tag in options.tags where !item.entry.tags.contains(tag) {
      item.entry.tags.append(tag)
    }
    item.entry = EntryRules.completed(item.entry)
    // Sources given without a count replace the stored ones, so their count
    // replaces the stored count too: `--on-conflict update` would otherwise
    // keep the old count, and the story would break the rule that they agree.
    if item.fields.contains(.sources), !item.entry.sources.isEmpty, item.entry.sourceCount != nil {
      item.fields.insert(.sourceCount)
    }
    item.slugGiven = !item.entry.slug.isEmpty
    if !item.slugGiven, !item.entry.title.isEmpty { item.entry.slug = Slug.derive(from: item.entry.title) }
    // A row that lacks what a new entry needs but names an entry may be a
    // patch of it: the importer, which knows whether it exists, checks it.
    let namesEntry = item.slugGiven || (options.match == .url && item.entry.url != nil)
    if namesEntry, EntryRules.lacksRequired(item.entry) {
      item.rulesDeferred = true
      return .item(item)
    }
    let rules = EntryRules.newEntryProblems(item.entry)
    guard rules.isEmpty else {
      var problems = ProblemList()
      for message in rules { problems.append(InputProblem(item.location, message)) }
      return .problems(problems, refusing: item.original)
    }
    return .item(item)
  }
}
