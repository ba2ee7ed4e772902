import Foundation

@testable import OutpostCore

extension String {
  /// Whether the text holds `part`, byte for byte: Foundation's `contains`
  /// costs a bridge to NSString a call, and the checks make thousands.
  func holds(_ part: StaticString) -> Bool { utf8Offset(after: part) != nil }

  /// The UTF-8 offset just past the first `part` in the text.
  func utf8Offset(after part: StaticString) -> Int? {
    var text = self
    return text.withUTF8 { hay in
      let needle = UnsafeBufferPointer(start: part.utf8Start, count: part.utf8CodeUnitCount)
      guard needle.count <= hay.count else { return nil }
      search: for i in 0...(hay.count - needle.count) {
        for j in 0..<needle.count where hay[i + j] != needle[j] { continue search }
        return i + needle.count
      }
      return nil
    }
  }
}

/// The JSON and NDJSON readers, read alike.
protocol FuzzRecordReader {
  mutating func next() throws(InputProblem) -> RawRecord?
  var bytesRead: Int { get }
}

extension JSONRecordReader: FuzzRecordReader {}
extension NDJSONRecordReader: FuzzRecordReader {}

/// Runs every reader, and for some cases the import, on one case, and
/// collects what breaks a property.
struct FuzzHarness {
  let folder: TemporaryFolder
  let template: String
  var failures: [String] = []
  /// Breaches of the properties that are known and not the readers' own.
  var warnings: [String] = []
  var warningCount = 0
  var strict = false
  var imports = 0
  var importsRefused = 0
  /// Imports with `--rejects` that refused rows and imported the rest, and the rows refused.
  var importsWithRejects = 0
  var rowsRefused = 0
  var chunkedReads = 0
  /// Seconds spent in each part, for the summary.
  var times: [String: Double] = [:]
  var catalog: Catalog
  var catalogGeneration = 0
  /// The template's fingerprint: the catalog is reset to it after any import that changed it.
  let cleanFingerprint: [String]
  /// The campaign's seed, to say how to replay a failing case; nil for a
  /// case built by hand.
  var campaignSeed: UInt64?
  var current: FuzzCase?

  init(folder: TemporaryFolder, template: String) throws {
    self.folder = folder
    self.template = template
    catalog = try Self.copyOfTemplate(template, folder: folder, generation: 0)
    cleanFingerprint = try Self.fingerprint(catalog)
  }

  /// Names a case and how to run it alone.
  func replay(_ fuzzCase: FuzzCase) -> String {
    guard let campaignSeed else { return "\(fuzzCase.recipe) (\(fuzzCase.bytes.count) bytes)" }
    return "case \(fuzzCase.index) (replay: OUTPOST_FUZZ_SEED=0x\(String(campaignSeed, radix: 16)) "
      + "OUTPOST_FUZZ_FIRST=\(fuzzCase.index) OUTPOST_FUZZ_CASES=1; \(fuzzCase.bytes.count) bytes)"
  }

  /// Records a broken property of the case being run.
  mutating func fail(_ reader: String, _ message: String) {
    guard let current else { return }
    let bytes = current.bytes
    let shown = bytes.count <= 120 ? " input \(bytes)" : ""
    failures.append("\(replay(current)) [\(reader)] \(message) — \(current.recipe.prefix(200))\(shown)")
  }

  /// Runs every reader on `fuzzCase`; imports it in each of `imports` as a
  /// dry run, or, when nil, for some cases in a format picked at random.
  mutating func run(_ fuzzCase: FuzzCase, imports: [ImportFormat]? = nil) throws {
    current = fuzzCase
    var random = FuzzRandom(seed: fuzzCase.seed ^ 0x5EED)
    let bytes = fuzzCase.bytes
    let shape = LineShape(bytes)
    let limit = bytes.count + 2

    var clock = Date()
    func lap(_ name: String) {
      let now = Date()
      times[name, default: 0] += now.timeIntervalSince(clock)
      clock = now
    }
    let csvDelimiter: UInt8? = random.chance(15) ? random.pick([0x2C, 0x3B, 0x09, 0x7C]) : nil
    var csv = CSVReader(bytes: bytes, fileName: "fuzz.csv", delimiter: csvDelimiter)
    let csvSteps = readCSV(&csv, limit: limit, shape: shape, total: bytes.count)
    lap("csv")
    let jsonSteps = readRecords("json", limit: limit, shape: shape, rule: .json, total: bytes.count) {
      JSONRecordReader(bytes: bytes, fileName: "fuzz.json")
    }
    lap("json")
    let ndjsonSteps = readRecords("ndjson", limit: limit, shape: shape, rule: .lineFeed, total: bytes.count) {
      NDJSONRecordReader(bytes: bytes, fileName: "fuzz.ndjson")
    }
    lap("ndjson")
    // The page and awesome readers take text: invalid UTF-8 is replaced, as
    // their line numbers are counted on what they are given.
    let text: String
    let textShape: LineShape
    let valid = String(validating: bytes, as: UTF8.self)
    if let valid {
      (text, textShape) = (valid, shape)
    } else {
      text = String(decoding: bytes, as: UTF8.self)
      textShape = LineShape(Array(text.utf8))
    }
    checkWholeTextLocations(bytes, shape: shape, valid: valid != nil)
    lap("whole text")
    readPage(text, shape: textShape)
    lap("page")
    readAwesome(text, shape: textShape)
    lap("awesome")

    if random.chance(25) || bytes.count > 65_536 {
      try compareChunked(
        bytes, shape: shape, csv: csvSteps, delimiter: csvDelimiter ?? csv.delimiter, json: jsonSteps,
        ndjson: ndjsonSteps, &random)
      lap("chunks")
    }
    if let imports {
      for format in imports { try importCase(fuzzCase, shape: shape, &random, format: format, dryRun: true) }
      lap("import")
    } else if random.chance(30) {
      try importCase(fuzzCase, shape: shape, &random)
      lap("import")
    }
  }

  // MARK: Readers

  enum Step: Equatable {
    case csv(CSVRecord)
    case record(RawValue, OutpostCore.SourceLocation)
    case problem(InputProblem)
  }

  /// Reads CSV to the end or its first problem, which must then repeat.
  /// `checking: false` when the steps are compared with checked ones instead.
  mutating func readCSV(_ reader: inout CSVReader, limit: Int, shape: LineShape, total: Int, checking: Bool = true)
    -> [Step]
  {
    var steps: [Step] = []
    var lastRead = 0
    while steps.count <= limit {
      do throws(InputProblem) {
        guard let record = try reader.next() else {
          if (try? reader.next()) != nil { fail("csv", "a record after the end") }
          return steps
        }
        if checking { checkRecord(record, shape: shape) }
        steps.append(.csv(record))
      } catch {
        if checking {
          check(error, file: "fuzz.csv", shape: shape, rule: .universal, reader: "csv", exactIn: current?.bytes)
        }
        steps.append(.problem(error))
        do throws(InputProblem) {
          _ = try reader.next()
          fail("csv", "reading went on after \(error)")
        } catch let again {
          if again != error { fail("csv", "a second problem \(again) after \(error)") }
        }
        return steps
      }
      if reader.bytesRead < lastRead || reader.bytesRead > total {
        fail("csv", "bytesRead went from \(lastRead) to \(reader.bytesRead) of \(total)")
      }
      lastRead = reader.bytesRead
    }
    fail("csv", "no end after \(limit) records")
    return steps
  }

  mutating func checkRecord(_ record: CSVRecord, shape: LineShape) {
    let lines = shape.universalLines.count
    guard record.fields.count == record.columnStarts.count, record.fields.count == record.lineStarts.count,
      !record.fields.isEmpty, (1...lines).contains(record.line),
      record.lineStarts.allSatisfy({ (record.line...lines).contains($0) }),
      zip(record.lineStarts, record.columnStarts).allSatisfy({ $1 >= 1 && $1 <= shape.universalLines[$0 - 1] + 1 })
    else {
      return fail(
        "csv",
        "record out of the file: line \(record.line), cells \(Array(zip(record.lineStarts, record.columnStarts)))")
    }
  }

  /// Reads JSON or NDJSON records to the end, or until the reader repeats a
  /// problem (it cannot get past it), as the importer does.
  mutating func readRecords<R: FuzzRecordReader>(
    _ name: String, limit: Int, shape: LineShape, rule: LineRule, total: Int, checking: Bool = true,
    reader make: () -> R
  ) -> [Step] {
    var reader = make()
    var steps: [Step] = []
    var last: InputProblem?
    var lastRead = 0
    let file = "fuzz.\(name)"
    while steps.count <= limit {
      do throws(InputProblem) {
        let record = try reader.next()
        let read = reader.bytesRead
        if read < lastRead || read > total { fail(name, "bytesRead went from \(lastRead) to \(read) of \(total)") }
        lastRead = read
        guard let record else {
          if (try? reader.next()) != nil { fail(name, "a record after the end") }
          return steps
        }
        if checking { checkRecordLocation(record.location, file: file, shape: shape, rule: rule, reader: name) }
        steps.append(.record(.object(record.fields), record.location))
      } catch {
        if error == last { return steps }
        if checking { check(error, file: file, shape: shape, rule: rule, reader: name, exactIn: current?.bytes) }
        steps.append(.problem(error))
        last = error
      }
    }
    fail(name, "no end after \(limit) records and problems")
    return steps
  }

  mutating func checkRecordLocation(
    _ location: OutpostCore.SourceLocation, file: String, shape: LineShape, rule: LineRule, reader: String
  ) {
    let lines = rule == .lineFeed || rule == .json ? shape.lineFeedLines.count : shape.universalLines.count
    guard location.file == file, let line = location.line, (1...lines).contains(line) else {
      return fail(reader, "record located at \(location)")
    }
    if rule == .json, location.path?.hasPrefix("[") != true { fail(reader, "record without an [index]: \(location)") }
  }

  /// The page and awesome formats are read whole and refused at their first
  /// byte that is not UTF-8, or their first NUL: located exactly there.
  mutating func checkWholeTextLocations(_ bytes: [UInt8], shape: LineShape, valid: Bool) {
    let location: OutpostCore.SourceLocation
    let offset: Int
    if !valid, let invalid = LineShape.firstInvalidUTF8(bytes) {
      location = InputText.firstInvalidUTF8(in: bytes, file: "fuzz.txt")
      offset = invalid
    } else if let nul = bytes.firstIndex(of: 0) {
      location = InputText.location(ofByte: nul, in: bytes, file: "fuzz.txt")
      offset = nul
    } else {
      return
    }
    let found = location.line.flatMap { line in
      location.column.flatMap { column in
        LineShape.offset(
          line: line, column: column, in: bytes, starts: shape.lineFeedStarts, lengths: shape.lineFeedLines,
          skipsBOM: false)
      }
    }
    if found != offset { fail("whole text", "byte \(offset) located at \(location), which is byte \(found as Any)") }
  }

  mutating func readPage(_ text: String, shape: LineShape) {
    do throws(InputProblem) {
      let entries = try OutpostPageParser.parse(text, fileName: "fuzz.txt", now: ReaderFuzzTests.now)
      if entries.isEmpty { fail("page", "parsed, but no entries") }
    } catch {
      check(error, file: "fuzz.txt", shape: shape, rule: .universal, reader: "page")
    }
  }

  mutating func readAwesome(_ text: String, shape: LineShape) {
    let parsed = AwesomeListParser.parseLocated(text, fileName: "fuzz.md")
    for problem in parsed.problems {
      check(problem, file: "fuzz.md", shape: shape, rule: .universal, reader: "awesome")
    }
    for item in parsed.items {
      checkRecordLocation(item.location, file: "fuzz.md", shape: shape, rule: .universal, reader: "awesome")
    }
  }
}
