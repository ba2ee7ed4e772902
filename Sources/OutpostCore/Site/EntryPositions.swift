/// Each published entry's position in the skeleton, by entry id.
///
/// Looked up for every row of the link tables (four hundred thousand for a
/// 100 000-entry catalog): a dictionary hashes each id, while ids, handed
/// out one after another, are dense enough to index an array. A catalog
/// whose ids are sparse (most entries removed) gets the dictionary.
struct EntryPositions {
  private var dense: [Int32] = []
  private var sparse: [Int64: Int32] = [:]
  private var isDense = true
  /// How many ids it holds.
  private(set) var count = 0

  init(_ ids: some Collection<Int64>) {
    count = ids.count
    let highest = ids.max() ?? -1
    isDense = highest < Int64(ids.count) * 4 + 4096 && (ids.min() ?? 0) >= 0
    if isDense {
      dense = [Int32](repeating: -1, count: Int(highest) + 1)
      for (position, id) in ids.enumerated() { dense[Int(id)] = Int32(position) }
    } else {
      sparse.reserveCapacity(ids.count)
      for (position, id) in ids.enumerated() { sparse[id] = Int32(position) }
    }
  }

  init() {}

  subscript(id: Int64) -> Int32? {
    guard isDense else { return sparse[id] }
    guard id >= 0, id < Int64(dense.count) else { return nil }
    let position = dense[Int(id)]
    return position >= 0 ? position : nil
  }
}
