import Foundation
import GRDB
import Testing

@testable import OutpostCore

/// `--rejects`: the valid rows imported in one transaction, each refused row
/// written back with why, and nothing of a refused row left in the catalog.
@Suite("Import with rejects")
struct RejectsImportTests {
  let folder = TemporaryFolder()

  func importing(
    _ text: String, name: String, into catalog: Catalog, onConflict: ImportOptions.Conflict = .fail
  ) throws -> (summary: ImportSummary, rejects: String?) {
    let rejects = folder.path("rejects-" + name)
    let summary = try TestCatalog.importText(text, name: name, into: catalog, folder: folder) { request in
      request.rejectsPath = rejects
      request.options.onConflict = onConflict
    }
    return (summary, try? String(contentsOfFile: rejects, encoding: .utf8))
  }

  func slugs(_ catalog: Catalog) throws -> [String] {
    try catalog.read { db in try String.fetchAll(db, sql: "SELECT slug FROM entry ORDER BY slug") }
  }

  func related(_ catalog: Catalog) throws -> [String] {
    try catalog.read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT s.slug || '>' || r.slug FROM related x JOIN entry s ON s.id = x.story_id
          JOIN entry r ON r.id = x.related_id ORDER BY 1
          """)
    }
  }

  @Test("CSV: good rows imported, bad ones refused at every stage: reader, mapper, rules, conflicts")
  func csvStages() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try TestCatalog.importText(
      "slug,title,url\ntaken,Taken,https://taken.example\n", name: "first.csv", into: catalog, folder: folder)
    let rows = [
      "slug,title,url,pricing",
      "good,Good,https://good.example,free",
      "wide,Wide,https://w.example,free,extra",
      "priced,Priced,https://p.example,sometimes",
      "nourl,No URL,,free",
      "taken,Taken again,https://t2.example,free",
      "good,Good twice,https://g2.example,free",
      "fine,Fine,https://fine.example,paid",
    ]
    let (summary, rejects) = try importing(rows.joined(separator: "\n") + "\n", name: "in.csv", into: catalog)
    #expect(summary.inserted == 2)
    #expect(summary.refused == 5)
    #expect(try slugs(catalog) == ["fine", "good", "taken"])
    #expect(
      rejects == """
        slug,title,url,pricing,error\r
        wide,Wide,https://w.example,free,extra,row has 5 cells but the header has 4 (extra cells); quote cells that hold the delimiter\r
        priced,Priced,https://p.example,sometimes,"pricing 'sometimes' is not one of free, freemium, paid, contact, unknown"\r
        nourl,No URL,,free,url is missing; a tool needs one\r
        taken,Taken again,https://t2.example,free,slug 'taken' already exists; use --on-conflict skip or update\r
        good,Good twice,https://g2.example,free,slug 'good' appears twice in this input; give each entry its own slug\r

        """)
    #expect(summary.problems.total == 5)
    #expect(summary.problems.problems.map(\.location.line) == [3, 4, 5, 6, 7])
  }

  @Test("a story whose related story cannot be linked is refused, and so is one relating to it; cycles import")
  func relatedStories() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let rows = [
      "kind,slug,title,related", "story,a,A,b", "story,b,B,a", "story,c,C,missing", "story,d,D,c;a", "story,e,E,",
    ]
    let (summary, rejects) = try importing(rows.joined(separator: "\n") + "\n", name: "s.csv", into: catalog)
    #expect(try slugs(catalog) == ["a", "b", "e"])
    #expect(try related(catalog) == ["a>b", "b>a"])
    #expect(summary.inserted == 3)
    #expect(summary.insertedByKind[.story] == 3)
    #expect(summary.refused == 2)
    #expect(
      rejects == """
        kind,slug,title,related,error\r
        story,c,C,missing,related story 'missing' is neither in the catalog nor in this input\r
        story,d,D,c;a,related story 'c' is refused too; mend both rows\r

        """)
    // Nothing of the refused stories is left: links, search index, sources.
    let findings = try catalog.check()
    #expect(findings.filter { !$0.passed }.isEmpty, "\(findings)")
  }

  @Test("an update whose related stories come later in the file waits for them; one whose never come is refused")
  func heldUpdates() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try TestCatalog.importText(
      "kind,slug,title,summary\nstory,old,Old,before\nstory,x,X,before\n", name: "first.csv", into: catalog,
      folder: folder)
    let rows = [
      "kind,slug,title,summary,related", "story,old,Old,after,new", "story,x,X,after,gone", "story,new,New,,old",
    ]
    let (summary, rejects) = try importing(
      rows.joined(separator: "\n") + "\n", name: "u.csv", into: catalog, onConflict: .update)
    #expect(summary.updated == 1)
    #expect(summary.refused == 1)
    #expect(try catalog.entry(slug: "old")?.summary == "after")
    #expect(try catalog.entry(slug: "x")?.summary == "before")
    #expect(try related(catalog) == ["new>old", "old>new"])
    #expect(rejects?.contains("story,x,X,after,gone,related story 'gone' is neither") == true)
  }

  @Test("a row that fails after its entry row was written leaves nothing behind, its new tags included")
  func partialInsert() throws {
    let catalog = try TestCatalog.empty(in: folder)
    try catalog.write { db in try db.execute(sql: "CREATE UNIQUE INDEX local_source_url ON source (url)") }
    let sources = #"[{""n"": 1, ""title"": ""S"", ""url"": ""https://s.example""}]"#
    let rows = [
      "kind,slug,title,tags,sources", "story,one,One,first,\"\(sources)\"", "story,two,Two,only-two,\"\(sources)\"",
    ]
    let (summary, rejects) = try importing(rows.joined(separator: "\n") + "\n", name: "p.csv", into: catalog)
    #expect(summary.refused == 1)
    #expect(try slugs(catalog) == ["one"])
    #expect(try catalog.read { db in try String.fetchAll(db, sql: "SELECT name FROM tag") } == ["first"])
    #expect(rejects?.contains("story,two,Two,only-two,") == true)
  }

  @Test("JSON and NDJSON: objects, elements that are not objects and lines that are not JSON go back")
  func jsonShapes() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let json = #"{"name": "list", "tools": [{"title": "A", "url": "https://a.example"}, 7, {"title": "B"}]}"#
    let (jsonSummary, jsonRejects) = try importing(json, name: "t.json", into: catalog)
    #expect(jsonSummary.inserted == 1)
    #expect(
      jsonRejects == """
        [
          {"error": "expected an object, found a number", "value": 7},
          {"error": "url is missing; a tool needs one", "title": "B"}
        ]

        """)
    let lines = [
      #"{"title": "C", "url": "https://c.example"}"#, #"{"title": "D", "url": }"#, "[1]", #"{"title": "E"}"#,
    ]
    let (summary, rejects) = try importing(lines.joined(separator: "\n") + "\n", name: "t.ndjson", into: catalog)
    #expect(summary.inserted == 1)
    #expect(summary.refused == 3)
    let written = try #require(rejects).split(separator: "\n").map(String.init)
    #expect(written.count == 3)
    #expect(written[0].hasPrefix(#"{"error": ""#) && written[0].hasSuffix(#", "title": "D", "url": }"#))
    #expect(written[1] == #"{"error": "expected a JSON object on each line, found a list", "value": [1]}"#)
    #expect(written[2] == #"{"error": "url is missing; a tool needs one", "title": "E"}"#)
  }

  @Test("a problem that is not about a row still fails the import: nothing imported, no rejects file")
  func fatalProblem() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let text = "title,url\nGood,https://g.example\nBad,nope\n\"Open,https://o.example\n"
    #expect(throws: ImportFailure.self) { try importing(text, name: "f.csv", into: catalog) }
    #expect(try catalog.count() == 0)
    #expect(!FileManager.default.fileExists(atPath: folder.path("rejects-f.csv")))
  }

  @Test("awesome: unreadable item lines and refused items go back under their headings")
  func awesome() throws {
    let catalog = try TestCatalog.empty(in: folder)
    let list = "# List\n\n## Writing\n\n- [A](https://a.example) - Writes.\n- [B](ftp://b.example) - Old.\n"
    let (summary, rejects) = try importing(list, name: "list.md", into: catalog)
    #expect(try slugs(catalog) == ["a"])
    #expect(summary.refused == 1)
    #expect(
      rejects == """
        # Refused items of \(folder.path("list.md"))

        ## Writing

        <!-- error: item 'B': url 'ftp://b.example' must start with http:// or https:// -->
        - [B](ftp://b.example) - Old.

        """)
  }
}
