import Foundation
import GRDB

/// One `outpost import`.
public struct ImportRequest: Sendable {
  /// A file path, or `-` for standard input.
  public var path: String
  public var format: ImportFormat = .auto
  /// The CSV delimiter; detected from the header line when nil.
  public var delimiter: UInt8?
  /// `--map FIELD=COLUMN`.
  public var fieldMap: [EntryField: String] = [:]
  public var options = ImportOptions()
  /// The moment a story page's year is inferred against.
  public var now = Date()

  public init(path: String) { self.path = path }

  /// The name problems are located in: the path, or `stdin`.
  var displayName: String { path == "-" ? "stdin" : path }
}

/// The largest story page or awesome list read: both are read whole, and no
/// real one comes near this.
let wholeTextLimit = 64 * 1024 * 1024

extension Catalog {
  /// Imports `request.path` in one transaction: everything or nothing. On a
  /// dry run the transaction is rolled back after every check has run.
  public func importEntries(
    _ request: ImportRequest, progress: ((_ done: Int, _ total: Int?) -> Void)? = nil
  ) throws -> ImportSummary {
    let input = try ImportInput(path: request.path)
    defer { input.close() }
    let format = request.format == .auto ? try input.detectFormat() : request.format
    if let readOnlyReason { throw CatalogError(readOnlyReason) }
    return try translatingErrors {
      try queue.inDatabase { db in
        var summary = ImportSummary()
        try db.inTransaction(.immediate) {
          var importer = Importer(db: db, options: request.options, fileName: request.displayName)
          importer.onProgress = progress.map { report in { done, _ in report(done, input.size) } }
          summary = try run(importer, format: format, input: input, request: request, db: db)
          return request.options.dryRun ? .rollback : .commit
        }
        return summary
      }
    }
  }

  private func run(
    _ importer: Importer, format: ImportFormat, input: ImportInput, request: ImportRequest, db: Database
  ) throws -> ImportSummary {
    let name = request.displayName
    let mapper = EntryMapper(matcher: FieldMatcher(explicit: request.fieldMap), vocabulary: try AudienceVocabulary.load(db))
    switch format {
    case .json, .auto:
      var source = RecordItemSource(reader: input.jsonReader(name), mapper: mapper)
      return try importer.run(&source)
    case .ndjson:
      var source = RecordItemSource(reader: input.ndjsonReader(name), mapper: mapper)
      return try importer.run(&source)
    case .csv:
      var source = RecordItemSource(
        reader: CSVRecordReader(input.csvReader(name, delimiter: request.delimiter), fileName: name), mapper: mapper)
      return try importer.run(&source)
    case .outpostPage:
      let entries = try OutpostPageParser.parse(try input.wholeText(name), fileName: name, now: request.now)
      var source = ItemArraySource(
        entries.enumerated().map { index, entry in
          ImportItem(
            entry: entry, fields: Self.suppliedFields(entry), location: SourceLocation(file: name),
            role: index == 0 ? .fullStory : .relatedStub)
        })
      return try importer.run(&source)
    case .awesome:
      let parsed = AwesomeListParser.parse(try input.wholeText(name), fileName: name)
      var problems = ProblemList()
      for problem in parsed.problems { problems.append(problem) }
      var source = ItemArraySource(
        parsed.entries.map { entry in
          var fields = Self.suppliedFields(entry)
          fields.remove(.slug)
          var entry = entry
          entry.slug = ""
          return ImportItem(entry: entry, fields: fields, location: SourceLocation(file: name))
        }, problems: problems)
      return try importer.run(&source)
    }
  }

  /// The fields an entry built by a parser has values for.
  static func suppliedFields(_ entry: Entry) -> Set<EntryField> {
    var fields: Set<EntryField> = [.kind, .slug, .title]
    if entry.url != nil { fields.insert(.url) }
    if entry.summary != nil { fields.insert(.summary) }
    if entry.description != nil { fields.insert(.description) }
    if entry.pricing != nil { fields.insert(.pricing) }
    if entry.publishedAt != nil { fields.insert(.publishedAt) }
    if !entry.audiences.isEmpty { fields.insert(.audiences) }
    if !entry.tags.isEmpty { fields.insert(.tags) }
    if !entry.related.isEmpty { fields.insert(.related) }
    if !entry.sources.isEmpty { fields.insert(.sources) }
    if entry.sourceCount != nil { fields.insert(.sourceCount) }
    return fields
  }
}

/// An opened input: a file, or standard input read whole when its format
/// must be sniffed (a pipe cannot be read twice).
final class ImportInput: @unchecked Sendable {
  let path: String
  private(set) var descriptor: Int32 = -1
  private(set) var bytes: [UInt8]?
  /// The file's size, for the progress bar.
  private(set) var size: Int?

  init(path: String) throws {
    self.path = path
    if path == "-" {
      descriptor = 0
      return
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw CatalogError("cannot read \(path): no such file")
    }
    if isFolder.boolValue { throw CatalogError("cannot read \(path): it is a folder") }
    descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw CatalogError("cannot read \(path): \(String(cString: strerror(errno)))")
    }
    size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
  }

  func close() {
    if descriptor > 0 { _ = Foundation.close(descriptor) }
  }

  func detectFormat() throws -> ImportFormat {
    if path != "-", let format = ImportFormat.fromExtension(path) { return format }
    if path == "-" {
      bytes = try readAll(limit: nil)
      return ImportFormat.sniff(bytes ?? [])
    }
    var head = [UInt8](repeating: 0, count: 64 * 1024)
    let count = pread(descriptor, &head, head.count, 0)
    return ImportFormat.sniff(Array(head.prefix(max(0, count))))
  }

  func jsonReader(_ name: String) -> JSONRecordReader {
    bytes.map { JSONRecordReader(bytes: $0, fileName: name) }
      ?? JSONRecordReader(fileDescriptor: descriptor, fileName: name)
  }

  func ndjsonReader(_ name: String) -> NDJSONRecordReader {
    bytes.map { NDJSONRecordReader(bytes: $0, fileName: name) }
      ?? NDJSONRecordReader(fileDescriptor: descriptor, fileName: name)
  }

  func csvReader(_ name: String, delimiter: UInt8?) -> CSVReader {
    bytes.map { CSVReader(bytes: $0, fileName: name, delimiter: delimiter) }
      ?? CSVReader(fileDescriptor: descriptor, fileName: name, delimiter: delimiter)
  }

  /// The whole input as text, for the page and awesome formats.
  func wholeText(_ name: String) throws -> String {
    let data = try bytes ?? readAll(limit: wholeTextLimit)
    guard let text = String(validating: data, as: UTF8.self) else {
      throw InputProblem(SourceLocation(file: name), "the file is not valid UTF-8; save it as UTF-8")
    }
    return text
  }

  private func readAll(limit: Int?) throws -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = read(descriptor, &chunk, chunk.count)
      if count < 0 {
        if errno == EINTR { continue }
        throw CatalogError("cannot read \(path): \(String(cString: strerror(errno)))")
      }
      if count == 0 { break }
      result += chunk.prefix(count)
      if let limit, result.count > limit {
        throw InputProblem(SourceLocation(file: path), "the file is larger than \(limit / 1024 / 1024) MiB; is it the right file?")
      }
    }
    return result
  }
}
