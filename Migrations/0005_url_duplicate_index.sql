-- An index over the form in which two URLs are compared to find likely
-- duplicates (`URLCheck.duplicateKey`): no scheme, no `www.`, no trailing
-- `/`. `add` and an import into a large catalog look a URL up here instead
-- of reading every entry's URL, so their cost no longer grows with the
-- catalog (0.44 s for one `add` on a million entries before this index).
--
-- The key is lower-cased whole, where `duplicateKey` folds only the host:
-- the index finds a few candidates, and the program compares them exactly.
-- Only built-in functions, so that any SQLite client can still write the
-- table. `Catalog.urlKeySQL` repeats this expression; SQLite uses the index
-- only for a query that spells it the same way (a test checks the plan).
-- Every URL holds '://': the entry table's CHECK allows only http(s) URLs.
CREATE INDEX entry_by_url_key ON entry (
  rtrim(CASE WHEN lower(substr(url, instr(url, '://') + 3, 4)) = 'www.'
             THEN lower(substr(url, instr(url, '://') + 7))
             ELSE lower(substr(url, instr(url, '://') + 3)) END, '/')
) WHERE url IS NOT NULL;
