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
        // A bulk load: a 16 MiB page cache keeps memory flat however large the
        // input, and in WAL mode `synchronous = NORMAL` still survives a killed
        // process (only a power cut can lose the last commit, never corrupt).
        try db.execute(sql: "PRAGMA cache_size = -16384; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY")
        var summary = ImportSummary()
        try db.inTransaction(.immediate) {
          var importer = Importer(db: db, options: request.options, fileName: request.displayName)
          importer.onProgress = progress.map { report in { done, _ in report(done, input.size) } }
          summary = try run(importer, format: format, input: input, request: request, db: db)
          // A pipe that broke looks like one that ended: refuse what was read.
          if let failure = input.readFailure { throw CatalogError(failure) }
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
      return try Self.running(importer, &source)
    case .ndjson:
      var source = RecordItemSource(reader: input.ndjsonReader(name), mapper: mapper)
      return try Self.running(importer, &source)
    case .csv:
      var source = RecordItemSource(
        reader: CSVRecordReader(input.csvReader(name, delimiter: request.delimiter), fileName: name), mapper: mapper)
      return try Self.running(importer, &source)
    case .outpostPage:
      let text = try input.wholeText(name)
      let entries = try OutpostPageParser.parse(text, fileName: name, now: request.now)
      let lines = Self.summaryLines(of: entries, in: text)
      var source = ItemArraySource(
        entries.enumerated().map { index, entry in
          ImportItem(
            entry: entry, fields: Self.suppliedFields(entry), location: SourceLocation(file: name, line: lines[index]),
            role: index == 0 ? .fullStory : .relatedStub)
        })
      return try importer.run(&source)
    case .awesome:
      let parsed = AwesomeListParser.parseLocated(try input.wholeText(name), fileName: name)
      var problems = ProblemList()
      for problem in parsed.problems { problems.append(problem) }
      if parsed.items.isEmpty, problems.isEmpty {
        // Importing nothing from a Markdown file is almost always the wrong file.
        problems.append(
          InputProblem(
            SourceLocation(file: name, line: 1),
            "found no items like '- [Name](https://…) - Description'; is this an awesome list?"))
      }
      var source = ItemArraySource(
        parsed.items.map { entry, location in
          // The slug is derived by the importer, so a repeated name gets `-2`
          // rather than failing as a slug given twice.
          var fields = Self.suppliedFields(entry)
          fields.remove(.slug)
          var entry = entry
          entry.slug = ""
          return ImportItem(entry: entry, fields: fields, location: location)
        }, problems: problems)
      return try importer.run(&source)
    }
  }

  /// Runs `importer` over a record source; a failure carries the columns
  /// that fed no field, since an unrecognised header is the usual reason
  /// every row lacks a title.
  private static func running(_ importer: Importer, _ source: inout some ImportItemSource) throws -> ImportSummary {
    do {
      return try importer.run(&source)
    } catch var failure as ImportFailure {
      failure.unusedColumns = source.unusedColumns
      throw failure
    }
  }

  /// The line of each page entry's summary, in order, so that a conflict or a
  /// filled-in stub is reported at the line that names the story.
  static func summaryLines(of entries: [Entry], in text: String) -> [Int?] {
    var result = [Int?](repeating: nil, count: entries.count)
    var next = 0
    var number = 0
    for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
      number += 1
      guard next < entries.count else { break }
      // Summaries come in page order: the story's, then each related one's.
      if line.trimmingCharacters(in: .whitespaces) == entries[next].summary {
        result[next] = number
        next += 1
      }
    }
    return result
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
