import ArgumentParser
import OutpostCore

/// FILTERS, shared by list, search and export.
struct FilterOptions: ParsableArguments {
  @Option(name: .long, help: "Only entries of this kind: tool or story (repeatable).")
  var kind: [EntryKind] = []

  @Option(name: .long, help: "Only entries for this audience, by slug or name, singular or plural (repeatable).")
  var audience: [String] = []

  @Option(name: .long, help: ArgumentHelp("Only entries with this tag (repeatable).", valueName: "tag"))
  var tag: [String] = []

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only entries dated on or after DATE: a story's publication, else the day it was added.", valueName: "date"))
  var since: String?

  @Option(
    name: .long,
    help: ArgumentHelp("Only entries dated on or before DATE (a date alone: that whole day).", valueName: "date"))
  var until: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Only entries whose own URL's last check says STATUS: ok, redirected, blocked, failing, broken or unchecked "
        + "(repeatable; see `outpost links check`).", valueName: "status"))
  var link: [LinkStatus] = []

  @Flag(name: .long, help: "Repeated --audience or --tag values must all match, not any.")
  var all = false

  func validate() throws {
    if let since, Timestamp.parse(since) == nil { throw ValidationError(DateWords.invalid("--since", since)) }
    if let until, Timestamp.parse(until) == nil { throw ValidationError(DateWords.invalid("--until", until)) }
    if let from = since.flatMap(Timestamp.parse), let to = until.flatMap(Timestamp.parseEndOfDay), from > to {
      throw ValidationError("--since \(since!) is after --until \(until!); nothing could match")
    }
    for tag in tag where TagName.normalize(tag) == nil { throw ValidationError("--tag '\(tag)' holds no tag") }
  }

  /// The filter, with audiences resolved against the catalog's vocabulary.
  func filter(_ catalog: Catalog) throws -> EntryFilter {
    let vocabulary = try catalog.audienceVocabulary()
    var filter = EntryFilter(matchAll: all)
    filter.kinds = kind.uniqued()
    filter.audiences = try audience.map { try resolveAudience($0, vocabulary) }.uniqued()
    filter.tags = tag.compactMap(TagName.normalize).uniqued()
    // A tag the catalog lacks matches nothing, which is an answer, not an
    // error; but it is likely a typo, so say which tag was meant.
    for message in try catalog.unknownTagMessages(filter.tags) { Terminal.notice(message) }
    filter.since = since.flatMap(Timestamp.parse)
    filter.until = until.flatMap(Timestamp.parseEndOfDay)
    filter.links = link.uniqued()
    return filter
  }
}

/// An audience named on the command line, or a usage error (exit 64) that
/// suggests the closest and lists the valid ones.
func resolveAudience(_ text: String, _ vocabulary: AudienceVocabulary) throws -> String {
  do {
    return try vocabulary.resolve(text).slug
  } catch {
    throw UsageError(error.message)
  }
}

enum DateWords {
  static func invalid(_ flag: String, _ text: String) -> String {
    "\(flag) '\(text)' is not a date; write 2024-10-21, 2024-10-21T16:01:00Z or 21 Oct 2024"
  }
}

extension EntryKind: ExpressibleByArgument {}
extension Pricing: ExpressibleByArgument {
  public init?(argument: String) { self.init(parsing: argument) }
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
extension ExportFormat: ExpressibleByArgument {}
extension ImportFormat: ExpressibleByArgument {}
extension ImportOptions.Conflict: ExpressibleByArgument {}
extension ImportOptions.Match: ExpressibleByArgument {}
extension EntrySort: ExpressibleByArgument {}
extension LinkStatus: ExpressibleByArgument {}
