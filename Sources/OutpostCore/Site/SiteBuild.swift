import Foundation
import GRDB

/// One run of `outpost site`: reads the catalog once, works out every page
/// and the fingerprint of its inputs, renders only pages whose inputs
/// changed since the manifest's build, writes only those whose bytes
/// changed, and removes the pages of entries that are gone.
final class SiteBuild {
  let options: SiteOptions
  let templates: SiteTemplates
  let output: SiteOutput
  let skeleton: SiteSkeleton
  let db: Database
  /// A hash of what every page depends on: templates, title, base URL,
  /// the audiences' names, how the search index is tokenized.
  let global: UInt64
  /// The part of every HTML page's context that is the same on all of them.
  let site: TemplateObject
  /// Tools that share a tag with each tool, for its page: its neighbours in
  /// each of its tags' lists, so that an edit changes a bounded few pages.
  let similar: Neighbours
  /// Each entry's card, rendered once.
  let cards: SiteCards
  let stemming: String?

  var manifest = SiteManifest()
  var report = SiteReport()
  let progress: ((Int, Int) -> Void)?
  private var rendered = 0
  var toRender = 0

  init(options: SiteOptions, db: Database, progress: ((Int, Int) -> Void)?) throws {
    self.options = options
    self.db = db
    self.progress = progress
    let templates = try SiteTemplates(overrides: options.templatesDirectory)
    self.templates = templates
    // The folder is opened, and the last build's manifest read, on another
    // thread while this one reads the catalog: a large site's manifest takes
    // 0.4 s to read, a fifth of a rebuild after one edit.
    let opening = OnAnotherThread { try SiteOutput(path: options.directory) }
    let skeleton: SiteSkeleton
    do {
      skeleton = try SiteSkeleton(db, filter: options.filter, leaveOut: options.leaveOut)
    } catch {
      // The folder's lock is let go of before the failure is reported.
      _ = try? opening.value()
      throw error
    }
    let output = try opening.value()
    self.output = output
    self.skeleton = skeleton
    let stemming = try SiteSearchIndex.stemming(db)
    self.stemming = stemming
    var hash = StableHash()
    hash.add("outpost-site 1")
    hash.add(templates.fingerprint)
    hash.add(options.title)
    hash.add(options.baseURL)
    hash.add(stemming)
    for (audience, _) in skeleton.audiences {
      hash.add(audience.slug)
      hash.add(audience.name)
    }
    global = hash.value
    site = [
      "title": SiteText.clean(options.title),
      "feed": SitePaths.storiesFeed,
      "audiences": skeleton.audiences.map {
        ["name": SiteText.clean($0.audience.name), "path": SitePaths.audience($0.audience.slug)]
      },
    ]
    similar = Self.neighbours(skeleton)
    cards = SiteCards(count: skeleton.items.count, file: try output.scratchFile())
  }

  /// Builds the site and reports what changed; the search index on
  /// `searchAside`'s connection, beside the pages, when it is given.
  func run(searchAside: SearchAside? = nil) throws -> SiteReport {
    defer { searchAside?.cancel() }
    report.entries = skeleton.items.count
    manifest.entries.reserveCapacity(skeleton.items.count)
    for index in skeleton.items.indices {
      manifest.entries[skeleton.items[index].id] = skeleton.items[index].fingerprint
    }
    // The search index is made beside everything else, from here on.
    searchAside?.start { [self] db in
      var index = SiteSearchIndex(build: self, db: db)
      return try index.write()
    }
    // Room for every page the last build had, and the search index's chunks
    // too, so that the table is not copied into a larger one half way.
    let previous = output.previous.pages.count
    manifest.pages.reserveCapacity(previous + previous / 16)
    let plans = planPages()
    manifest.pages.reserveCapacity(plans.count + plans.count / 16)
    manifest.order.reserveCapacity(plans.count + plans.count / 16)
    toRender = plans.reduce(0) { $0 + ($1.needed ? 1 : 0) }
    // A page kept as it is was the last build's: only the others are claimed.
    try output.claim(plans.lazy.filter(\.needed).map(\.path))
    try writeStatic(plans)
    try writeEntryPages(plans)
    try writeListPages(plans)
    try writeOtherPages(plans)
    record(try searchIndex(aside: searchAside))
    for path in output.previous.pages.keys where manifest.pages[path] == nil {
      output.remove(path)
      report.removed += 1
    }
    report.files = manifest.pages.count
    try output.finish(manifest)
    return report
  }

  /// One page the build will hold, the hash of its inputs, and whether it
  /// must be rendered (new, or its inputs changed, or its content unknown).
  struct Plan {
    enum Kind {
      case stylesheet, searchScript, searchPage, home, storiesFeed
      case entry(Int32)
      case list(audience: Int?, tag: Int?, page: Int)
      case audienceFeed(Int)
      case sitemap(part: Int?)
    }
    var path: String
    var kind: Kind
    var inputs: UInt64
    var needed = true
  }

  /// Keeps `plan`'s page as it is when its inputs are those of the last build.
  func decide(_ plan: inout Plan) {
    if let old = output.previous.pages[plan.path], old.inputs == plan.inputs, !old.contentHash.isUnknown {
      plan.needed = false
      keep(plan.path, old)
    }
  }

  /// Leaves the page at `path` as the last build wrote it, and counts it.
  func keep(_ path: String, _ old: SiteManifest.Page) {
    manifest.add(path, old)
    report.unchanged += 1
  }

  /// Writes `bytes` at `path` unless the last build wrote the same bytes.
  func emit(_ path: String, inputs: UInt64, _ bytes: [UInt8]) throws {
    let (hash, written) = try output.writeIfChanged(path, bytes)
    record(path, inputs: inputs, hash: hash, written: written)
  }

  /// The search index the aside made, or made here when there is none or
  /// it failed (when it failed for a reason of its own, such as a full
  /// disk, the build fails here the same way).
  private func searchIndex(aside: SearchAside?) throws -> SiteSearchIndex.Outcome {
    if let aside, let outcome = try? aside.value() {
      report.searchAside = true
      return outcome
    }
    var index = SiteSearchIndex(build: self, db: db)
    return try index.write()
  }

  /// Records the search index's files and chunks in the manifest.
  private func record(_ search: SiteSearchIndex.Outcome) {
    for file in search.files {
      if file.rendered {
        record(file.path, inputs: file.page.inputs, hash: file.page.contentHash, written: file.written)
      } else {
        keep(file.path, file.page)
      }
    }
    manifest.termChunks = search.termChunks
    manifest.searchInputs = search.searchInputs
  }

  /// Counts a page rendered and records it in the manifest.
  private func record(_ path: String, inputs: UInt64, hash: SiteManifest.ContentHash, written: Bool) {
    if written { report.written += 1 } else { report.unchanged += 1 }
    manifest.add(path, SiteManifest.Page(contentHash: hash, inputs: inputs))
    rendered += 1
    progress?(rendered, max(toRender, rendered))
  }

  /// Renders an HTML page: `context` with the site's part and the way back
  /// to the top folder added.
  func page(_ template: String, _ path: String, _ context: TemplateObject) -> [UInt8] {
    var context = context
    context["site"] = site
    context["root"] = SitePaths.root(of: path)
    return Array(templates.render(template, context).utf8)
  }

  /// Renders, hashes and writes `count` pages on every core, then records
  /// them in order on this thread: rendering is most of a build's work, and
  /// each page is its own file. Only the manifest and the report are shared.
  func emitInParallel(_ count: Int, _ render: (Int) -> (path: String, inputs: UInt64, bytes: [UInt8])) throws {
    var results = [Rendered](repeating: Rendered(), count: count)
    results.withUnsafeMutableBufferPointer { slots in
      withoutActuallyEscaping(render) { render in
        // Each task writes its own slot and file, and reads only what no one
        // writes during the loop: the skeleton, the templates, the batch and
        // the last build's manifest.
        let work = ParallelWork(render: render, slots: slots, output: output)
        DispatchQueue.concurrentPerform(iterations: count) { index in work.run(index) }
      }
    }
    for result in results {
      if let error = result.error { throw error }
      record(result.path, inputs: result.inputs, hash: result.hash, written: result.written)
    }
  }

  struct Rendered {
    var path = ""
    var inputs: UInt64 = 0
    var hash = SiteManifest.ContentHash.unknown
    var written = false
    var error: (any Error)?
  }

  private struct ParallelWork: @unchecked Sendable {
    let render: (Int) -> (path: String, inputs: UInt64, bytes: [UInt8])
    let slots: UnsafeMutableBufferPointer<Rendered>
    let output: SiteOutput

    func run(_ index: Int) {
      let page = render(index)
      var result = Rendered(path: page.path, inputs: page.inputs)
      do {
        (result.hash, result.written) = try output.writeIfChanged(page.path, page.bytes)
      } catch {
        result.error = error
      }
      slots[index] = result
    }
  }

  /// For each tool, up to six tools next to it in its tags' lists.
  static func neighbours(_ skeleton: SiteSkeleton) -> Neighbours {
    var result = [[Int32]](repeating: [], count: skeleton.items.count)
    for (_, list) in skeleton.tags {
      let tools = list.filter { skeleton.items[Int($0)].kind == .tool }
      guard tools.count > 1 else { continue }
      for (position, tool) in tools.enumerated() {
        var found = result[Int(tool)]
        guard found.count < 6 else { continue }
        for offset in [-1, 1, -2, 2] {
          let other = position + offset
          guard other >= 0, other < tools.count, found.count < 6, !found.contains(tools[other]) else { continue }
          found.append(tools[other])
        }
        result[Int(tool)] = found
      }
    }
    return Neighbours(result)
  }

  /// Each entry's neighbours in one array, not an array each: a large
  /// catalog has a hundred thousand, and the build's memory is bounded.
  struct Neighbours {
    private var starts: [Int32] = [0]
    private var members: [Int32] = []

    init(_ lists: [[Int32]]) {
      starts.reserveCapacity(lists.count + 1)
      members.reserveCapacity(lists.reduce(0) { $0 + $1.count })
      for list in lists {
        members += list
        starts.append(Int32(members.count))
      }
    }

    subscript(_ index: Int32) -> ArraySlice<Int32> {
      let index = Int(index)
      guard index + 1 < starts.count else { return [] }
      return members[Int(starts[index])..<Int(starts[index + 1])]
    }
  }
}
