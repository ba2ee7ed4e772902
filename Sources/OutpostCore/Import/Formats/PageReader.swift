import Foundation

/// Walks the page's non-blank lines, failing at the line where the text stops
/// being a story page.
struct PageReader {
  struct Line {
    var number: Int
    var text: String
  }

  typealias P = OutpostPageParser
  let fileName: String
  let lines: [Line]
  var index = 0

  init(text: String, fileName: String) {
    self.fileName = fileName
    var lines: [Line] = []
    var number = 0
    for raw in InputText.lines(of: text) {
      number += 1
      let trimmed = raw.trimmingCharacters(in: .whitespaces)
      if !trimmed.isEmpty { lines.append(Line(number: number, text: trimmed)) }
    }
    self.lines = lines
  }

  var current: Line? { index < lines.count ? lines[index] : nil }

  func problem(_ line: Line?, _ message: String) -> InputProblem {
    InputProblem(SourceLocation(file: fileName, line: line?.number ?? lines.last?.number ?? 1), message)
  }

  /// A problem at the end of the text, for a part that never came.
  func ended(_ expected: String) -> InputProblem {
    problem(nil, "the text ends here; expected \(expected)")
  }

  mutating func readDateLine(now: Date) throws(InputProblem) -> Date {
    let example = "a date line like 'On Mon, 21 Oct, 4:01 PM UTC'"
    guard !lines.isEmpty else {
      throw problem(nil, "the file is empty; expected a TheOutpost story page starting with \(example)")
    }
    guard let found = lines.prefix(20).firstIndex(where: { P.DateLine($0.text) != nil }) else {
      let stop = lines.first(where: { !P.isBoilerplate($0.text) }) ?? lines[lines.count - 1]
      throw problem(stop, "expected \(example); is this the text of a TheOutpost story page?")
    }
    let line = lines[found]
    let parts = P.DateLine(line.text)!
    index = found + 1
    guard
      let date = P.publicationDate(
        weekday: parts.weekday, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute,
        notAfter: now)
    else {
      throw problem(
        line, "no year in the last 28 has the date \(P.quoted(line.text)); check the day, month and weekday")
    }
    return date
  }

  mutating func readSources() throws(InputProblem) -> [Source] {
    guard let countLine = current else { throw ended("the number of sources like '12 Sources'") }
    guard let count = P.declaredSourceCount(countLine.text) else {
      throw problem(countLine, "expected the number of sources like '12 Sources', found \(P.quoted(countLine.text))")
    }
    index += 1
    var sources: [Source] = []
    for k in stride(from: 1, through: count, by: 1) {
      guard let marker = current else {
        throw ended("'[\(k)]': the page declares \(count) sources but lists \(k - 1)")
      }
      guard P.bracketNumber(marker.text) == k else {
        let listed =
          P.bracketNumber(marker.text) == nil ? "; the page declares \(count) sources but lists \(k - 1)" : ""
        throw problem(
          marker, "expected '[\(k)]' to start source \(k) of \(count), found \(P.quoted(marker.text))\(listed)")
      }
      index += 1
      guard let titleLine = current, P.bracketNumber(titleLine.text) == nil, !P.isShareLine(titleLine.text) else {
        throw current == nil ? ended("the title of source \(k)") : problem(current, "expected the title of source \(k)")
      }
      index += 1
      let excerpt = try readExcerpt(isLast: k == count, count: count)
      let split = P.splitPublisher(fromTitle: titleLine.text)
      sources.append(
        Source(
          n: k, title: split.title, publisher: split.publisher ?? P.publisher(inExcerpt: excerpt),
          excerpt: excerpt.isEmpty ? nil : excerpt))
    }
    return sources
  }

  /// A source's excerpt: up to the next `[k]` line, or for the last source up
  /// to the `Share` lines (one line when the page has none).
  mutating func readExcerpt(isLast: Bool, count: Int) throws(InputProblem) -> String {
    var excerpt: [String] = []
    let shareAhead =
      isLast
      && lines[index...].prefix(while: { !P.isSectionHeading($0.text) })
        .contains(where: { P.isShareLine($0.text) })
    if isLast && !shareAhead {
      if let line = current, P.bracketNumber(line.text) == nil, !P.isSectionHeading(line.text) {
        excerpt.append(line.text)
        index += 1
      }
    } else {
      while let line = current, !P.isShareLine(line.text) {
        if P.bracketNumber(line.text) != nil {
          guard !isLast else {
            throw problem(
              line,
              "expected 'Share' or the story's summary after the last source; the page declares \(count) sources but lists more"
            )
          }
          break
        }
        excerpt.append(line.text)
        index += 1
      }
    }
    if let line = current, isLast, P.bracketNumber(line.text) != nil {
      throw problem(
        line, "expected the story's summary after the last source; the page declares \(count) sources but lists more")
    }
    return excerpt.joined(separator: "\n")
  }

  mutating func skipShareLines() {
    while let line = current, P.isShareLine(line.text) { index += 1 }
  }

  mutating func readSummary() throws(InputProblem) -> Line {
    guard let line = current else { throw ended("the story's summary after the sources") }
    guard !P.isSectionHeading(line.text) else {
      throw problem(line, "expected the story's summary before \(P.quoted(line.text))")
    }
    index += 1
    return line
  }

  /// The body paragraphs, up to `Reference`/`Related` or the end.
  mutating func readBody() -> [String] {
    var paragraphs: [String] = []
    while let line = current, !P.isSectionHeading(line.text) {
      if !P.isBoilerplate(line.text) { paragraphs.append(line.text) }
      index += 1
    }
    return paragraphs
  }

  /// The related stories as stubs: a summary, then one or two `N Sources` lines.
  mutating func readRelated() throws(InputProblem) -> [(entry: Entry, line: Int)] {
    var stubs: [(entry: Entry, line: Int)] = []
    while let line = current {
      index += 1
      if P.bracketNumber(line.text) != nil || P.isSectionHeading(line.text) || P.isBoilerplate(line.text) { continue }
      guard P.declaredSourceCount(line.text) == nil else {
        throw problem(line, "expected a related story's summary, found \(P.quoted(line.text))")
      }
      guard let countLine = current, let count = P.declaredSourceCount(countLine.text) else {
        let expected = "'N Sources' after the related story's summary on line \(line.number)"
        throw current == nil ? ended(expected) : problem(current, "expected \(expected)")
      }
      index += 1
      if let again = current, let repeated = P.declaredSourceCount(again.text) {
        guard repeated == count else {
          throw problem(
            again, "expected '\(countLine.text)' again or the next related story, found \(P.quoted(again.text))")
        }
        index += 1
      }
      let title = P.title(fromSummary: line.text)
      let stub = Entry(
        kind: .story, slug: Slug.derive(from: title), title: title, summary: line.text, sourceCount: count)
      stubs.append((stub, line.number))
    }
    return stubs
  }
}
