import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct AudiencesAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add an audience to the vocabulary.",
      discussion: "Example: outpost audiences add podcasters --name Podcasters")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Its slug: a-z, 0-9 and '-'.", valueName: "slug")) var slug: String
    @Option(name: .long, help: "Its name as people read it.") var name: String

    func validate() throws {
      if let reason = Slug.problem(with: slug) { throw ValidationError("audience " + reason) }
      if slug.count > 64 { throw ValidationError("audience slug '\(slug)' is longer than 64 characters") }
      if name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ValidationError("--name cannot be empty")
      }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      try catalog.addAudience(slug: slug, name: name)
      Terminal.notice("added audience \(slug) (\(name.trimmingCharacters(in: .whitespacesAndNewlines)))")
    }
  }
}
