import Foundation

/// A progress bar on stderr for runs longer than a second, on a terminal only.
final class ProgressBar {
  let label: String
  let enabled: Bool
  private let start = Date()
  /// Seconds before the bar appears: DESIGN's one second, or
  /// `$OUTPOST_PROGRESS_DELAY`, so tests can see a bar without a slow run.
  private let delay = ProcessInfo.processInfo.environment["OUTPOST_PROGRESS_DELAY"].flatMap(Double.init) ?? 1
  private var shown = false
  private var lastDraw = Date.distantPast

  init(label: String, enabled: Bool) {
    self.label = label
    self.enabled = enabled
  }

  /// Redraws the bar; `note` (counts so far) follows it when given.
  func update(done: Int, total: Int?, note: String? = nil) {
    guard enabled, Date().timeIntervalSince(start) >= delay, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
    lastDraw = Date()
    shown = true
    let width = max(10, min(40, Terminal.width - 30))
    var line = "\r\(label) "
    if let total, total > 0 {
      let fraction = min(1, Double(done) / Double(total))
      let filled = Int(fraction * Double(width))
      line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "]"
      line += String(format: " %3d%%", Int(fraction * 100))
    } else {
      line += "\(done / 1024) KiB"
    }
    if let note { line += "  " + note + "\u{1B}[K" }
    FileHandle.standardError.write(Data(line.utf8))
  }

  func finish() {
    if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
