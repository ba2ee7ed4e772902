import ArgumentParser
import Foundation
import OutpostCore

extension Outpost.Import {
  /// `--rejects FILE` names a file to write, other than the catalog; one a
  /// format cannot refuse rows of, or the input itself, is refused by the
  /// library once the input is known (`RejectsError`).
  func validateRejects() throws {
    guard let rejects else { return }
    if rejects == "-" || rejects.isEmpty {
      throw ValidationError("--rejects needs a file to write the refused rows to; - (stdout) is not one")
    }
    if format == .outpostPage {
      throw ValidationError("--rejects applies to CSV, JSON, NDJSON and awesome lists, not --format outpost-page")
    }
    // Renaming the rejects file over the catalog would destroy it.
    let target = URL(fileURLWithPath: rejects).standardizedFileURL.resolvingSymlinksInPath().path
    let catalog = URL(fileURLWithPath: global.path).standardizedFileURL.resolvingSymlinksInPath().path
    if [catalog, catalog + "-wal", catalog + "-shm", catalog + "-journal"].contains(target) {
      throw ValidationError("--rejects \(rejects) is the catalog itself; name another file")
    }
  }

  /// The end of the summary line: "; 3 rows refused, written to rej.csv",
  /// or what became of the file when nothing was refused.
  func rejectsNote(_ summary: ImportSummary) -> String {
    guard let rejects else { return "" }
    if summary.refused > 0 {
      return "; \(summary.refused) row\(summary.refused == 1 ? "" : "s") refused, written to \(rejects)"
    }
    return "; no rows refused, "
      + (summary.removedEarlierRejects ? "removed the earlier \(rejects)" : "\(rejects) not written")
  }
}
