import ArgumentParser
import OutpostCore

extension Outpost {
  struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "backup",
      abstract: "Write a consistent copy of the catalog to FILE, even while another process writes.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The copy to write; it must not exist yet.")
    var file: String

    func run() throws {
      let catalog = try global.open(forWriting: false)
      try catalog.backup(to: file)
      Terminal.notice("backed up \(catalog.path) to \(file)")
    }
  }
}
