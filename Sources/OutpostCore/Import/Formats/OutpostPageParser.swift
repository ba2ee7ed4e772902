import Foundation

/// Reads the text of one TheOutpost story page (the `outpost-page` import
/// format) into catalog entries.
///
/// The page, line by line. Blank lines are ignored everywhere, every line is
/// trimmed, CRLF and a leading BOM are tolerated:
///
/// 1. Optional boilerplate before the date line ("The Outpost is a
///    comprehensive…", "© 2025 TheOutpost.AI…", "Curated by THEOUTPOST"):
///    anything among the first 20 lines before the date line is skipped.
/// 2. The date line `On Mon, 21 Oct, 4:01 PM UTC`: weekday, day, month,
///    12-hour time, UTC (full day and month names and `21 Oct`/`Oct 21` order
///    are accepted too). The page gives no year: `published_at` is that day
///    and time in the latest year whose date falls on that weekday and whose
///    instant is not after `now`, searching back at most 28 years
///    (`publicationDate(weekday:month:day:hour:minute:notAfter:)`).
/// 3. `N Sources` (or `1 Source`), then N blocks: a `[k]` line, the source's
///    title line, its excerpt line(s) up to the next `[k+1]` line, or for the
///    last source up to the `Share`/`Copy Link` line (a single line when the
///    page has none). k must run 1…N; any other count or numbering is an
///    error at the line where it goes wrong.
///    A title ending in ` - Publisher` or ` | Publisher` (1–3 words, each
///    starting with an upper-case letter or a digit) has the publisher split
///    off. Otherwise the excerpt may name it: `X Neuro` in "This story was
///    generated using X Neuro", `X has contacted`, `did not respond to X's
///    request for comment`, `submitted by X`, `brought to you by X` (tried in
///    that order; X a run of capitalised words). Else the publisher is nil.
///    A source's `n` is k, its url and published_at are nil, its excerpt the
///    lines joined with "\n".
/// 4. `Share`, `Share`, `Copy Link` (any 0–3 of them), then the summary line,
///    then the body paragraphs up to a `Reference` or `Related` line or the
///    end. The description is the paragraphs joined with "\n\n", with
///    trailing citation numbers turned into markers (see `markCitations`):
///    `efforts 1.` → `efforts [1].`, `exaggerated" 3 4. However` →
///    `exaggerated" [3][4]. However`.
/// 5. The related section: stray `[n]` lines are skipped, then groups of a
///    summary line followed by one or two identical `N Sources` lines. Each
///    group becomes a stub story (title derived, summary, `source_count` N,
///    no sources, no date), linked from the main story's `related` in page
///    order.
///
/// The page has no headline, so every title is derived from its summary (see
/// `title(fromSummary:)`), and every slug from its title.
public enum OutpostPageParser {
  /// Entries of one story page: the story first, then one stub story per related story.
  public static func parse(_ text: String, fileName: String, now: Date) throws(InputProblem) -> [Entry] {
    try parseLocated(text, fileName: fileName, now: now).map(\.entry)
  }

  /// The entries of `parse`, each with the line of its summary: a conflict or
  /// a filled-in stub is reported at the line that names the story.
  public static func parseLocated(_ text: String, fileName: String, now: Date) throws(InputProblem)
    -> [(entry: Entry, line: Int)]
  {
    var page = PageReader(text: text, fileName: fileName)
    let date = try page.readDateLine(now: now)
    let sources = try page.readSources()
    page.skipShareLines()
    let summaryLine = try page.readSummary()
    let summary = summaryLine.text
    let paragraphs = page.readBody()
    let stubs = try page.readRelated()

    let title = title(fromSummary: summary)
    let description =
      paragraphs.isEmpty
      ? nil : paragraphs.map { markCitations(in: $0, sourceCount: sources.count) }.joined(separator: "\n\n")
    let story = Entry(
      kind: .story, slug: Slug.derive(from: title), title: title, summary: summary,
      description: description, publishedAt: Timestamp.format(date),
      related: stubs.map(\.entry.slug), sources: sources, sourceCount: sources.count)
    return [(story, summaryLine.number)] + stubs
  }

  // MARK: Dates

  /// The latest instant at `month`/`day` `hour`:`minute` UTC that falls on
  /// `weekday` (1 = Sunday … 7 = Saturday) and is not after `now`, looking
  /// back at most 28 years (one full cycle of weekdays); nil when none is.
  static func publicationDate(
    weekday: Int, month: Int, day: Int, hour: Int, minute: Int, notAfter now: Date
  ) -> Date? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let thisYear = calendar.component(.year, from: now)
    for year in stride(from: thisYear, through: thisYear - 28, by: -1) {
      let wanted = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: 0)
      guard let date = calendar.date(from: wanted) else { continue }
      let got = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
      // 29 Feb in a common year rolls over to 1 Mar: not that date.
      guard got.year == year, got.month == month, got.day == day else { continue }
      if got.weekday == weekday, date <= now { return date }
    }
    return nil
  }

  // MARK: Titles

  /// The longest derived title, in characters, before `…` is appended.
  static let titleLimit = 140

  /// A headline made from a summary: its first sentence (up to the first `.`,
  /// `!` or `?` followed by a space and an upper-case letter, or the end),
  /// without a final `.`; over 140 characters it is cut at the last space
  /// before 140 and `…` appended. A `.` closing a one-letter initial or a
  /// dotted abbreviation (`U.S.`, `Inc.`, `Mr.`) does not end the sentence.
  static func title(fromSummary summary: String) -> String {
    let chars = Array(summary.trimmingCharacters(in: .whitespacesAndNewlines))
    var end = chars.count
    var i = 0
    while i + 2 < chars.count {
      let c = chars[i]
      if c == "." || c == "!" || c == "?", chars[i + 1] == " ", chars[i + 2].isUppercase,
        !(c == "." && endsAbbreviation(chars, at: i))
      {
        end = i + 1
        break
      }
      i += 1
    }
    var sentence = String(chars[..<end])
    if sentence.hasSuffix(".") { sentence.removeLast() }
    sentence = sentence.trimmingCharacters(in: .whitespaces)
    guard sentence.count > titleLimit else { return sentence }
    var cut = String(sentence.prefix(titleLimit))
    if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
    cut = cut.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:-–—"))
    return cut + "…"
  }

  static let abbreviations: Set<String> = [
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "corp", "co", "vs", "no", "gen", "gov", "sen",
    "rep", "est", "approx",
  ]

  /// Whether the `.` at `index` closes an abbreviation rather than a sentence.
  static func endsAbbreviation(_ chars: [Character], at index: Int) -> Bool {
    var start = index
    while start > 0, !chars[start - 1].isWhitespace { start -= 1 }
    let word = String(chars[start..<index])
    if word.count == 1, word.first!.isUppercase { return true }  // "John F. Kennedy"
    if word.contains("."), word.count <= 6 { return true }  // "U.S", "e.g"
    return abbreviations.contains(word.lowercased())
  }

  // MARK: Citations

  /// A body paragraph with its trailing citation numbers turned into `[n]`
  /// markers: a space, then 1–2 digit numbers n (1 ≤ n ≤ `sourceCount`)
  /// separated by spaces or commas, directly before a `.` that ends a
  /// sentence (followed by whitespace or the end) or at the very end of the
  /// paragraph. Prose numbers (`worth 10 million`, `8,000 GPUs`, `in 2025.`)
  /// are left alone; of a run such as `rose to 50 3.` only the valid tail is
  /// marked.
  static func markCitations(in paragraph: String, sourceCount: Int) -> String {
    guard sourceCount > 0 else { return paragraph }
    let chars = Array(paragraph)
    var out: [Character] = []
    out.reserveCapacity(chars.count + 16)
    var i = 0
    while i < chars.count {
      guard chars[i] == " ", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber else {
        out.append(chars[i])
        i += 1
        continue
      }
      let group = citationGroup(chars, after: i, sourceCount: sourceCount)
      if let keep = group.keepUntil {
        out.append(contentsOf: chars[i..<keep])
        for n in group.numbers { out.append(contentsOf: "[\(n)]") }
      } else {
        // Every later space in a rejected run ends the same way: skip it whole.
        out.append(contentsOf: chars[i..<group.end])
      }
      i = group.end
    }
    return String(out)
  }

  /// The run of 1–2 digit numbers after the space at `space`: the numbers to
  /// mark and where the untouched text before them ends (nil when nothing is
  /// marked), and where the run ends.
  static func citationGroup(_ chars: [Character], after space: Int, sourceCount: Int)
    -> (numbers: [Int], keepUntil: Int?, end: Int)
  {
    func isDigit(_ k: Int) -> Bool { k < chars.count && chars[k].isASCII && chars[k].isNumber }
    var numbers: [(value: Int, start: Int)] = []
    var i = space + 1
    var end = space + 1
    while isDigit(i) {
      let start = i
      while isDigit(i), i - start < 3 { i += 1 }
      guard i - start <= 2, !isDigit(i) else { break }  // 2025, 8,000: prose
      numbers.append((Int(String(chars[start..<i]))!, start))
      end = i
      // A separator (",", ", " or spaces) leading to another number.
      var j = i
      if j < chars.count, chars[j] == "," { j += 1 }
      while j < chars.count, chars[j] == " " { j += 1 }
      guard j > i, isDigit(j) else { break }
      i = j
    }
    let atParagraphEnd = end == chars.count
    let beforeSentenceEnd =
      end < chars.count && chars[end] == "."
      && (end + 1 == chars.count || chars[end + 1].isWhitespace)
    guard !numbers.isEmpty, atParagraphEnd || beforeSentenceEnd else { return ([], nil, max(end, space + 1)) }
    var first = numbers.count
    while first > 0, (1...sourceCount).contains(numbers[first - 1].value) { first -= 1 }
    guard first < numbers.count else { return ([], nil, end) }
    return (numbers[first...].map(\.value), numbers[first].start, end)
  }

  // MARK: Publishers

  /// A source title with its ` - Publisher` / ` | Publisher` suffix split off.
  static func splitPublisher(fromTitle title: String) -> (title: String, publisher: String?) {
    let dash = title.range(of: " - ", options: .backwards)
    let bar = title.range(of: " | ", options: .backwards)
    let candidates = [dash, bar].compactMap { $0 }
    guard let separator = candidates.max(by: { $0.lowerBound < $1.lowerBound }) else { return (title, nil) }
    let head = title[..<separator.lowerBound].trimmingCharacters(in: .whitespaces)
    let tail = title[separator.upperBound...].trimmingCharacters(in: .whitespaces)
    let words = tail.split(separator: " ")
    guard !head.isEmpty, (1...3).contains(words.count),
      words.allSatisfy({ $0.first!.isUppercase || $0.first!.isNumber })
    else { return (title, nil) }
    return (head, tail)
  }

  /// A capitalised word, as publishers' names are made of.
  static let word = #"[\p{Lu}0-9][\p{L}\p{N}&'’-]*"#

  /// Ways an excerpt names its own publisher, in the order they are tried.
  static let selfNaming: [NSRegularExpression] = [
    #"generated using ((?:W )*W) Neuro"#,
    // A name starts after none of a word's own characters: starting after a
    // `-` or `'` inside a word would try every tail of a long hyphenated
    // run, quadratic in its length.
    #"(?<![\p{L}\p{N}&'’-])((?:W ){0,3}W) has contacted"#,
    #"did not respond to ((?:W ){0,3}W)['’]s request for comment"#,
    #"submitted by ((?:W ){0,3}W)"#,
    #"brought to you by ((?:W ){0,3}W)"#,
  ].map { try! NSRegularExpression(pattern: $0.replacingOccurrences(of: "W", with: word)) }

  /// The publisher an excerpt names itself with, if it does.
  static func publisher(inExcerpt excerpt: String) -> String? {
    let range = NSRange(excerpt.startIndex..., in: excerpt)
    for pattern in selfNaming {
      guard let match = pattern.firstMatch(in: excerpt, range: range),
        let found = Range(match.range(at: 1), in: excerpt)
      else { continue }
      var words = excerpt[found].split(separator: " ").map {
        $0.trimmingCharacters(in: CharacterSet(charactersIn: "'’-"))
      }
      // "brought to you by Benzinga APIs": the product, not the publisher.
      while words.count > 1, ["APIs", "API", "Pro"].contains(words.last!) { words.removeLast() }
      let name = words.joined(separator: " ")
      if !name.isEmpty { return name }
    }
    return nil
  }
}

// MARK: - Lines

extension OutpostPageParser {
  /// The date line's parts: `On Mon, 21 Oct, 4:01 PM UTC`.
  struct DateLine: Equatable {
    /// 1 = Sunday … 7 = Saturday, as `Calendar` counts.
    var weekday: Int
    var day: Int
    var month: Int
    var hour: Int
    var minute: Int

    static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    static let fullWeekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let fullMonths = [
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december",
    ]

    init?(_ line: String) {
      guard line.utf8.count <= 120 else { return nil }
      let tokens = line.lowercased().replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
      guard tokens.count == 7, tokens[0] == "on", tokens[6] == "utc" || tokens[6] == "gmt",
        let weekday = Self.index(of: tokens[1], in: Self.weekdays, Self.fullWeekdays)
      else { return nil }
      var day: Int?
      var month: Int?
      if let d = Int(tokens[2]), let m = Self.index(of: tokens[3], in: Self.months, Self.fullMonths) {
        (day, month) = (d, m)
      } else if let m = Self.index(of: tokens[2], in: Self.months, Self.fullMonths), let d = Int(tokens[3]) {
        (day, month) = (d, m)
      }
      let clock = tokens[4].split(separator: ":", omittingEmptySubsequences: false)
      guard let day, let month, (1...31).contains(day), clock.count == 2, clock[1].count == 2,
        let hour12 = Int(clock[0]), let minute = Int(clock[1]), (1...12).contains(hour12), (0...59).contains(minute),
        tokens[5] == "am" || tokens[5] == "pm"
      else { return nil }
      self.weekday = weekday + 1
      self.day = day
      self.month = month + 1
      self.hour = hour12 % 12 + (tokens[5] == "pm" ? 12 : 0)
      self.minute = minute
    }

    static func index(of token: String, in short: [String], _ full: [String]) -> Int? {
      short.firstIndex(of: token) ?? full.firstIndex(of: token) ?? (token == "sept" ? 8 : nil)
    }
  }

  /// `12 Sources` / `1 Source` → the count.
  static func declaredSourceCount(_ line: String) -> Int? {
    let parts = line.split(separator: " ")
    guard parts.count == 2, ["source", "sources"].contains(parts[1].lowercased()), parts[0].count <= 6,
      parts[0].allSatisfy({ $0.isASCII && $0.isNumber })
    else { return nil }
    return Int(parts[0])
  }

  /// `[3]` → 3.
  static func bracketNumber(_ line: String) -> Int? {
    guard line.hasPrefix("["), line.hasSuffix("]"), line.count >= 3, line.count <= 8 else { return nil }
    let inner = line.dropFirst().dropLast()
    guard inner.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(inner)
  }

  static func isShareLine(_ line: String) -> Bool {
    let lower = line.lowercased()
    return lower == "share" || lower == "copy link"
  }

  /// The heading that ends the body and starts the related stories.
  static func isSectionHeading(_ line: String) -> Bool {
    ["reference", "references", "related", "related stories"].contains(line.lowercased())
  }

  /// The site's own header and footer lines, skipped wherever they occur.
  static func isBoilerplate(_ line: String) -> Bool {
    line.hasPrefix("The Outpost is a comprehensive") || line.hasPrefix("©") && line.contains("TheOutpost")
      || line.lowercased() == "curated by theoutpost"
  }

  /// A line quoted in a message, shortened.
  static func quoted(_ line: String) -> String {
    line.count > 50 ? "'\(line.prefix(50))…'" : "'\(line)'"
  }
}
