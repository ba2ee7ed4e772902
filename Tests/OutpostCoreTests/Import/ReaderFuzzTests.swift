import Foundation
import Testing

@testable import OutpostCore

/// DESIGN's "Bad input": no input, however malformed, crashes the program,
/// and every refusal is a located message. A seeded campaign of random bytes,
/// token soup and mutated valid inputs (seed exports, real data, the story
/// page, the awesome list) is fed to every reader and, for a share of the
/// cases, to the whole import.
///
/// The properties, for every case and every reader:
/// - no crash: the process surviving is the proof (a signal handler names
///   the case that killed it);
/// - no hang: each reader ends within bytes + 2 records or problems, and a
///   watchdog stops the process if one case runs too long;
/// - every problem is located in the file it reads: a line from 1 to the
///   input's line count + 1 and a column within that line (for JSON a
///   line or an `[index]` path), with a non-empty message that starts in
///   lower case; a problem that names a byte ("NUL byte", "invalid UTF-8
///   byte 0xFF") is located exactly at it;
/// - a failed import, or a dry run, leaves the catalog as it was;
/// - the file-descriptor readers, whatever their chunk size, give the same
///   records and problems as the in-memory ones.
///
/// `OUTPOST_FUZZ_CASES` (default 2 000) sets the number of cases,
/// `OUTPOST_FUZZ_SEED` the campaign's seed, `OUTPOST_FUZZ_FIRST` the first
/// case (to replay one: `OUTPOST_FUZZ_FIRST=123 OUTPOST_FUZZ_CASES=1`),
/// `OUTPOST_FUZZ_SECONDS` a time budget after which the campaign stops early,
/// `OUTPOST_FUZZ_KEEP` a folder to write the failing inputs to, and
/// `OUTPOST_FUZZ_STRICT=1` makes a control character quoted in a message a
/// failure rather than a count.
@Suite("Reader fuzzing", .serialized)
struct ReaderFuzzTests {
  static let defaultCases = 2_000
  static let defaultSeed: UInt64 = 0x6F75_7470_6F73_74  // "outpost"
  /// Story pages are dated against this moment, so that every run agrees.
  static let now = Date(timeIntervalSince1970: 1_750_000_000)

  struct Config {
    var cases = ReaderFuzzTests.defaultCases
    var seed = ReaderFuzzTests.defaultSeed
    var first = 0
    var seconds = 150.0
    var keep: String?
    var strict = false

    static func fromEnvironment() -> Config {
      let env = ProcessInfo.processInfo.environment
      var config = Config()
      if let text = env["OUTPOST_FUZZ_CASES"], let n = Int(text) { config.cases = n }
      if let text = env["OUTPOST_FUZZ_SEED"] {
        let digits = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
        if let n = UInt64(digits, radix: text.hasPrefix("0x") ? 16 : 10) { config.seed = n }
      }
      if let text = env["OUTPOST_FUZZ_FIRST"], let n = Int(text) { config.first = n }
      if let text = env["OUTPOST_FUZZ_SECONDS"], let n = Double(text) { config.seconds = n }
      config.keep = env["OUTPOST_FUZZ_KEEP"]
      config.strict = env["OUTPOST_FUZZ_STRICT"] == "1"
      return config
    }
  }

  @Test("random and mutated inputs: no crash, no hang, every problem located")
  func campaign() throws {
    let config = Config.fromEnvironment()
    let folder = TemporaryFolder()
    let template = folder.path("template.sqlite")
    let corpus = try {
      let seeded = try TestCatalog.seeded(in: folder, name: "template.sqlite")
      return try FuzzCorpus.load(seedCatalog: seeded)
    }()  // the template catalog is closed here, so it can be copied
    var harness = try FuzzHarness(folder: folder, template: template)
    harness.strict = config.strict
    harness.campaignSeed = config.seed
    let generator = FuzzGenerator(corpus: corpus)

    FuzzWatchdog.start(hangSeconds: 60)
    defer { FuzzWatchdog.stop() }
    let started = Date()
    var slowest = (time: 0.0, index: 0, bytes: 0)
    var ran = 0
    for index in config.first..<(config.first + config.cases) {
      if Date().timeIntervalSince(started) > config.seconds {
        print("ReaderFuzz: time budget of \(Int(config.seconds)) s spent; stopping after \(ran) cases")
        break
      }
      let seed = FuzzRandom.caseSeed(config.seed, index)
      let fuzzCase = generator.makeCase(index: index, seed: seed)
      FuzzWatchdog.enter(harness.replay(fuzzCase) + " — " + String(fuzzCase.recipe.prefix(300)))
      let caseStarted = Date()
      let before = harness.failures.count
      try harness.run(fuzzCase)
      let time = Date().timeIntervalSince(caseStarted)
      if time > slowest.time { slowest = (time, index, fuzzCase.bytes.count) }
      if harness.failures.count > before, let keep = config.keep {
        try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        try? Data(fuzzCase.bytes).write(to: URL(fileURLWithPath: "\(keep)/case-\(index).bin"))
      }
      ran += 1
    }
    if let keep = config.keep, !harness.failures.isEmpty {
      try? harness.failures.joined(separator: "\n").write(
        toFile: "\(keep)/failures.txt", atomically: true, encoding: .utf8)
    }
    let elapsed = Date().timeIntervalSince(started)
    print(
      "ReaderFuzz: \(ran) cases from \(config.first) (seed 0x\(String(config.seed, radix: 16))) in "
        + String(format: "%.1f s", elapsed) + "; \(harness.imports) imports (\(harness.importsRefused) refused, "
        + "\(harness.importsWithRejects) refusing \(harness.rowsRefused) rows to a rejects file), "
        + "\(harness.chunkedReads) chunked reads; slowest case \(slowest.index): "
        + String(format: "%.2f s", slowest.time) + " for \(slowest.bytes) bytes; seconds spent: "
        + harness.times.sorted { $0.key < $1.key }.map { "\($0.key) " + String(format: "%.1f", $0.value) }
        .joined(separator: ", "))
    if !harness.warnings.isEmpty {
      print("ReaderFuzz: \(harness.warningCount) messages quote a control character, e.g.")
      for warning in harness.warnings.prefix(3) { print("  \(warning.prefix(300))") }
    }
    #expect(
      harness.failures.isEmpty,
      "\(harness.failures.count) failures, the first ones:\n\(harness.failures.prefix(30).joined(separator: "\n"))")
  }
}
