import Foundation
import GRDB
import GRDBSQLite

/// The browser's search index, read straight from the catalog's own FTS5
/// index (through `fts5vocab`), so that the site finds what `outpost search`
/// finds, tokenized and stemmed the same way.
///
/// Term chunks (`search/t-NNNN.js`) hold consecutive terms and, for each,
/// the ids of the published entries holding it; a chunk ends once it passes
/// `chunkBytes`. Doc chunks (`search/d-NNNN.js`) describe the entries whose
/// ids share `id / docsPerChunk`. A later build keeps the chunk ranges and
/// rewrites only chunks whose terms' counts changed or that hold a term of
/// a changed entry.
///
/// It reads through `db`, which may be a second connection on a thread of
/// its own (`SearchAside`), so it records nothing in the build: it writes
/// its files and returns what it wrote, for the build to record.
struct SiteSearchIndex {
  static let docsPerChunk = 32
  static let chunkBytes = 40_000
  static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".utf8)

  /// What a build of the index wrote or kept, for the build to record.
  struct Outcome {
    struct File {
      var path: String
      var page: SiteManifest.Page
      /// Rendered (and counted in the progress), or kept from the last build.
      var rendered: Bool
      var written: Bool
    }
    var files: [File] = []
    var termChunks: [SiteManifest.TermChunk] = []
    var searchInputs: UInt64 = 0
  }

  let build: SiteBuild
  let db: Database
  /// Entry ids published, as a bit set.
  private var published: [UInt64] = []
  private var chunks: [SiteManifest.TermChunk] = []
  /// The files written or kept so far: a box, so that the term scan's
  /// closure can add to it while the scan reads `self`.
  private let files = Files()

  private final class Files {
    var list: [Outcome.File] = []
  }

  init(build: SiteBuild, db: Database) {
    self.build = build
    self.db = db
    let items = build.skeleton.items
    let maxID = items.indices.reduce(Int64(0)) { max($0, items[$1].id) }
    published = [UInt64](repeating: 0, count: Int(maxID / 64) + 1)
    for index in items.indices { published[Int(items[index].id / 64)] |= 1 << UInt64(items[index].id % 64) }
  }

  func isPublished(_ id: Int64) -> Bool {
    id >= 0 && Int(id / 64) < published.count && published[Int(id / 64)] & (1 << UInt64(id % 64)) != 0
  }

  /// "porter" when the catalog's index stems its words, for the browser to
  /// stem what is typed the same way.
  static func stemming(_ db: Database) throws -> String? {
    let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'entry_fts'") ?? ""
    return tokenizer(sql).lowercased().contains("porter") ? "porter" : nil
  }

  /// The `tokenize = '…'` option of a CREATE VIRTUAL TABLE statement.
  static func tokenizer(_ sql: String) -> String {
    guard let range = sql.range(of: #"tokenize\s*=\s*(['"])(.*?)\1"#, options: [.regularExpression, .caseInsensitive])
    else { return "" }
    let option = sql[range]
    guard let quote = option.firstIndex(where: { $0 == "'" || $0 == "\"" }) else { return "" }
    return String(option[option.index(after: quote)..<option.index(before: option.endIndex)])
  }

  /// Writes the index's files; reads nothing the build changes meanwhile.
  mutating func write() throws -> Outcome {
    try writeDocChunks()
    let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'entry_fts'") ?? ""
    var inputs = StableHash()
    inputs.add(sql)
    inputs.add(build.options.filter == EntryFilter() && build.options.leaveOut == nil ? "all" : "filtered")
    let previous = build.output.previous
    try db.execute(
      sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.outpost_site_terms USING fts5vocab(main, entry_fts, instance)")
    try db.execute(
      sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.outpost_site_counts USING fts5vocab(main, entry_fts, row)")
    defer {
      try? db.execute(sql: "DROP TABLE IF EXISTS temp.outpost_site_terms")
      try? db.execute(sql: "DROP TABLE IF EXISTS temp.outpost_site_counts")
    }
    var incremental = false
    if !previous.termChunks.isEmpty, previous.searchInputs == inputs.value, build.options.filter == EntryFilter(),
      build.options.leaveOut == nil
    {
      incremental = try writeChangedTermChunks(previous: previous, createSQL: sql)
    }
    if !incremental { try writeAllTermChunks() }
    try writeIndexFile()
    return Outcome(files: files.list, termChunks: chunks, searchInputs: inputs.value)
  }

  /// Writes `bytes` at `path` unless the last build wrote the same bytes.
  private func emit(_ path: String, inputs: UInt64, _ bytes: [UInt8]) throws {
    let (hash, written) = try build.output.writeIfChanged(path, bytes)
    files.list.append(
      Outcome.File(
        path: path, page: SiteManifest.Page(contentHash: hash, inputs: inputs), rendered: true, written: written))
  }

  /// Leaves the file at `path` as the last build wrote it.
  private func keep(_ path: String, _ old: SiteManifest.Page) {
    files.list.append(Outcome.File(path: path, page: old, rendered: false, written: false))
  }

  // MARK: doc chunks

  private func writeDocChunks() throws {
    var groups: [Int64: [Int32]] = [:]
    let items = build.skeleton.items
    for index in items.indices {
      groups[items[index].id / Int64(Self.docsPerChunk), default: []].append(Int32(index))
    }
    for number in groups.keys.sorted() {
      let members = groups[number]!.sorted { build.skeleton.items[Int($0)].id < build.skeleton.items[Int($1)].id }
      let path = SitePaths.docChunk(Int(number))
      var hash = StableHash()
      hash.add(build.global)
      hash.add(path)
      for index in members { hash.add(build.skeleton.items[Int(index)].fingerprint) }
      if let old = build.output.previous.pages[path], old.inputs == hash.value, !old.contentHash.isUnknown {
        keep(path, old)
        continue
      }
      var out = Array("OutpostSearch.docs(\(number), [".utf8)
      for (position, index) in members.enumerated() {
        let item = build.skeleton.items[Int(index)]
        if position > 0 { out += Array(",\n".utf8) }
        out += Array("[\(item.id),".utf8)
        for (field, text) in [
          item.kind.rawValue, item.slug, item.title, SiteText.day(item.date), item.blurb ?? "", detail(item),
        ].enumerated() {
          if field > 0 { out.append(UInt8(ascii: ",")) }
          SiteText.appendJSString(text, to: &out)
        }
        out.append(UInt8(ascii: "]"))
      }
      out += Array("]);\n".utf8)
      try emit(path, inputs: hash.value, out)
    }
  }

  private func detail(_ item: SiteSkeleton.Item) -> String {
    if item.kind == .story { return item.sourceCount.map(SiteText.sources) ?? "" }
    return item.pricing.flatMap(SiteBuild.pricingLabel) ?? ""
  }

  // MARK: term chunks

  /// Reads every term of the index in order, cutting chunks as they fill.
  private mutating func writeAllTermChunks() throws {
    var written: [SiteManifest.TermChunk] = []
    var writer = ChunkWriter()
    try eachTerm(from: nil, to: nil) { term, docs, instances, postings in
      if writer.bytes.count >= Self.chunkBytes { try finish(&writer, number: written.count, into: &written) }
      writer.add(term: term, docs: docs, instances: instances, postings: postings)
    }
    if writer.first != nil { try finish(&writer, number: written.count, into: &written) }
    chunks = written
  }

  /// Keeps the last build's chunk ranges and rewrites the chunks that
  /// changed; false when the ranges no longer fit (a chunk grew too big,
  /// many entries changed), for the caller to rebuild them all.
  private mutating func writeChangedTermChunks(previous: SiteManifest, createSQL: String) throws -> Bool {
    let old = previous.termChunks
    let firsts = old.map { Array($0.firstTerm.utf8) }
    func chunkOf(_ term: [UInt8]) -> Int {
      var (low, high, found) = (0, firsts.count - 1, 0)
      while low <= high {
        let mid = (low + high) / 2
        if !term.lexicographicallyPrecedes(firsts[mid]) {
          found = mid
          low = mid + 1
        } else {
          high = mid - 1
        }
      }
      return found
    }
    var stats = [StableHash](repeating: StableHash(), count: old.count)
    let counts = try db.makeStatement(sql: "SELECT term, doc, cnt FROM temp.outpost_site_counts")
    let handle = counts.sqliteStatement
    var current = 0
    while sqlite3_step(handle) == SQLITE_ROW {
      let term = Self.bytes(handle, 0)
      while current + 1 < firsts.count, !term.lexicographicallyPrecedes(firsts[current + 1]) { current += 1 }
      stats[current].add(bytes: term)
      stats[current].add(Int(sqlite3_column_int64(handle, 1)))
      stats[current].add(Int(sqlite3_column_int64(handle, 2)))
    }
    sqlite3_reset(handle)
    var dirty = Set<Int>()
    for index in old.indices where stats[index].value != old[index].stats { dirty.insert(index) }
    // A term's postings change only when some entry gains or loses it, which
    // changes its document count, and so its chunk's stats, unless one entry
    // gains it while another loses it. That takes two entries changed, added
    // or removed; then every term the changed entries now hold is rewritten.
    let items = build.skeleton.items
    let changed = items.indices.filter { previous.entries[items[$0].id] != items[$0].fingerprint }.map { items[$0].id }
    let indexByID = build.skeleton.indexByID
    let removed = previous.entries.keys.reduce(0) { $0 + (indexByID[$1] == nil ? 1 : 0) }
    if changed.count + removed > 1 {
      guard changed.count <= 2_000, let terms = try termsOf(changed, createSQL: createSQL) else { return false }
      for term in terms { dirty.insert(chunkOf(term)) }
    }
    chunks = old
    for index in old.indices {
      chunks[index].stats = stats[index].value
      let path = SitePaths.termChunk(index)
      if !dirty.contains(index), let old = previous.pages[path] {
        keep(path, old)
        continue
      }
      var writer = ChunkWriter()
      let end = index + 1 < old.count ? old[index + 1].firstTerm : nil
      try eachTerm(from: index == 0 ? nil : old[index].firstTerm, to: end) { term, docs, instances, postings in
        writer.add(term: term, docs: docs, instances: instances, postings: postings)
      }
      guard writer.bytes.count <= 4 * Self.chunkBytes else { return false }
      var unused: [SiteManifest.TermChunk] = []
      try finish(&writer, number: index, into: &unused)
    }
    return true
  }

  /// The terms the index holds for entries `ids` now, read by indexing
  /// their text again in a temporary table tokenized as the catalog's;
  /// nil when the catalog's table cannot be copied that way.
  private func termsOf(_ ids: [Int64], createSQL: String) throws -> Set<[UInt8]>? {
    guard !ids.isEmpty else { return [] }
    let tokenize = Self.tokenizer(createSQL)
    let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('entry_fts')")
    guard !columns.isEmpty, !tokenize.contains("'") else { return nil }
    let list = columns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ", ")
    try db.execute(sql: "DROP TABLE IF EXISTS temp.outpost_site_probe")
    try db.execute(sql: "CREATE VIRTUAL TABLE temp.outpost_site_probe USING fts5(\(list), tokenize = '\(tokenize)')")
    defer {
      try? db.execute(sql: "DROP TABLE IF EXISTS temp.outpost_site_probe_terms")
      try? db.execute(sql: "DROP TABLE IF EXISTS temp.outpost_site_probe")
    }
    for batch in stride(from: 0, to: ids.count, by: 500) {
      let part = ids[batch..<min(ids.count, batch + 500)]
      try db.execute(
        sql: "INSERT INTO temp.outpost_site_probe (rowid, \(list)) SELECT rowid, \(list) FROM main.entry_fts "
          + "WHERE rowid IN (\(part.map { String($0) }.joined(separator: ",")))")
    }
    try db.execute(
      sql: "CREATE VIRTUAL TABLE temp.outpost_site_probe_terms USING fts5vocab(temp, outpost_site_probe, row)")
    let statement = try db.makeStatement(sql: "SELECT term FROM temp.outpost_site_probe_terms")
    var terms = Set<[UInt8]>()
    while sqlite3_step(statement.sqliteStatement) == SQLITE_ROW {
      terms.insert(Self.bytes(statement.sqliteStatement, 0))
    }
    sqlite3_reset(statement.sqliteStatement)
    return terms
  }

  /// Calls `body` for each term in [from, to) with its document and
  /// instance counts over the whole catalog and its published entries.
  private func eachTerm(
    from: String?, to: String?,
    _ body: (_ term: [UInt8], _ docs: Int, _ instances: Int, _ postings: [Int64]) throws -> Void
  ) throws {
    var sql = "SELECT term, doc FROM temp.outpost_site_terms"
    var arguments: [String] = []
    var conditions: [String] = []
    if let from {
      conditions.append("term >= ?")
      arguments.append(from)
    }
    if let to {
      conditions.append("term < ?")
      arguments.append(to)
    }
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    let statement = try db.makeStatement(sql: sql)
    try statement.setArguments(StatementArguments(arguments))
    let handle = statement.sqliteStatement
    defer { sqlite3_reset(handle) }
    var term: [UInt8] = []
    var docs = 0
    var instances = 0
    var lastDoc: Int64 = -1
    var postings: [Int64] = []
    while sqlite3_step(handle) == SQLITE_ROW {
      let count = Int(sqlite3_column_bytes(handle, 0))
      let pointer = sqlite3_column_text(handle, 0)
      let same =
        count == term.count
        && term.withUnsafeBufferPointer { buffer in
          guard let base = buffer.baseAddress, let pointer else { return count == 0 }
          return memcmp(base, pointer, count) == 0
        }
      if !same {
        if !term.isEmpty { try body(term, docs, instances, postings) }
        term = Array(UnsafeBufferPointer(start: pointer, count: count))
        (docs, instances, lastDoc) = (0, 0, -1)
        postings.removeAll(keepingCapacity: true)
      }
      let doc = sqlite3_column_int64(handle, 1)
      instances += 1
      if doc != lastDoc {
        docs += 1
        lastDoc = doc
        if isPublished(doc) { postings.append(doc) }
      }
    }
    if !term.isEmpty { try body(term, docs, instances, postings) }
  }

  private func writeIndexFile() throws {
    var out = Array("OutpostSearch.index({\"version\": 1, \"stem\": ".utf8)
    if let stemming = build.stemming { SiteText.appendJSString(stemming, to: &out) } else { out += Array("null".utf8) }
    out += Array(
      ", \"docsPerChunk\": \(Self.docsPerChunk), \"entries\": \(build.skeleton.items.count), \"chunks\": [".utf8)
    var hash = StableHash()
    hash.add(build.global)
    for (index, chunk) in chunks.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      out.append(UInt8(ascii: "["))
      SiteText.appendJSString(chunk.firstTerm, to: &out)
      out.append(UInt8(ascii: ","))
      SiteText.appendJSString(String(SitePaths.termChunk(index).dropFirst("search/".count)), to: &out)
      out.append(UInt8(ascii: "]"))
      hash.add(chunk.firstTerm)
    }
    out += Array("]});\n".utf8)
    hash.add(build.skeleton.items.count)
    if let old = build.output.previous.pages[SitePaths.searchIndex], old.inputs == hash.value,
      !old.contentHash.isUnknown
    {
      keep(SitePaths.searchIndex, old)
      return
    }
    try emit(SitePaths.searchIndex, inputs: hash.value, out)
  }

  static func bytes(_ handle: OpaquePointer, _ column: Int32) -> [UInt8] {
    let count = Int(sqlite3_column_bytes(handle, column))
    guard let pointer = sqlite3_column_text(handle, column) else { return [] }
    return Array(UnsafeBufferPointer(start: pointer, count: count))
  }

  /// Postings as the browser decodes them: gaps between ascending ids, in
  /// base 32, the last digit of each from the first half of the alphabet.
  static func appendPostings(_ ids: [Int64], to out: inout [UInt8]) {
    var previous: Int64 = 0
    var digits: [UInt8] = []
    for id in ids {
      var gap = UInt64(id - previous)
      previous = id
      digits.removeAll(keepingCapacity: true)
      digits.append(Self.digits[Int(gap & 31)])
      gap >>= 5
      while gap > 0 {
        digits.append(Self.digits[32 + Int(gap & 31)])
        gap >>= 5
      }
      out += digits.reversed()
    }
  }

  /// Writes the chunk `writer` holds as chunk `number`, and empties it.
  private func finish(
    _ writer: inout ChunkWriter, number: Int, into chunks: inout [SiteManifest.TermChunk]
  ) throws {
    let out = Array("OutpostSearch.terms(\(number), {".utf8) + writer.bytes + Array("});\n".utf8)
    try emit(SitePaths.termChunk(number), inputs: writer.stats.value, out)
    chunks.append(
      SiteManifest.TermChunk(firstTerm: String(decoding: writer.first ?? [], as: UTF8.self), stats: writer.stats.value))
    writer = ChunkWriter()
  }

  /// One term chunk being filled.
  struct ChunkWriter {
    var first: [UInt8]?
    var bytes: [UInt8] = []
    var stats = StableHash()

    mutating func add(term: [UInt8], docs: Int, instances: Int, postings: [Int64]) {
      if first == nil { first = term }
      stats.add(bytes: term)
      stats.add(docs)
      stats.add(instances)
      guard !postings.isEmpty else { return }
      if !bytes.isEmpty { bytes.append(UInt8(ascii: ",")) }
      SiteText.appendJSString(String(decoding: term, as: UTF8.self), to: &bytes)
      bytes += [UInt8(ascii: ":"), UInt8(ascii: "\"")]
      SiteSearchIndex.appendPostings(postings, to: &bytes)
      bytes.append(UInt8(ascii: "\""))
    }
  }
}
