import ArgumentParser
import Foundation
import OutpostCore
import Rainbow

/// The root command. Argument parsing and printing only: everything else is
/// OutpostCore's.
@main
struct Outpost: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "outpost",
    abstract: "A catalog of AI tools and AI news stories, tagged for the audiences they serve.",
    discussion: """
      The catalog is one SQLite file: --db PATH, else $OUTPOST_DB, else ./outpost.sqlite.
      A missing catalog is created and filled with the starter catalog on first use.

      Exit codes: 0 success, 1 bad data or a failed operation, 64 bad usage.
      """,
    version: OutpostVersion.string,
    subcommands: [
      Init.self, Add.self, Edit.self, Remove.self, Show.self, Tag.self, Untag.self, Tags.self, Audiences.self,
      List.self, Search.self, Export.self, Import.self, Stats.self, Check.self, Backup.self, Migrate.self,
    ]
  )

  /// Runs the command, printing failures as DESIGN's exit codes want them:
  /// a located message and 1 for bad data, usage errors and 64 through
  /// ArgumentParser.
  static func main() {
    Terminal.configureColor()
    do {
      var command = try parseAsRoot(GlobalOptions.movingLeadingDB(Array(CommandLine.arguments.dropFirst())))
      try command.run()
    } catch let failure as ImportFailure {
      for line in failure.problems.lines { Terminal.error(line) }
      Terminal.error("nothing was imported: \(failure.problems.total) problem\(failure.problems.total == 1 ? "" : "s")")
      Foundation.exit(1)
    } catch let error as CatalogError {
      Terminal.error("Error: \(error.message)")
      Foundation.exit(1)
    } catch let problem as InputProblem {
      Terminal.error("\(problem)")
      Foundation.exit(1)
    } catch let error as UsageError {
      Terminal.error("Error: \(error.message)")
      Foundation.exit(64)
    } catch let error as MappingError {
      Terminal.error("Error: \(error.message)")
      Foundation.exit(64)
    } catch {
      exit(withError: error)
    }
  }
}

/// The version `--version` prints.
enum OutpostVersion {
  static let string = "0.1.0"
}
