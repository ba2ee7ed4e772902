import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Import entries from a CSV, JSON, NDJSON, story-page or awesome-list file (or - for stdin).",
      discussion: """
        One transaction: every entry or none. Problems are reported in file order, each message once, up to 20, as FILE:LINE[:COLUMN]: message (for JSON, FILE: [index].field: message). With --rejects FILE, the valid entries are imported and the refused rows written to FILE, with why, to fix and import again.

        Examples:
          outpost import tools.csv --audience marketers --tag writing
          outpost import ai_tools.csv --map title=名称 --map url=网址 --dry-run
          outpost import awesome-list/README.md
          outpost import awesome-list/README.md --section Text --skip-section "Local search engines"
          outpost import messy.csv --rejects fix-me.csv && outpost import fix-me.csv
          outpost import page.txt --format outpost-page --audience researchers
          outpost export --tag music | outpost import - --db other.sqlite --on-conflict skip
          outpost import fixes.csv --on-conflict update        # kind,slug,summary: only summaries change
          outpost import their-list.csv --match url --on-conflict skip --value "pricing:Visit Site=unknown"
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The file to import, or - for standard input.")
    var file: String

    @Option(name: .long, help: "How to read the file (default: auto, from its extension, else its content).")
    var format: ImportFormat = .auto

    @Option(
      name: .customLong("on-conflict"),
      help: "When an entry exists: fail, skip or update (a patch: only the fields the input supplies change).")
    var onConflict: ImportOptions.Conflict = .fail

    @Option(name: .long, help: "What names an existing entry: slug, or url (normalised; then the slug).")
    var match: ImportOptions.Match = .slug

    @Option(
      name: .long,
      help: ArgumentHelp("Read FIELD from COLUMN (repeatable), e.g. title=tools_names.", valueName: "FIELD=COLUMN"))
    var map: [String] = []

    @Option(
      name: .customLong("value"),
      help: ArgumentHelp(
        "Read FROM as TO in FIELD (repeatable), e.g. \"pricing:Visit Site=unknown\"; FROM * is any value outside"
          + " the vocabulary of kind, pricing or audiences; an empty TO drops the value.",
        valueName: "FIELD:FROM=TO"))
    var values: [String] = []

    @Option(name: .long, help: "Set the kind of every entry: tool or story.")
    var kind: EntryKind?

    @Option(name: .long, help: "Add this audience to every entry (repeatable).")
    var audience: [String] = []

    @Option(name: .long, help: "Add this tag to every entry (repeatable).")
    var tag: [String] = []

    @Option(name: .long, help: "CSV delimiter: ',', ';', 'tab' or '|' (default: detected from the header).")
    var delimiter: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Awesome lists: import only this section and its subsections (repeatable, any case).", valueName: "name"))
    var section: [String] = []

    @Option(
      name: .customLong("skip-section"),
      help: ArgumentHelp(
        "Awesome lists: skip this section too; Contents, License, other lists and learning material are skipped "
          + "already (repeatable, any case).", valueName: "name"))
    var skipSection: [String] = []

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Import the valid rows and write the refused ones, with why, to FILE in the input's format.",
        valueName: "FILE"))
    var rejects: String?

    @Flag(name: .long, help: "Check everything and report what would change; write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
      _ = try fieldMap()
      _ = try valueMap()
      _ = try delimiterByte()
      if delimiter != nil, format != .auto, format != .csv {
        throw ValidationError("--delimiter applies to CSV only, not --format \(format.rawValue)")
      }
      if !map.isEmpty, format == .outpostPage || format == .awesome {
        throw ValidationError("--map applies to CSV and JSON, not --format \(format.rawValue)")
      }
      if !values.isEmpty, format == .outpostPage || format == .awesome {
        throw ValidationError("--value applies to CSV and JSON, not --format \(format.rawValue)")
      }
      for tag in tag where TagName.normalize(tag) == nil { throw ValidationError("--tag '\(tag)' holds no tag") }
      if !(section + skipSection).isEmpty, format != .auto, format != .awesome {
        throw ValidationError(
          "--section and --skip-section apply to awesome lists only, not --format \(format.rawValue)")
      }
      try validateRejects()
    }

    /// The catalog to import into. `--quiet` silences the first-use and
    /// migration notices too; a dry run against a catalog that does not exist
    /// yet checks against a scratch copy of the starter catalog it would start
    /// with, rather than creating the file.
    func openCatalog() throws -> (Catalog, scratch: URL?) {
      let quiet = quiet
      let notice: @Sendable (String) -> Void = { line in if !quiet { Terminal.notice(line) } }
      guard dryRun, !FileManager.default.fileExists(atPath: global.path) else {
        let options = CatalogOpenOptions(forWriting: !dryRun, notice: notice)
        return (try Catalog.open(at: global.path, options: options).0, nil)
      }
      let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
        "outpost-dry-run-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
      notice("\(global.path) does not exist yet; checking against the starter catalog it would be created with")
      let options = CatalogOpenOptions(forWriting: true, newContent: .seed)
      return (try Catalog.open(at: scratch.appendingPathComponent("catalog.sqlite").path, options: options).0, scratch)
    }

    /// "tools.csv: not imported: columns a, b (use --map FIELD=COLUMN to import one)".
    /// At most 20 names, so a 1 000-column file gives one readable line.
    func unusedColumnsNote(_ columns: [String]) -> String {
      ImportSummary.unusedColumnsNote(columns, file: file == "-" ? "stdin" : file)
    }

    func fieldMap() throws -> [EntryField: String] {
      var result: [EntryField: String] = [:]
      for pair in map {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else {
          throw ValidationError("--map '\(pair)' should be FIELD=COLUMN, e.g. title=tools_names")
        }
        guard let field = EntryField(rawValue: parts[0].lowercased()) else {
          throw ValidationError(
            "--map: unknown field '\(parts[0])'; fields are \(EntryField.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        }
        if result[field] != nil { throw ValidationError("--map names \(field.rawValue) twice") }
        result[field] = parts[1]
      }
      return result
    }

    func valueMap() throws -> ValueMap {
      var result = ValueMap()
      for rule in values {
        do {
          try result.add(rule)
        } catch {
          throw ValidationError(error.message)
        }
      }
      return result
    }

    func delimiterByte() throws -> UInt8? {
      guard let delimiter else { return nil }
      switch delimiter {
      case ",", "comma": return UInt8(ascii: ",")
      case ";", "semicolon": return UInt8(ascii: ";")
      case "tab", "\\t", "\t": return 9
      case "|", "pipe": return UInt8(ascii: "|")
      default: throw ValidationError("--delimiter '\(delimiter)' should be ',', ';', 'tab' or '|'")
      }
    }

    func run() throws {
      let (catalog, scratch) = try openCatalog()
      defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
      let vocabulary = try catalog.audienceVocabulary()
      var request = ImportRequest(path: file)
      request.format = format
      request.delimiter = try delimiterByte()
      request.fieldMap = try fieldMap()
      request.sections = AwesomeSectionChoice(only: section, skip: skipSection)
      request.valueMap = try valueMap()
      // An audience TO names an audience of this catalog: checked before any row is read.
      for audience in request.valueMap.targets(.audiences) {
        do {
          _ = try vocabulary.resolve(audience)
        } catch {
          throw UsageError("--value: \(error.message)")
        }
      }
      request.rejectsPath = rejects
      request.options = ImportOptions(
        onConflict: onConflict, match: match, dryRun: dryRun, kind: kind,
        audiences: try audience.map { try resolveAudience($0, vocabulary) },
        tags: tag.compactMap(TagName.normalize))
      let progress = ProgressBar(label: "importing", enabled: !quiet && Terminal.stderrIsTerminal)
      let summary: ImportSummary
      do {
        summary = try catalog.importEntries(request) { done, total in progress.update(done: done, total: total) }
      } catch {
        // A failure is printed by `Outpost.main`, once the bar is gone.
        progress.finish()
        throw error
      }
      progress.finish()
      guard !quiet else { return }
      for line in summary.problems.lines + summary.fixes { Terminal.error(line) }
      if !summary.unusedColumns.isEmpty { Terminal.error(unusedColumnsNote(summary.unusedColumns)) }
      if !summary.skippedSections.isEmpty {
        Terminal.error(ImportSummary.skippedSectionsNote(summary.skippedSections, file: file == "-" ? "stdin" : file))
      }
      for line in summary.notices.printable { Terminal.error(line) }
      let verb = dryRun ? "would import" : "imported"
      Terminal.error(
        "\(verb) \(summary.countsDescription) (new: \(summary.insertedDescription))"
          + rejectsNote(summary) + (dryRun ? "; nothing was written (--dry-run)" : ""))
    }
  }
}
