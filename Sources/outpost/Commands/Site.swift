import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "site",
      abstract: "Write the catalog as a static website, or its templates to customise.",
      subcommands: [Build.self, Templates.self],
      defaultSubcommand: Build.self)
  }
}

extension Outpost.Site {
  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "build",
      abstract: "Write the catalog as a static website into a folder (the default: `outpost site DIR`).",
      discussion: """
        A second run into the same folder rewrites only the pages whose content changed and removes the pages of
        removed entries. The folder must be new, empty, or made by an earlier `outpost site`.
        Examples:
          outpost site public --title "AI for musicians" --audience musicians
          outpost site public --base-url https://example.org/ai/ --templates my-templates
          outpost links check && outpost site public --skip-broken
          python3 -m http.server -d public
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The folder to write the site into.", valueName: "dir"))
    var directory: String

    @OptionGroup var filters: FilterOptions

    @Option(name: .long, help: "The site's name, in every page's header.")
    var title = "Outpost"

    @Option(
      name: .customLong("base-url"),
      help: ArgumentHelp(
        "Where the site will be served (https://…/): writes sitemap.xml, absolute feed links.",
        valueName: "url"))
    var baseURL: String?

    @Option(
      name: .long,
      help: ArgumentHelp("A folder of templates replacing the built-in ones of the same name.", valueName: "dir"))
    var templates: String?

    @Flag(
      name: .customLong("skip-broken"),
      help: "Leave out the tools whose link `outpost links check` found broken.")
    var skipBroken = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
      if let baseURL, SiteOptions.normalizedBaseURL(baseURL) == nil {
        throw ValidationError("--base-url '\(baseURL)' is not an http or https URL; write https://example.org/")
      }
      if title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--title must not be empty") }
      if directory.isEmpty { throw ValidationError("give the folder to write the site into") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: false)
      var options = SiteOptions(directory: directory, filter: try filters.filter(catalog), title: title)
      options.baseURL = baseURL.flatMap(SiteOptions.normalizedBaseURL)
      options.templatesDirectory = templates
      // Only tools: a story's page stands for the story, and its sources'
      // links are checked and listed on their own.
      if skipBroken { options.leaveOut = EntryFilter(kinds: [.tool], links: [.broken]) }
      let bar = ProgressBar(label: "site", enabled: !quiet && Terminal.stderrIsTerminal)
      let report = try catalog.buildSite(options) { done, total in bar.update(done: done, total: total) }
      bar.finish()
      if !quiet {
        Terminal.write(
          "\(report.files) files in \(directory) for \(report.entries) entries: \(report.written) written, "
            + "\(report.unchanged) unchanged, \(report.removed) removed\n")
      }
    }
  }

  struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "templates",
      abstract: "Write the built-in templates into a folder, to customise and pass to --templates.")

    @Argument(help: ArgumentHelp("The folder to write the templates into.", valueName: "dir"))
    var directory: String

    func run() throws {
      let names = try SiteTemplates.writeDefaults(to: directory)
      Terminal.write("wrote \(names.count) templates to \(directory): \(names.joined(separator: ", "))\n")
    }
  }
}
