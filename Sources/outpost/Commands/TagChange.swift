import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct TagChange: ParsableArguments {
    @Argument(help: "The entry's slug.")
    var slug: String

    @Argument(help: ArgumentHelp("Tags to add or remove.", valueName: "tag"))
    var tags: [String] = []

    @Option(name: .long, help: "An audience, by slug or name, singular or plural (repeatable).")
    var audience: [String] = []

    func validate() throws {
      if tags.isEmpty, audience.isEmpty { throw ValidationError("name at least one tag or --audience") }
      for tag in tags where TagName.normalize(tag) == nil { throw ValidationError("'\(tag)' holds no tag") }
    }

    func apply(_ global: GlobalOptions, remove: Bool) throws {
      let catalog = try global.open(forWriting: true)
      let vocabulary = try catalog.audienceVocabulary()
      let audiences = try audience.map { try resolveAudience($0, vocabulary) }.uniqued()
      let result = try catalog.retag(
        slug, tags: tags.compactMap(TagName.normalize).uniqued(), audiences: audiences, remove: remove)
      let entry = result.entry
      // Nothing to do is not an error, but the curator should know a typo did nothing.
      let state = remove ? "did not have" : "already had"
      for tag in result.unchangedTags { Terminal.notice("\(entry.slug) \(state) tag \(tag)") }
      for audience in result.unchangedAudiences { Terminal.notice("\(entry.slug) \(state) audience \(audience)") }
      Terminal.write(
        "\(entry.slug): tags \(entry.tags.isEmpty ? "-" : entry.tags.joined(separator: ", ")); "
          + "audiences \(entry.audiences.isEmpty ? "-" : entry.audiences.joined(separator: ", "))\n")
    }
  }
}
