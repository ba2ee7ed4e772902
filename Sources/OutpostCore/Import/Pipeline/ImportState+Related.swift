import GRDB

extension ImportState {
  /// With `--rejects`, before the related links are made: refuses each
  /// story whose related stories cannot be linked, then writes the updates
  /// held back (`holdsBack`) whose related stories can.
  ///
  /// A refused story can leave another pointing at nothing, so the inserted
  /// stories are looked at again until no more are refused; those refused
  /// are then taken out of the catalog, their sources, tags and links with them.
  mutating func settleRelated() throws {
    guard rejecting != nil else { return }
    var refused = Set<Int64>()
    var reasons: [Int: ProblemList] = [:]
    var changed = true
    while changed {
      changed = false
      for (index, pending) in pendingRelated.enumerated() where !pending.replace && !refused.contains(pending.storyID) {
        let found = try unlinkable(pending.slugs, of: pending.storyID, at: pending.location, refused: refused)
        guard !found.isEmpty else { continue }
        refused.insert(pending.storyID)
        reasons[index] = found
        changed = true
      }
    }
    if !refused.isEmpty {
      try writer.flushLinks()
      for (index, found) in reasons.sorted(by: { $0.key < $1.key }) {
        try db.execute(sql: "DELETE FROM entry WHERE id = ?", arguments: [pendingRelated[index].storyID])
        summary.inserted -= 1
        summary.insertedByKind[.story, default: 0] -= 1
        problems.append(contentsOf: found)
        try refuse(rejecting!.relatedOriginals[index], for: found)
      }
      pendingRelated = pendingRelated.enumerated().filter { reasons[$0.offset] == nil }.map(\.element)
      rejecting!.relatedOriginals = [:]
      rejecting!.removedEntries = true
    }
    let held = rejecting!.heldBack
    rejecting!.heldBack = []
    for item in held {
      let found = try unlinkable(item.entry.related, of: nil, at: item.location, refused: refused)
      if found.isEmpty {
        try writeRefusing(item)
      } else {
        problems.append(contentsOf: found)
        try refuse(item.original, for: found)
      }
    }
    try writer.flushLinks()
    if rejecting!.removedEntries {
      try db.execute(
        sql: "DELETE FROM tag WHERE id > ? AND id NOT IN (SELECT tag_id FROM entry_tag)",
        arguments: [rejecting!.lastTagIDBefore])
    }
  }

  /// Why story `storyID` (nil for one not written yet) cannot be linked to
  /// the stories `slugs`: one missing, a tool, or a story refused itself.
  func unlinkable(_ slugs: [String], of storyID: Int64?, at location: SourceLocation, refused: Set<Int64>) throws
    -> ProblemList
  {
    var found = ProblemList()
    for slug in slugs {
      guard let (id, kind) = try story(slug) else {
        found.append(InputProblem(location, "related story '\(slug)' is neither in the catalog nor in this input"))
        continue
      }
      if id == storyID { continue }
      if kind != .story {
        found.append(InputProblem(location, "related '\(slug)' is a tool; related links join stories only"))
      } else if refused.contains(id) {
        found.append(InputProblem(location, "related story '\(slug)' is refused too; mend both rows"))
      }
    }
    return found
  }
}
