import Foundation

/// The formats `outpost import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
  case auto, json, ndjson, csv
  case outpostPage = "outpost-page"
  case awesome

  /// The format a file's name suggests, or nil.
  static func fromExtension(_ path: String) -> ImportFormat? {
    switch (path as NSString).pathExtension.lowercased() {
    case "json": .json
    case "ndjson", "jsonl": .ndjson
    case "csv", "tsv", "tab": .csv
    case "md", "markdown": .awesome
    default: nil
    }
  }

  /// The format the first bytes of an input suggest.
  static func sniff(_ head: [UInt8]) -> ImportFormat {
    var text = String(decoding: head.prefix(64 * 1024), as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let trimmed = text.drop(while: \.isWhitespace)
    if trimmed.hasPrefix("[") { return .json }
    if trimmed.hasPrefix("{") {
      // NDJSON: a complete object on the first line, and the next line opens another.
      let lines = trimmed.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: true)
      if lines.count > 1, lines[0].trimmingCharacters(in: .whitespaces).hasSuffix("}"),
        lines[1].trimmingCharacters(in: .whitespaces).hasPrefix("{")
      {
        return .ndjson
      }
      return .json
    }
    let lines = text.split(whereSeparator: \.isNewline)
    if lines.contains(where: { $0.hasPrefix("On ") && $0.hasSuffix(" UTC") }),
      lines.contains(where: { $0.range(of: #"^\d+ Sources?$"#, options: .regularExpression) != nil })
    {
      return .outpostPage
    }
    if lines.first.map({ $0.hasPrefix("#") }) == true
      || lines.prefix(200).contains(where: {
        $0.range(of: #"^\s*[-*] \[[^\]]+\]\("#, options: .regularExpression) != nil
      })
    {
      return .awesome
    }
    return .csv
  }
}
