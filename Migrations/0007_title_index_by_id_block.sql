-- Outpost catalog, version 7: the title index keyed by block of ids first.
--
-- Until version 6 the index of `list`'s title order held every entry by
-- title alone. A new entry's title lands anywhere in it, so 10 000 new
-- entries changed most of its pages: 11 000 of the 17 000 pages that an
-- import of 10 000 tools into the 1 000 000-entry benchmark catalog wrote
-- (the index is built packed, so each first insertion into a page splits
-- it), and that import took 2.5 times as long as into an empty catalog.
--
-- Keyed by `id / 65536` first, the index keeps each block of 65 536 ids in
-- title order. New entries take ids after the catalog's largest, so they
-- land in the newest block's part of the index alone, a few hundred pages
-- however large the catalog. A listing in title order reads one arm per
-- block, each in the index's order, and SQLite merges the arms
-- (`TitleBlocks`, which repeats this expression: SQLite uses the index only
-- for a query that spells it the same way). A catalog whose ids all lie
-- below 65 536 has one block, and the index orders it as before.
DROP INDEX entry_by_title;
CREATE INDEX entry_by_title ON entry (id / 65536, title COLLATE NOCASE, slug);
