/// A value as an input file holds it, before it is read as an entry field.
///
/// CSV cells are always `.string`; JSON values keep their type so that the
/// entry reader can tell `"tags": "a;b"` from `"tags": ["a", "b"]`.
public enum RawValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// The number's text as written, so `1.0` and `1` stay distinguishable and
  /// nothing is lost to floating point.
  case number(String)
  case string(String)
  case array([RawValue])
  /// Keys in file order; duplicate keys are kept for the reader to report.
  case object([(key: String, value: RawValue)])

  public static func == (lhs: RawValue, rhs: RawValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.number(let a), .number(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.array(let a), .array(let b)): a == b
    case (.object(let a), .object(let b)):
      a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    default: false
    }
  }

  /// A word for the value's type, for messages: "expected a list, found a number".
  public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "a list"
    case .object: "an object"
    }
  }
}
