import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Export entries as JSON, NDJSON, CSV or a Markdown awesome list, to stdout or atomically to a file.",
      discussion: """
        JSON, NDJSON and CSV list entries by kind, then slug, and import back byte for byte. Markdown writes an \
        awesome list, one section per tag (or --group-by audience), that `import --format awesome` reads back to \
        the same titles, URLs, summaries and tags; stories without a URL cannot be listed there.

        Examples:
          outpost export --tag music --format csv -o music.csv
          outpost export --format markdown --group-by audience -o README.md
        """)

    /// The interchange formats, and Markdown, which is written whole rather than streamed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
      case json, ndjson, csv, markdown
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "The output format.")
    var format: Format = .json

    @Option(name: .customLong("group-by"), help: "Markdown only: one section per tag or per audience.")
    var groupBy: MarkdownGrouping?

    @Option(
      name: [.long, .customShort("o")],
      help: ArgumentHelp("Write to FILE (atomically) instead of stdout; - is stdout.", valueName: "FILE"))
    var output: String?

    func validate() throws {
      if groupBy != nil, format != .markdown {
        throw ValidationError("--group-by applies to --format markdown only, not \(format.rawValue)")
      }
      guard let output, output != "-" else { return }
      // Renaming an export over the catalog would destroy it.
      let target = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
      let catalog = URL(fileURLWithPath: global.path).standardizedFileURL.resolvingSymlinksInPath().path
      if [catalog, catalog + "-wal", catalog + "-shm", catalog + "-journal"].contains(target) {
        throw ValidationError("--output \(output) is the catalog itself; export to another file")
      }
    }

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let filter = try filters.filter(catalog)
      let toFile = output.map { $0 != "-" } ?? false
      guard let records = ExportFormat(rawValue: format.rawValue) else {
        return try exportMarkdown(catalog, filter, toFile: toFile)
      }
      let progress = ProgressBar(label: "exporting", enabled: Terminal.stderrIsTerminal)
      // Counting costs a query, so only when a bar can be shown.
      let total = progress.enabled ? try catalog.count(matching: filter) : nil
      let report: (Int) -> Void = { done in progress.update(done: done, total: total) }
      let count: Int
      do {
        if let output, toFile {
          count = try catalog.export(matching: filter, format: records, toFile: output, progress: report)
        } else {
          var sink = FileDescriptorSink(descriptor: STDOUT_FILENO)
          count = try catalog.export(matching: filter, format: records, to: &sink, progress: report)
        }
      } catch {
        progress.finish()
        throw error
      }
      progress.finish()
      if let output, toFile { Terminal.notice("exported \(count) entr\(count == 1 ? "y" : "ies") to \(output)") }
    }

    func exportMarkdown(_ catalog: Catalog, _ filter: EntryFilter, toFile: Bool) throws {
      let grouping = groupBy ?? .tag
      let summary: MarkdownExportSummary
      if let output, toFile {
        summary = try catalog.exportMarkdown(matching: filter, groupBy: grouping, toFile: output)
      } else {
        var sink = FileDescriptorSink(descriptor: STDOUT_FILENO)
        summary = try catalog.exportMarkdown(matching: filter, groupBy: grouping, to: &sink)
      }
      if !summary.unlisted.isEmpty {
        let count = summary.unlisted.count
        let shown = summary.unlisted.prefix(10).joined(separator: ", ") + (count > 10 ? ", …" : "")
        Terminal.notice(
          "not in the list: \(count) stor\(count == 1 ? "y" : "ies") without a url (\(shown)); "
            + "an awesome list item is a link")
      }
      if let output, toFile {
        let count = summary.listed
        Terminal.notice("exported \(count) entr\(count == 1 ? "y" : "ies") to \(output)")
      }
    }
  }
}

extension MarkdownGrouping: ExpressibleByArgument {}
