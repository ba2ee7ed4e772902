// A libFuzzer entry point for the import readers, built outside SwiftPM by
// Tests/LibFuzzer/run (it is not part of any target). Every input is read as
// CSV, JSON, NDJSON, a story page and an awesome list; a crash, a reader
// that does not end, or a problem located outside the input traps, and
// libFuzzer keeps the input that did it.

import Foundation

#if canImport(Glibc)
  import Glibc
#endif

private let now = Date(timeIntervalSince1970: 1_750_000_000)

/// Lines under both conventions: CR, LF and CRLF each end one; only LF does.
private func lineCounts(_ bytes: [UInt8]) -> (universal: Int, lineFeed: Int) {
  var universal = 1
  var lineFeed = 1
  var i = 0
  while i < bytes.count {
    if bytes[i] == 0x0A {
      universal += 1
      lineFeed += 1
    } else if bytes[i] == 0x0D {
      universal += 1
      if i + 1 < bytes.count, bytes[i + 1] == 0x0A {
        lineFeed += 1
        i += 1
      }
    }
    i += 1
  }
  return (universal, lineFeed)
}

private func check(_ problem: InputProblem, _ file: String, lines: Int, pathAllowed: Bool = false) {
  precondition(problem.location.file == file, "wrong file: \(problem)")
  precondition(!problem.message.isEmpty, "empty message: \(problem)")
  if pathAllowed, let path = problem.location.path {
    precondition(path.hasPrefix("["), "bad path: \(problem)")
    return
  }
  guard let line = problem.location.line else { preconditionFailure("no line: \(problem)") }
  precondition(line >= 1 && line <= lines + 1, "line out of the input (\(lines) lines): \(problem)")
  if let column = problem.location.column { precondition(column >= 1, "column < 1: \(problem)") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let lines = lineCounts(bytes)
  let limit = size + 2

  var csv = CSVReader(bytes: bytes, fileName: "f.csv")
  var steps = 0
  reading: while true {
    steps += 1
    precondition(steps <= limit, "CSV did not end")
    do {
      guard try csv.next() != nil else { break reading }
    } catch {
      check(error, "f.csv", lines: lines.universal)
      break reading
    }
  }

  var json = JSONRecordReader(bytes: bytes, fileName: "f.json")
  var last: InputProblem?
  steps = 0
  reading: while true {
    steps += 1
    precondition(steps <= limit, "JSON did not end")
    do {
      guard try json.next() != nil else { break reading }
    } catch {
      if error == last { break reading }
      check(error, "f.json", lines: lines.lineFeed, pathAllowed: true)
      last = error
    }
  }

  var ndjson = NDJSONRecordReader(bytes: bytes, fileName: "f.ndjson")
  last = nil
  steps = 0
  reading: while true {
    steps += 1
    precondition(steps <= limit, "NDJSON did not end")
    do {
      guard try ndjson.next() != nil else { break reading }
    } catch {
      if error == last { break reading }
      check(error, "f.ndjson", lines: lines.lineFeed)
      last = error
    }
  }

  let text = String(decoding: bytes, as: UTF8.self)
  let textLines = lineCounts(Array(text.utf8)).universal
  do {
    _ = try OutpostPageParser.parse(text, fileName: "f.txt", now: now)
  } catch {
    check(error, "f.txt", lines: textLines)
  }
  for problem in AwesomeListParser.parse(text, fileName: "f.md").problems {
    check(problem, "f.md", lines: textLines)
  }
  return 0
}
