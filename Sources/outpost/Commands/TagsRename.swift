import ArgumentParser
import Foundation
import OutpostCore

extension Outpost {
  struct TagsRename: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rename", abstract: "Rename tag OLD to NEW, merging into NEW when it exists.",
      discussion: "Example: outpost tags rename summarization summarisation")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The tag to rename.", valueName: "old")) var old: String
    @Argument(help: ArgumentHelp("Its new name; an existing tag takes in OLD's entries.", valueName: "new"))
    var new: String

    func validate() throws {
      for tag in [old, new] where TagName.normalize(tag) == nil { throw ValidationError("'\(tag)' holds no tag") }
    }

    func run() throws {
      let catalog = try global.open(forWriting: true)
      let from = TagName.normalize(old)!
      let to = TagName.normalize(new)!
      let count = try catalog.renameTag(from, to: to)
      if from == to {
        Terminal.notice("tag \(from) is already called that; nothing changed")
      } else {
        Terminal.notice("renamed tag \(from) to \(to): \(count) entr\(count == 1 ? "y" : "ies") tagged \(to)")
      }
    }
  }
}
