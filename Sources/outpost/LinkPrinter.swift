import OutpostCore
import Rainbow

/// Prints link-check results for `links` and `links check`.
enum LinkPrinter {
  /// The columns of `csv`, and the keys of `json` before `entries`.
  static let keys = [
    "url", "status", "http_status", "final_url", "moved_to", "failure", "detail", "checked_at",
    "consecutive_failures", "first_failure_at",
  ]

  static func json(_ url: String, _ record: LinkRecord?, slugs: [String]?) -> JSONValue {
    let text: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
    var members: [(String, JSONValue)] = [
      ("url", .string(url)), ("status", .string((record?.status ?? .unchecked).rawValue)),
      ("http_status", record?.httpStatus.map(JSONValue.int) ?? .null), ("final_url", text(record?.finalURL)),
      ("moved_to", text(record?.movedTo)), ("failure", text(record?.failure?.rawValue)),
      ("detail", text(record?.detail)), ("checked_at", text(record?.checkedAt)),
      ("consecutive_failures", .int(record?.consecutiveFailures ?? 0)),
      ("first_failure_at", text(record?.firstFailureAt)),
    ]
    if let slugs { members.append(("entries", .array(slugs.map(JSONValue.string)))) }
    return .object(members)
  }

  static func csvRow(_ row: LinkReportRow) -> [String] {
    let record = row.record
    return [
      row.url, row.status.rawValue, record?.httpStatus.map(String.init) ?? "", record?.finalURL ?? "",
      record?.movedTo ?? "", record?.failure?.rawValue ?? "", record?.detail ?? "", record?.checkedAt ?? "",
      String(record?.consecutiveFailures ?? 0), record?.firstFailureAt ?? "", row.slugs.joined(separator: ";"),
    ]
  }

  /// What the curator should read about a URL: where it moved, or why it failed.
  static func note(_ record: LinkRecord?) -> String {
    guard let record else { return "" }
    if let movedTo = record.movedTo { return "→ " + movedTo }
    if let detail = record.detail { return detail }
    if let finalURL = record.finalURL { return "via " + finalURL }
    return record.httpStatus.map { "HTTP \($0)" } ?? ""
  }

  static func table(_ rows: [LinkReportRow], width: Int) -> String {
    var table = TableText(columns: [
      .init("STATUS", minimum: 6, flexible: false), .init("ENTRIES", minimum: 8, flexible: false),
      .init("URL", minimum: 12), .init("NOTE", minimum: 8),
    ])
    for row in rows {
      table.append([row.status.rawValue, row.slugs.joined(separator: ", "), row.url, note(row.record)])
    }
    return table.render(width: width) { $0.bold }.joined(separator: "\n") + "\n"
  }

  /// "12 ok, 1 redirected, 2 broken": the statuses with a count, in the order of DESIGN.
  static func counts(_ counts: [LinkStatus: Int]) -> String {
    let parts = LinkStatus.allCases.compactMap { status in
      counts[status].flatMap { $0 > 0 ? "\($0) \(status.rawValue)" : nil }
    }
    return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
  }
}
