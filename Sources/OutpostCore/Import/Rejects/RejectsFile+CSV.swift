extension RejectsFile {
  /// A refused CSV row: its cells as read, under the input's header and in
  /// its delimiter, the reasons in an `error` column.
  ///
  /// The header gets an `error` column unless it has one (a rejects file
  /// imported again), in which case that column takes the new reasons. A row
  /// of the wrong width keeps its cells as they were, none added or moved,
  /// so that it stays the wrong width until it is mended: its reasons go
  /// after them, or replace its last cell when the `error` column is last,
  /// which is where an earlier round put them.
  func appendCSV(_ original: OriginalRecord, reason: String) {
    guard case .csvRow(var cells, let header) = original, !cells.isEmpty else { return }
    let width = header.names.count
    if errorColumn == nil {
      var names = header.names
      if let existing = names.firstIndex(where: { $0.trimmedFast.lowercased() == "error" }) {
        errorColumn = existing
      } else {
        errorColumn = width
        names.append("error")
      }
      appendCSVRow(names, delimiter: header.delimiter)
    }
    let column = errorColumn ?? width
    if cells.count == width, column < width {
      cells[column] = reason
    } else if cells.count != width, column == width - 1 {
      cells[cells.count - 1] = reason
    } else {
      cells.append(reason)
    }
    appendCSVRow(cells, delimiter: header.delimiter)
  }

  /// One row, RFC 4180 as the export writes it: CRLF, cells quoted as needed.
  private func appendCSVRow(_ cells: [String], delimiter: UInt8) {
    for (index, cell) in cells.enumerated() {
      if index > 0 { pending.append(delimiter) }
      CSVText.appendCell(cell, delimiter: delimiter, to: &pending)
    }
    pending.append(contentsOf: [13, 10])
  }
}
