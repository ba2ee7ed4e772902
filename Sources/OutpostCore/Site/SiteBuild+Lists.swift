import Foundation

/// The pages made from lists of entries: audiences, tags, the home page,
/// the Atom feeds and the sitemap; and the files copied as they are.
extension SiteBuild {
  func writeStatic(_ plans: [Plan]) throws {
    for plan in plans where plan.needed {
      switch plan.kind {
      case .stylesheet: try emit(plan.path, inputs: plan.inputs, Array((templates.files["style.css"] ?? "").utf8))
      case .searchScript: try emit(plan.path, inputs: plan.inputs, Array((templates.files["search.js"] ?? "").utf8))
      case .searchPage: try emit(plan.path, inputs: plan.inputs, page("search", plan.path, [:]))
      default: continue
      }
    }
  }

  func writeListPages(_ plans: [Plan]) throws {
    let lists = plans.filter { plan in
      guard plan.needed, case .list = plan.kind else { return false }
      return true
    }
    // In batches, so that only a batch of pages is held at once.
    for start in stride(from: 0, to: lists.count, by: Self.batchSize) {
      let batch = lists[start..<min(lists.count, start + Self.batchSize)]
      try emitInParallel(batch.count) { position in
        let plan = batch[batch.startIndex + position]
        return (plan.path, plan.inputs, listPage(plan))
      }
    }
  }

  private func listPage(_ plan: Plan) -> [UInt8] {
    guard case .list(let audience, let tag, let number) = plan.kind else { return [] }
    let list: [Int32]
    var context: TemplateObject = [:]
    let path: (Int) -> String
    if let audience {
      let (vocabularyAudience, items) = skeleton.audiences[audience]
      list = items
      context["heading"] = SiteText.clean(vocabularyAudience.name)
      context["kindLabel"] = "Audience"
      context["feed"] = SitePaths.audienceFeed(vocabularyAudience.slug)
      path = { SitePaths.audience(vocabularyAudience.slug, page: $0) }
    } else {
      let (name, items) = skeleton.tags[tag!]
      list = items
      context["heading"] = SiteText.clean(name)
      context["kindLabel"] = "Tag"
      path = { SitePaths.tag(name, page: $0) }
    }
    let count = max(1, (list.count + Self.listPageSize - 1) / Self.listPageSize)
    context["countText"] = SiteText.entries(list.count)
    context["entries"] = list.dropFirst((number - 1) * Self.listPageSize).prefix(Self.listPageSize).map {
      itemContext($0)
    }
    if count > 1 {
      var pager: TemplateObject = ["number": number, "count": count]
      if number > 1 { pager["previous"] = path(number - 1) }
      if number < count { pager["next"] = path(number + 1) }
      context["pager"] = pager
    }
    return page("list", plan.path, context)
  }

  func writeOtherPages(_ plans: [Plan]) throws {
    let htmlPages = plans.map(\.path).filter { $0.hasSuffix(".html") }.sorted()
    for plan in plans where plan.needed {
      switch plan.kind {
      case .home:
        try emit(plan.path, inputs: plan.inputs, page("home", plan.path, homeContext()))
      case .storiesFeed:
        let title = SiteText.clean(options.title) + ": stories"
        try emit(plan.path, inputs: plan.inputs, feed(plan.path, title: title, items: newest(.story, Self.feedCount)))
      case .audienceFeed(let position):
        let (audience, list) = skeleton.audiences[position]
        let title = SiteText.clean(options.title) + ": " + SiteText.clean(audience.name)
        try emit(
          plan.path, inputs: plan.inputs, feed(plan.path, title: title, items: Array(list.prefix(Self.feedCount))))
      case .sitemap(let part):
        try emit(plan.path, inputs: plan.inputs, sitemap(part: part, pages: htmlPages))
      default:
        continue
      }
    }
  }

  private func homeContext() -> TemplateObject {
    let stories = skeleton.items.lazy.filter { $0.kind == .story }.count
    let tools = skeleton.items.count - stories
    return [
      "intro": "\(SiteText.count(tools, "tool", "tools")) and \(SiteText.count(stories, "story", "stories")) "
        + "about AI, for the people they serve.",
      "stories": newest(.story, Self.homeCount).map { itemContext($0, atTop: true) },
      "tools": newest(.tool, Self.homeCount).map { itemContext($0, atTop: true) },
      "audiences": skeleton.audiences.map { audience, list -> TemplateObject in
        [
          "name": SiteText.clean(audience.name), "path": SitePaths.audience(audience.slug),
          "countText": SiteText.entries(list.count),
        ]
      },
      "tags": popularTags().map { name, list -> TemplateObject in
        ["name": SiteText.clean(name), "path": SitePaths.tag(name), "count": list.count]
      },
    ]
  }

  /// A link from the feed at `feedPath` to the page at `path`: absolute
  /// with a base URL, else relative to the feed.
  private func link(_ path: String, from feedPath: String) -> String {
    if let base = options.baseURL { return base + path }
    return SitePaths.root(of: feedPath) + path
  }

  private func feed(_ path: String, title: String, items: [Int32]) -> [UInt8] {
    let entries = items.map { index -> TemplateObject in
      let item = skeleton.items[Int(index)]
      var entry: TemplateObject = [
        "title": item.title, "id": feedID(item.path), "link": link(item.path, from: path),
        "updated": item.updated.isEmpty ? item.date : item.updated,
        "categories": item.tags.map { skeleton.tags[Int($0)].name },
      ]
      if item.kind == .story { entry["published"] = item.date }
      if let blurb = item.blurb { entry["summary"] = blurb }
      return entry
    }
    let updated = items.map { skeleton.items[Int($0)].updated }.max() ?? "1970-01-01T00:00:00Z"
    let context: TemplateObject = [
      "title": title, "id": feedID(path), "updated": updated, "author": SiteText.clean(options.title),
      "selfLink": options.baseURL.map { $0 + path } ?? (path as NSString).lastPathComponent,
      "htmlLink": link(
        path.hasPrefix("audiences/") ? path.replacingOccurrences(of: ".xml", with: ".html") : SitePaths.home, from: path
      ),
      "entries": entries,
    ]
    return Array(templates.render("feed", context).utf8)
  }

  /// An Atom id that stays the same from build to build: the page's URL,
  /// or without a base URL a tag URI (RFC 4151) naming the page.
  private func feedID(_ path: String) -> String {
    options.baseURL.map { $0 + path } ?? "tag:outpost,2024:" + path
  }

  private func sitemap(part: Int?, pages: [String]) -> [UInt8] {
    let base = options.baseURL ?? ""
    let parts = (pages.count + Self.sitemapPartSize - 1) / Self.sitemapPartSize
    if part == nil, parts > 1 {
      let context: TemplateObject = ["sitemaps": (1...parts).map { base + SitePaths.sitemapPart($0) }]
      return Array(templates.render("sitemap-index", context).utf8)
    }
    let slice = pages.dropFirst(((part ?? 1) - 1) * Self.sitemapPartSize).prefix(Self.sitemapPartSize)
    let context: TemplateObject = ["urls": slice.map { base + $0 }]
    return Array(templates.render("sitemap", context).utf8)
  }
}
