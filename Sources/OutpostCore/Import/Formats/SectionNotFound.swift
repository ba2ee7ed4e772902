/// `--section` or `--skip-section` naming a heading the awesome list does not
/// have: bad usage (exit 64), answered with the headings it does have.
public struct SectionNotFound: Error, Equatable, Sendable, CustomStringConvertible {
  /// "--section 'Vidéo'", as typed.
  public var flags: [String]
  /// The list's headings in file order, its title left out.
  public var sections: [String]
  /// The input's name: its path, or `stdin`.
  public var fileName: String

  public var description: String {
    let shown = sections.prefix(60).joined(separator: ", ") + (sections.count > 60 ? ", …" : "")
    return "\(flags.joined(separator: ", ")) names no section of \(fileName); "
      + (sections.isEmpty ? "it has no sections" : "its sections are: \(shown)")
  }
}

extension SectionNotFound: ReportableError {
  public var reportLines: [String] { ["Error: \(description)"] }
  public var exitCode: Int32 { 64 }
}
