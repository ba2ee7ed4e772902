import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Export entries as JSON, NDJSON or CSV, to stdout or atomically to a file.",
      discussion: "Entries are ordered by kind, then slug; an export imports back byte for byte.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "The output format.")
    var format: ExportFormat = .json

    @Option(
      name: [.long, .customShort("o")],
      help: ArgumentHelp("Write to FILE (atomically) instead of stdout; - is stdout.", valueName: "FILE"))
    var output: String?

    func validate() throws {
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
      let progress = ProgressBar(label: "exporting", enabled: Terminal.stderrIsTerminal)
      // Counting costs a query, so only when a bar can be shown.
      let total = progress.enabled ? try catalog.count(matching: filter) : nil
      let report: (Int) -> Void = { done in progress.update(done: done, total: total) }
      let toFile = output.map { $0 != "-" } ?? false
      let count: Int
      do {
        if let output, toFile {
          count = try catalog.export(matching: filter, format: format, toFile: output, progress: report)
        } else {
          var sink = FileDescriptorSink(descriptor: STDOUT_FILENO)
          count = try catalog.export(matching: filter, format: format, to: &sink, progress: report)
        }
      } catch {
        progress.finish()
        throw error
      }
      progress.finish()
      if let output, toFile { Terminal.notice("exported \(count) entr\(count == 1 ? "y" : "ies") to \(output)") }
    }
  }
}
