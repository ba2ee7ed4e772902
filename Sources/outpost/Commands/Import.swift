import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import entries from a CSV, JSON, NDJSON, story-page or awesome-list file (or - for stdin).",
      discussion: """
        One transaction: every entry or none. Problems are reported as FILE:LINE[:COLUMN]: message.
        Examples:
          outpost import tools.csv --audience marketers
          outpost import ai_tools.csv --map title=名称 --kind tool
          outpost import page.txt --format outpost-page
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The file to import, or - for standard input.")
    var file: String

    @Option(name: .long, help: "auto, json, ndjson, csv, outpost-page or awesome.")
    var format: ImportFormat = .auto

    @Option(name: .customLong("on-conflict"), help: "When a slug exists: fail, skip or update.")
    var onConflict: ImportOptions.Conflict = .fail

    @Option(name: .long, help: ArgumentHelp("Read FIELD from COLUMN (repeatable), e.g. title=tools_names.", valueName: "FIELD=COLUMN"))
    var map: [String] = []

    @Option(name: .long, help: "Set the kind of every entry: tool or story.")
    var kind: EntryKind?

    @Option(name: .long, help: "Add this audience to every entry (repeatable).")
    var audience: [String] = []

    @Option(name: .long, help: "Add this tag to every entry (repeatable).")
    var tag: [String] = []

    @Option(name: .long, help: "CSV delimiter: ',', ';' or 'tab' (default: detected from the header).")
    var delimiter: String?

    @Flag(name: .long, help: "Check everything and report what would change; write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
      _ = try fieldMap()
      _ = try delimiterByte()
      if delimiter != nil, format != .auto, format != .csv {
        throw ValidationError("--delimiter applies to CSV only, not --format \(format.rawValue)")
      }
      if !map.isEmpty, format == .outpostPage || format == .awesome {
        throw ValidationError("--map applies to CSV and JSON, not --format \(format.rawValue)")
      }
      for tag in tag where TagName.normalize(tag) == nil { throw ValidationError("--tag '\(tag)' holds no tag") }
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
            "--map: unknown field '\(parts[0])'; fields are \(EntryField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if result[field] != nil { throw ValidationError("--map names \(field.rawValue) twice") }
        result[field] = parts[1]
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
      let catalog = try global.open(forWriting: !dryRun)
      let vocabulary = try catalog.audienceVocabulary()
      var request = ImportRequest(path: file)
      request.format = format
      request.delimiter = try delimiterByte()
      request.fieldMap = try fieldMap()
      request.options = ImportOptions(
        onConflict: onConflict, dryRun: dryRun, kind: kind,
        audiences: try audience.map { try resolveAudience($0, vocabulary) },
        tags: tag.compactMap(TagName.normalize))
      let progress = ProgressBar(label: "importing", enabled: !quiet && Terminal.stderrIsTerminal)
      let summary = try catalog.importEntries(request) { done, total in progress.update(done: done, total: total) }
      progress.finish()
      guard !quiet else { return }
      if !summary.unusedColumns.isEmpty {
        Terminal.error(
          "\(request.path == "-" ? "stdin" : file): not imported: column\(summary.unusedColumns.count == 1 ? "" : "s") "
            + summary.unusedColumns.joined(separator: ", ") + " (use --map FIELD=COLUMN to import one)")
      }
      for line in summary.notices.printable { Terminal.error(line) }
      let verb = dryRun ? "would import" : "imported"
      Terminal.error(
        "\(verb) \(summary.inserted) new (\(summary.insertedDescription)), updated \(summary.updated), skipped \(summary.skipped)"
          + (dryRun ? "; nothing was written (--dry-run)" : ""))
    }
  }

  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export entries as JSON, NDJSON or CSV, to stdout or atomically to a file.",
      discussion: "Entries are ordered by kind, then slug; an export imports back byte for byte.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "json, ndjson or csv.")
    var format: ExportFormat = .json

    @Option(name: [.long, .customShort("o")], help: "Write to FILE (atomically) instead of stdout; - is stdout.")
    var output: String?

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let filter = try filters.filter(catalog)
      if let output, output != "-" {
        let count = try catalog.export(matching: filter, format: format, toFile: output)
        Terminal.notice("exported \(count) entries to \(output)")
      } else {
        var sink = FileDescriptorSink(descriptor: STDOUT_FILENO)
        try catalog.export(matching: filter, format: format, to: &sink)
      }
    }
  }
}
