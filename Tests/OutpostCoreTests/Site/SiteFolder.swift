import Foundation
import Testing

@testable import OutpostCore

/// A built site's files, read back for tests.
struct SiteFolder {
  let url: URL

  init(_ path: String) { url = URL(fileURLWithPath: path) }

  /// Every file's path relative to the site, but the build's own state.
  var files: [String] {
    let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])!
    var found: [String] = []
    for case let file as URL in enumerator {
      let relative = String(file.standardizedFileURL.path.dropFirst(url.standardizedFileURL.path.count + 1))
      guard !relative.hasPrefix(SiteOutput.stateFolder),
        (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
      else { continue }
      found.append(relative)
    }
    return found.sorted()
  }

  func text(_ path: String) -> String {
    String(
      decoding: FileManager.default.contents(atPath: url.appendingPathComponent(path).path) ?? Data(), as: UTF8.self)
  }

  /// Each file's bytes by path.
  var contents: [String: Data] {
    Dictionary(
      uniqueKeysWithValues: files.map {
        ($0, FileManager.default.contents(atPath: url.appendingPathComponent($0).path)!)
      })
  }

  /// Every term of the search index with its encoded entries, whatever chunk holds it.
  func allTerms() throws -> [String: String] {
    var all: [String: String] = [:]
    for path in files where path.hasPrefix("search/t-") {
      let body = text(path)
      let start = try #require(body.range(of: ", {")).upperBound
      let object = "{" + body[start...].dropLast(3)
      let terms = try #require(try JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: String])
      all.merge(terms) { a, _ in a }
    }
    return all
  }

  /// The ids of the entries the site's search index finds for one word, read
  /// as the browser reads it.
  func searchIDs(term: String) throws -> Set<Int64> {
    let index = text("search/index.js")
    let json = try #require(index.range(of: "(").map { index[$0.upperBound...] }.map { $0.dropLast(3) })
    let data = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let chunks = try #require(data["chunks"] as? [[String]])
    guard !chunks.isEmpty else { return [] }
    let chunk = chunks.last { !term.utf8.lexicographicallyPrecedes($0[0].utf8) } ?? chunks[0]
    let body = text("search/" + chunk[1])
    let start = try #require(body.range(of: ", {")).upperBound
    let object = "{" + body[start...].dropLast(3)
    let terms = try #require(try JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: String])
    guard let encoded = terms[term] else { return [] }
    let digits = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_")
    var ids: Set<Int64> = []
    var (value, previous): (Int64, Int64) = (0, 0)
    for character in encoded {
      let digit = Int64(digits.firstIndex(of: character)!)
      if digit >= 32 {
        value = value * 32 + digit - 32
      } else {
        previous += value * 32 + digit
        ids.insert(previous)
        value = 0
      }
    }
    return ids
  }
}
