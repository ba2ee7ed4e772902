import Foundation

/// CSV rows keyed by the header, with rows of the wrong width reported.
struct CSVRecordReader: RecordReading {
  var reader: CSVReader
  var header: [String]?
  var fileName: String
  var rows = 0
  /// Keep each row's cells for the rejects file (`--rejects`).
  var keepsOriginals = false
  /// The header as written, once read, when originals are kept.
  var original: CSVHeader?

  init(_ reader: CSVReader, fileName: String) {
    self.reader = reader
    self.fileName = fileName
  }

  mutating func nextRecord() throws(InputProblem) -> RecordStep? {
    guard let header else {
      guard let first = try reader.next() else {
        throw InputProblem(SourceLocation(file: fileName, line: 1), "file is empty; expected a header row and entries")
      }
      let names = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
      try checkHeader(names, of: first)
      self.header = names
      if keepsOriginals { original = CSVHeader(names: first.fields, delimiter: reader.delimiter) }
      return try nextRecord()
    }
    guard let row = try reader.next() else {
      if rows == 0 {
        throw InputProblem(SourceLocation(file: fileName, line: 2), "the file has a header row but no entries")
      }
      return nil
    }
    rows += 1
    let location = SourceLocation(file: fileName, line: row.line)
    if row.fields.count != header.count {
      var problems = ProblemList()
      let side = row.fields.count > header.count ? "extra" : "missing"
      var at = location
      if row.fields.count > header.count, header.count < row.columnStarts.count {
        at = row.location(ofField: header.count, in: fileName)
      }
      // Extra cells mostly come from an unquoted delimiter; missing ones from
      // a row cut short, or a line break in a cell that was not quoted.
      let advice =
        row.fields.count > header.count
        ? "quote cells that hold the delimiter"
        : "add the missing cells (an empty cell is written as nothing between two delimiters) or quote cells that hold a line break"
      problems.append(
        InputProblem(
          at, "row has \(row.fields.count) cells but the header has \(header.count) (\(side) cells); \(advice)"))
      guard let original else { return .problems(problems) }
      return .refused(problems, .csvRow(row.fields, original))
    }
    let fields = zip(header, row.fields).map { (key: $0, value: RawValue.string($1)) }
    let cells = zip(row.lineStarts, row.columnStarts).map { (line: $0, column: $1) }
    var record = RawRecord(fields: fields, location: location, cells: cells)
    if let original { record.original = .csvRow(row.fields, original) }
    return .record(record)
  }

  /// Every column named, once; a problem points at the header cell.
  func checkHeader(_ names: [String], of header: CSVRecord) throws(InputProblem) {
    var seen = Set<String>()
    for (index, name) in names.enumerated() {
      if name.isEmpty {
        throw InputProblem(
          header.location(ofField: index, in: fileName), "header cell \(index + 1) is empty; every column needs a name")
      }
      if !seen.insert(FieldMatcher.key(name)).inserted {
        throw InputProblem(
          header.location(ofField: index, in: fileName), "column '\(name)' appears twice in the header")
      }
    }
  }

  var progress: (done: Int, total: Int?) { (reader.bytesRead, nil) }
}
