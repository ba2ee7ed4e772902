/// Writes RFC 4180 CSV: CRLF line ends, a cell quoted when it holds a comma,
/// a quote, a line break, or spaces at either end.
enum CSVText {
  /// Appends `text` as one cell; `delimiter` is the byte between cells, a
  /// comma but for a rejects file written in its input's own delimiter.
  static func appendCell(_ text: String, delimiter: UInt8 = 44, to out: inout [UInt8]) {
    let utf8 = text.utf8
    let needsQuotes =
      utf8.contains { $0 == delimiter || $0 == 34 || $0 == 10 || $0 == 13 }
      || utf8.first == 32 || utf8.last == 32
    guard needsQuotes else { return out.append(contentsOf: utf8) }
    out.append(34)
    for byte in utf8 {
      if byte == 34 { out.append(34) }
      out.append(byte)
    }
    out.append(34)
  }

  static func appendRow(_ cells: [String], to out: inout [UInt8]) {
    for (index, cell) in cells.enumerated() {
      if index > 0 { out.append(44) }
      appendCell(cell, to: &out)
    }
    out.append(contentsOf: [13, 10])
  }

  /// An entry's cells in interchange column order; lists joined with `;`,
  /// sources as their JSON array.
  static func cells(_ entry: Entry) -> [String] {
    var sources: [UInt8] = []
    if !entry.sources.isEmpty { JSONText.appendSources(entry.sources, to: &sources) }
    return [
      entry.kind.rawValue, entry.slug, entry.title, entry.url ?? "", entry.summary ?? "", entry.description ?? "",
      entry.pricing?.rawValue ?? "", entry.publishedAt ?? "", entry.audiences.joined(separator: ";"),
      entry.tags.joined(separator: ";"), entry.related.joined(separator: ";"), String(decoding: sources, as: UTF8.self),
      entry.sourceCount.map(String.init) ?? "", entry.addedAt ?? "", entry.updatedAt ?? "",
    ]
  }
}
