import Foundation
import Mustache

/// The site's templates: the defaults compiled into the binary from
/// `Templates/`, each replaceable by a file of the same name in the folder
/// `--templates` names.
public struct SiteTemplates: Sendable {
  /// The page templates, by name without `.mustache`.
  let library: MustacheLibrary
  /// `style.css` and `search.js`, copied as they are.
  let files: [String: String]
  /// A hash of every template's text: a page whose template changed is
  /// rendered again.
  let fingerprint: UInt64

  /// The built-in templates, by file name (`story.mustache`, `style.css`).
  public static let defaults: [(name: String, text: String)] = EmbeddedFiles.all.compactMap { file in
    guard file.path.hasPrefix("Templates/") else { return nil }
    return (
      String(file.path.dropFirst("Templates/".count)),
      String(decoding: Data(base64Encoded: file.base64) ?? Data(), as: UTF8.self)
    )
  }

  /// Files other than templates that a template folder may hold.
  static let plainFiles = ["style.css", "search.js"]

  /// The defaults, with the files of `directory` in their place.
  init(overrides directory: String?) throws {
    var texts = Dictionary(Self.defaults.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
    if let directory {
      for (name, text) in try Self.overrides(in: directory, known: Set(texts.keys)) { texts[name] = text }
    }
    TemplateEscaping.register()
    var library = MustacheLibrary()
    var files: [String: String] = [:]
    var hash = StableHash()
    for name in texts.keys.sorted() {
      let text = texts[name]!
      hash.add(name)
      hash.add(text)
      if name.hasSuffix(".mustache") {
        do {
          try library.register(TemplateEscaping.pragma + text, named: String(name.dropLast(".mustache".count)))
        } catch let error as MustacheTemplate.ParserError {
          let place = directory.map { ($0 as NSString).appendingPathComponent(name) } ?? name
          // The pragma is a line above the file's first.
          throw CatalogError(
            "\(place):\(error.context.lineNumber - 1):\(error.context.columnNumber): \(Self.describe(error.error)); "
              + "fix the template or remove it to use the built-in one")
        }
      } else {
        files[name] = text
      }
    }
    // Pages show each entry's card as SiteCards rendered it once; the
    // template itself renders the cards, under a name no file can have.
    if let card = library.getTemplate(named: Self.card) {
      library.register(card, named: Self.cardTemplate)
      library.register(try MustacheTemplate(string: "{{{card}}}"), named: Self.card)
    }
    self.library = library
    self.files = files
    self.fingerprint = hash.value
  }

  /// The template files in `directory`; a `.mustache`, `.css` or `.js` file
  /// whose name is not a template's is refused, since it would silently do nothing.
  static func overrides(in directory: String, known: Set<String>) throws -> [(String, String)] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
      throw CatalogError(
        "--templates \(directory) is not a folder; write the defaults there with `outpost site templates \(directory)`")
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    var found: [(String, String)] = []
    for name in names where name.hasSuffix(".mustache") || name.hasSuffix(".css") || name.hasSuffix(".js") {
      guard known.contains(name) else {
        throw CatalogError(
          "\((directory as NSString).appendingPathComponent(name)) is not one of the site's templates ("
            + known.sorted().joined(separator: ", ") + "); rename it or remove it")
      }
      let path = (directory as NSString).appendingPathComponent(name)
      guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw CatalogError("\(path) could not be read as UTF-8 text")
      }
      found.append((name, text))
    }
    return found
  }

  /// Writes the built-in templates into `directory`, creating it; refuses to
  /// overwrite a file already there.
  public static func writeDefaults(to directory: String) throws -> [String] {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (name, _) in defaults {
      let path = (directory as NSString).appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: path) {
        throw CatalogError("\(path) already exists; choose an empty folder or remove it first")
      }
    }
    for (name, text) in defaults {
      try Data(text.utf8).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
    }
    return defaults.map(\.name)
  }

  /// The partial that shows an entry in a list, and the name it is
  /// rendered under as a card.
  static let card = "entry-item"
  static let cardTemplate = "entry-item.card"

  /// Renders template `name` with `context`.
  func render(_ name: String, _ context: Any) -> String {
    library.render(context, withTemplate: name) ?? ""
  }

  /// Renders an entry's card.
  func renderCard(_ item: ItemValue) -> String {
    library.render(item, withTemplate: Self.cardTemplate) ?? ""
  }

  private static func describe(_ error: any Error) -> String {
    let text = String(describing: error)
    return text.isEmpty ? "the template cannot be read" : "cannot read the template (\(text))"
  }
}
