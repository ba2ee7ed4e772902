import Testing

@testable import OutpostCore

@Suite("TableText")
struct TableTextTests {
  func table() -> TableText {
    var table = TableText(columns: [
      .init("SLUG", minimum: 8), .init("KIND", minimum: 5, flexible: false), .init("TITLE", minimum: 8),
    ])
    table.append(["a-very-long-slug-for-a-story-about-something", "story", "A headline that goes on and on and on"])
    table.append(["jp-tool", "tool", "日本語のとても長いツールの名前です 🤖🎨"])
    table.append(["zalgo", "tool", "Z\u{0361}a\u{0334}l\u{0336}g\u{0335}o with ❤️ and more text"])
    return table
  }

  @Test("no line is wider than the width asked for", arguments: [1, 5, 9, 10, 20, 40, 60, 80, 200])
  func fits(width: Int) {
    for line in table().render(width: width) {
      #expect(TextWidth.of(line) <= width, "\(width): '\(line)' is \(TextWidth.of(line)) wide")
    }
  }

  @Test("cells that do not fit are cut with …, and a wide table is left whole")
  func truncation() {
    let narrow = table().render(width: 40)
    #expect(narrow.contains { $0.contains("…") })
    let wide = table().render(width: 200)
    #expect(!wide.contains { $0.contains("…") })
    #expect(wide[1].hasSuffix("A headline that goes on and on and on"))
  }

  @Test("a fixed column keeps its width while flexible ones shrink")
  func fixedColumn() {
    let lines = table().render(width: 40)
    #expect(lines[1].contains("  story  "))
  }

  @Test("too narrow for every column: the last ones are left out rather than overflow")
  func dropsColumns() {
    let lines = table().render(width: 6)
    #expect(lines[0].split(separator: " ").count == 2, "\(lines)")
    #expect(!lines.contains { $0.contains("A h") || $0.contains("日") })
    #expect(table().render(width: 1)[0] == "…")
  }

  @Test("line breaks inside a cell never break the table")
  func newlines() {
    var table = TableText(columns: [.init("A"), .init("B")])
    table.append(["one\ntwo", "x"])
    let lines = table.render(width: 80)
    #expect(lines.count == 2)
    #expect(lines[1].hasPrefix("one two"))
  }
}

@Suite("TableText with whole columns")
struct TableTextWholeTests {
  static let slug = "bytedance-tiktoks-parent-company-is-suing-a-former-intern"

  func table() -> TableText {
    var table = TableText(columns: [
      .init("SLUG", whole: true), .init("KIND", minimum: 5, flexible: false), .init("TITLE", minimum: 12),
      .init("AUDIENCES", minimum: 9, optional: true),
    ])
    table.append([Self.slug, "story", "ByteDance sues a former intern for sabotage", "researchers, writers"])
    table.append(["chatgpt", "tool", "ChatGPT", "writers"])
    return table
  }

  @Test("a slug is never cut: the other columns give way, optional ones go first", arguments: [80, 100, 200])
  func slugStaysWhole(width: Int) {
    let lines = table().render(width: width)
    #expect(lines.count == 3)
    #expect(lines[1].hasPrefix(Self.slug + "  story"))
    for line in lines { #expect(TextWidth.of(line) <= width, "\(width): '\(line)'") }
    #expect(lines[0].contains("AUDIENCES") == (width >= 100), "\(lines)")
  }

  @Test("below the minimum width: one field a line, the slug whole on its own line", arguments: [1, 20, 40, 60])
  func records(width: Int) {
    let lines = table().render(width: width)
    #expect(lines.contains(Self.slug))
    #expect(lines.contains("chatgpt"))
    #expect(!lines.contains { $0.contains("SLUG") })
    for line in lines where line != Self.slug { #expect(TextWidth.of(line) <= max(width, 14), "\(width): '\(line)'") }
    if width >= 40 {
      #expect(lines.contains { $0.hasPrefix("  kind") && $0.hasSuffix("story") })
      #expect(lines.contains { $0.hasPrefix("  title") && $0.contains("ByteDance") })
    }
  }
}

@Suite("PageFooter")
struct PageFooterTests {
  @Test(
    "the footer tells the total and how to see the rest",
    arguments: [
      (3, 0, 3, "3 matches"), (1, 0, 1, "1 match"), (20, 0, 143, "20 of 143 matches; --limit or --offset for more"),
      (20, 20, 143, "21–40 of 143 matches; --offset 40 for more"), (3, 140, 143, "141–143 of 143 matches"),
      (1, 142, 143, "143 of 143 matches"),
    ])
  func footer(shown: Int, offset: Int, total: Int, text: String) {
    #expect(PageFooter.text(shown: shown, offset: offset, total: total, noun: ("match", "matches")) == text)
  }
}

@Suite("TextWidth")
struct TextWidthTests {
  @Test(
    "display width: CJK and emoji take two, combining marks none",
    arguments: [("abc", 3), ("日本", 4), ("🤖", 2), ("e\u{0301}", 1), ("❤️", 2), ("\u{1}x\u{2}", 1), ("Café", 4)])
  func width(text: String, columns: Int) {
    #expect(TextWidth.of(text) == columns)
  }

  @Test("fit cuts to the width with … and never splits a wide character over the edge")
  func fit() {
    #expect(TextWidth.fit("hello world", 5) == "hell…")
    #expect(TextWidth.fit("日本語", 4) == "日…")
    #expect(TextWidth.fit("short", 10) == "short")
    #expect(TextWidth.fit("line\nbreak", 20) == "line break")
  }

  @Test("fitMiddle keeps both ends, so ids sharing a long prefix stay apart")
  func fitMiddle() {
    #expect(TextWidth.fitMiddle("bytedance-plans-to-invest-around-20", 15) == "bytedan…ound-20")
    #expect(
      TextWidth.fitMiddle("bytedance-is-suing-a-former-intern", 15)
        != TextWidth.fitMiddle("bytedance-plans-to-invest-around-20", 15))
    #expect(TextWidth.fitMiddle("short", 15) == "short")
    #expect(TextWidth.fitMiddle("日本語のツール名", 9) == "日本…ル名")
    for width in 0...12 { #expect(TextWidth.of(TextWidth.fitMiddle("日本語のツール名 and more", width)) <= width) }
  }
}
