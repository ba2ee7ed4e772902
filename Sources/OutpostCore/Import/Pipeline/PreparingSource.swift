/// Prepares the items of `inner` as they are taken, on the importer's
/// thread: for inputs read whole (a story page, an awesome list, the seed),
/// where a reading thread would gain nothing.
struct PreparingSource<Inner: ImportItemSource>: PreparedItemSource {
  var inner: Inner
  let preparation: ItemPreparation

  init(_ inner: Inner, preparation: ItemPreparation) {
    self.inner = inner
    self.preparation = preparation
  }

  mutating func next() throws -> ImportStep? { try inner.next().map(preparation.prepare) }
  var unusedColumns: [String] { inner.unusedColumns }
  var columnProfile: ColumnProfile? { inner.columnProfile }
  var progress: (done: Int, total: Int?) { inner.progress }
}
