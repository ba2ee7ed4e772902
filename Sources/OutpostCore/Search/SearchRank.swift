import Foundation
import GRDB
import GRDBSQLite

/// `outpost_rank(entry_fts, weights…)`: FTS5's bm25, computed exactly as
/// `fts5_aux.c` does, except that a query of one phrase skips the inverse
/// document frequency.
///
/// bm25 multiplies each phrase's score by its IDF, which it learns on its
/// first call by walking the phrase's whole list in the index. With one
/// phrase that factor is the same for every row, so it cannot change the
/// order, and the walk cost as much as the search: 45 ms for a word in
/// 718 000 of a million entries. Queries of several phrases still weigh each
/// by its IDF, as bm25 does. Lower scores rank first, as bm25's.
enum SearchRank {
  static let functionName = "outpost_rank"
  /// bm25's constants (`fts5_aux.c`).
  static let k1 = 1.2
  static let b = 0.75

  /// Registers the function on `db`'s connection; once a connection is enough.
  static func register(_ db: Database) throws {
    guard let api = try fts5API(db) else {
      throw CatalogError("this SQLite has no FTS5, which search needs")
    }
    let code = api.pointee.xCreateFunction(api, functionName, nil, rank, nil)
    guard code == SQLITE_OK else { throw CatalogError("could not register \(functionName) (SQLite error \(code))") }
  }

  /// The connection's `fts5_api`, as SQLite documents it: `SELECT fts5(?1)`
  /// with a pointer bound to `?1`.
  private static func fts5API(_ db: Database) throws -> UnsafeMutablePointer<fts5_api>? {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db.sqliteConnection, "SELECT fts5(?1)", -1, &statement, nil) == SQLITE_OK else {
      return nil
    }
    defer { sqlite3_finalize(statement) }
    var api: UnsafeMutablePointer<fts5_api>?
    return withUnsafeMutablePointer(to: &api) { pointer in
      sqlite3_bind_pointer(statement, 1, pointer, "fts5_api_ptr", nil)
      sqlite3_step(statement)
      return pointer.pointee
    }
  }

  /// The per-row function: arguments after the table are column weights.
  private static let rank: fts5_extension_function = { api, fts, context, count, values in
    guard let api = api?.pointee else { return }
    let phrases = Int(api.xPhraseCount(fts))
    // Per-query constants, computed at the first row and kept with the query.
    var constants = api.xGetAuxdata(fts, 0)?.assumingMemoryBound(to: Double.self)
    if constants == nil {
      let memory = UnsafeMutablePointer<Double>.allocate(capacity: phrases + 1)
      var rows: Int64 = 0
      var tokens: Int64 = 0
      _ = api.xRowCount(fts, &rows)
      _ = api.xColumnTotalSize(fts, -1, &tokens)
      memory[0] = rows > 0 ? Double(tokens) / Double(rows) : 1
      for phrase in 0..<phrases {
        memory[phrase + 1] = phrases == 1 ? 1 : inverseDocumentFrequency(api, fts, phrase: phrase, rows: rows)
      }
      let code = api.xSetAuxdata(fts, memory) { $0?.deallocate() }
      guard code == SQLITE_OK else {
        sqlite3_result_error_code(context, code)
        return
      }
      constants = memory
    }
    guard let constants else { return }
    var frequencies = [Double](repeating: 0, count: phrases)
    var instances: Int32 = 0
    _ = api.xInstCount(fts, &instances)
    for instance in 0..<instances {
      var phrase: Int32 = 0
      var column: Int32 = 0
      var offset: Int32 = 0
      guard api.xInst(fts, instance, &phrase, &column, &offset) == SQLITE_OK else { continue }
      let weight = column < count ? sqlite3_value_double(values![Int(column)]) : 1
      frequencies[Int(phrase)] += weight
    }
    var length: Int32 = 0
    _ = api.xColumnSize(fts, -1, &length)
    let lengthFactor = k1 * (1 - b + b * Double(length) / constants[0])
    var score = 0.0
    for phrase in 0..<phrases {
      let frequency = frequencies[phrase]
      score += constants[phrase + 1] * (frequency * (k1 + 1)) / (frequency + lengthFactor)
    }
    sqlite3_result_double(context, -score)
  }

  /// bm25's IDF of one phrase: the walk of its list this function avoids
  /// for single phrases.
  private static func inverseDocumentFrequency(
    _ api: Fts5ExtensionApi, _ fts: OpaquePointer?, phrase: Int, rows: Int64
  ) -> Double {
    var hits: Int64 = 0
    _ = withUnsafeMutablePointer(to: &hits) { pointer in
      api.xQueryPhrase(fts, Int32(phrase), pointer) { _, _, data in
        data?.assumingMemoryBound(to: Int64.self).pointee += 1
        return SQLITE_OK
      }
    }
    let idf = log((Double(rows) - Double(hits) + 0.5) / (Double(hits) + 0.5))
    return idf <= 0 ? 1e-6 : idf
  }
}
