import ArgumentParser
import OutpostCore

extension Outpost {
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Check the catalog: file integrity, links, search index, migration checksums.",
      discussion: "Exits 1 when any check fails.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Build the search index again from the entries' text before checking.")
    var rebuildSearchIndex = false

    func run() throws {
      let catalog = try global.open(forWriting: rebuildSearchIndex)
      if rebuildSearchIndex {
        try catalog.rebuildSearchIndex()
        Terminal.write("rebuilt the search index of \(try catalog.count()) entries\n")
      }
      let findings = try catalog.check()
      for finding in findings {
        if let problem = finding.problem {
          Terminal.write("\("FAIL".red)  \(finding.check): \(problem)\n")
        } else {
          Terminal.write("\("ok".green)    \(finding.check)\n")
        }
      }
      if findings.contains(where: { !$0.passed }) {
        throw CatalogError("\(catalog.path) failed \(findings.filter { !$0.passed }.count) check(s)")
      }
    }
  }
}
