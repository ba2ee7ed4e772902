/// The values templates see. Plain dictionaries: swift-mustache reads them
/// directly, where a struct would be read through reflection on every tag.
extension SiteBuild {
  /// An entry as one item of a list (the `entry-item` template).
  func itemContext(_ index: Int32) -> [String: Any] {
    let item = skeleton.items[Int(index)]
    var context: [String: Any] = [
      "kind": item.kind.rawValue,
      "kindLabel": item.kind == .story ? "Story" : "Tool",
      "path": item.path,
      "title": item.title,
      "date": dateContext(item.date),
    ]
    if let blurb = item.blurb { context["summary"] = blurb }
    if item.kind == .story, let count = item.sourceCount, count > 0 {
      context["sourceCount"] = true
      context["sourceCountText"] = SiteText.sources(count)
    }
    if let pricing = item.pricing.flatMap(Self.pricingLabel) { context["pricing"] = pricing }
    return context
  }

  func dateContext(_ stamp: String) -> [String: Any] {
    ["iso": stamp, "text": SiteText.day(stamp)]
  }

  static func pricingLabel(_ pricing: Pricing) -> String? {
    switch pricing {
    case .free: "Free"
    case .freemium: "Freemium"
    case .paid: "Paid"
    case .contact: "Contact for pricing"
    case .unknown: nil
    }
  }

  /// A tool's or story's own page.
  func entryContext(_ entry: Entry, index: Int32) -> [String: Any] {
    let item = skeleton.items[Int(index)]
    var context: [String: Any] = ["title": item.title, "kind": entry.kind.rawValue]
    if let summary = SiteText.clean(entry.summary), !summary.isEmpty { context["summary"] = summary }
    if let url = SiteText.linkOut(entry.url) {
      context["url"] = url
      context["host"] = SiteText.host(url)
    }
    context["audiences"] = item.audiences.map { position -> [String: Any] in
      let audience = skeleton.audiences[Int(position)].audience
      return ["name": SiteText.clean(audience.name), "path": SitePaths.audience(audience.slug)]
    }
    context["tags"] = item.tags.map { position -> [String: Any] in
      let name = skeleton.tags[Int(position)].name
      return ["name": SiteText.clean(name), "path": SitePaths.tag(name)]
    }
    let numbers = Set(entry.sources.map(\.n))
    if let description = SiteText.clean(entry.description) {
      let body = CitationText.html(description, sources: entry.kind == .story ? numbers : [])
      if !body.isEmpty { context["body"] = body }
    }
    switch entry.kind {
    case .tool:
      if let pricing = entry.pricing.flatMap(Self.pricingLabel) { context["pricing"] = pricing }
      context["similar"] = (similar[index] ?? []).map { itemContext($0) }
    case .story:
      context["date"] = dateContext(item.date)
      context["sourceCountText"] = SiteText.sources(
        entry.sources.isEmpty ? (entry.sourceCount ?? 0) : entry.sources.count)
      context["sources"] = entry.sources.map { sourceContext($0) }
      context["related"] = item.related.compactMap { skeleton.indexByID[$0] }.map { itemContext($0) }
    }
    return context
  }

  func sourceContext(_ source: Source) -> [String: Any] {
    var context: [String: Any] = ["n": source.n, "title": SiteText.clean(source.title)]
    if let publisher = SiteText.clean(source.publisher), !publisher.isEmpty { context["publisher"] = publisher }
    if let url = SiteText.linkOut(source.url) {
      context["url"] = url
      context["host"] = SiteText.host(url)
    }
    if let date = source.publishedAt { context["date"] = dateContext(date) }
    if let excerpt = SiteText.clean(source.excerpt), !excerpt.isEmpty { context["excerpt"] = excerpt }
    return context
  }
}
