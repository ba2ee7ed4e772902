import Foundation
import GRDB

@testable import OutpostCore

#if canImport(Glibc)
  import Glibc
#endif

/// The file-descriptor readers and the whole import, on the same case.
extension FuzzHarness {
  // MARK: Chunks

  /// The file-descriptor readers, with a random chunk size, against the
  /// in-memory ones.
  mutating func compareChunked(
    _ bytes: [UInt8], shape: LineShape, csv: [Step], delimiter: UInt8, json: [Step], ndjson: [Step],
    _ random: inout FuzzRandom
  ) throws {
    chunkedReads += 1
    let path = folder.path("chunked.bin")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    // One byte a read(2) is slow on a large file: small chunks for small files.
    let chunk = random.pick(
      bytes.count <= 4_096 ? [1, 2, 3, 4, 5, 7, 16, 61, 1_000, 65_536] : [61, 1_000, 4_096, 65_536])
    let limit = bytes.count + 2
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return fail("chunks", "cannot open \(path)") }
    defer { close(fd) }
    // Delimiter detection looks at the first chunk only: give the one the
    // in-memory reader found.
    var csvReader = CSVReader(fileDescriptor: fd, fileName: "fuzz.csv", delimiter: delimiter, chunkSize: chunk)
    let csvChunked = readCSV(&csvReader, limit: limit, shape: shape, total: bytes.count, checking: false)
    if csvChunked != csv {
      fail("chunks", "CSV by \(chunk)-byte chunks differs at step \(firstDifference(csv, csvChunked))")
    }
    lseek(fd, 0, SEEK_SET)
    let jsonChunked = readRecords("json", limit: limit, shape: shape, rule: .json, total: bytes.count, checking: false)
    { JSONRecordReader(fileDescriptor: fd, fileName: "fuzz.json", chunkSize: chunk) }
    if jsonChunked != json {
      fail("chunks", "JSON by \(chunk)-byte chunks differs at step \(firstDifference(json, jsonChunked))")
    }
    lseek(fd, 0, SEEK_SET)
    let ndjsonChunked = readRecords(
      "ndjson", limit: limit, shape: shape, rule: .lineFeed, total: bytes.count, checking: false
    ) { NDJSONRecordReader(fileDescriptor: fd, fileName: "fuzz.ndjson", chunkSize: chunk) }
    if ndjsonChunked != ndjson {
      fail("chunks", "NDJSON by \(chunk)-byte chunks differs at step \(firstDifference(ndjson, ndjsonChunked))")
    }
  }

  func firstDifference(_ a: [Step], _ b: [Step]) -> String {
    let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    let left = i < a.count ? "\(a[i])" : "the end"
    let right = i < b.count ? "\(b[i])" : "the end"
    return "\(i): in memory \(left.prefix(300)); from the file \(right.prefix(300))"
  }

  // MARK: Import

  /// Imports the case through `Catalog.importEntries`, with its format or
  /// another forced, or detected.
  mutating func importCase(
    _ fuzzCase: FuzzCase, shape: LineShape, _ random: inout FuzzRandom, format forced: ImportFormat? = nil,
    dryRun: Bool? = nil
  ) throws {
    imports += 1
    let formats: [ImportFormat] = [.csv, .json, .ndjson, .outpostPage, .awesome]
    let format: ImportFormat =
      forced
      ?? (random.chance(25)
        ? .auto : (random.chance(50) ? fuzzCase.origin ?? random.pick(formats) : random.pick(formats)))
    // No known extension, so that `.auto` sniffs the content.
    let path = folder.path("import-\(fuzzCase.index).\(format == .auto ? "input" : "data")")
    try Data(fuzzCase.bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var request = ImportRequest(path: path)
    request.format = format
    request.now = ReaderFuzzTests.now
    request.options.dryRun = dryRun ?? random.chance(50)
    request.options.onConflict = random.pick(ImportOptions.Conflict.allCases)
    // Its own draw, so that the cases replayed before `--rejects` existed run as they did.
    var rejectsDraw = FuzzRandom(seed: fuzzCase.seed ^ 0x4E_1EC7)
    let rejects = format != .outpostPage && rejectsDraw.chance(30) ? folder.path("rejects-\(fuzzCase.index)") : nil
    request.rejectsPath = rejects
    defer { if let rejects { try? FileManager.default.removeItem(atPath: rejects) } }
    let reader =
      "import \(format.rawValue)\(request.options.dryRun ? " dry run" : "")\(rejects == nil ? "" : " with rejects")"

    var changed = false
    do {
      let summary = try catalog.importEntries(request)
      changed = !request.options.dryRun && summary.inserted + summary.updated > 0
      for notice in summary.notices.lines where !isLocated(notice, path: path) {
        fail(reader, "an unlocated notice: \(notice)")
      }
      if let rejects { try checkRejects(rejects, summary, format: format, reader: reader) }
    } catch let failure as ImportFailure {
      importsRefused += 1
      if failure.problems.isEmpty || failure.problems.problems.isEmpty { fail(reader, "a failure with no problem") }
      for problem in failure.problems.problems {
        check(problem, file: path, shape: shape, rule: .anyReader, reader: reader)
      }
    } catch RejectsError.storyPage where rejects != nil && format == .auto {
      importsRefused += 1
    } catch let problem as InputProblem {
      importsRefused += 1
      check(problem, file: path, shape: shape, rule: .anyReader, reader: reader)
    } catch {
      importsRefused += 1
      fail(reader, "refused without a location: \(type(of: error)): \(error)")
    }
    if changed {
      try resetCatalog()
    } else if try Self.fingerprint(catalog) != cleanFingerprint {
      fail(reader, "the catalog changed though nothing was imported")
      try resetCatalog()
    }
  }

  /// A notice line names the file and a line, or a JSON path.
  func isLocated(_ line: String, path: String) -> Bool {
    guard line.hasPrefix(path + ":") else { return false }
    let rest = line.dropFirst(path.count + 1)
    return rest.first?.isNumber == true || rest.hasPrefix(" [")
  }

  mutating func resetCatalog() throws {
    catalogGeneration += 1
    catalog = try Self.copyOfTemplate(template, folder: folder, generation: catalogGeneration)
  }

  static func copyOfTemplate(_ template: String, folder: TemporaryFolder, generation: Int) throws -> Catalog {
    let old = folder.path("work-\(generation - 1).sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: old + suffix) }
    let path = folder.path("work-\(generation).sqlite")
    try FileManager.default.copyItem(atPath: template, toPath: path)
    return try Catalog.open(at: path, options: CatalogOpenOptions(forWriting: true, newContent: .empty)).0
  }

  /// Counts and sums over every table: what any write would change.
  static func fingerprint(_ catalog: Catalog) throws -> [String] {
    try catalog.read { db in
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT (SELECT count(*) FROM entry), (SELECT count(*) FROM source), (SELECT count(*) FROM tag),
                 (SELECT count(*) FROM entry_tag), (SELECT count(*) FROM entry_audience),
                 (SELECT count(*) FROM related), (SELECT count(*) FROM audience),
                 (SELECT total(length(slug) + length(title) + coalesce(length(summary), 0)
                        + coalesce(length(description), 0) + coalesce(length(url), 0)) FROM entry),
                 (SELECT max(updated_at) FROM entry), (SELECT count(*) FROM entry_fts_docsize)
          """)
      return row.map { row in (0..<row.count).map { "\(row[$0] as DatabaseValue)" } } ?? []
    }
  }
}
