import Foundation
import Testing

@testable import OutpostCore

@Suite("Migration files")
struct MigrationFilesTests {
  @Test("every file under Migrations/ is named NNNN_snake_name.sql")
  func namesFollowThePattern() {
    #expect(!EmbeddedCatalogFiles.migrationFileNames.isEmpty)
    for name in EmbeddedCatalogFiles.migrationFileNames {
      #expect(Migration.parseFileName(name) != nil, "\(name) is not NNNN_snake_name.sql")
    }
  }

  @Test("versions are unique and contiguous from 1")
  func versionsAreContiguous() {
    let versions = EmbeddedCatalogFiles.migrationFileNames.compactMap { Migration.parseFileName($0)?.version }
    #expect(versions.sorted() == Array(1...versions.count))
  }

  @Test(
    "the name pattern refuses what it should",
    arguments: [
      "1_init.sql", "0001-init.sql", "0001_Init.sql", "0001_init.SQL", "0001_.sql", "0000_init.sql",
      "0001_init__x.sql", "0001_init_.sql", "abcd_init.sql", "00001_init.sql",
    ])
  func refusesBadNames(_ name: String) {
    #expect(Migration.parseFileName(name) == nil)
  }

  @Test("the checksum ignores CRLF versus LF, and nothing else")
  func checksumNormalisesLineEnds() {
    let lf = Migration.checksum(of: "CREATE TABLE a (x);\nCREATE TABLE b (y);\n")
    #expect(lf == Migration.checksum(of: "CREATE TABLE a (x);\r\nCREATE TABLE b (y);\r\n"))
    #expect(lf == Migration.checksum(of: "CREATE TABLE a (x);\rCREATE TABLE b (y);\r"))
    #expect(lf != Migration.checksum(of: "CREATE TABLE a (x);\nCREATE TABLE b (z);\n"))
    #expect(lf.count == 64)
    // The SHA-256 of the LF text in lower-case hex, as every ledger holds it.
    #expect(lf == "913174406725ec7381149f92f4038e0be18252b44b43cffac599cf166571a5f2")
    #expect(Migration.checksum(of: "a\r\r\nb") == Migration.checksum(of: "a\n\nb"))
  }
}
