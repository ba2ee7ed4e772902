/// The values templates see: `TemplateObject`s, and `ItemValue`s for
/// entries in lists, read from the skeleton as the template asks.
extension SiteBuild {
  /// An entry as one item of a list (the `entry-item` template), on a page
  /// at the top (`atTop`) or one folder down.
  func itemContext(_ index: Int32, atTop: Bool = false) -> ItemValue {
    ItemValue(build: self, index: index, atTop: atTop)
  }

  func dateContext(_ stamp: String) -> DateValue { DateValue(stamp: stamp) }

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
  func entryContext(_ entry: Entry, index: Int32) -> TemplateObject {
    let item = skeleton.items[Int(index)]
    var context: TemplateObject = ["title": item.title, "kind": entry.kind.rawValue]
    if let summary = SiteText.clean(entry.summary), !summary.isEmpty { context["summary"] = summary }
    if let url = SiteText.linkOut(entry.url) {
      context["url"] = url
      context["host"] = SiteText.host(url)
    }
    context["audiences"] = item.audiences.map { position -> TemplateObject in
      let audience = skeleton.audiences[Int(position)].audience
      return ["name": SiteText.clean(audience.name), "path": SitePaths.audience(audience.slug)]
    }
    context["tags"] = item.tags.map { position -> TemplateObject in
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
      context["similar"] = similar[index].map { itemContext($0) }
    case .story:
      context["date"] = dateContext(item.date)
      context["sourceCountText"] = SiteText.sources(
        entry.sources.isEmpty ? (entry.sourceCount ?? 0) : entry.sources.count)
      context["sources"] = entry.sources.map { sourceContext($0) }
      context["related"] = item.related.compactMap { skeleton.indexByID[$0] }.map { itemContext($0) }
    }
    return context
  }

  func sourceContext(_ source: Source) -> TemplateObject {
    var context: TemplateObject = ["n": source.n, "title": SiteText.clean(source.title)]
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
