/// A reader of one record format: CSV, JSON or NDJSON.
///
/// What a problem means is said by how it comes: a problem the reading can
/// go past (a row of the wrong width, an element that is not an object, a
/// broken NDJSON line) is a step, `.problems`; one it cannot (broken quoting
/// or JSON syntax, a read error) is thrown, and ends the input.
protocol RecordReading {
  mutating func nextRecord() throws(InputProblem) -> RecordStep?
  /// How far the input has been read, for a progress bar: (done, total) in bytes when known.
  var progress: (done: Int, total: Int?) { get }
}

extension JSONRecordReader: RecordReading {
  var progress: (done: Int, total: Int?) { (bytesRead, nil) }
}

extension NDJSONRecordReader: RecordReading {
  var progress: (done: Int, total: Int?) { (bytesRead, nil) }
}
