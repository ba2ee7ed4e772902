import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "migrate",
      abstract: "Apply pending schema migrations, or show where each stands.",
      subcommands: [Apply.self, Status.self],
      defaultSubcommand: Apply.self)

    struct Apply: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Apply pending migrations and list what was applied (the default).")

      @OptionGroup var global: GlobalOptions

      @Flag(name: .long, help: "Run the pending migrations and roll them back: nothing changes.")
      var dryRun = false

      func run() throws {
        if dryRun {
          let (catalog, _) = try global.openReporting(forWriting: false, applyMigrations: false)
          let states = try catalog.migrationStates()
          if let modified = states.first(where: { $0.status == .modified }) {
            throw CatalogError(
              "migration \(modified.fileName) was changed after it was applied; nothing can be planned")
          }
          if states.contains(where: { $0.status == .unknown }) {
            throw CatalogError("\(catalog.path) was written by a newer Outpost; nothing to migrate")
          }
          let applied = try catalog.dryRunMigrations()
          if applied.isEmpty { return Terminal.write("nothing to migrate: \(catalog.path) is up to date\n") }
          for state in applied {
            Terminal.write("would apply \(state.fileName) (\(state.durationMilliseconds ?? 0) ms, rolled back)\n")
          }
          return
        }
        let (catalog, report) = try global.openReporting(forWriting: true)
        if report.applied.isEmpty {
          Terminal.write("nothing to migrate: \(catalog.path) is up to date\n")
        }
        for state in report.applied {
          Terminal.write("applied \(state.fileName) (\(state.durationMilliseconds ?? 0) ms)\n")
        }
      }
    }

    struct Status: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List every migration as applied, pending, modified or unknown.")

      @OptionGroup var global: GlobalOptions

      @Option(name: .long, help: "Output format: table or json.")
      var format: StatusFormat = .table

      enum StatusFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

      func run() throws {
        let (catalog, _) = try global.openReporting(forWriting: false, applyMigrations: false)
        let states = try catalog.migrationStates()
        switch format {
        case .json:
          let objects: [[String: Any]] = states.map { state in
            [
              "version": state.version, "name": state.name, "file": state.fileName, "status": state.status.rawValue,
              "checksum": state.checksum, "applied_checksum": state.appliedChecksum ?? NSNull(),
              "applied_at": state.appliedAt ?? NSNull(), "duration_ms": state.durationMilliseconds ?? NSNull(),
            ]
          }
          let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
          Terminal.write(String(decoding: data, as: UTF8.self) + "\n")
        case .table:
          var table = TableText(columns: [
            .init("MIGRATION", minimum: 12), .init("STATUS", minimum: 8, flexible: false),
            .init("APPLIED", minimum: 8), .init("CHECKSUM", minimum: 12),
          ])
          for state in states {
            table.append([
              state.fileName, state.status.rawValue, state.appliedAt ?? "-", String(state.checksum.prefix(16)),
            ])
          }
          Terminal.write(table.render(width: Terminal.width) { $0.bold }.joined(separator: "\n") + "\n")
        }
      }
    }
  }
}
