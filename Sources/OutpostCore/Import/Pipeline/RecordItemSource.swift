/// Reads records of a JSON, NDJSON or CSV input as import items: the reader
/// and the mapper, the first two stages of the pipeline.
struct RecordItemSource<Reader: RecordReading>: ImportItemSource {
  var reader: Reader
  var mapper: EntryMapper

  mutating func next() throws -> ImportStep? {
    guard let record = try reader.nextRecord() else { return nil }
    switch record {
    case .problems(let problems): return .problems(problems)
    case .record(let record):
      switch try mapper.item(from: record) {
      case .success(let item): return .item(item)
      case .failure(let problems): return .problems(problems)
      }
    }
  }

  var unusedColumns: [String] { mapper.unusedColumns }
  var progress: (done: Int, total: Int?) { reader.progress }
}
