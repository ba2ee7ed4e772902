import GRDB

extension Catalog {
  /// Writes the catalog as a static website into `options.directory`, or
  /// brings the site already there up to date. `progress` hears (pages
  /// rendered, pages to render).
  ///
  /// Everything is read from one snapshot of the catalog, so a site never
  /// mixes two states of it; another process may write meanwhile.
  public func buildSite(_ options: SiteOptions, progress: ((Int, Int) -> Void)? = nil) throws -> SiteReport {
    try translatingErrors {
      try withConnection { db in
        // A deferred transaction, not GRDB's read: the search index is read
        // through temporary fts5vocab tables, which a query-only read refuses.
        try db.beginTransaction(.deferred)
        defer { try? db.rollback() }
        return try SiteBuild(options: options, db: db, progress: progress).run()
      }
    }
  }
}
