/// A record as the input held it, kept so that a refused one can be written
/// back to the rejects file (`--rejects`) in the input's own format.
///
/// Only an import with `--rejects` keeps them; each case holds what the
/// reader had built anyway (a CSV row's cells, a JSON object's fields), so
/// keeping one costs a reference, not a copy.
public enum OriginalRecord: Sendable {
  /// A CSV row: its cells, unquoted, as many as it had, with its file's header.
  case csvRow([String], CSVHeader)
  /// A JSON or NDJSON object, its keys in file order.
  case object([(key: String, value: RawValue)])
  /// A JSON array element or NDJSON line that is not an object.
  case value(RawValue)
  /// An NDJSON line that is not JSON at all, as written.
  case text(String)
  /// An awesome-list item, by its line: the rejects file takes the line, and
  /// the headings above it, from the text.
  case line(Int)
}
