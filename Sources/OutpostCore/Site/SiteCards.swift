import Foundation
import Mustache

/// Each entry's card (the `entry-item` template), rendered once per build
/// and shown as it is on every page that lists the entry: its tags' and
/// audiences' pages and its neighbours' pages. Rendering, and above all
/// escaping, the same card on each of them was most of a build's work.
///
/// A card sees the entry, `root` and `site`, not the page around it. Cards
/// of pages one folder down are kept; the home page's few are not.
final class SiteCards: @unchecked Sendable {
  private let lock = NSLock()
  private var kept: [String?]

  init(count: Int) { kept = [String?](repeating: nil, count: count) }

  /// The card of entry `index` on a page at the top (`atTop`) or one
  /// folder down. Pages are rendered on several threads: two may render
  /// the same card at once, and keep the same text.
  func card(_ index: Int32, atTop: Bool, build: SiteBuild) -> String {
    if !atTop, let card = lock.withLock({ kept[Int(index)] }) { return card }
    let card = build.templates.renderCard(ItemValue(build: build, index: index, atTop: atTop, inCard: true))
    if !atTop { lock.withLock { kept[Int(index)] = card } }
    return card
  }
}

/// An entry as one item of a list, read from the skeleton when a template
/// asks: kind, kindLabel, path, title, date, summary, sourceCount and
/// sourceCountText (stories), pricing (tools), and `card`, the entry's
/// card as markup, which the `entry-item` partial is made of on pages.
struct ItemValue: MustacheParent {
  let build: SiteBuild
  let index: Int32
  let atTop: Bool
  /// While the card itself is rendered, it has no `card`.
  var inCard = false

  func child(named name: String) -> Any? {
    let items = build.skeleton.items
    let position = Int(index)
    switch name {
    case "card": return inCard ? nil : TemplateText(build.cards.card(index, atTop: atTop, build: build))
    case "kind": return TemplateText(items[position].kind.rawValue)
    case "kindLabel": return TemplateText(items[position].kind == .story ? "Story" : "Tool")
    case "path": return TemplateText(items[position].path)
    case "title": return TemplateText(items[position].title)
    case "date": return DateValue(stamp: items[position].date)
    case "summary": return items[position].blurb.map(TemplateText.init)
    case "sourceCount", "sourceCountText":
      guard items[position].kind == .story, let count = items[position].sourceCount, count > 0 else { return nil }
      return name == "sourceCount" ? true : TemplateText(SiteText.sources(count))
    case "pricing": return items[position].pricing.flatMap(SiteBuild.pricingLabel).map(TemplateText.init)
    // What every page has, for the card rendered apart from its page.
    case "root": return TemplateText(atTop ? "" : "../")
    case "site": return build.site
    default: return nil
    }
  }
}

/// A date as templates show it: `iso` for `datetime`, `text` for people.
struct DateValue: MustacheParent {
  let stamp: String

  func child(named name: String) -> Any? {
    switch name {
    case "iso": TemplateText(stamp)
    case "text": TemplateText(SiteText.day(stamp))
    default: nil
    }
  }
}
