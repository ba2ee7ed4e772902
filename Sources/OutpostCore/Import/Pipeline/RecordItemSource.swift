/// Reads records of a JSON, NDJSON or CSV input as import items: the reader
/// and the mapper, the first two stages of the pipeline.
struct RecordItemSource<Reader: RecordReading>: ImportItemSource {
  var reader: Reader
  var mapper: EntryMapper
  /// Keep each record as written, for the rejects file (`--rejects`): CSV
  /// rows come with theirs from the reader; a JSON object is its fields.
  var keepsOriginals = false

  mutating func next() throws -> ImportStep? {
    guard let record = try reader.nextRecord() else { return nil }
    switch record {
    case .problems(let problems): return .problems(problems)
    case .refused(let problems, let original): return .refused(problems, original)
    case .record(let record):
      let original = keepsOriginals ? record.original ?? .object(record.fields) : nil
      switch try mapper.item(from: record) {
      case .success(var item):
        item.original = original
        return .item(item)
      case .failure(let problems): return .problems(problems, refusing: original)
      }
    }
  }

  var unusedColumns: [String] { mapper.unusedColumns }
  var columnProfile: ColumnProfile? { mapper.columnProfile }
  var progress: (done: Int, total: Int?) { reader.progress }
}
