import Testing

@testable import OutpostCore

/// `Entry.patched`: the entry `--on-conflict update` would leave, computed
/// before writing so that a row that changes nothing is seen to.
@Suite("Entry.patched")
struct EntryPatchTests {
  let stored = Entry(
    kind: .tool, slug: "alpha", title: "Alpha", url: "https://alpha.example", summary: "Old",
    description: "Curated", pricing: .paid, audiences: ["writers"], tags: ["a", "b"], addedAt: "2020-01-01T00:00:00Z",
    updatedAt: "2020-01-02T00:00:00Z")

  @Test("only supplied fields change; the slug is the key and never does")
  func suppliedFieldsOnly() {
    let input = Entry(kind: .story, slug: "other", title: "", summary: "New", pricing: .unknown)
    let patched = stored.patched(by: input, fields: [.slug, .summary])
    var expected = stored
    expected.summary = "New"
    #expect(patched == expected)
  }

  @Test("supplied lists replace; the command line's lists add to the entry's own")
  func lists() {
    let input = Entry(kind: .tool, slug: "", title: "", audiences: ["marketers"], tags: ["c", "a"])
    let replaced = stored.patched(by: input, fields: [.tags])
    #expect(replaced.tags == ["a", "c"])
    #expect(replaced.audiences == ["marketers", "writers"])
    let added = stored.patched(by: Entry(kind: .tool, slug: "", title: "", tags: ["b"]), fields: [])
    #expect(added == stored)
  }

  @Test("a patch that repeats the stored values leaves the entry equal, updated_at included")
  func unchanged() {
    let same = stored.patched(by: stored, fields: Set(EntryField.allCases).subtracting([.updatedAt]))
    #expect(same == stored)
  }
}
