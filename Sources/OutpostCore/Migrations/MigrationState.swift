import GRDB

/// How one migration stands in a catalog, for `migrate status` and `check`.
public struct MigrationState: Equatable, Sendable {
  public enum Status: String, Sendable {
    /// Applied, and the catalog's checksum matches this build's file.
    case applied
    /// Known to this build, not yet applied.
    case pending
    /// Applied, but this build's file differs from what was applied.
    case modified
    /// Applied by a newer Outpost; this build has no such file.
    case unknown
  }

  public var version: Int
  public var name: String
  public var status: Status
  /// This build's checksum, or the catalog's one for an unknown migration.
  public var checksum: String
  /// The checksum the catalog recorded, when applied.
  public var appliedChecksum: String?
  public var appliedAt: String?
  public var durationMilliseconds: Int?

  public var fileName: String { Migration(version: version, name: name, sql: "").fileName }
}

/// What a catalog's ledger says compared with this build's migrations.
public struct MigrationPlan: Sendable {
  public var states: [MigrationState]

  public var pending: [MigrationState] { states.filter { $0.status == .pending } }
  public var modified: [MigrationState] { states.filter { $0.status == .modified } }
  public var unknown: [MigrationState] { states.filter { $0.status == .unknown } }
  public var applied: [MigrationState] { states.filter { $0.status != .pending } }

  /// Compares ledger rows with the embedded migrations.
  init(ledger: [LedgerRow], known: [Migration]) {
    var states: [MigrationState] = []
    let applied = Dictionary(ledger.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
    for migration in known {
      let checksum = migration.checksum
      if let row = applied[migration.version] {
        let same = row.checksum == checksum && row.name == migration.name
        states.append(
          MigrationState(
            version: migration.version, name: migration.name, status: same ? .applied : .modified,
            checksum: checksum, appliedChecksum: row.checksum, appliedAt: row.appliedAt,
            durationMilliseconds: row.durationMilliseconds))
      } else {
        states.append(
          MigrationState(
            version: migration.version, name: migration.name, status: .pending, checksum: checksum))
      }
    }
    let knownVersions = Set(known.map(\.version))
    for row in ledger where !knownVersions.contains(row.version) {
      states.append(
        MigrationState(
          version: row.version, name: row.name, status: .unknown, checksum: row.checksum,
          appliedChecksum: row.checksum, appliedAt: row.appliedAt, durationMilliseconds: row.durationMilliseconds))
    }
    self.states = states.sorted { $0.version < $1.version }
  }
}

/// One row of the migration ledger, read and written as a GRDB record.
struct LedgerRow: Sendable, Codable, FetchableRecord, PersistableRecord {
  static let databaseTableName = MigrationRunner.ledgerTable

  var version: Int
  var name: String
  var checksum: String
  var appliedAt: String
  var durationMilliseconds: Int

  enum CodingKeys: String, CodingKey {
    case version, name, checksum
    case appliedAt = "applied_at"
    case durationMilliseconds = "duration_ms"
  }
}

extension LedgerRow {
  /// Read by column rather than through `Decodable`: every command reads the
  /// ledger as it opens the catalog, and the decoder's first use cost more
  /// than the read.
  init(row: Row) throws {
    version = row[CodingKeys.version.rawValue]
    name = row[CodingKeys.name.rawValue]
    checksum = row[CodingKeys.checksum.rawValue]
    appliedAt = row[CodingKeys.appliedAt.rawValue]
    durationMilliseconds = row[CodingKeys.durationMilliseconds.rawValue]
  }
}
