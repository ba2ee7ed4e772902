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
        // Taken before the build's snapshot, for the two to be compared.
        let aside = try SearchAside.open(beside: db, catalog: self)
        defer { aside?.cancel() }
        // A deferred transaction, not GRDB's read: the search index is read
        // through temporary fts5vocab tables, which a query-only read refuses.
        try db.beginTransaction(.deferred)
        defer { try? db.rollback() }
        let beside = try aside?.sharesSnapshot(with: db) == true ? aside : nil
        let build = try SiteBuild(options: options, db: db, progress: progress)
        let report = try build.run(searchAside: beside)
        // The folder is let go of now, and what the build holds is freed on
        // another thread: a large site's skeleton and manifests take a tenth
        // of a second to free, which the caller need not wait for.
        build.output.letGo()
        FreedElsewhere.free(build)
        return report
      }
    }
  }
}
