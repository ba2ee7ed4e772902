import Foundation

/// One `outpost import`.
public struct ImportRequest: Sendable {
  /// A file path, or `-` for standard input.
  public var path: String
  public var format: ImportFormat = .auto
  /// The CSV delimiter; detected from the header line when nil.
  public var delimiter: UInt8?
  /// `--map FIELD=COLUMN`.
  public var fieldMap: [EntryField: String] = [:]
  /// `--section`, `--skip-section`: the sections of an awesome list read.
  public var sections = AwesomeSectionChoice()
  /// `--value FIELD:FROM=TO`.
  public var valueMap = ValueMap()
  public var options = ImportOptions()
  /// `--rejects FILE`: refused rows go there and the valid ones are imported.
  public var rejectsPath: String?
  /// The moment a story page's year is inferred against.
  public var now = Date()

  public init(path: String) { self.path = path }

  /// The name problems are located in: the path, or `stdin`.
  var displayName: String { path == "-" ? "stdin" : path }
}
