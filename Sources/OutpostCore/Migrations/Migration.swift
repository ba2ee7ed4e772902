import Crypto
import Foundation

/// One SQL migration file, as embedded at build time.
public struct Migration: Equatable, Sendable {
  /// The `NNNN` of `NNNN_snake_name.sql`.
  public var version: Int
  /// The `snake_name` part.
  public var name: String
  public var sql: String

  /// The file name it came from, for messages: `0001_initial_schema.sql`.
  public var fileName: String { String(format: "%04d_%@.sql", version, name) }

  /// SHA-256 of the text with CRLF and CR turned into LF, in hex: a checkout
  /// on Windows must not look like an edited migration.
  public var checksum: String { Migration.checksum(of: sql) }

  public init(version: Int, name: String, sql: String) {
    self.version = version
    self.name = name
    self.sql = sql
  }

  /// Every command opening a catalog checks every migration's checksum, so
  /// this works on bytes: Foundation's `replacingOccurrences` and
  /// `String(format:)` took a tenth of a one-entry command's time.
  public static func checksum(of text: String) -> String {
    var normalized: [UInt8] = []
    normalized.reserveCapacity(text.utf8.count)
    var afterCR = false
    for byte in text.utf8 {
      if byte == 13 {
        normalized.append(10)
      } else if byte != 10 || !afterCR {
        normalized.append(byte)
      }
      afterCR = byte == 13
    }
    let hex = Array("0123456789abcdef".utf8)
    var digits: [UInt8] = []
    digits.reserveCapacity(64)
    for byte in SHA256.hash(data: normalized) {
      digits.append(hex[Int(byte >> 4)])
      digits.append(hex[Int(byte & 15)])
    }
    return String(decoding: digits, as: UTF8.self)
  }

  /// Reads `NNNN_snake_name.sql` into its version and name, or nil when the
  /// file name does not follow that pattern.
  public static func parseFileName(_ fileName: String) -> (version: Int, name: String)? {
    guard fileName.hasSuffix(".sql") else { return nil }
    let stem = fileName.dropLast(4)
    let parts = stem.split(separator: "_", maxSplits: 1)
    guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let version = Int(parts[0]),
      version > 0
    else { return nil }
    let name = parts[1]
    let valid =
      name.first.map { ("a"..."z").contains($0) } ?? false
      && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
      && !name.hasSuffix("_") && !name.contains("__")
    return valid ? (version, String(name)) : nil
  }
}

/// The files embedded into the binary by the EmbedCatalogFiles plugin.
public enum EmbeddedCatalogFiles {
  /// Every migration this build knows, in version order.
  public static let migrations: [Migration] = EmbeddedFiles.all.compactMap { file in
    guard file.path.hasPrefix("Migrations/") else { return nil }
    let name = String(file.path.dropFirst("Migrations/".count))
    guard let parsed = Migration.parseFileName(name) else { return nil }
    return Migration(version: parsed.version, name: parsed.name, sql: text(file.base64))
  }.sorted { $0.version < $1.version }

  /// The names of every file under `Migrations/`, valid or not, so a test can
  /// refuse a misnamed one instead of it being silently skipped.
  public static let migrationFileNames: [String] = EmbeddedFiles.all.compactMap { file in
    file.path.hasPrefix("Migrations/") ? String(file.path.dropFirst("Migrations/".count)) : nil
  }

  /// The seed catalog's JSON files, in file-name order.
  public static let seedFiles: [(name: String, bytes: [UInt8])] = EmbeddedFiles.all.compactMap { file in
    guard file.path.hasPrefix("seed/") else { return nil }
    return (String(file.path.dropFirst("seed/".count)), [UInt8](Data(base64Encoded: file.base64) ?? Data()))
  }

  private static func text(_ base64: String) -> String {
    String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
  }
}
