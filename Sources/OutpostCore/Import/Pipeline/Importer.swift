import Foundation
import GRDB

/// Writes the entries of an input into the catalog, in the caller's transaction.
///
/// Rows are written as they are read, so memory does not grow with the file;
/// any problem makes the whole import throw, and the caller's transaction
/// rolls everything back.
struct Importer {
  let db: Database
  let options: ImportOptions
  let fileName: String
  var now = Timestamp.now()
  /// The input's size in bytes, when known: a large input into a small
  /// catalog builds the secondary indexes at its end (`DeferredIndexes`).
  var inputBytes: Int?
  /// Called every few hundred entries with the source's progress.
  var onProgress: ((_ done: Int, _ total: Int?) -> Void)?
  /// The catalog's audiences, loaded once per import.
  let vocabulary: AudienceVocabulary
  /// Where refused rows go (`--rejects`); nil for an import of all or nothing.
  var rejects: RejectsFile?
  /// The catalog's file, and where the search index built beside the import
  /// is left for the caller to detach once the transaction has ended.
  var catalogPath = ""
  var besideSlot: SearchIndexBeside.Slot?

  init(db: Database, options: ImportOptions, fileName: String, vocabulary: AudienceVocabulary) {
    self.db = db
    self.options = options
    self.fileName = fileName
    self.vocabulary = vocabulary
  }

  /// Reads `source` to the end and writes what it holds. A problem thrown
  /// by the source ends the input; problems it yields are counted and the
  /// reading goes on.
  func run(_ source: inout some PreparedItemSource) throws -> ImportSummary {
    var state = try ImportState(db: db, options: options, now: now, vocabulary: vocabulary)
    if let rejects { state.rejecting = try ImportState.Rejecting(file: rejects, db: db) }
    let indexes =
      DeferredIndexes.worthwhile(lastID: state.lastIDBefore, inputBytes: inputBytes) ? try DeferredIndexes(db) : nil
    // With the indexes dropped the URL index is gone too, and the catalog is
    // small next to the input: reading its URLs once is then the cheaper way.
    if indexes != nil { try state.rememberCatalogURLs() }
    SearchIndexBeside.removeLeftovers(beside: catalogPath)
    // Only an import that inserts every row once, or fails whole, can hand
    // its text over as it goes: one refusing rows takes some out again.
    if let besideSlot, !options.dryRun, rejects == nil {
      besideSlot.beside = try SearchIndexBeside.start(db, catalogPath: catalogPath, inputBytes: inputBytes)
      state.writer.searchText = besideSlot.beside
    }
    var count = 0
    while true {
      let step: ImportStep?
      do {
        step = try source.next()
      } catch let problem as InputProblem {
        // The input cannot be read past this point: report it with the
        // problems found so far.
        state.problems.append(problem)
        state.rejecting?.rowless += 1
        break
      }
      guard let step else { break }
      switch step {
      case .problems(let list):
        state.problems.append(contentsOf: list)
        state.rejecting?.rowless += list.total
      case .refused(let list, let original):
        state.problems.append(contentsOf: list)
        try state.refuse(original, for: list)
      case .item(let item): try state.take(item)
      }
      count += 1
      if count % 512 == 0, let onProgress {
        let progress = source.progress
        onProgress(progress.done, progress.total)
      }
    }
    besideSlot?.beside?.endInput()
    try state.writer.flushLinks()
    if !state.failed {
      try state.settleRelated()
      let before = state.problems.total
      try state.linkRelated()
      // Every row that could be refused for its links was, just before.
      state.rejecting?.rowless += state.problems.total - before
      if let beside = besideSlot?.beside {
        // The secondary indexes are built while the thread indexes the text.
        try indexes?.finish(db)
        if try beside.finish(into: db) {
          try state.searchIndex.restoreTriggers(db)
          state.summary.indexedBeside = true
        } else {
          try state.searchIndex.finish(db)
        }
      } else {
        try state.searchIndex.finish(db)
        try indexes?.finish(db)
      }
    }
    state.summary.unusedColumns = source.unusedColumns
    let fixes = Self.fixes(for: state.problems, source.columnProfile, file: fileName)
    if state.failed {
      var failure = ImportFailure(problems: state.problems)
      failure.fixes = fixes
      throw failure
    }
    try rejects?.finish()
    state.summary.problems = state.problems
    state.summary.fixes = fixes
    return state.summary
  }

  /// The `--map` that would fill each required field reported missing and
  /// fed by no column: `no column maps to title; …; try --map title=tools_names`.
  static func fixes(for problems: ProblemList, _ profile: ColumnProfile?, file: String) -> [String] {
    guard let profile else { return [] }
    return [EntryField.title, .url].compactMap { field in
      problems.contains(messageStartingWith: "\(field.rawValue) is missing") ? profile.fix(for: field, file: file) : nil
    }
  }
}
