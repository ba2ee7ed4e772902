import GRDB

/// Tool and story pages: the only pages that need an entry's full text,
/// read in one pass when many changed, one by one when few did.
extension SiteBuild {
  func writeEntryPages(_ plans: [Plan]) throws {
    var wanted: [Int64: (index: Int32, plan: Plan)] = [:]
    for plan in plans where plan.needed {
      if case .entry(let index) = plan.kind { wanted[skeleton.items[Int(index)].id] = (index, plan) }
    }
    guard !wanted.isEmpty else { return }
    let sources = try db.cachedStatement(
      sql: "SELECT n, title, publisher, url, published_at, excerpt FROM source WHERE entry_id = ? ORDER BY n")
    if wanted.count > skeleton.items.count / 20 {
      let names = try EntryCursor.Names(db)
      let rows = try Row.fetchCursor(db, sql: EntryCursor.bulkSelection)
      var batch: [(entry: Entry, index: Int32, plan: Plan)] = []
      func flush() throws {
        try emitInParallel(batch.count) { position in
          let (entry, index, plan) = batch[position]
          let template = entry.kind == .story ? "story" : "tool"
          return (plan.path, plan.inputs, page(template, plan.path, entryContext(entry, index: index)))
        }
        batch.removeAll(keepingCapacity: true)
      }
      while let row = try rows.next() {
        guard let found = wanted[row[0]] else { continue }
        batch.append((try EntryCursor.entry(row, sources: sources, names: names), found.index, found.plan))
        if batch.count == Self.batchSize { try flush() }
      }
      try flush()
    } else {
      let select = try db.cachedStatement(sql: EntryCursor.selection + " WHERE e.id = ?")
      for (id, (index, plan)) in wanted.sorted(by: { $0.value.index < $1.value.index }) {
        guard let row = try Row.fetchOne(select, arguments: [id]) else { continue }
        try writeEntry(try EntryCursor.entry(row, sources: sources), index: index, plan: plan)
      }
    }
  }

  private func writeEntry(_ entry: Entry, index: Int32, plan: Plan) throws {
    let template = entry.kind == .story ? "story" : "tool"
    try emit(plan.path, inputs: plan.inputs, page(template, plan.path, entryContext(entry, index: index)))
  }
}
