import ArgumentParser
import Foundation
import OutpostCore
import Rainbow

/// The root command. Argument parsing and printing only: everything else is
/// OutpostCore's.
///
/// Every command names itself (`commandName`): without it ArgumentParser
/// derives each name from its type through reflection, for the whole tree
/// on every run, which was a sixth of a one-entry command's time.
@main
struct Outpost: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "outpost",
    abstract: "A catalog of AI tools and AI news stories, tagged for the audiences they serve.",
    discussion: """
      The catalog is one SQLite file: --db PATH, else $OUTPOST_DB, else ./outpost.sqlite.
      A missing catalog is created and filled with the starter catalog on first use.

      Exit codes: 0 success, 1 bad data or a failed operation, 64 bad usage, 130 interrupted.
      """,
    version: OutpostVersion.string,
    subcommands: [
      Init.self, Add.self, Edit.self, Remove.self, Show.self, Tag.self, Untag.self, Tags.self, Audiences.self,
      List.self, Search.self, Export.self, Import.self, Stats.self, Check.self, Backup.self, Site.self, Migrate.self,
      Links.self,
    ]
  )

  /// Runs the command, printing failures as DESIGN's exit codes want them,
  /// in this one place: the library's errors say their own lines and code
  /// (`ReportableError`); ArgumentParser's, usage errors and 64.
  static func main() {
    Terminal.configureColor()
    do {
      var command = try parseAsRoot(GlobalOptions.movingLeadingDB(Array(CommandLine.arguments.dropFirst())))
      try command.run()
    } catch let error as ReportableError {
      for line in error.reportLines { Terminal.error(line) }
      Foundation.exit(error.exitCode)
    } catch {
      exit(withError: error)
    }
  }
}

/// The version `--version` prints.
enum OutpostVersion {
  static let string = "0.1.0"
}
