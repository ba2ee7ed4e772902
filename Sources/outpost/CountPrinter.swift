import ArgumentParser
import OutpostCore
import Rainbow

/// Formats of the counting commands (`tags`, `audiences`).
enum CountFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

/// Prints rows of names with counts; the column called `count` is a number.
enum CountPrinter {
  static func print(_ rows: [[String]], keys: [String], format: CountFormat, empty: String) {
    switch format {
    case .table:
      guard !rows.isEmpty else { return Terminal.write(empty + "\n") }
      var table = TableText(columns: keys.map { .init($0.uppercased(), minimum: 5) })
      for row in rows { table.append(row) }
      Terminal.write(table.render(width: Terminal.width) { $0.bold }.joined(separator: "\n") + "\n")
    case .csv:
      var out = keys.joined(separator: ",") + "\r\n"
      for row in rows { out += row.map(csvCell).joined(separator: ",") + "\r\n" }
      Terminal.write(out)
    case .json:
      let objects = rows.map { row in
        JSONValue.object(
          zip(keys, row).map { key, value in (key, key == "count" ? .int(Int(value) ?? 0) : .string(value)) })
      }
      Terminal.write(JSONValue.array(objects).text() + "\n")
    }
  }

  /// RFC 4180: quoted when it holds a comma, a quote or a line break.
  static func csvCell(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
