import Foundation

@testable import OutpostCore

enum FuzzCorpus {
  /// The valid inputs: seed exports in every format, the real-data files,
  /// the story page and the awesome list.
  static func load(seedCatalog: Catalog) throws -> [FuzzSeedInput] {
    var inputs: [FuzzSeedInput] = []
    func add(_ name: String, _ format: ImportFormat, _ bytes: [UInt8]) {
      inputs.append(FuzzSeedInput(name: name, format: format, bytes: bytes, recordEnds: recordEnds(bytes, format)))
    }
    add("seed.csv", .csv, try seedCatalog.exported(.csv))
    add("seed.json", .json, try seedCatalog.exported(.json))
    add("seed.ndjson", .ndjson, try seedCatalog.exported(.ndjson))
    add("autoventure.csv", .csv, try fixture("realdata/autoventure/ai-tools.csv"))
    add("autoventure.json", .json, try fixture("realdata/autoventure/ai-tools.json"))
    add("china-ai-tools.csv", .csv, try fixture("realdata/china-ai-tools/ai_tools.csv"))
    add("outpost-page.txt", .outpostPage, try fixture("outpost-page-bytedance.txt"))
    add("awesome.md", .awesome, try fixture("realdata/awesome-generative-ai/README.md"))
    return inputs
  }

  static func fixture(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: TestCatalog.fixture(name))))
  }

  /// Where each record of a valid input ends.
  static func recordEnds(_ bytes: [UInt8], _ format: ImportFormat) -> [Int] {
    switch format {
    case .csv:
      var reader = CSVReader(bytes: bytes, fileName: "seed")
      var ends: [Int] = []
      while (try? reader.next()) != nil { ends.append(reader.bytesRead) }
      return ends
    case .ndjson, .awesome:
      return bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
    default:
      return []
    }
  }
}

// MARK: - Generation

/// Makes the cases of a campaign: noise, token soup, and mutated valid inputs.
struct FuzzGenerator {
  let corpus: [FuzzSeedInput]
  /// NDJSON lines of the seed export, to build small JSON arrays from.
  let entryLines: [[UInt8]]

  init(corpus: [FuzzSeedInput]) {
    self.corpus = corpus
    let ndjson = corpus.first { $0.format == .ndjson }?.bytes ?? []
    entryLines = ndjson.split(separator: 0x0A).map(Array.init)
  }

  func makeCase(index: Int, seed: UInt64) -> FuzzCase {
    var random = FuzzRandom(seed: seed)
    var recipe: [String] = []
    var origin: ImportFormat?
    var bytes: [UInt8]
    let kind = random.below(100)
    if kind < 12 {
      bytes = (0..<random.length(upTo: 4_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      recipe.append("random bytes")
    } else if kind < 22 {
      bytes = tokenSoup(&random)
      recipe.append("token soup")
    } else if kind < 23 {
      // Past a 64 KiB chunk of the file-descriptor readers.
      bytes = (0..<(65_536 + random.below(8_000))).map { _ in UInt8(truncatingIfNeeded: random.next() | 0x20) }
      recipe.append("random bytes past a chunk")
    } else {
      let base = validWindow(&random)
      bytes = base.bytes
      origin = base.format
      recipe.append("mutated \(base.name)")
      let mutations = random.chance(10) ? 0 : 1 + random.below(random.chance(30) ? 12 : 4)
      for _ in 0..<mutations { recipe.append(mutate(&bytes, &random)) }
    }
    return FuzzCase(index: index, seed: seed, bytes: bytes, origin: origin, recipe: recipe.joined(separator: ", "))
  }

  /// A valid input, often cut down to a window of whole records so that
  /// cases stay small and fast.
  func validWindow(_ random: inout FuzzRandom) -> (name: String, format: ImportFormat, bytes: [UInt8]) {
    if random.chance(25), !entryLines.isEmpty {  // a small JSON array or object of seed entries
      let count = random.below(min(8, entryLines.count) + 1)
      let start = random.below(entryLines.count - count + 1)
      var bytes = Array("[\n".utf8)
      for (i, line) in entryLines[start..<(start + count)].enumerated() {
        if i > 0 { bytes += Array(",\n".utf8) }
        bytes += line
      }
      bytes += Array("\n]\n".utf8)
      if random.chance(40) { bytes = Array("{\"name\": \"x\", \"count\": \(count), \"tools\": ".utf8) + bytes + [0x7D] }
      return ("seed entries \(start)+\(count).json", .json, bytes)
    }
    let input = random.pick(corpus)
    let ends = input.recordEnds
    let whole = random.chance(input.bytes.count > 40_000 ? 2 : 20)
    guard !whole, ends.count > 2 else { return (input.name, input.format, input.bytes) }
    // A header (CSV) or title line (Markdown) kept, then a run of records.
    let count = 1 + random.below(min(25, ends.count - 1))
    let first = 1 + random.below(ends.count - count)
    let keepHead = input.format == .csv || random.chance(50)
    let head = keepHead ? Array(input.bytes[0..<ends[0]]) : []
    let body = Array(input.bytes[ends[first - 1]..<ends[first + count - 1]])
    return ("\(input.name) records \(first)+\(count)", input.format, head + body)
  }

  /// Pieces that mean something to one reader or another, strung at random.
  func tokenSoup(_ random: inout FuzzRandom) -> [UInt8] {
    let tokens: [String] = [
      "\"", ",", ";", "\t", "\n", "\r", "\r\n", " ", "{", "}", "[", "]", ":", "\\", "\\u", "\\uD83D", "\\uDE00",
      "\"title\"", "\"url\"", "\"tools\"", "\"sources\"", "true", "false", "null", "-", "0", "07", "1e5", "1.", "12",
      "title,url,pricing", "https://x.example/", "http://", "ftp://x", "www.x.com", "free", "story", "tool",
      "On Mon, 21 Oct, 4:01 PM UTC", "12 Sources", "1 Source", "[1]", "[2]", "Share", "Copy Link", "Related",
      "Reference", "# Tools", "## Sub", "===", "---", "- [A](https://a.example) - Desc.", "* [", "](", ")", "**",
      "```", "<!--", "-->", "#opensource", "[![b](x)](y)", "é", "東京", "😀", "\u{FEFF}", "“", "”", "'", "\u{0}",
    ]
    var bytes: [UInt8] = []
    for _ in 0..<random.length(upTo: 400) {
      if random.chance(4) {
        bytes.append(random.pick([0x00, 0xFF, 0xC3, 0xE6, 0xF0, 0x80, 0xED]))
      } else {
        bytes += Array(random.pick(tokens).utf8)
      }
    }
    return bytes
  }

  /// Values that mean something to the field checks past the readers:
  /// dates, numbers, URLs, prices, slugs, lists, sources, control characters.
  static let fieldValues: [String] = [
    "2024-02-30", "0000-01-01", "9999-12-31T23:59:60Z", "1 Jan 99999999", "31 Feb 2024", "2024-10-21T16:01:00+25:00",
    "2024-10-21T16:01:00.123456789Z", "-2024-01-01", "21 Oct 2024", "99999999999999999999", "-1", "1e400", "0x10",
    "NaN", "http://", "https://", "https://[::1", "https://a b", "https://%zz", "HTTP://EXAMPLE.COM",
    "https://例子.测试/路径", "https://a.example:99999", "javascript:alert(1)", "https://user:pass@a.example",
    "https://" + String(repeating: "a", count: 3_000) + ".example", "FREE", "Free trial", "contact", "story", "STORY",
    "tool", "a--b", "-a", "A", String(repeating: "a", count: 201), "ü", "writers;artists", "Writers", "nobody",
    #"[{""n"":1,""title"":""t""}]"#, #"[{\"n\":0}]"#, "[{}]", "[1]", "[[[[[", "a;b;c", #"\u0000"#, #"\uD800"#, #"\n"#,
    #"a\u001B[31mred"#, "a\u{1B}[31mred", "line\nbreak", "tab\there", "", " ", "null", ";", ",,,",
  ]

  /// JSON values of every type, some of them wrong for their key.
  static let jsonValues: [String] = [
    "null", "true", "0", "-0.5e-3", "\"\"", "[]", "{}", "[1, 2]", "{\"a\": 1}", "[\"x\", null]",
    "[{\"n\": 1, \"title\": \"t\", \"url\": \"ftp://x\"}]", "[{\"n\": 1}, {\"n\": 1, \"title\": \"u\"}]",
    "\"https://x.example\"", "\"story\"", "[\"writers\", \"nobody\"]", "99999999999999999999",
  ]

  /// Applies one mutation to `bytes`; says what it did.
  func mutate(_ bytes: inout [UInt8], _ random: inout FuzzRandom) -> String {
    let at = random.below(bytes.count + 1)
    switch random.below(15) {
    case 12, 13:
      // A cell or a string's text, from a quote or delimiter to the next one, replaced.
      let marks: Set<UInt8> = [0x22, 0x2C, 0x3B, 0x09, 0x0A]
      guard let start = bytes[at...].firstIndex(where: marks.contains) else { return "replace a value: none" }
      let end = bytes[(start + 1)...].firstIndex(where: marks.contains) ?? bytes.count
      let value = random.pick(Self.fieldValues)
      bytes.replaceSubrange((start + 1)..<end, with: Array(value.utf8))
      return "value '\(value.prefix(40))'@\(start + 1)"
    case 14:
      // A JSON member's value replaced by a value of any type.
      let colon = Array(": ".utf8)
      var i = at
      while i + 1 < bytes.count, !(bytes[i] == colon[0] && bytes[i + 1] == colon[1]) { i += 1 }
      guard i + 1 < bytes.count else { return "replace a JSON value: none" }
      var end = i + 2
      var depth = 0
      var inString = false
      while end < bytes.count {
        let b = bytes[end]
        if inString {
          if b == 0x5C { end += 1 } else if b == 0x22 { inString = false }
        } else if b == 0x22 {
          inString = true
        } else if b == 0x5B || b == 0x7B {
          depth += 1
        } else if b == 0x5D || b == 0x7D {
          if depth == 0 { break }
          depth -= 1
        } else if b == 0x2C, depth == 0 {
          break
        }
        end += 1
      }
      let value = random.pick(Self.jsonValues)
      bytes.replaceSubrange((i + 2)..<min(end, bytes.count), with: Array(value.utf8))
      return "JSON value '\(value.prefix(40))'@\(i + 2)"
    case 0 where !bytes.isEmpty:
      let i = random.below(bytes.count)
      bytes[i] ^= UInt8(1) << UInt8(random.below(8))
      return "flip@\(i)"
    case 1 where !bytes.isEmpty:
      let i = random.below(bytes.count)
      bytes[i] = UInt8(truncatingIfNeeded: random.next())
      return "byte@\(i)"
    case 2, 3:
      let special: [[UInt8]] = [
        [0x22], [0x2C], [0x0A], [0x0D], [0x0D, 0x0A], [0x00], [0xFF], [0x7B], [0x5B], [0x7D], [0x5D],
        [0xEF, 0xBB, 0xBF],
        [0x5C], [0x3A], [0x3B], [0x09], [0xE6], [0xF0, 0x9F, 0x98, 0x80], [0xC3, 0xA9], [0x23], [0x28], [0x29],
      ]
      let piece = random.pick(special)
      bytes.insert(contentsOf: piece, at: at)
      return "insert \(piece)@\(at)"
    case 4 where !bytes.isEmpty:
      let length = 1 + random.length(upTo: min(bytes.count - at, 200))
      let end = min(bytes.count, at + length)
      bytes.removeSubrange(at..<end)
      return "delete \(at)..<\(end)"
    case 5:
      bytes.removeSubrange(at...)
      return "truncate@\(at)"
    case 6 where !bytes.isEmpty:
      let start = random.below(bytes.count)
      let end = min(bytes.count, start + 1 + random.length(upTo: 500))
      let slice = Array(bytes[start..<end])
      bytes.insert(contentsOf: slice, at: at)
      return "duplicate \(start)..<\(end)@\(at)"
    case 7:
      let other = random.pick(corpus)
      let from = random.below(other.bytes.count + 1)
      let length = random.length(upTo: 3_000)
      let tail = other.bytes[from..<min(other.bytes.count, from + length)]
      bytes = Array(bytes[..<at]) + tail
      return "splice \(other.name)[\(from)...]@\(at)"
    case 8:
      let other = random.pick(corpus)
      let from = random.below(other.bytes.count + 1)
      let piece = other.bytes[from..<min(other.bytes.count, from + random.length(upTo: 300))]
      bytes.insert(contentsOf: piece, at: at)
      return "insert \(other.name)[\(from)+\(piece.count)]@\(at)"
    case 9:
      let run: [UInt8] = random.pick([
        [0x5B], [0x7B, 0x22, 0x61, 0x22, 0x3A], [0x22], [0x2C], [0x61], [0x20], [0x0A], [0x5B, 0x5D, 0x28],
      ])
      let count = random.length(upTo: 3_000)
      bytes.insert(contentsOf: Array([[UInt8]](repeating: run, count: count).joined()), at: at)
      return "repeat \(run)x\(count)@\(at)"
    case 10:
      var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
      guard lines.count > 1 else { return "swap lines: none" }
      let i = random.below(lines.count)
      let j = random.below(lines.count)
      lines.swapAt(i, j)
      bytes = Array(lines.joined(separator: [0x0A]))
      return "swap lines \(i),\(j)"
    default:
      let i = random.below(bytes.count + 1)
      let piece = Array(random.pick(["\"\"", "\",\"", "\\\"", "null", "[]", "{}", "-", "1e999", "\\u0000"]).utf8)
      bytes.insert(contentsOf: piece, at: i)
      return "insert '\(String(decoding: piece, as: UTF8.self))'@\(i)"
    }
  }
}
