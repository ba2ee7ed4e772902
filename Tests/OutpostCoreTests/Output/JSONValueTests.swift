import Foundation
import Testing

@testable import OutpostCore

@Suite("JSONValue")
struct JSONValueTests {
  @Test("objects keep their key order and empty containers stay on one line")
  func order() {
    let value = JSONValue.object([("tag", .string("b")), ("count", .int(2)), ("list", .array([])), ("none", .null)])
    #expect(value.text() == "{\n  \"tag\": \"b\",\n  \"count\": 2,\n  \"list\": [],\n  \"none\": null\n}")
    #expect(JSONValue.array([]).text() == "[]")
  }

  @Test("strings are escaped so that any tag or name parses back")
  func escaping() throws {
    let nasty = "a\"b\\c\nd\u{1}é🤖"
    let text = JSONValue.array([.object([(nasty, .string(nasty))])]).text()
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: String]])
    #expect(parsed.first?[nasty] == nasty)
  }
}
