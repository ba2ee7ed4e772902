import GRDB

/// Rewords a broken schema rule for the user, without SQL.
enum CatalogRuleWords {
  static func explain(_ error: DatabaseError, slug: String) -> String {
    let message = error.message ?? ""
    if message.hasPrefix("outpost: ") { return String(message.dropFirst("outpost: ".count)) }
    switch error.extendedResultCode {
    case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
      return "entry '\(slug)' repeats a value that must be unique (\(columnName(message)))"
    case .SQLITE_CONSTRAINT_CHECK:
      return "entry '\(slug)' breaks a catalog rule on its \(columnName(message)); check its values"
    case .SQLITE_CONSTRAINT_NOTNULL:
      return "entry '\(slug)' lacks a required value (\(columnName(message)))"
    case .SQLITE_CONSTRAINT_FOREIGNKEY:
      return "entry '\(slug)' refers to something that does not exist"
    default:
      return "entry '\(slug)' could not be stored (SQLite error \(error.resultCode.rawValue))"
    }
  }

  /// "UNIQUE constraint failed: entry.slug" → "slug".
  private static func columnName(_ message: String) -> String {
    guard let colon = message.lastIndex(of: ":") else { return "values" }
    let detail = message[message.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    return detail.split(separator: ".").last.map(String.init) ?? "values"
  }
}
