// http-clients --client urlsession|ahc [--concurrency 16] [--per-host 2] [--timeout 10]
//              [--no-retry-connect] URLS_FILE
//
// Checks every URL of URLS_FILE (one a line) with the chosen client under the
// same scheduler and prints one JSON object: the client, the URL count, the
// wall seconds from the first request to the last answer, and the counts.
// `--no-retry-connect` turns off AsyncHTTPClient's retry of failed connects.
import Foundation

struct Options {
  var client = ""
  var concurrency = 16
  var perHost = 2
  var timeout: TimeInterval = 10
  var retryConnect = true
  var file = ""
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("http-clients: \(message)\n".utf8))
  exit(2)
}

func parse(_ arguments: [String]) -> Options {
  var options = Options()
  var rest = arguments[...]
  func value(_ name: String) -> String {
    guard let next = rest.popFirst() else { fail("\(name) needs a value") }
    return next
  }
  while let argument = rest.popFirst() {
    switch argument {
    case "--client": options.client = value(argument)
    case "--concurrency": options.concurrency = Int(value(argument)) ?? 0
    case "--per-host": options.perHost = Int(value(argument)) ?? 0
    case "--timeout": options.timeout = TimeInterval(value(argument)) ?? 0
    case "--no-retry-connect": options.retryConnect = false
    default: options.file = argument
    }
  }
  guard options.concurrency > 0, options.perHost > 0, options.timeout > 0, !options.file.isEmpty else {
    fail("usage: http-clients --client urlsession|ahc [--concurrency N] [--per-host N] [--timeout S] URLS_FILE")
  }
  return options
}

func makeClient(_ options: Options) -> any HTTPHeadClient {
  switch options.client {
  case "urlsession":
    return URLSessionClient(timeout: options.timeout, perHost: options.perHost)
  case "ahc":
    #if canImport(AsyncHTTPClient)
      return AHCClient(timeout: options.timeout, perHost: options.perHost, retryConnect: options.retryConnect)
    #else
      fail("built without AsyncHTTPClient (HTTP_CLIENTS_NO_AHC was set)")
    #endif
  default:
    fail("--client must be urlsession or ahc")
  }
}

/// The JSON printed at the end.
struct Report: Encodable {
  let client: String
  let urls: Int
  let wallSeconds: Double
  let concurrency: Int
  let perHost: Int
  let counts: Tally
}

let options = parse(Array(CommandLine.arguments.dropFirst()))
guard let text = try? String(contentsOfFile: options.file, encoding: .utf8) else { fail("cannot read \(options.file)") }
let urls = text.split(whereSeparator: \.isNewline).compactMap { URL(string: String($0)) }
let client = makeClient(options)
let clock = ContinuousClock()
let start = clock.now
let tally = await checkAll(urls, client: client, concurrency: options.concurrency, perHost: options.perHost)
let elapsed = clock.now - start
await client.close()
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let encoder = JSONEncoder()
encoder.keyEncodingStrategy = .convertToSnakeCase
encoder.outputFormatting = [.sortedKeys]
let report = Report(
  client: options.client, urls: urls.count, wallSeconds: (seconds * 1000).rounded() / 1000,
  concurrency: options.concurrency, perHost: options.perHost, counts: tally)
print(String(decoding: try encoder.encode(report), as: UTF8.self))
