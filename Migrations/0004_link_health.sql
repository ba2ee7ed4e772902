-- Outpost catalog, version 4: link health.
--
-- One row per URL the catalog holds (an entry's or a story source's), as the
-- text stored there, so that `--link STATUS` joins it to entries by equality
-- and an index. `url_key` is the normalised form (URLCheck.duplicateKey:
-- scheme, `www.` and trailing slashes ignored): URLs sharing a key are
-- requested once per run and get the same result.
--
-- A URL with no row is `unchecked`. A row is rewritten by each check; the
-- failure streak (`consecutive_failures`, `first_failure_at`) is what lets a
-- flaky site be `failing` on one bad check and `broken` only on two at
-- least 24 hours apart.

CREATE TABLE link_check (
  url                   TEXT PRIMARY KEY CHECK (url GLOB 'http://?*' OR url GLOB 'https://?*'),
  url_key               TEXT NOT NULL CHECK (length(url_key) > 0),
  checked_at            TEXT NOT NULL CHECK (checked_at GLOB
                          '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
  status                TEXT NOT NULL CHECK (status IN ('ok', 'redirected', 'blocked', 'failing', 'broken')),
  -- The last HTTP status received, NULL when no server answered.
  http_status           INTEGER CHECK (http_status BETWEEN 100 AND 999),
  -- Where the redirects ended, NULL when there were none.
  final_url             TEXT,
  -- For `redirected`: the target of the permanent redirects, to `edit` the entry to.
  moved_to              TEXT CHECK (moved_to IS NULL OR status = 'redirected'),
  failure               TEXT CHECK (failure IN ('dns', 'refused', 'tls', 'timeout', 'http', 'redirect-loop',
                                                'too-many-redirects', 'connection')),
  -- The failure in words, for the curator: "HTTP 404", "connection refused".
  detail                TEXT,
  consecutive_failures  INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  first_failure_at      TEXT CHECK (first_failure_at GLOB
                          '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
  -- A failure has a kind and a streak; anything else has neither.
  CHECK ((status IN ('failing', 'broken')) = (failure IS NOT NULL)),
  CHECK ((consecutive_failures > 0) = (first_failure_at IS NOT NULL)),
  CHECK ((status IN ('failing', 'broken')) = (consecutive_failures > 0))
) WITHOUT ROWID;

CREATE INDEX link_check_by_key ON link_check (url_key);
CREATE INDEX link_check_by_status ON link_check (status, url);
