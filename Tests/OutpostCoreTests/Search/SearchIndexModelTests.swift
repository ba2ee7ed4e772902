import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// Random sequences of every kind of change the search index must follow,
/// checked against a model: after each step, a search for each word finds
/// exactly the entries whose text holds it, and FTS5's integrity check
/// passes. The words are plain ASCII, so the model needs no tokenizer.
@Suite("Search index against a model")
struct SearchIndexModelTests {
  let folder = TemporaryFolder()
  static let words = ["heron", "egret", "ibis", "stork", "crane", "plover", "avocet", "curlew", "dunlin", "godwit"]

  struct ModelEntry {
    var kind: EntryKind
    var texts: [String]
    /// Source number → (title, excerpt).
    var sources: [Int: (title: String, excerpt: String)] = [:]
    /// Tags, which the index holds since migration 0003.
    var tags: Set<String> = []
    var allText: String {
      (texts + sources.values.flatMap { [$0.title, $0.excerpt] } + tags).joined(separator: " ")
    }
  }

  func phrase(_ random: inout FuzzRandom) -> String {
    (0..<(1 + random.below(3))).map { _ in random.pick(Self.words) }.joined(separator: " ")
  }

  func json(_ value: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
  }

  @Test(
    "random edits, source changes, tag changes, imports and removals keep the index exact",
    arguments: [1, 2, 3] as [UInt64])
  func randomSequences(seed: UInt64) throws {
    var random = FuzzRandom(seed: seed)
    let catalog = try TestCatalog.empty(in: folder, name: "model-\(seed).sqlite")
    var model: [String: ModelEntry] = [:]
    var next = 0

    for step in 0..<120 {
      let slugs = model.keys.sorted()
      let stories = slugs.filter { model[$0]?.kind == .story }
      var done = ""
      switch random.below(10) {
      case 0, 1:
        // An import of new entries and updates of existing ones, sources included.
        var objects: [[String: Any]] = []
        var touched = Set<String>()
        for _ in 0..<(1 + random.below(4)) {
          let isUpdate = !slugs.isEmpty && random.chance(40)
          let slug = isUpdate ? random.pick(slugs) : "e-\(next)"
          guard touched.insert(slug).inserted else { continue }
          if !isUpdate { next += 1 }
          let kind = isUpdate ? model[slug]!.kind : (random.chance(50) ? EntryKind.story : .tool)
          let title = phrase(&random)
          let summary = phrase(&random)
          let description = phrase(&random)
          var object: [String: Any] = [
            "kind": kind.rawValue, "slug": slug, "title": title, "summary": summary, "description": description,
          ]
          var entry = ModelEntry(kind: kind, texts: [title, summary, description])
          if random.chance(50) {
            // An empty list would read as "not supplied", which keeps the tags.
            let tags = Set((0..<(1 + random.below(2))).map { _ in random.pick(Self.words) })
            object["tags"] = tags.sorted()
            entry.tags = tags
          } else if isUpdate {
            entry.tags = model[slug]!.tags  // not supplied: kept
          }
          if kind == .tool { object["url"] = "https://\(slug).example" }
          if kind == .story {
            let count = random.below(3)
            if count > 0 {
              var sources: [[String: Any]] = []
              for n in 1...count {
                let sourceTitle = phrase(&random)
                let excerpt = phrase(&random)
                sources.append(["n": n, "title": sourceTitle, "excerpt": excerpt])
                entry.sources[n] = (sourceTitle, excerpt)
              }
              object["sources"] = sources
            } else if isUpdate {
              entry.sources = model[slug]!.sources  // not supplied: kept
            }
          }
          objects.append(object)
          model[slug] = entry
        }
        try TestCatalog.importText(try json(objects), name: "step-\(step).json", into: catalog, folder: folder) {
          $0.options.onConflict = .update
        }
        done = "import of \(objects.count)"
      case 2 where !slugs.isEmpty:
        let slug = random.pick(slugs)
        var changes = EntryChanges()
        let text = phrase(&random)
        switch random.below(3) {
        case 0:
          changes.title = text
          model[slug]!.texts[0] = text
        case 1:
          changes.summary = text
          model[slug]!.texts[1] = text
        default:
          changes.description = text
          model[slug]!.texts[2] = text
        }
        try catalog.edit(slug, changes)
        done = "edit of \(slug)"
      case 3 where !stories.isEmpty:
        // A source added, changed, renumbered or removed by hand-written SQL.
        let slug = random.pick(stories)
        let id = "(SELECT id FROM entry WHERE slug = '\(slug)')"
        let numbers = model[slug]!.sources.keys.sorted()
        let text = phrase(&random)
        let excerpt = phrase(&random)
        // The story's count of sources follows, as the importer and `add` keep it.
        let recount =
          "UPDATE entry SET source_count = (SELECT count(*) FROM source WHERE entry_id = entry.id) WHERE id = \(id)"
        if numbers.isEmpty || random.chance(40) {
          let n = (numbers.last ?? 0) + 1
          try catalog.write { db in
            try db.execute(
              sql: "INSERT INTO source (entry_id, n, title, excerpt) VALUES (\(id), ?, ?, ?)",
              arguments: [n, text, excerpt])
            try db.execute(sql: recount)
          }
          model[slug]!.sources[n] = (text, excerpt)
          done = "source \(n) added to \(slug)"
        } else if random.chance(50) {
          let n = random.pick(numbers)
          let renumbered = random.chance(50) ? (numbers.last ?? 0) + 1 : n
          try catalog.write { db in
            try db.execute(
              sql: "UPDATE source SET n = ?, title = ? WHERE entry_id = \(id) AND n = ?",
              arguments: [renumbered, text, n])
            try db.execute(sql: recount)
          }
          let kept = model[slug]!.sources[n]!.excerpt
          model[slug]!.sources[n] = nil
          model[slug]!.sources[renumbered] = (text, kept)
          done = "source \(n) of \(slug) changed to \(renumbered)"
        } else {
          let n = random.pick(numbers)
          try catalog.write { db in
            try db.execute(sql: "DELETE FROM source WHERE entry_id = \(id) AND n = ?", arguments: [n])
            try db.execute(sql: recount)
          }
          model[slug]!.sources[n] = nil
          done = "source \(n) of \(slug) removed"
        }
      case 5 where !slugs.isEmpty:
        // A tag and an audience added or taken away, as `tag` and `untag` do.
        let slug = random.pick(slugs)
        let word = random.pick(Self.words)
        let remove = random.chance(40)
        let audience = random.pick(["bloggers", "writers", "small-business-owners"])
        try catalog.retag(slug, tags: [word], audiences: [audience], remove: remove)
        if remove { model[slug]!.tags.remove(word) } else { model[slug]!.tags.insert(word) }
        done = "\(remove ? "untag" : "tag") \(word) of \(slug)"
      case 6 where model.values.contains(where: { !$0.tags.isEmpty }):
        // `tags rename`, merging when the new name exists.
        let old = random.pick(model.values.flatMap(\.tags).sorted())
        let new = random.pick(Self.words)
        try catalog.renameTag(old, to: new)
        for slug in slugs where model[slug]!.tags.contains(old) {
          model[slug]!.tags.remove(old)
          model[slug]!.tags.insert(new)
        }
        done = "rename of tag \(old) to \(new)"
      case 4 where !slugs.isEmpty:
        let slug = random.pick(slugs)
        try catalog.remove([slug])
        model[slug] = nil
        done = "removal of \(slug)"
      default:
        let kind: EntryKind = random.chance(50) ? .story : .tool
        let title = phrase(&random)
        let summary = phrase(&random)
        let slug = "e-\(next)"
        next += 1
        var entry = Entry(kind: kind, slug: slug, title: title, summary: summary)
        if kind == .tool { entry.url = "https://\(slug).example" }
        if kind == .story { entry.sources = [Source(n: 1, title: title, excerpt: summary)] }
        _ = try catalog.add(entry)
        model[slug] = ModelEntry(
          kind: kind, texts: [title, summary, ""], sources: kind == .story ? [1: (title, summary)] : [:])
        done = "add of \(slug)"
      }

      // FTS5's integrity check reads every entry; the searches below are the finer oracle.
      if step % 10 == 9 {
        #expect(
          try catalog.check().first { $0.check == "search index" }?.problem == nil,
          "seed \(seed), step \(step): \(done)")
      }
      for word in Self.words {
        let expected = model.filter { $0.value.allText.split(separator: " ").contains(Substring(word)) }.keys.sorted()
        let found = try catalog.search(word, limit: 10_000).map(\.entry.slug).sorted()
        #expect(found == expected, "seed \(seed), step \(step) (\(done)): '\(word)'")
      }
    }
  }
}
