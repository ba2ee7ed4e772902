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
        // Temporary files stay files: rebuilding an index of a million rows
        // (`DeferredIndexes`) sorts more than the cache holds, and in memory
        // that sort alone would take 80 MiB.
        try db.execute(sql: "PRAGMA cache_size = -16384; PRAGMA synchronous = NORMAL")
        // Waits for another process's import to finish rather than failing
        // after the busy timeout: two imports started at once both succeed.
        return try writeTransaction(db) { db in
          // Nothing may commit while the import runs but the import itself,
          // at its end: see `AbandonedTransaction`.
          let guardian = AbandonedTransaction.CommitGuard()
          defer { guardian.disarm(db) }
          var importer = Importer(db: db, options: request.options, fileName: request.displayName)
          importer.inputBytes = input.size
          importer.onProgress = progress.map { report in { done, _ in report(done, input.size) } }
          let summary: ImportSummary
          do {
            summary = try run(importer, format: format, input: input, request: request, db: db, guardian: guardian)
          } catch {
            if let abandoned = AbandonedTransaction.check(db) { throw abandoned }
            if error is AbandonedTransaction.CommitRefused { throw AbandonedTransaction.error(code: nil) }
            throw error
          }
          if let abandoned = AbandonedTransaction.check(db) { throw abandoned }
          // A pipe that broke looks like one that ended: refuse what was read.
          if let failure = input.readFailure { throw CatalogError(failure) }
          return (summary, commit: !request.options.dryRun)
        }
      }
    }
  }

  private func run(
    _ importer: Importer, format: ImportFormat, input: ImportInput, request: ImportRequest, db: Database,
    guardian: AbandonedTransaction.CommitGuard
  ) throws -> ImportSummary {
    let name = request.displayName
    let mapper = EntryMapper(
      matcher: FieldMatcher(explicit: request.fieldMap), vocabulary: try AudienceVocabulary.load(db))
    switch format {
    case .json, .auto:
      return try Self.readingAhead(
        RecordItemSource(reader: input.jsonReader(name), mapper: mapper), input, importer, db, guardian)
    case .ndjson:
      return try Self.readingAhead(
        RecordItemSource(reader: input.ndjsonReader(name), mapper: mapper), input, importer, db, guardian)
    case .csv:
      return try Self.readingAhead(
        RecordItemSource(
          reader: CSVRecordReader(input.csvReader(name, delimiter: request.delimiter), fileName: name), mapper: mapper),
        input, importer, db, guardian)
    case .outpostPage:
      let text = try input.wholeText(name)
      let entries = try OutpostPageParser.parse(text, fileName: name, now: request.now)
      let lines = Self.summaryLines(of: entries, in: text)
      var source = AbandonedTransaction.Guarded(
        ItemArraySource(
          entries.enumerated().map { index, entry in
            ImportItem(
              entry: entry, fields: Self.suppliedFields(entry),
              location: SourceLocation(file: name, line: lines[index]),
              role: index == 0 ? .fullStory : .relatedStub)
          }), db, guardian)
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
      var source = AbandonedTransaction.Guarded(
        ItemArraySource(
          parsed.items.map { entry, location in
            // The slug is derived by the importer, so a repeated name gets `-2`
            // rather than failing as a slug given twice.
            var fields = Self.suppliedFields(entry)
            fields.remove(.slug)
            var entry = entry
            entry.slug = ""
            return ImportItem(entry: entry, fields: fields, location: location)
          }, problems: problems), db, guardian)
      return try importer.run(&source)
    }
  }

  /// Runs `importer` over a record source read on a second thread.
  private static func readingAhead<Reader: RecordReading>(
    _ records: RecordItemSource<Reader>, _ input: ImportInput, _ importer: Importer, _ db: Database,
    _ guardian: AbandonedTransaction.CommitGuard
  ) throws -> ImportSummary {
    let reading = ReadAheadSource(records, preparation: importer.preparation)
    // The reading thread must be done before `input` is closed, except on
    // standard input, which is never closed and cannot be interrupted.
    defer { reading.stop(unblock: input.interruptReads, waiting: !input.isStandardInput) }
    var source = AbandonedTransaction.Guarded(reading, db, guardian)
    return try running(importer, &source)
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
    for line in text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    {
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

/// SQLite abandons a transaction on its own when the disk fills, an I/O
/// error strikes or memory runs out mid-statement: it rolls everything back
/// and goes on in autocommit mode. The importer reports a failed row as a
/// problem of that row and reads on, so without this every later row would
/// be committed one by one: part of an import, the one outcome DESIGN
/// forbids. Two guards close that door:
///
/// - `Guarded` checks, before each item, that the transaction is still
///   there, and stops the import with SQLite's own error (`disk … full`)
///   when it is not;
/// - `CommitGuard` vetoes any commit from the end of the input to the end of
///   the import (its own commit comes after), so a statement run after the
///   rollback in the importer's last steps (related links, search index)
///   changes nothing either. It is armed only then: a transaction observer
///   costs a little on every statement, and the row loop is guarded already.
enum AbandonedTransaction {
  /// Thrown by `CommitGuard`: not a `DatabaseError`, so that the importer
  /// cannot take it for a problem of one row and read on.
  struct CommitRefused: Error {}

  /// The failure to report when the import's transaction is gone, else nil.
  static func check(_ db: Database) -> DatabaseError? {
    guard !db.isInsideTransaction else { return nil }
    return error(code: db.lastErrorCode)
  }

  static func error(code: ResultCode?) -> DatabaseError {
    let storage: [ResultCode] = [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_NOMEM, .SQLITE_CORRUPT, .SQLITE_READONLY]
    if let code, storage.contains(code.primaryResultCode) { return DatabaseError(resultCode: code) }
    // Which failure it was is lost; these are the ones SQLite abandons for.
    return DatabaseError(
      resultCode: .SQLITE_IOERR, message: "the disk is full, failing or out of space for temporary files")
  }

  /// An item source that stops as soon as the transaction is gone, and arms
  /// `guardian` once the input ends.
  struct Guarded<Inner: ImportItemSource>: ImportItemSource {
    var inner: Inner
    let db: Database
    let guardian: CommitGuard

    init(_ inner: Inner, _ db: Database, _ guardian: CommitGuard) {
      self.inner = inner
      self.db = db
      self.guardian = guardian
    }

    mutating func next() throws -> ImportStep? {
      if let abandoned = AbandonedTransaction.check(db) { throw abandoned }
      let step = try inner.next()
      if step == nil { guardian.arm(db) }
      return step
    }

    var unusedColumns: [String] { inner.unusedColumns }
    var progress: (done: Int, total: Int?) { inner.progress }
  }

  /// Refuses every commit while armed.
  final class CommitGuard: TransactionObserver {
    private var armed = false

    func arm(_ db: Database) {
      guard !armed else { return }
      db.add(transactionObserver: self, extent: .observerLifetime)
      armed = true
    }

    func disarm(_ db: Database) {
      guard armed else { return }
      db.remove(transactionObserver: self)
      armed = false
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseWillCommit() throws { throw CommitRefused() }
    func databaseDidCommit(_ db: Database) {}
    func databaseDidRollback(_ db: Database) {}
  }
}
