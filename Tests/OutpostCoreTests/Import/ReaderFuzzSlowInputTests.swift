import Foundation
import Testing

@testable import OutpostCore

/// Inputs shaped to make a reader slow: long runs that a regex backtracks
/// through, repeated keys, deep nesting, brackets that never close. Random
/// mutation rarely builds them large enough to show quadratic time, so they
/// are built here, at about 200 KB, where linear reading takes well under a
/// second and a quadratic one minutes (the watchdog names the shape if one
/// hangs). Each goes through every reader and the import of its format.
extension ReaderFuzzTests {
  enum SlowShape: String, CaseIterable, CustomTestStringConvertible {
    case headingWithLongSpaceRun
    case excerptOfHyphenatedWord
    case objectRepeatingEveryKey
    case lineOfObjectRepeatingEveryKey
    case deepNesting
    case bracketsThatNeverClose
    case nestedLinks
    case quotedFieldOfQuotes
    case recordOfManyFields
    case summaryOfAbbreviations
    case descriptionOfHashtags
    case openingComments
    case brokenNDJSONLines
    case stringOfEscapes

    var testDescription: String { rawValue }

    /// About this many bytes.
    static let size = 200_000

    var imports: [ImportFormat] {
      switch self {
      case .headingWithLongSpaceRun, .bracketsThatNeverClose, .nestedLinks, .descriptionOfHashtags, .openingComments:
        [.awesome]
      case .excerptOfHyphenatedWord, .summaryOfAbbreviations: [.outpostPage]
      case .objectRepeatingEveryKey, .stringOfEscapes: [.json]
      case .lineOfObjectRepeatingEveryKey, .brokenNDJSONLines: [.ndjson]
      case .deepNesting: [.json, .ndjson]
      case .quotedFieldOfQuotes, .recordOfManyFields: [.csv]
      }
    }

    func bytes(size n: Int = Self.size) throws -> [UInt8] {
      func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }
      let text: String
      switch self {
      case .headingWithLongSpaceRun:
        text = "# Tools\n\n## a\(repeated(" ", n))b #\n\n- [A](https://a.example) - A tool.\n"
      case .excerptOfHyphenatedWord:
        var lines = try String(contentsOfFile: TestCatalog.fixture("outpost-page-bytedance.txt"), encoding: .utf8)
          .components(separatedBy: "\n")
        lines[7] = repeated("A-", n / 2) + "A has contacted"
        text = lines.joined(separator: "\n")
      case .objectRepeatingEveryKey, .lineOfObjectRepeatingEveryKey:
        let keys = (0..<(n / 20)).map { "\"k\($0)\": 1" }.joined(separator: ", ")
        let object = "{\"title\": \"T\", \"url\": \"https://t.example\", \(keys), \(keys.uppercased())}"
        text = self == .objectRepeatingEveryKey ? "[\(object)]" : object + "\n"
      case .deepNesting:
        text = repeated("[", n / 2) + repeated("{\"a\": ", n / 12)
      case .bracketsThatNeverClose:
        text = "# Tools\n\n- [" + repeated("[", n / 2) + repeated("](", n / 4) + "\n" + repeated("- [x", n / 8)
      case .nestedLinks:
        let link = repeated("[", 300) + "x" + repeated("](https://a.example)", 300)
        text = "# Tools\n\n" + repeated("- [\(link)](https://b.example) - \(link)\n", n / 13_000)
      case .quotedFieldOfQuotes:
        text = "title,url\n\"" + repeated("\"\"", n / 2) + "\",https://x.example\n"
      case .recordOfManyFields:
        text = "title,url\n" + repeated("a,", n / 2) + "\n"
      case .summaryOfAbbreviations:
        let summary = repeated("Mr. A. B. U.S. e.g. 1, 2 ", n / 25)
        text =
          "On Mon, 21 Oct, 4:01 PM UTC\n1 Source\n[1]\nTitle\nExcerpt.\nShare\n\(summary)\n"
          + "Body\(repeated(" 1", n / 4)).\n"
      case .descriptionOfHashtags:
        text = "# Tools\n\n- [A](https://a.example) - " + repeated("#tag-a #b ", n / 10) + "\n"
      case .openingComments:
        text = repeated("<!--", n / 8) + "\n" + repeated("a --> <!-- ", n / 22) + "\n- [A](https://a.example)\n"
      case .brokenNDJSONLines:
        text = repeated("{\"title\": \"a\n", n / 13)
      case .stringOfEscapes:
        text = "[{\"title\": \"" + repeated("\\u00e9\\n\\\"", n / 10) + "\", \"url\": \"https://x.example\"}]"
      }
      return Array(text.utf8)
    }
  }

  @Test("inputs built to be slow are read in linear time", arguments: SlowShape.allCases)
  func slowShape(_ shape: SlowShape) throws {
    let folder = TemporaryFolder()
    let template = folder.path("template.sqlite")
    _ = try TestCatalog.seeded(in: folder, name: "template.sqlite")
    var harness = try FuzzHarness(folder: folder, template: template)
    // The watchdog only names a shape that hangs: the bound that matters is
    // the ratio below, which the machine's load does not decide.
    FuzzWatchdog.start(hangSeconds: 300)
    defer { FuzzWatchdog.stop() }
    func seconds(_ size: Int) throws -> Double {
      let bytes = try shape.bytes(size: size)
      let fuzzCase = FuzzCase(index: 0, seed: 1, bytes: bytes, origin: shape.imports.first, recipe: shape.rawValue)
      FuzzWatchdog.enter("slow shape \(shape.rawValue), \(bytes.count) bytes")
      let started = ContinuousClock.now
      try harness.run(fuzzCase, imports: shape.imports)
      let elapsed = ContinuousClock.now - started
      return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    let full = try seconds(SlowShape.size)
    print("ReaderFuzz: \(shape.rawValue), \(SlowShape.size) bytes, in " + String(format: "%.2f s", full))
    #expect(harness.failures.isEmpty, "\(harness.failures.prefix(10).joined(separator: "\n"))")
    // Linear reading takes about a second in a debug build on a quiet
    // machine, the quadratic readers these shapes caught took minutes. A
    // busy machine slows both alike, so a slow run is judged against a
    // quarter of the input read just after it: four times the input costs
    // about four times as much when linear, sixteen when quadratic.
    guard full >= 2 else { return }
    let quarter = try min(seconds(SlowShape.size / 4), seconds(SlowShape.size / 4))
    let ratio = full / max(quarter, 0.001)
    #expect(ratio < 10, "\(shape.rawValue): \(full) s for the input, \(quarter) s for a quarter of it")
  }
}
