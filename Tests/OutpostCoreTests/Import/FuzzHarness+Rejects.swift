import Foundation

@testable import OutpostCore

/// An import with `--rejects`: the rejects file holds one record for each
/// row refused, readable again by the reader of its format, and no file
/// is left when nothing was refused.
extension FuzzHarness {
  mutating func checkRejects(_ path: String, _ summary: ImportSummary, format: ImportFormat, reader: String) throws {
    let data = FileManager.default.contents(atPath: path)
    guard summary.refused > 0 else {
      if data != nil { fail(reader, "a rejects file though nothing was refused") }
      return
    }
    guard let data else { return fail(reader, "no rejects file for \(summary.refused) refused rows") }
    importsWithRejects += 1
    rowsRefused += summary.refused
    if summary.problems.isEmpty { fail(reader, "rows refused without a problem") }
    let bytes = [UInt8](data)
    var records = 0
    do {
      switch format {
      case .csv:
        var rows = CSVReader(bytes: bytes, fileName: "rejects.csv")
        while try rows.next() != nil { records += 1 }
        records -= 1  // the header
      case .json:
        var elements = JSONRecordReader(bytes: bytes, fileName: "rejects.json")
        while try elements.nextRecord() != nil { records += 1 }
      case .ndjson:
        records = bytes.split(separator: 10).count
      case .awesome:
        records = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n<!-- error: ").count - 1
      case .auto, .outpostPage:
        return
      }
    } catch {
      return fail(reader, "the rejects file cannot be read back: \(error)")
    }
    if records != summary.refused {
      fail(reader, "\(summary.refused) rows refused, \(records) records in the rejects file")
    }
  }
}
