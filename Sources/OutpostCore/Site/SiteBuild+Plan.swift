/// Which pages the site holds and what each is rendered from: worked out
/// from the skeleton alone, before anything is rendered.
extension SiteBuild {
  static let listPageSize = 50
  static let homeCount = 10
  static let feedCount = 50
  static let homeTagCount = 30
  static let sitemapPartSize = 50_000
  /// Pages rendered in parallel at once, and held until written.
  static let batchSize = 256

  func planPages() -> [Plan] {
    var plans: [Plan] = []
    func add(_ path: String, _ kind: Plan.Kind, _ parts: (inout StableHash) -> Void) {
      var hash = StableHash()
      hash.add(global)
      hash.add(path)
      parts(&hash)
      var plan = Plan(path: path, kind: kind, inputs: hash.value)
      decide(&plan)
      plans.append(plan)
    }
    let items = skeleton.items
    add(SitePaths.stylesheet, .stylesheet) { _ in }
    add(SitePaths.searchScript, .searchScript) { _ in }
    add(SitePaths.search, .searchPage) { _ in }
    // By index, not `let item = items[index]`: a copy of an item is nine
    // reference counts, a hundred thousand times (and so is a computed
    // property of it, such as `path`).
    for index in items.indices {
      add(SitePaths.entry(items[index].kind, items[index].slug), .entry(Int32(index))) { hash in
        hash.add(items[index].fingerprint)
        for id in items[index].related { hash.add(skeleton.indexByID[id].map { items[Int($0)].fingerprint } ?? 0) }
        for other in similar[Int32(index)] { hash.add(items[Int(other)].fingerprint) }
      }
    }
    func addList(_ list: [Int32], audience: Int?, tag: Int?, path: (Int) -> String) {
      let pages = max(1, (list.count + Self.listPageSize - 1) / Self.listPageSize)
      for page in 1...pages {
        add(path(page), .list(audience: audience, tag: tag, page: page)) { hash in
          hash.add(list.count)
          for index in list.dropFirst((page - 1) * Self.listPageSize).prefix(Self.listPageSize) {
            hash.add(items[Int(index)].fingerprint)
          }
        }
      }
    }
    for (position, (audience, list)) in skeleton.audiences.enumerated() {
      addList(list, audience: position, tag: nil) { SitePaths.audience(audience.slug, page: $0) }
      add(SitePaths.audienceFeed(audience.slug), .audienceFeed(position)) { hash in
        for index in list.prefix(Self.feedCount) { hash.add(items[Int(index)].fingerprint) }
      }
    }
    for (position, (name, list)) in skeleton.tags.enumerated() {
      addList(list, audience: nil, tag: position) { SitePaths.tag(name, page: $0) }
    }
    add(SitePaths.home, .home) { hash in
      for index in newest(.story, Self.homeCount) + newest(.tool, Self.homeCount) {
        hash.add(items[Int(index)].fingerprint)
      }
      for (_, list) in skeleton.audiences { hash.add(list.count) }
      for (name, list) in popularTags() {
        hash.add(name)
        hash.add(list.count)
      }
      hash.add(items.count)
    }
    add(SitePaths.storiesFeed, .storiesFeed) { hash in
      for index in newest(.story, Self.feedCount) { hash.add(items[Int(index)].fingerprint) }
    }
    if options.baseURL != nil {
      let pages = plans.map(\.path).filter { $0.hasSuffix(".html") }.sorted()
      let parts = (pages.count + Self.sitemapPartSize - 1) / Self.sitemapPartSize
      if parts <= 1 {
        add(SitePaths.sitemap, .sitemap(part: nil)) { hash in
          for page in pages { hash.add(page) }
        }
      } else {
        add(SitePaths.sitemap, .sitemap(part: nil)) { hash in hash.add(parts) }
        for part in 1...parts {
          add(SitePaths.sitemapPart(part), .sitemap(part: part)) { hash in
            for page in pages.dropFirst((part - 1) * Self.sitemapPartSize).prefix(Self.sitemapPartSize) {
              hash.add(page)
            }
          }
        }
      }
    }
    return plans
  }

  /// The newest `count` entries of `kind`.
  func newest(_ kind: EntryKind, _ count: Int) -> [Int32] {
    var found: [Int32] = []
    for (index, item) in skeleton.items.enumerated() where item.kind == kind {
      found.append(Int32(index))
      if found.count == count { break }
    }
    return found
  }

  /// The tags with the most entries, most first.
  func popularTags() -> [(name: String, items: [Int32])] {
    Array(
      skeleton.tags.sorted { $0.items.count != $1.items.count ? $0.items.count > $1.items.count : $0.name < $1.name }
        .prefix(Self.homeTagCount))
  }
}
