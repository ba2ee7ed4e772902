import GRDB

/// Tool and story pages: the only pages that need an entry's full text,
/// read in one pass when many changed, one by one when few did.
extension SiteBuild {
  func writeEntryPages(_ plans: [Plan]) throws {
    // Each entry's plan by its position, not a copy: a full build of a
    // large catalog wants them all.
    var wanted: [Int64: Int32] = [:]
    for (position, plan) in plans.enumerated() where plan.needed {
      if case .entry(let index) = plan.kind { wanted[skeleton.items[Int(index)].id] = Int32(position) }
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
        guard let position = wanted[row[0]] else { continue }
        let plan = plans[Int(position)]
        guard case .entry(let index) = plan.kind else { continue }
        batch.append((try EntryCursor.entry(row, sources: sources, names: names), index, plan))
        if batch.count == Self.batchSize { try flush() }
      }
      try flush()
    } else {
      let select = try db.cachedStatement(sql: EntryCursor.selection + " WHERE e.id = ?")
      for (id, position) in wanted.sorted(by: { $0.value < $1.value }) {
        let plan = plans[Int(position)]
        guard case .entry(let index) = plan.kind, let row = try Row.fetchOne(select, arguments: [id]) else { continue }
        try writeEntry(try EntryCursor.entry(row, sources: sources), index: index, plan: plan)
      }
    }
  }

  private func writeEntry(_ entry: Entry, index: Int32, plan: Plan) throws {
    let template = entry.kind == .story ? "story" : "tool"
    try emit(plan.path, inputs: plan.inputs, page(template, plan.path, entryContext(entry, index: index)))
  }
}
