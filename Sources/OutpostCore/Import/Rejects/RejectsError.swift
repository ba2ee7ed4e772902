/// A `--rejects` the import cannot honour: a usage error (exit 64), found
/// once the input is known, before anything is read or written.
public enum RejectsError: Error, Equatable, Sendable {
  /// A story page is one story: a part of it cannot be refused and the rest kept.
  case storyPage
  /// The rejects file would be written over the file being imported.
  case sameAsInput(String)
}

extension RejectsError: ReportableError {
  public var reportLines: [String] {
    switch self {
    case .storyPage:
      return [
        "Error: --rejects applies to CSV, JSON, NDJSON and awesome lists, not a story page (outpost-page): "
          + "a page is one story; fix it and import it again"
      ]
    case .sameAsInput(let path):
      return ["Error: --rejects \(path) is the file being imported; name another file for the refused rows"]
    }
  }
  public var exitCode: Int32 { 64 }
}
