-- Outpost catalog, version 3: the search index finds what the user means.
--
-- Version 2 matched words exactly as typed: `newsletter` missed the entries
-- saying "newsletters", and `job search` missed the entries tagged
-- `job-search`. From here on:
--
-- - words are stemmed (FTS5's porter tokenizer over unicode61 with
--   diacritics folded), so `newsletter` finds "newsletters", `edit` finds
--   "editing" and `cafe` finds "Café"; phrases and prefixes work as before,
--   on the stems;
-- - an entry's tags and audience names are indexed too, as two more columns
--   after the four of version 2 (title still weighs most: the weights are
--   the search's, not the index's).
--
-- The index stays external-content (migration 0002): it holds no copy of the
-- text, and removing an entry's terms means handing FTS5 the very text it
-- indexed. Tags and audiences live in link tables, so the triggers below
-- follow them too: a link added or removed, a tag renamed, merged or removed,
-- an audience renamed. Each computes the entry's old text from the rows now
-- and OLD or NEW, in the view's order, then indexes the text now.
--
-- Link rows never change in place (a trigger below refuses it): a tag or an
-- audience is moved by deleting one row and inserting another, which the
-- triggers follow.

DROP TRIGGER entry_fts_insert;
DROP TRIGGER entry_fts_update;
DROP TRIGGER entry_fts_delete;
DROP TRIGGER source_fts_insert;
DROP TRIGGER source_fts_update;
DROP TRIGGER source_fts_delete;
DROP TABLE entry_fts;
DROP VIEW entry_search_text;

-- The text the index holds for each entry: its title, summary and
-- description, the titles and excerpts of its sources in order, its tags and
-- its audiences' names. Tags and audiences come in id order, which their link
-- tables' primary keys give without sorting.
CREATE VIEW entry_search_text (id, title, summary, description, sources, tags, audiences) AS
SELECT e.id, e.title, e.summary, e.description,
       (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
        FROM (SELECT title, excerpt FROM source WHERE entry_id = e.id ORDER BY n)),
       (SELECT group_concat(name, ' ')
        FROM (SELECT t.name FROM entry_tag et JOIN tag t ON t.id = et.tag_id
              WHERE et.entry_id = e.id ORDER BY et.tag_id)),
       (SELECT group_concat(name, ', ')
        FROM (SELECT a.name FROM entry_audience ea JOIN audience a ON a.id = ea.audience_id
              WHERE ea.entry_id = e.id ORDER BY ea.audience_id))
FROM entry e;

CREATE VIRTUAL TABLE entry_fts USING fts5 (
  title, summary, description, sources, tags, audiences,
  content = 'entry_search_text', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- As in version 2: an import indexes its entries in one statement, and
-- 8 MiB of pending terms halves FTS5's merging.
INSERT INTO entry_fts (entry_fts, rank) VALUES ('hashsize', 8388608);

INSERT INTO entry_fts (entry_fts) VALUES ('rebuild');

CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = NEW.id;
END;

-- An edit leaves sources, tags and audiences as they are: the old text is
-- OLD's fields and the rest as it is now.
CREATE TRIGGER entry_fts_update AFTER UPDATE OF title, summary, description ON entry BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', OLD.id, OLD.title, OLD.summary, OLD.description, sources, tags, audiences
  FROM entry_search_text WHERE id = NEW.id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = NEW.id;
END;

-- Before the row goes, while its sources and links are still there. They go
-- by ON DELETE CASCADE after the entry: their triggers find no entry and
-- leave the index alone.
CREATE TRIGGER entry_fts_delete BEFORE DELETE ON entry BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', id, title, summary, description, sources, tags, audiences
  FROM entry_search_text WHERE id = OLD.id;
END;

-- A source changes its story's sources text: the old text is the story's
-- sources as they were, rebuilt from the rows now plus OLD, minus NEW.
CREATE TRIGGER source_fts_insert AFTER INSERT ON source
WHEN EXISTS (SELECT 1 FROM entry WHERE id = NEW.entry_id)
BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description,
         (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
          FROM (SELECT title, excerpt FROM source WHERE entry_id = NEW.entry_id AND n <> NEW.n ORDER BY n)),
         v.tags, v.audiences
  FROM entry_search_text v WHERE v.id = NEW.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = NEW.entry_id;
END;

CREATE TRIGGER source_fts_update AFTER UPDATE ON source
WHEN EXISTS (SELECT 1 FROM entry WHERE id = NEW.entry_id)
BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description,
         (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
          FROM (SELECT n, title, excerpt FROM source WHERE entry_id = NEW.entry_id AND n <> NEW.n
                UNION ALL SELECT OLD.n, OLD.title, OLD.excerpt
                ORDER BY n)),
         v.tags, v.audiences
  FROM entry_search_text v WHERE v.id = NEW.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = NEW.entry_id;
END;

CREATE TRIGGER source_fts_delete AFTER DELETE ON source
WHEN EXISTS (SELECT 1 FROM entry WHERE id = OLD.entry_id)
BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description,
         (SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
          FROM (SELECT n, title, excerpt FROM source WHERE entry_id = OLD.entry_id
                UNION ALL SELECT OLD.n, OLD.title, OLD.excerpt
                ORDER BY n)),
         v.tags, v.audiences
  FROM entry_search_text v WHERE v.id = OLD.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = OLD.entry_id;
END;

-- A tag linked: the old tags text is the entry's tags now, minus NEW's.
CREATE TRIGGER entry_tag_fts_insert AFTER INSERT ON entry_tag BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description, v.sources,
         (SELECT group_concat(name, ' ')
          FROM (SELECT t.name FROM entry_tag et JOIN tag t ON t.id = et.tag_id
                WHERE et.entry_id = NEW.entry_id AND et.tag_id <> NEW.tag_id ORDER BY et.tag_id)),
         v.audiences
  FROM entry_search_text v WHERE v.id = NEW.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = NEW.entry_id;
END;

-- A tag unlinked: the old tags text is the entry's tags now, plus OLD's.
-- When the entry is going (entry_fts_delete took it out) or the tag is
-- (tag_fts_delete re-indexed its entries), there is nothing left to do.
CREATE TRIGGER entry_tag_fts_delete AFTER DELETE ON entry_tag
WHEN EXISTS (SELECT 1 FROM entry WHERE id = OLD.entry_id) AND EXISTS (SELECT 1 FROM tag WHERE id = OLD.tag_id)
BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description, v.sources,
         (SELECT group_concat(name, ' ')
          FROM (SELECT t.name FROM (SELECT tag_id FROM entry_tag WHERE entry_id = OLD.entry_id
                                    UNION ALL SELECT OLD.tag_id) x
                JOIN tag t ON t.id = x.tag_id ORDER BY x.tag_id)),
         v.audiences
  FROM entry_search_text v WHERE v.id = OLD.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = OLD.entry_id;
END;

-- A tag removed (by `tags rename` merging it into another, or by hand):
-- before it goes, its entries are indexed without it. Its links then go by
-- ON DELETE CASCADE and find the tag gone.
CREATE TRIGGER tag_fts_delete BEFORE DELETE ON tag BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', id, title, summary, description, sources, tags, audiences FROM entry_search_text
  WHERE id IN (SELECT entry_id FROM entry_tag WHERE tag_id = OLD.id);
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT v.id, v.title, v.summary, v.description, v.sources,
         (SELECT group_concat(name, ' ')
          FROM (SELECT t.name FROM entry_tag et JOIN tag t ON t.id = et.tag_id
                WHERE et.entry_id = v.id AND et.tag_id <> OLD.id ORDER BY et.tag_id)),
         v.audiences
  FROM entry_search_text v WHERE v.id IN (SELECT entry_id FROM entry_tag WHERE tag_id = OLD.id);
END;

-- A tag renamed: its entries' old tags text holds OLD's name.
CREATE TRIGGER tag_fts_update AFTER UPDATE OF name ON tag BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description, v.sources,
         (SELECT group_concat(name, ' ')
          FROM (SELECT CASE WHEN t.id = NEW.id THEN OLD.name ELSE t.name END AS name
                FROM entry_tag et JOIN tag t ON t.id = et.tag_id
                WHERE et.entry_id = v.id ORDER BY et.tag_id)),
         v.audiences
  FROM entry_search_text v WHERE v.id IN (SELECT entry_id FROM entry_tag WHERE tag_id = NEW.id);
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text
  WHERE id IN (SELECT entry_id FROM entry_tag WHERE tag_id = NEW.id);
END;

-- An audience linked: the old audiences text is the entry's now, minus NEW's.
CREATE TRIGGER entry_audience_fts_insert AFTER INSERT ON entry_audience BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description, v.sources, v.tags,
         (SELECT group_concat(name, ', ')
          FROM (SELECT a.name FROM entry_audience ea JOIN audience a ON a.id = ea.audience_id
                WHERE ea.entry_id = NEW.entry_id AND ea.audience_id <> NEW.audience_id ORDER BY ea.audience_id))
  FROM entry_search_text v WHERE v.id = NEW.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = NEW.entry_id;
END;

-- An audience unlinked: the old audiences text is the entry's now, plus
-- OLD's. An audience in use cannot be removed (ON DELETE RESTRICT), so only
-- a removed entry makes this a no-op.
CREATE TRIGGER entry_audience_fts_delete AFTER DELETE ON entry_audience
WHEN EXISTS (SELECT 1 FROM entry WHERE id = OLD.entry_id)
BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description, v.sources, v.tags,
         (SELECT group_concat(name, ', ')
          FROM (SELECT a.name FROM (SELECT audience_id FROM entry_audience WHERE entry_id = OLD.entry_id
                                    UNION ALL SELECT OLD.audience_id) x
                JOIN audience a ON a.id = x.audience_id ORDER BY x.audience_id))
  FROM entry_search_text v WHERE v.id = OLD.entry_id;
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id = OLD.entry_id;
END;

-- An audience renamed: its entries' old audiences text holds OLD's name.
CREATE TRIGGER audience_fts_update AFTER UPDATE OF name ON audience BEGIN
  INSERT INTO entry_fts (entry_fts, rowid, title, summary, description, sources, tags, audiences)
  SELECT 'delete', v.id, v.title, v.summary, v.description, v.sources, v.tags,
         (SELECT group_concat(name, ', ')
          FROM (SELECT CASE WHEN a.id = NEW.id THEN OLD.name ELSE a.name END AS name
                FROM entry_audience ea JOIN audience a ON a.id = ea.audience_id
                WHERE ea.entry_id = v.id ORDER BY ea.audience_id))
  FROM entry_search_text v WHERE v.id IN (SELECT entry_id FROM entry_audience WHERE audience_id = NEW.id);
  INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences)
  SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text
  WHERE id IN (SELECT entry_id FROM entry_audience WHERE audience_id = NEW.id);
END;

-- Link rows are inserted and deleted, never changed: the triggers above
-- follow inserts and deletes only.
CREATE TRIGGER entry_tag_stays BEFORE UPDATE ON entry_tag BEGIN
  SELECT RAISE(ABORT, 'outpost: a tag link cannot change; delete it and insert another');
END;

CREATE TRIGGER entry_audience_stays BEFORE UPDATE ON entry_audience BEGIN
  SELECT RAISE(ABORT, 'outpost: an audience link cannot change; delete it and insert another');
END;
