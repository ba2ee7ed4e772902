/// The line under a table of entries: how many it shows of how many match,
/// and how to see the rest, said the same way by `list` and `search`.
public enum PageFooter {
  /// "3 matches"; "20 of 143 matches; --limit or --offset for more";
  /// "21–40 of 143 matches; --offset 40 for more"; "141–143 of 143 matches".
  /// `noun` is the singular and plural: ("match", "matches").
  public static func text(shown: Int, offset: Int, total: Int, noun: (one: String, many: String)) -> String {
    let last = offset + shown
    let counted = "\(total) \(total == 1 ? noun.one : noun.many)"
    if offset == 0 {
      return shown >= total ? counted : "\(shown) of \(counted); --limit or --offset for more"
    }
    let range = shown == 1 ? "\(last)" : "\(offset + 1)–\(last)"
    return "\(range) of \(counted)" + (last < total ? "; --offset \(last) for more" : "")
  }
}
