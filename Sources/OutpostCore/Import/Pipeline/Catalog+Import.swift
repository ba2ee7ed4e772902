import Foundation
import GRDB

extension Catalog {
  /// Imports `request.path` in one transaction: everything or nothing, or
  /// with `request.rejectsPath` every valid row, the others written to that
  /// file once the transaction has ended well. On a dry run the transaction
  /// is rolled back after every check has run; the rejects file is written
  /// all the same.
  public func importEntries(
    _ request: ImportRequest, progress: ((_ done: Int, _ total: Int?) -> Void)? = nil
  ) throws -> ImportSummary {
    let input = try ImportInput(path: request.path)
    defer { input.close() }
    let format = request.format == .auto ? try input.detectFormat() : request.format
    if format == .outpostPage || format == .awesome, !request.fieldMap.isEmpty || !request.valueMap.isEmpty {
      // Said here too for a format told from the file: ignored, they would
      // let the user believe the file was mapped.
      throw MappingError(
        message: "--map and --value apply to CSV, JSON and NDJSON; \(request.displayName) is read as \(format.rawValue)"
      )
    }
    let rejects = try request.rejectsPath.map { path in
      try RejectsFile(path: path, format: format, inputName: request.displayName, inputPath: request.path)
    }
    if let readOnlyReason { throw CatalogError(readOnlyReason) }
    var summary: ImportSummary
    do {
      summary = try importing(request, input: input, format: format, rejects: rejects, progress: progress)
    } catch {
      // Nothing was imported: the whole input is the file to fix.
      rejects?.discard()
      throw error
    }
    if let rejects { summary.removedEarlierRejects = try rejects.commit() }
    return summary
  }

  /// The import's transaction.
  private func importing(
    _ request: ImportRequest, input: ImportInput, format: ImportFormat, rejects: RejectsFile?,
    progress: ((_ done: Int, _ total: Int?) -> Void)?
  ) throws -> ImportSummary {
    try translatingErrors {
      try queue.inDatabase { db in
        // In WAL mode `synchronous = NORMAL` still survives a killed process
        // (only a power cut can lose the last commit, never corrupt).
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        try db.execute(sql: try ImportCache.choose(db, inputBytes: input.size).pragmas)
        let besideSlot = SearchIndexBeside.Slot()
        // After the transaction, committed or not: its scratch database is
        // attached until then.
        defer { besideSlot.detach(db) }
        // Waits for another process's import to finish rather than failing
        // after the busy timeout: two imports started at once both succeed.
        return try writeTransaction(db) { db in
          // Nothing may commit while the import runs but the import itself,
          // at its end: see `AbandonedTransaction`.
          let guardian = AbandonedTransaction.CommitGuard()
          defer { guardian.disarm(db) }
          let vocabulary = try AudienceVocabulary.load(db)
          var importer = Importer(
            db: db, options: request.options, fileName: request.displayName, vocabulary: vocabulary)
          importer.inputBytes = input.size
          importer.rejects = rejects
          importer.catalogPath = path
          importer.besideSlot = besideSlot
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
          return (summary, commit: !request.options.dryRun)
        }
      }
    }
  }

  /// Routes the input through its reader (or parser) and the mapper into
  /// the importer: reader → mapper → preparation and checks → writer.
  private func run(
    _ importer: Importer, format: ImportFormat, input: ImportInput, request: ImportRequest, db: Database,
    guardian: AbandonedTransaction.CommitGuard
  ) throws -> ImportSummary {
    let name = request.displayName
    var mapper = EntryMapper(matcher: FieldMatcher(explicit: request.fieldMap), vocabulary: importer.vocabulary)
    mapper.values = request.valueMap
    mapper.urlIsKey = request.options.match == .url
    if format != .awesome, request.sections != AwesomeSectionChoice() {
      throw MappingError(
        message: "--section and --skip-section apply to awesome lists; \(name) is read as \(format.rawValue)")
    }
    // Refused rows are kept as read only when they go to a rejects file.
    let keep = importer.rejects != nil
    switch format {
    case .json, .auto:
      var reader = JSONRecordReader(input.source, fileName: name)
      reader.keepsOriginals = keep
      let records = RecordItemSource(reader: reader, mapper: mapper, keepsOriginals: keep)
      return try Self.readingAhead(records, input, importer, db, guardian)
    case .ndjson:
      var reader = NDJSONRecordReader(input.source, fileName: name)
      reader.keepsOriginals = keep
      let records = RecordItemSource(reader: reader, mapper: mapper, keepsOriginals: keep)
      return try Self.readingAhead(records, input, importer, db, guardian)
    case .csv:
      let rows = CSVReader(input.source, fileName: name, delimiter: request.delimiter)
      var reader = CSVRecordReader(rows, fileName: name)
      reader.keepsOriginals = keep
      let records = RecordItemSource(reader: reader, mapper: mapper, keepsOriginals: keep)
      return try Self.readingAhead(records, input, importer, db, guardian)
    case .outpostPage:
      let page = try OutpostPageParser.parseLocated(try input.wholeText(name), fileName: name, now: request.now)
      let items = page.enumerated().map { index, located in
        ImportItem(
          entry: located.entry, fields: Self.suppliedFields(located.entry),
          location: SourceLocation(file: name, line: located.line),
          role: index == 0 ? .fullStory : .relatedStub)
      }
      return try Self.preparing(ItemArraySource(items), importer, db, guardian)
    case .awesome:
      let text = try input.wholeText(name)
      let parsed = AwesomeListParser.parseLocated(text, fileName: name, sections: request.sections)
      let unmatched = request.sections.unmatched(in: parsed.headings)
      if !unmatched.isEmpty {
        throw SectionNotFound(
          flags: unmatched.map { "\($0.flag) '\($0.name)'" },
          sections: parsed.headings.reduce(into: []) { if !$0.contains($1) { $0.append($1) } },
          fileName: name)
      }
      var problems = ProblemList()
      var refused: [(ProblemList, OriginalRecord)] = []
      if let rejects = importer.rejects {
        // Each unreadable item line is refused by itself, its text taken from the input.
        rejects.text = text
        for problem in parsed.problems {
          var list = ProblemList()
          list.append(problem)
          guard let line = problem.location.line else {
            problems.append(problem)
            continue
          }
          refused.append((list, .line(line)))
        }
      } else {
        for problem in parsed.problems { problems.append(problem) }
      }
      if parsed.items.isEmpty, parsed.problems.isEmpty {
        // Importing nothing from a Markdown file is almost always the wrong file.
        problems.append(
          InputProblem(
            SourceLocation(file: name, line: 1),
            "found no items like '- [Name](https://…) - Description'; is this an awesome list?"))
      }
      // The items come without slugs: the importer derives them, so that a
      // repeated name gets `-2` rather than failing as a slug given twice.
      // An awesome list says nothing of pricing: its `unknown` is for a new
      // tool, and `--on-conflict update` leaves a curated price alone.
      let items = parsed.items.map { parsedItem in
        var item = ImportItem(
          entry: parsedItem.entry, fields: Self.suppliedFields(parsedItem.entry).subtracting([.pricing]),
          location: parsedItem.location)
        if keep, let line = parsedItem.location.line { item.original = .line(line) }
        return item
      }
      var summary = try Self.preparing(
        ItemArraySource(items, problems: problems, refused: refused), importer, db, guardian)
      summary.skippedSections = parsed.skippedSections
      return summary
    }
  }

  /// Runs `importer` over a record source read, mapped and prepared on a
  /// second thread.
  private static func readingAhead<Reader: RecordReading>(
    _ records: RecordItemSource<Reader>, _ input: ImportInput, _ importer: Importer, _ db: Database,
    _ guardian: AbandonedTransaction.CommitGuard
  ) throws -> ImportSummary {
    let reading = ReadAheadSource(records, preparation: ItemPreparation(options: importer.options))
    // The reading thread must be done before `input` is closed, except on
    // standard input, which is never closed and whose reads nothing can
    // interrupt: an import that failed does not hang on a silent pipe.
    defer { reading.stop(waiting: !input.isStandardInput) }
    var source = AbandonedTransaction.Guarded(reading, db, guardian)
    do {
      return try importer.run(&source)
    } catch var failure as ImportFailure {
      // An unrecognised header is the usual reason every row lacks a title.
      failure.unusedColumns = source.unusedColumns
      failure.fileName = importer.fileName
      throw failure
    }
  }

  /// Runs `importer` over items parsed whole, preparing each as it is taken.
  private static func preparing(
    _ items: ItemArraySource, _ importer: Importer, _ db: Database, _ guardian: AbandonedTransaction.CommitGuard
  ) throws -> ImportSummary {
    let prepared = PreparingSource(items, preparation: ItemPreparation(options: importer.options))
    var source = AbandonedTransaction.Guarded(prepared, db, guardian)
    return try importer.run(&source)
  }

  /// The fields an entry built by a parser has values for.
  static func suppliedFields(_ entry: Entry) -> Set<EntryField> {
    var fields: Set<EntryField> = [.kind, .title]
    if !entry.slug.isEmpty { fields.insert(.slug) }
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
