/// A JSON value whose objects keep their keys in the order given, for the
/// small reports (`stats`, `tags`, `audiences`) a reader scans by eye.
/// Foundation's serializer either scrambles keys or sorts them.
public indirect enum JSONValue: Equatable, Sendable {
  case string(String)
  case int(Int)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)): a == b
    case (.int(let a), .int(let b)): a == b
    case (.null, .null): true
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
    default: false
    }
  }

  /// Pretty-printed with two-space indents; an empty array or object stays
  /// on one line (`[]`, `{}`).
  public func text(indent: Int = 0) -> String {
    let inner = String(repeating: " ", count: indent + 2)
    let closing = String(repeating: " ", count: indent)
    switch self {
    case .string(let text): return Self.quoted(text)
    case .int(let number): return String(number)
    case .null: return "null"
    case .array(let items):
      if items.isEmpty { return "[]" }
      return "[\n" + items.map { inner + $0.text(indent: indent + 2) }.joined(separator: ",\n") + "\n\(closing)]"
    case .object(let members):
      if members.isEmpty { return "{}" }
      let lines = members.map { inner + Self.quoted($0.0) + ": " + $0.1.text(indent: indent + 2) }
      return "{\n" + lines.joined(separator: ",\n") + "\n\(closing)}"
    }
  }

  /// `text` as a JSON string literal: quotes, backslashes and control
  /// characters escaped, everything else kept as UTF-8.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
