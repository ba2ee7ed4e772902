extension RawValue {
  /// Appends the value as JSON: a refused object written back as it was
  /// read, its keys in their order, repeated keys kept and numbers as written.
  func appendJSON(to out: inout [UInt8]) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let text): out.append(contentsOf: text.utf8)
    case .string(let text): JSONText.appendString(text, to: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(contentsOf: ", ".utf8) }
        item.appendJSON(to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let fields): Self.appendObject(fields, to: &out)
    }
  }

  /// Appends `{"key": value, …}`.
  static func appendObject(_ fields: [(key: String, value: RawValue)], to out: inout [UInt8]) {
    out.append(UInt8(ascii: "{"))
    for (index, field) in fields.enumerated() {
      if index > 0 { out.append(contentsOf: ", ".utf8) }
      JSONText.appendString(field.key, to: &out)
      out.append(contentsOf: ": ".utf8)
      field.value.appendJSON(to: &out)
    }
    out.append(UInt8(ascii: "}"))
  }
}
