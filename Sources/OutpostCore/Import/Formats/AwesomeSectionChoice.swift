/// Which sections of an awesome list hold tools (`import --section`,
/// `--skip-section`), and which are skipped when no flag names them.
///
/// A section is skipped by default when its heading is about the list
/// rather than a kind of tool, which real lists spell in a few ways:
///
/// - the list's own parts: Contents, Table of contents, Contributing,
///   Contribution guidelines, License, Footnotes, Acknowledgements, Credits,
///   Code of conduct;
/// - other lists: any heading with the word `list` or `lists` (Related
///   Awesome Lists, More lists, Lists on ChatGPT);
/// - learning material: a heading that starts with `learn` (Learn AI free),
///   ends with `reading`, `courses`, `tutorials`, `books` or `papers`
///   (Recommended reading), or is `… learning resources` / `educational resources`.
///
/// A heading matches a name given with a flag when both have the same tag
/// form (`TagName`): case, spaces, punctuation and emoji aside.
public struct AwesomeSectionChoice: Sendable, Equatable {
  /// `--section`: only these sections (and their subsections) hold tools.
  public var only: [String]
  /// `--skip-section`: these sections hold no tools, on top of the defaults.
  public var skip: [String]
  /// False for a list `outpost export` wrote: every section of it lists tools.
  var skipsByDefault = true

  public init(only: [String] = [], skip: [String] = []) {
    self.only = only
    self.skip = skip
  }

  /// Whether a section named `title` is chosen by `--section`.
  func isChosen(_ title: String) -> Bool { Self.names(only, title) }

  /// Whether a section named `title` is skipped, its subsections with it.
  /// A section `--section` chose, or one inside it, is skipped only when
  /// `--skip-section` names it.
  func isSkipped(_ title: String, underChosen: Bool) -> Bool {
    Self.names(skip, title) || (skipsByDefault && Self.isAboutTheList(title) && !underChosen && !isChosen(title))
  }

  /// The flag values that name no heading in `titles`: a typo, which would
  /// otherwise import the wrong sections without a word.
  func unmatched(in titles: [String]) -> [(flag: String, name: String)] {
    let keys = Set(titles.compactMap(TagName.normalize))
    return only.filter { !keys.contains(TagName.normalize($0) ?? "") }.map { ("--section", $0) }
      + skip.filter { !keys.contains(TagName.normalize($0) ?? "") }.map { ("--skip-section", $0) }
  }

  static func names(_ names: [String], _ title: String) -> Bool {
    guard !names.isEmpty, let key = TagName.normalize(title) else { return false }
    return names.contains { TagName.normalize($0) == key }
  }

  /// Whether a heading is about the list rather than a kind of tool.
  public static func isAboutTheList(_ title: String) -> Bool {
    guard let key = TagName.normalize(title) else { return false }
    if listParts.contains(key) { return true }
    let words = key.split(separator: "-")
    if words.contains("list") || words.contains("lists") { return true }
    if words.first == "learn" { return true }
    if let last = words.last, learningEnds.contains(String(last)) { return true }
    return key.hasSuffix("learning-resources") || key.hasSuffix("educational-resources")
  }

  private static let listParts: Set<String> = [
    "contents", "table-of-contents", "toc", "contributing", "contribute", "contributors", "contribution",
    "contributions", "contribution-guidelines", "how-to-contribute", "license", "licence", "footnotes",
    "acknowledgements", "acknowledgments", "credits", "code-of-conduct",
  ]

  private static let learningEnds: Set<String> = ["reading", "courses", "tutorials", "books", "papers"]
}
