import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Links: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "links",
      abstract: "Check the catalog's URLs and list them by the health of their last check.",
      subcommands: [List.self, Check.self], defaultSubcommand: List.self)
  }
}

extension Outpost.Links {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List the catalog's URLs by the health of their last check (the default of `links`).",
      discussion: """
        Without --status, lists the URLs that need a look: broken, failing, redirected and blocked.
        Exits 1 when it lists a broken URL, so scripts can stop on dead links.
        Examples:
          outpost links check
          outpost links --status broken --format json
          outpost edit SLUG --url NEW-URL        # for a redirected URL, the target is in NOTE
        """)

    @OptionGroup var global: GlobalOptions

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Only URLs in STATUS: ok, redirected, blocked, failing, broken or unchecked (repeatable).",
        valueName: "status"))
    var status: [LinkStatus] = []

    @Option(name: .long, help: "table, json or csv.")
    var format: CountFormat = .table

    func run() throws {
      let catalog = try global.open(forWriting: false)
      let wanted = status.isEmpty ? Set([.broken, .failing, .redirected, .blocked]) : Set(status)
      let rows = try catalog.linkReport(statuses: wanted)
      switch format {
      case .json:
        Terminal.write(JSONValue.array(rows.map { LinkPrinter.json($0.url, $0.record, slugs: $0.slugs) }).text() + "\n")
      case .csv:
        var out = (LinkPrinter.keys + ["entries"]).joined(separator: ",") + "\r\n"
        for row in rows { out += LinkPrinter.csvRow(row).map(CountPrinter.csvCell).joined(separator: ",") + "\r\n" }
        Terminal.write(out)
      case .table:
        if rows.isEmpty {
          Terminal.write("no URLs are \(wanted.map(\.rawValue).sorted().joined(separator: " or "))\n")
        } else {
          Terminal.write(LinkPrinter.table(rows, width: Terminal.width))
          var counts: [LinkStatus: Int] = [:]
          for row in rows { counts[row.status, default: 0] += 1 }
          Terminal.write(TextWidth.fit(LinkPrinter.counts(counts), Terminal.width).dim + "\n")
        }
      }
      if rows.contains(where: { $0.status == .broken }) { throw ExitCode.failure }
    }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Check the URLs of entries and story sources, and record what each one answers.",
      discussion: """
        HEAD first, GET when HEAD is refused; up to 5 redirects; at most 2 requests at a time to one host.
        Results are saved as they come: Ctrl-C keeps them, and --recheck-after resumes.
        Exits 0 when the check ran, whatever it found; `outpost links` lists what needs a look.
        Examples:
          outpost links check
          outpost links check --tag video --timeout 5
          outpost links check --recheck-after 7      # skip URLs checked in the last week
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: ArgumentHelp("Requests at once, overall (1 to 256).", valueName: "n"))
    var concurrency = 16

    @Option(name: .long, help: ArgumentHelp("Seconds one request may take (up to 600).", valueName: "seconds"))
    var timeout: Double = 10

    @Option(
      name: .customLong("recheck-after"),
      help: ArgumentHelp("Skip URLs checked less than DAYS days ago (decimals allowed).", valueName: "days"))
    var recheckAfter: Double?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Option(name: .long, help: "text (a summary) or json (every result of this run).")
    var format: CheckFormat = .text

    enum CheckFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
      guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 256") }
      guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be more than 0 and at most 600") }
      if let recheckAfter, !(recheckAfter >= 0) || !recheckAfter.isFinite {
        throw ValidationError("--recheck-after must be 0 or more days")
      }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      var options = LinkCheckOptions()
      options.filter = try filters.filter(catalog)
      options.concurrency = concurrency
      options.timeout = timeout
      options.recheckAfter = recheckAfter.map { $0 * 86_400 }
      options.userAgent = "Outpost/\(OutpostVersion.string) (link check)"
      options.keepsRecords = format == .json
      let checker = try LinkChecker(catalog: catalog, options: options)
      let interrupts = Self.stopping(checker)
      defer { interrupts.cancel() }
      let progress = ProgressBar(label: "checking links", enabled: !quiet && Terminal.stderrIsTerminal)
      let summary = try checker.run { state in
        progress.update(done: state.done, total: state.total, note: LinkPrinter.counts(state.counts))
      }
      progress.finish()
      if format == .json {
        Terminal.write(JSONValue.array(summary.records.map { LinkPrinter.json($0.url, $0, slugs: nil) }).text() + "\n")
      } else if !quiet {
        var line =
          "checked \(summary.checked) URL\(summary.checked == 1 ? "" : "s"): \(LinkPrinter.counts(summary.counts))"
        if summary.recent > 0, let days = recheckAfter {
          line += "; skipped \(summary.recent) checked in the last \(days.formatted()) day\(days == 1 ? "" : "s")"
        }
        Terminal.write(line + "\n")
        if !summary.interrupted, summary.counts.keys.contains(where: { $0 != .ok }) {
          Terminal.write("`outpost links` lists those to look at\n")
        }
      }
      if summary.interrupted {
        let left = summary.planned - summary.checked
        Terminal.error(
          "interrupted: \(summary.checked) results kept, \(left) URL\(left == 1 ? "" : "s") not checked; "
            + "run `outpost links check --recheck-after 1` to finish")
        throw ExitCode(130)
      }
    }

    /// Turns Ctrl-C into `checker.stop()`, so the results in hand are
    /// written before exiting; a second Ctrl-C exits at once.
    static func stopping(_ checker: LinkChecker) -> DispatchSourceSignal {
      signal(SIGINT, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
      nonisolated(unsafe) var seen = false
      source.setEventHandler {
        if seen { _exit(130) }
        seen = true
        checker.stop()
      }
      source.resume()
      return source
    }
  }
}
