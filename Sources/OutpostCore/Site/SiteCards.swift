import Foundation
import Mustache

/// Each entry's card (the `entry-item` template), rendered once per build
/// and shown as it is on every page that lists the entry: its tags' and
/// audiences' pages and its neighbours' pages. Rendering, and above all
/// escaping, the same card on each of them was most of a build's work.
///
/// A card sees the entry, `root` and `site`, not the page around it. Cards
/// of pages one folder down are kept; the home page's few are not. They are
/// kept in a scratch file, not in memory: a large catalog's cards would
/// take more memory than the rest of the build, and the file is read back
/// from the page cache.
final class SiteCards: @unchecked Sendable {
  private let lock = NSLock()
  private let file: Int32
  /// Where each kept card starts in the file and its length; -1 while not kept.
  private var offsets: [Int64]
  private var lengths: [Int32]
  private var end: Int64 = 0

  init(count: Int, file: Int32) {
    self.file = file
    offsets = [Int64](repeating: -1, count: count)
    lengths = [Int32](repeating: 0, count: count)
  }

  deinit { close(file) }

  /// The card of entry `index` on a page at the top (`atTop`) or one
  /// folder down. Pages are rendered on several threads: two may render
  /// the same card at once, and keep the same text.
  func card(_ index: Int32, atTop: Bool, build: SiteBuild) -> String {
    if !atTop, let card = kept(Int(index)) { return card }
    let card = build.templates.renderCard(ItemValue(build: build, index: index, atTop: atTop, inCard: true))
    if !atTop { keep(Int(index), card) }
    return card
  }

  private func kept(_ index: Int) -> String? {
    let (offset, length) = lock.withLock { (offsets[index], Int(lengths[index])) }
    guard offset >= 0 else { return nil }
    let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
      var read = 0
      while read < length {
        let n = pread(file, buffer.baseAddress! + read, length - read, off_t(offset) + off_t(read))
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { break }
        read += n
      }
      count = read
    }
    // A short read (a full disk) renders the card again rather than show half.
    return bytes.count == length ? String(decoding: bytes, as: UTF8.self) : nil
  }

  private func keep(_ index: Int, _ card: String) {
    let bytes = Array(card.utf8)
    let offset = lock.withLock {
      let offset = end
      end += Int64(bytes.count)
      return offset
    }
    let written = bytes.withUnsafeBytes { buffer in
      var written = 0
      while written < buffer.count {
        let n = pwrite(file, buffer.baseAddress! + written, buffer.count - written, off_t(offset) + off_t(written))
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { break }
        written += n
      }
      return written
    }
    // Published only once the whole card is in the file; a card that could
    // not be written is rendered again where it is shown.
    guard written == bytes.count else { return }
    lock.withLock {
      offsets[index] = offset
      lengths[index] = Int32(bytes.count)
    }
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
