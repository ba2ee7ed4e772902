-- Outpost catalog, version 1.
-- Every rule a valid entry obeys lives here, so that no code path (the
-- importer, a future command, a hand-written INSERT) can store an invalid one.

CREATE TABLE audience (
  id    INTEGER PRIMARY KEY,
  slug  TEXT NOT NULL UNIQUE
        CHECK (length(slug) BETWEEN 1 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'
               AND slug NOT GLOB '-*' AND slug NOT GLOB '*-'),
  name  TEXT NOT NULL UNIQUE COLLATE NOCASE
        CHECK (length(trim(name)) > 0 AND name = trim(name))
);

INSERT INTO audience (slug, name) VALUES
  ('small-business-owners', 'Small business owners'),
  ('bloggers', 'Bloggers'),
  ('artists', 'Artists'),
  ('musicians', 'Musicians'),
  ('entrepreneurs', 'Entrepreneurs'),
  ('marketers', 'Marketers'),
  ('writers', 'Writers'),
  ('researchers', 'Researchers');

CREATE TABLE entry (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('tool', 'story')),
  slug          TEXT NOT NULL UNIQUE
                CHECK (length(slug) BETWEEN 1 AND 200 AND slug NOT GLOB '*[^a-z0-9-]*'
                       AND slug NOT GLOB '-*' AND slug NOT GLOB '*-' AND slug NOT GLOB '*--*'),
  title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
  url           TEXT CHECK (url IS NULL OR url GLOB 'http://?*' OR url GLOB 'https://?*'),
  summary       TEXT,
  description   TEXT,
  pricing       TEXT CHECK (pricing IN ('free', 'freemium', 'paid', 'contact', 'unknown')),
  published_at  TEXT CHECK (published_at GLOB
                  '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
  -- A story's number of sources: the stored ones, or the count another page
  -- declared for a story known only from that page.
  source_count  INTEGER CHECK (source_count >= 0),
  added_at      TEXT NOT NULL CHECK (added_at GLOB
                  '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
  updated_at    TEXT NOT NULL CHECK (updated_at GLOB
                  '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
  -- A tool has a URL and a price, and no date or sources; a story has no price.
  CHECK (kind = 'story' OR (url IS NOT NULL AND pricing IS NOT NULL
                            AND published_at IS NULL AND source_count IS NULL)),
  CHECK (kind = 'tool' OR pricing IS NULL)
);

CREATE INDEX entry_by_kind_slug ON entry (kind, slug);
-- `--since`, `--until` and `--sort newest` read a story's publication date, else the date it was added.
CREATE INDEX entry_by_date ON entry (coalesce(published_at, added_at), slug);
CREATE INDEX entry_by_added ON entry (added_at, slug);
-- Whole sort keys, so `list --limit 20` reads twenty index entries instead of sorting.
CREATE INDEX entry_by_title ON entry (title COLLATE NOCASE, slug);

CREATE TABLE source (
  entry_id      INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
  n             INTEGER NOT NULL CHECK (n >= 1),
  title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
  publisher     TEXT,
  url           TEXT CHECK (url IS NULL OR url GLOB 'http://?*' OR url GLOB 'https://?*'),
  published_at  TEXT CHECK (published_at GLOB
                  '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
  excerpt       TEXT,
  PRIMARY KEY (entry_id, n)
) WITHOUT ROWID;

-- Only stories have sources.
CREATE TRIGGER source_belongs_to_story BEFORE INSERT ON source
WHEN (SELECT kind FROM entry WHERE id = NEW.entry_id) <> 'story'
BEGIN
  SELECT RAISE(ABORT, 'outpost: sources belong to stories only');
END;

CREATE TABLE tag (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
        CHECK (length(name) BETWEEN 1 AND 100 AND name = lower(name)
               AND name NOT GLOB '*[ 	]*' AND name NOT GLOB '*[;,]*')
);

CREATE TABLE entry_tag (
  entry_id  INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
  tag_id    INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
  PRIMARY KEY (entry_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX entry_tag_by_tag ON entry_tag (tag_id, entry_id);

CREATE TABLE entry_audience (
  entry_id     INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
  -- An audience in use cannot disappear from under its entries.
  audience_id  INTEGER NOT NULL REFERENCES audience (id) ON DELETE RESTRICT,
  PRIMARY KEY (entry_id, audience_id)
) WITHOUT ROWID;
CREATE INDEX entry_audience_by_audience ON entry_audience (audience_id, entry_id);

CREATE TABLE related (
  story_id    INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
  related_id  INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
  PRIMARY KEY (story_id, related_id),
  CHECK (story_id <> related_id)
) WITHOUT ROWID;
CREATE INDEX related_by_related ON related (related_id);

-- Only stories relate, and only to stories.
CREATE TRIGGER related_links_stories BEFORE INSERT ON related
WHEN (SELECT kind FROM entry WHERE id = NEW.story_id) <> 'story'
  OR (SELECT kind FROM entry WHERE id = NEW.related_id) <> 'story'
BEGIN
  SELECT RAISE(ABORT, 'outpost: related links join stories only');
END;

-- A story with sources cannot become a tool.
CREATE TRIGGER entry_kind_keeps_sources BEFORE UPDATE OF kind ON entry
WHEN NEW.kind = 'tool' AND (EXISTS (SELECT 1 FROM source WHERE entry_id = NEW.id)
                            OR EXISTS (SELECT 1 FROM related WHERE story_id = NEW.id OR related_id = NEW.id))
BEGIN
  SELECT RAISE(ABORT, 'outpost: a story with sources or related stories cannot become a tool');
END;

-- Full-text search over each entry: its title, summary, description, and the
-- titles and excerpts of its sources. The index keeps its own copy of the
-- text, so the triggers below are the only writers and `check` can compare it
-- with the entries.
CREATE VIRTUAL TABLE entry_fts USING fts5 (
  title, summary, description, sources,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
  INSERT INTO entry_fts (rowid, title, summary, description, sources)
  VALUES (NEW.id, NEW.title, NEW.summary, NEW.description, NULL);
END;

CREATE TRIGGER entry_fts_update AFTER UPDATE OF title, summary, description ON entry BEGIN
  UPDATE entry_fts SET title = NEW.title, summary = NEW.summary, description = NEW.description
  WHERE rowid = NEW.id;
END;

CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
  DELETE FROM entry_fts WHERE rowid = OLD.id;
END;

CREATE TRIGGER source_fts_insert AFTER INSERT ON source BEGIN
  UPDATE entry_fts SET sources = (
    SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
    FROM (SELECT title, excerpt FROM source WHERE entry_id = NEW.entry_id ORDER BY n))
  WHERE rowid = NEW.entry_id;
END;

-- A source stays with its story, so the index below never misses a move.
CREATE TRIGGER source_stays_with_story BEFORE UPDATE OF entry_id ON source
WHEN NEW.entry_id <> OLD.entry_id
BEGIN
  SELECT RAISE(ABORT, 'outpost: a source cannot move to another story');
END;

CREATE TRIGGER source_fts_update AFTER UPDATE ON source BEGIN
  UPDATE entry_fts SET sources = (
    SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
    FROM (SELECT title, excerpt FROM source WHERE entry_id = NEW.entry_id ORDER BY n))
  WHERE rowid = NEW.entry_id;
END;

CREATE TRIGGER source_fts_delete AFTER DELETE ON source BEGIN
  UPDATE entry_fts SET sources = (
    SELECT group_concat(title || ' ' || coalesce(excerpt, ''), char(10))
    FROM (SELECT title, excerpt FROM source WHERE entry_id = OLD.entry_id ORDER BY n))
  WHERE rowid = OLD.entry_id;
END;
