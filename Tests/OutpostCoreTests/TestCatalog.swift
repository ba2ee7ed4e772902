import Foundation

@testable import OutpostCore

/// A temporary folder for one test, removed when the value goes away.
final class TemporaryFolder: @unchecked Sendable {
  let url: URL

  init() {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-test-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Catalogs built by the real migrations, for tests.
enum TestCatalog {
  /// A new empty catalog in `folder`.
  static func empty(in folder: TemporaryFolder, name: String = "test.sqlite") throws -> Catalog {
    try Catalog.open(at: folder.path(name), options: CatalogOpenOptions(forWriting: true, newContent: .empty)).0
  }

  /// A new catalog holding the bundled seed.
  static func seeded(in folder: TemporaryFolder, name: String = "test.sqlite") throws -> Catalog {
    try Catalog.open(at: folder.path(name), options: CatalogOpenOptions(forWriting: true, newContent: .seed)).0
  }

  /// Imports `text` as a file named `name` into `catalog`.
  @discardableResult
  static func importText(
    _ text: String, name: String, into catalog: Catalog, folder: TemporaryFolder,
    configure: (inout ImportRequest) -> Void = { _ in }
  ) throws -> ImportSummary {
    let path = folder.path(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    var request = ImportRequest(path: path)
    configure(&request)
    return try catalog.importEntries(request)
  }

  /// The path of a fixture file.
  static func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!.path
  }
}

/// The bytes of a file, to show a refused command left it unchanged.
func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
