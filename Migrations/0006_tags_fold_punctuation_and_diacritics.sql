-- Outpost catalog, version 6: tags in the form DESIGN gives them.
--
-- Until version 5 a tag kept its punctuation and accents: `editor's-choice`,
-- `planning-&-development` and `café` were stored as typed, so
-- `--tag editors-choice` found nothing and `Café` and `cafe` were two tags.
-- From here on every tag is case-folded, diacritics folded, apostrophes
-- dropped and every run of spaces and punctuation one `-` (`TagName`). This
-- migration gives the stored tags that form, merging tags that meet: an
-- entry tagged with both keeps one link, and each entry's search text loses
-- the old names and gains the new (the tag triggers of 0003 follow every
-- statement below).
--
-- `outpost_tag_name(name)` is that normal form, NULL when nothing of the tag
-- is left (`&`). SQL alone cannot fold diacritics, so the migration runner
-- gives its connection the function (`MigrationRunner.tagNameFunction`,
-- calling `TagName.normalize`). Only migrations call it: no trigger, index or
-- CHECK uses it, and any SQLite client can still write the catalog afterwards.

-- Each tag with its new name and the tag it merges into: the tag already
-- spelled that way if there is one (normal forms are their own normal form,
-- so it is always in its own group), else the oldest of the group.
CREATE TEMP TABLE tag_fold (
  id       INTEGER PRIMARY KEY,
  new_name TEXT,
  keeper   INTEGER
);

INSERT INTO tag_fold (id, new_name) SELECT id, outpost_tag_name(name) FROM tag;

UPDATE tag_fold SET keeper = coalesce(
  (SELECT t.id FROM tag t WHERE t.name = tag_fold.new_name),
  (SELECT min(f.id) FROM tag_fold f WHERE f.new_name = tag_fold.new_name))
WHERE new_name IS NOT NULL;

-- The keeper takes the links of the tags merged into it; an entry that
-- already had it keeps its one link (the primary key ignores the second).
INSERT OR IGNORE INTO entry_tag (entry_id, tag_id)
SELECT et.entry_id, f.keeper FROM entry_tag et JOIN tag_fold f ON f.id = et.tag_id
WHERE f.keeper IS NOT NULL AND f.keeper <> f.id;

-- The merged tags and the tags of nothing go, their links first: link by
-- link, the 0003 triggers take each old name out of its entry's search text.
DELETE FROM entry_tag
WHERE tag_id IN (SELECT id FROM tag_fold WHERE keeper IS NULL OR keeper <> id);

DELETE FROM tag WHERE id IN (SELECT id FROM tag_fold WHERE keeper IS NULL OR keeper <> id);

-- The keepers take their new names. No name is taken on the way: a tag
-- already called a new name is the keeper of that name.
UPDATE tag SET name = (SELECT new_name FROM tag_fold f WHERE f.id = tag.id)
WHERE name <> (SELECT new_name FROM tag_fold f WHERE f.id = tag.id);

DROP TABLE tag_fold;
