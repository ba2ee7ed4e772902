import GRDB

/// SQLite abandons a transaction on its own when the disk fills, an I/O
/// error strikes or memory runs out mid-statement: it rolls everything back
/// and goes on in autocommit mode. The importer reports a failed row as a
/// problem of that row and reads on, so without this every later row would
/// be committed one by one: part of an import, the one outcome DESIGN
/// forbids. Two guards close that door:
///
/// - `Guarded` checks, before each item, that the transaction is still
///   there, and stops the import with SQLite's own error (`disk … full`)
///   when it is not;
/// - `CommitGuard` vetoes any commit from the end of the input to the end of
///   the import (its own commit comes after), so a statement run after the
///   rollback in the importer's last steps (related links, search index)
///   changes nothing either. It is armed only then: a transaction observer
///   costs a little on every statement, and the row loop is guarded already.
enum AbandonedTransaction {
  /// Thrown by `CommitGuard`: not a `DatabaseError`, so that the importer
  /// cannot take it for a problem of one row and read on.
  struct CommitRefused: Error {}

  /// The failure to report when the import's transaction is gone, else nil.
  static func check(_ db: Database) -> DatabaseError? {
    guard !db.isInsideTransaction else { return nil }
    return error(code: db.lastErrorCode)
  }

  static func error(code: ResultCode?) -> DatabaseError {
    let storage: [ResultCode] = [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_NOMEM, .SQLITE_CORRUPT, .SQLITE_READONLY]
    if let code, storage.contains(code.primaryResultCode) { return DatabaseError(resultCode: code) }
    // Which failure it was is lost; these are the ones SQLite abandons for.
    return DatabaseError(
      resultCode: .SQLITE_IOERR, message: "the disk is full, failing or out of space for temporary files")
  }

  /// An item source that stops as soon as the transaction is gone, and arms
  /// `guardian` once the input ends.
  struct Guarded<Inner: ImportItemSource>: ImportItemSource {
    var inner: Inner
    let db: Database
    let guardian: CommitGuard

    init(_ inner: Inner, _ db: Database, _ guardian: CommitGuard) {
      self.inner = inner
      self.db = db
      self.guardian = guardian
    }

    mutating func next() throws -> ImportStep? {
      if let abandoned = AbandonedTransaction.check(db) { throw abandoned }
      let step = try inner.next()
      if step == nil { guardian.arm(db) }
      return step
    }

    var unusedColumns: [String] { inner.unusedColumns }
    var columnProfile: ColumnProfile? { inner.columnProfile }
    var progress: (done: Int, total: Int?) { inner.progress }
  }

  /// Refuses every commit while armed.
  final class CommitGuard: TransactionObserver {
    private var armed = false

    func arm(_ db: Database) {
      guard !armed else { return }
      db.add(transactionObserver: self, extent: .observerLifetime)
      armed = true
    }

    func disarm(_ db: Database) {
      guard armed else { return }
      db.remove(transactionObserver: self)
      armed = false
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseWillCommit() throws { throw CommitRefused() }
    func databaseDidCommit(_ db: Database) {}
    func databaseDidRollback(_ db: Database) {}
  }
}

extension AbandonedTransaction.Guarded: PreparedItemSource where Inner: PreparedItemSource {}
