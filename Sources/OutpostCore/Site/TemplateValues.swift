import Mustache

/// What a page's template reads: named values found by comparing a few
/// short names, not by hashing the name into a dictionary on every tag.
///
/// swift-mustache asks every object on its stack whether it is a
/// `MustacheParent` and calls `child(named:)`; a dictionary answers that
/// too, but hashes each name, and most tags miss the objects on top of the
/// stack (`root` inside a list item) before they hit.
struct TemplateObject: MustacheParent, ExpressibleByDictionaryLiteral {
  private var names: [String] = []
  private var values: [Any] = []

  init(dictionaryLiteral elements: (String, Any)...) {
    names.reserveCapacity(elements.count + 2)
    values.reserveCapacity(elements.count + 2)
    for (name, value) in elements { self[name] = value }
  }

  /// The value named `name`; text is kept as `TemplateText`.
  subscript(name: String) -> Any? {
    get { child(named: name) }
    set {
      let value = newValue.map(TemplateText.wrapping)
      if let index = names.firstIndex(of: name) {
        if let value { values[index] = value } else { (_, _) = (names.remove(at: index), values.remove(at: index)) }
      } else if let value {
        names.append(name)
        values.append(value)
      }
    }
  }

  func child(named name: String) -> Any? {
    for index in names.indices where names[index] == name { return values[index] }
    return nil
  }
}

/// Text as a template value. A plain `String` costs swift-mustache a chain
/// of failed casts before `String(describing:)` on every `{{tag}}`, and
/// inside `{{#text}}…{{/text}}` every tag reflects on it with `Mirror`;
/// this answers the first cast and is a parent with no children. It is
/// escaped like any value: `{{text}}` is text, only `{{{text}}}` is markup.
struct TemplateText: MustacheCustomRenderable, MustacheParent, MustacheTransformable, CustomStringConvertible,
  Comparable
{
  let text: String

  init(_ text: String) { self.text = text }

  var renderText: String { text }
  var isNull: Bool { false }
  var description: String { text }
  func child(named: String) -> Any? { nil }
  /// What a `String` answers (`empty`, `uppercased`…), for templates that use them.
  func transform(_ name: String) -> Any? { text.transform(name) }
  /// So that a list of them can be `sorted`, as a list of strings can.
  static func < (a: TemplateText, b: TemplateText) -> Bool { a.text < b.text }

  /// `value` as a template reads it: text wrapped, the rest as it is.
  static func wrapping(_ value: Any) -> Any {
    if let text = value as? String { return TemplateText(text) }
    if let texts = value as? [String] { return texts.map(TemplateText.init) }
    return value
  }
}
