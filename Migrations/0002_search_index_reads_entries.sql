-- Outpost catalog, version 2: the search index reads its text from the entries.
--
-- Version 1's index kept its own copy of every title, summary, description
-- and source text: 30 % of a catalog's size, and an import wrote each text
-- twice. From here on the index is an external-content FTS5 table: it holds
-- only the index itself, and reads the text, when a snippet needs it, from
-- the view below. Searches rank and match exactly as before.
--
-- The price is that FTS5 cannot look up what it indexed for a row: removing
-- a row's terms means handing it the very text it indexed. The triggers below
-- do so, computing the old text from OLD values, and `outpost check` compares
-- the index with the entries through FTS5's own integrity check.
--
-- Outpost never writes `INSERT OR REPLACE` into entry or source: SQLite fires
-- no delete trigger for the row a REPLACE removes (unless recursive_triggers
-- is on), so a hand-written one would leave the index out of step until
-- `outpost check --rebuild-search-index`.

DROP TRIGGER entry_fts_insert;
DROP TRIGGER entry_fts_update;
DROP TRIGGER entry_fts_delete;
DROP TRIGGER source_fts_insert;
DROP TRIGGER source_fts_update;
DROP TRIGGER source_fts_delete;
DROP TABLE entry_fts;

-- The text the index holds for each entry: its title, summary and
-- description, and the titles and excerpts of its sources in order.
CREATE VIEW entry_search_text (id, title, summary, description, sources) AS
SELECT e.id, e.title, e.summary, e.description,
       (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
        FROM (SELECT title, excerpt FROM source WHERE entry_id = e.id ORDER BY n))
FROM entry e;

CREATE VIRTUAL TABLE entry_fts USING fts5 (
  title, summary, description, sources,
  content = 'entry_search_text', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- FTS5 writes its pending terms out as a new segment when they pass this
-- size (1 MiB by default) and merges segments as it goes; an import indexes
-- its entries in one statement, and 8 MiB halves the merging.
INSERT INTO entry_fts (entry_fts, rank) VALUES ('hashsize', 8388608);

INSERT INTO entry_fts (entry_fts) VALUES ('rebuild');

CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
  INSERT INTO entry_fts (rowid, title, summary, description, sources)
  SELECT id, title, summary, description, sources FROM entry_search_text WHERE id = NEW.id;
END;

-- An edit leaves the sources as they are: the old text is OLD's fields and
-- the sources' text now.
CREATE TRIGGER entry_fts_update AFTER UPDATE OF title, summary, description ON entry BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources)
  SELECT 'delete', OLD.id, OLD.title, OLD.summary, OLD.description, sources
  FROM entry_search_text WHERE id = NEW.id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources)
  SELECT id, title, summary, description, sources FROM entry_search_text WHERE id = NEW.id;
END;

-- Before the row goes, while its sources are still there. The sources then
-- go by ON DELETE CASCADE, after the entry: their triggers find no entry and
-- leave the index alone.
CREATE TRIGGER entry_fts_delete BEFORE DELETE ON entry BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources)
  SELECT 'delete', id, title, summary, description, sources FROM entry_search_text WHERE id = OLD.id;
END;

-- A source changes its story's sources text: the old text is the story's
-- sources as they were, rebuilt from the rows now plus OLD, minus NEW.
CREATE TRIGGER source_fts_insert AFTER INSERT ON source
WHEN EXISTS (SELECT 1 FROM entry WHERE id = NEW.entry_id)
BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources)
  SELECT 'delete', e.id, e.title, e.summary, e.description,
         (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
          FROM (SELECT title, excerpt FROM source WHERE entry_id = NEW.entry_id AND n <> NEW.n ORDER BY n))
  FROM entry e WHERE e.id = NEW.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources)
  SELECT id, title, summary, description, sources FROM entry_search_text WHERE id = NEW.entry_id;
END;

CREATE TRIGGER source_fts_update AFTER UPDATE ON source
WHEN EXISTS (SELECT 1 FROM entry WHERE id = NEW.entry_id)
BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources)
  SELECT 'delete', e.id, e.title, e.summary, e.description,
         (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
          FROM (SELECT n, title, excerpt FROM source WHERE entry_id = NEW.entry_id AND n <> NEW.n
                UNION ALL SELECT OLD.n, OLD.title, OLD.excerpt
                ORDER BY n))
  FROM entry e WHERE e.id = NEW.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources)
  SELECT id, title, summary, description, sources FROM entry_search_text WHERE id = NEW.entry_id;
END;

CREATE TRIGGER source_fts_delete AFTER DELETE ON source
WHEN EXISTS (SELECT 1 FROM entry WHERE id = OLD.entry_id)
BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources)
  SELECT 'delete', e.id, e.title, e.summary, e.description,
         (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
          FROM (SELECT n, title, excerpt FROM source WHERE entry_id = OLD.entry_id
                UNION ALL SELECT OLD.n, OLD.title, OLD.excerpt
                ORDER BY n))
  FROM entry e WHERE e.id = OLD.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources)
  SELECT id, title, summary, description, sources FROM entry_search_text WHERE id = OLD.entry_id;
END;
