import ArgumentParser
import Foundation
import OutpostCore

/// Options every command that opens the catalog takes.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp("The catalog file (default: $OUTPOST_DB, else ./outpost.sqlite).", valueName: "path"))
  var db: String?

  /// Lets `outpost --db PATH list` work as well as `outpost list --db PATH`:
  /// ArgumentParser gives a subcommand only the options after its name, so a
  /// leading `--db` is moved behind the subcommand.
  static func movingLeadingDB(_ arguments: [String]) -> [String] {
    var leading: [String] = []
    var rest = arguments[...]
    while let first = rest.first, first.hasPrefix("--db") {
      if first == "--db", rest.count >= 2 {
        leading += rest.prefix(2)
        rest = rest.dropFirst(2)
      } else if first.hasPrefix("--db=") {
        leading.append(first)
        rest = rest.dropFirst()
      } else {
        break
      }
    }
    return Array(rest) + leading
  }

  /// `--db`, else `$OUTPOST_DB`, else `./outpost.sqlite`.
  var path: String {
    if let db, !db.isEmpty { return db }
    if let env = ProcessInfo.processInfo.environment["OUTPOST_DB"], !env.isEmpty { return env }
    return "outpost.sqlite"
  }

  /// Opens the catalog, printing DESIGN's one-line notices on stderr.
  func open(forWriting: Bool, newContent: NewCatalogContent = .seed) throws -> Catalog {
    try openReporting(forWriting: forWriting, newContent: newContent).catalog
  }

  func openReporting(forWriting: Bool, newContent: NewCatalogContent = .seed, applyMigrations: Bool = true) throws
    -> (catalog: Catalog, report: CatalogOpenReport)
  {
    var options = CatalogOpenOptions(forWriting: forWriting, newContent: newContent, notice: { Terminal.notice($0) })
    options.applyMigrations = applyMigrations
    return try Catalog.open(at: path, options: options)
  }
}
