extension RejectsFile {
  /// A refused JSON or NDJSON record: the object as read, its reasons in an
  /// `"error"` key put first (replacing one an earlier round put there); one
  /// object a line, in a JSON array or as NDJSON.
  func appendJSON(_ original: OriginalRecord, reason: String) {
    let error = (key: "error", value: RawValue.string(reason))
    if shape == .jsonArray { pending.append(contentsOf: (count == 1 ? "[\n  " : ",\n  ").utf8) }
    switch original {
    case .object(let fields):
      RawValue.appendObject([error] + fields.filter { $0.key != "error" }, to: &pending)
    case .value(let value):
      // Not an object, so no key can be added: the value goes beside the reason.
      RawValue.appendObject([error, (key: "value", value: value)], to: &pending)
    case .text(let text):
      appendBrokenLine(text, error: error)
    case .csvRow, .line:
      RawValue.appendObject([error], to: &pending)
    }
    if shape == .jsonLines { pending.append(10) }
  }

  /// An NDJSON line that is not JSON, as written, for the user to mend. One
  /// that opens an object gets the `"error"` key just inside its brace, so
  /// the reason sits on the line and the mended line imports; any other is
  /// kept as a string beside the reason.
  private func appendBrokenLine(_ text: String, error: (key: String, value: RawValue)) {
    let body = text.drop { $0 == " " || $0 == "\t" }
    guard body.first == "{" else {
      return RawValue.appendObject([error, (key: "text", value: .string(text))], to: &pending)
    }
    pending.append(UInt8(ascii: "{"))
    JSONText.appendString(error.key, to: &pending)
    pending.append(contentsOf: ": ".utf8)
    error.value.appendJSON(to: &pending)
    let rest = Self.withoutEarlierReason(body.dropFirst())
    pending.append(contentsOf: (rest.drop { $0 == " " || $0 == "\t" }.first == "}" ? "" : ", ").utf8)
    pending.append(contentsOf: rest.utf8)
  }

  /// `rest` without the `"error": "…", ` an earlier round put first, so a
  /// line refused twice does not hold two.
  static func withoutEarlierReason(_ rest: Substring) -> Substring {
    let opening = "\"error\": \""
    guard rest.hasPrefix(opening) else { return rest }
    var index = rest.index(rest.startIndex, offsetBy: opening.count)
    while index < rest.endIndex {
      switch rest[index] {
      case "\\":
        index = rest.index(after: index)
        if index < rest.endIndex { index = rest.index(after: index) }
      case "\"":
        let after = rest[rest.index(after: index)...]
        return after.hasPrefix(", ") ? after.dropFirst(2) : after
      default:
        index = rest.index(after: index)
      }
    }
    return rest
  }
}
