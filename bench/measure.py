#!/usr/bin/env python3
"""Times Outpost against its references in one run and prints the Markdown
table that BENCHMARKS.md keeps: each figure, its reference measured in the
same run, and DESIGN's bar. Called by bench/run.

Every timed command is a whole process. Within a round the commands run in an
order rotated from the round before, so that no tool always runs first (cold)
or last (after the others warmed the cache); figures are medians of the
rounds. CPU seconds (user + system of the process and its threads) are
reported beside wall seconds, since Outpost reads on a second core while the
references run on one."""
import argparse, csv, json, os, platform, re, resource, shutil, statistics, subprocess, sys, time


def run(cmd, stdout=subprocess.DEVNULL, **kw):
    """Runs cmd to completion; returns (wall seconds, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=stdout, stderr=subprocess.DEVNULL, **kw)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_to_file(cmd, path):
    with open(path, "w") as f:
        return run(cmd, stdout=f)


def clean(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def peak_mib(cmd):
    """Peak resident memory of cmd in MiB, from GNU time."""
    result = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, check=True)
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return kb / 1024


def query(catalog, sql):
    out = subprocess.run(["sqlite3", "-json", catalog, sql], capture_output=True, text=True, check=True).stdout
    return json.loads(out) if out.strip() else []


def search_triggers(catalog):
    """The catalog's search-index triggers, dropped and re-created by the floor scripts."""
    return query(catalog, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts%'")


def items(column):
    """The `;`-separated values of the flat table's `column`, as rows `j.value`."""
    return f"json_each('[\"' || replace(ft.{column}, ';', '\",\"') || '\"]') j"


def floor_script(catalog, flat):
    """The cheapest SQL that writes what an Outpost import of the flat table
    writes: entries, tags, tag and audience links, the search index and the
    secondary indexes, in one transaction, with foreign keys on as Outpost
    has them. Rows come from the table `sqlite3 .import` made, so no CSV is
    parsed. Entry ids are the flat rowids (the catalog is empty), so links
    need no lookup by slug; the entries are read once, the list columns once
    for their links (and the tag column once more for the tag names). The
    secondary indexes and the index's triggers are dropped and re-created
    from the catalog's own SQL, and the index is filled by FTS5's `rebuild`
    from its content view, so the script follows the schema as it evolves."""
    indexes = query(catalog, "SELECT m.name, m.sql FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l "
                    "ON l.name = m.name WHERE m.type = 'index' AND m.tbl_name IN ('entry', 'entry_tag', "
                    "'entry_audience') AND l.\"unique\" = 0 AND l.origin = 'c'")
    triggers = search_triggers(catalog)
    lines = ["PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384; PRAGMA synchronous = NORMAL;",
             f"ATTACH '{flat}' AS f;", "BEGIN;"]
    lines += [f"DROP INDEX {r['name']};" for r in indexes] + [f"DROP TRIGGER {r['name']};" for r in triggers]
    lines += [
        "INSERT INTO entry (id, kind, slug, title, url, summary, description, pricing, published_at, source_count, "
        "added_at, updated_at) SELECT rowid, kind, slug, title, url, summary, description, pricing, "
        "nullif(published_at, ''), nullif(source_count, ''), added_at, updated_at FROM f.tools;",
        f"INSERT OR IGNORE INTO tag (name) SELECT j.value FROM f.tools ft, {items('tags')} WHERE ft.tags <> '';",
        f"INSERT INTO entry_tag SELECT ft.rowid, t.id FROM f.tools ft, {items('tags')} JOIN tag t ON t.name = j.value "
        "WHERE ft.tags <> '';",
        f"INSERT INTO entry_audience SELECT ft.rowid, a.id FROM f.tools ft, {items('audiences')} "
        "JOIN audience a ON a.slug = j.value WHERE ft.audiences <> '';",
        "INSERT INTO entry_fts (entry_fts) VALUES ('rebuild');",
    ]
    lines += [r["sql"] + ";" for r in indexes + triggers] + ["COMMIT;"]
    return "\n".join(lines) + "\n"


def incremental_floor_script(catalog, flat):
    """The same writes as `floor_script` for new rows added to a catalog that
    may already hold entries, with its secondary indexes kept, as an import
    into a large catalog keeps them (rebuilding them would read every row).
    Ids follow the catalog's largest; the index is filled from the content
    view for the new ids only; the page cache and statement journals are set
    as Outpost sets them for such an import (`ImportCache`). Run into an
    empty and into the large catalog, it tells how much of the growth is
    SQLite's own."""
    triggers = search_triggers(catalog)
    base = "(SELECT n FROM temp.base)"
    lines = ["PRAGMA foreign_keys = ON; PRAGMA cache_size = -98304; PRAGMA temp_store = MEMORY;",
             "PRAGMA synchronous = NORMAL;", f"ATTACH '{flat}' AS f;", "BEGIN;",
             "CREATE TEMP TABLE base AS SELECT coalesce(max(id), 0) AS n FROM entry;"]
    lines += [f"DROP TRIGGER {r['name']};" for r in triggers]
    lines += [
        "INSERT INTO entry (id, kind, slug, title, url, summary, description, pricing, published_at, source_count, "
        f"added_at, updated_at) SELECT rowid + {base}, kind, slug, title, url, summary, description, pricing, "
        "nullif(published_at, ''), nullif(source_count, ''), added_at, updated_at FROM f.tools;",
        f"INSERT OR IGNORE INTO tag (name) SELECT j.value FROM f.tools ft, {items('tags')} WHERE ft.tags <> '';",
        f"INSERT INTO entry_tag SELECT ft.rowid + {base}, t.id FROM f.tools ft, {items('tags')} "
        "JOIN tag t ON t.name = j.value WHERE ft.tags <> '';",
        f"INSERT INTO entry_audience SELECT ft.rowid + {base}, a.id FROM f.tools ft, {items('audiences')} "
        "JOIN audience a ON a.slug = j.value WHERE ft.audiences <> '';",
        "INSERT INTO entry_fts (rowid, title, summary, description, sources, tags, audiences) "
        f"SELECT id, title, summary, description, sources, tags, audiences FROM entry_search_text WHERE id > {base};",
    ]
    lines += [r["sql"] + ";" for r in triggers] + ["COMMIT;"]
    return "\n".join(lines) + "\n"


MINIMAL_SCHEMA = """PRAGMA cache_size = -16384; PRAGMA synchronous = NORMAL;
ATTACH '{flat}' AS f;
BEGIN;
CREATE TABLE tools AS SELECT * FROM f.tools;
CREATE VIRTUAL TABLE tools_fts USING fts5 (title, summary, description, content = 'tools');
INSERT INTO tools_fts (tools_fts) VALUES ('rebuild');
COMMIT;
"""


def counts(catalog):
    return query(catalog, "SELECT (SELECT count(*) FROM entry) AS entries, (SELECT count(*) FROM entry_tag) AS tags, "
                 "(SELECT count(*) FROM entry_audience) AS audiences, (SELECT count(*) FROM entry_fts_docsize) AS indexed")[0]


def new_entries(source, path, prefix):
    """A copy of `source` whose slugs and URLs are new to the catalogs made from it."""
    with open(source, newline="", encoding="utf-8") as f, open(path, "w", newline="", encoding="utf-8") as out:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            row["slug"] = prefix + row["slug"]
            row["url"] = row["url"].replace("https://", f"https://{prefix}")
            writer.writerow(row)


class Rounds:
    """Named commands timed in rounds, each round in a rotated order."""

    def __init__(self):
        self.wall, self.cpu = {}, {}

    def time(self, rounds, commands):
        names = list(commands)
        for i in range(rounds):
            k = i % len(names)
            for name in names[k:] + names[:k]:
                wall, cpu = commands[name]()
                self.wall.setdefault(name, []).append(wall)
                self.cpu.setdefault(name, []).append(cpu)

    def median(self, name):
        return statistics.median(self.wall[name])

    def cpu_median(self, name):
        return statistics.median(self.cpu[name])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary"); p.add_argument("--out"); p.add_argument("--sqlite-utils")
    p.add_argument("--rows", type=int); p.add_argument("--large", type=int); p.add_argument("--runs", type=int)
    p.add_argument("--small", type=int, default=10000)
    a = p.parse_args()
    out, bin_ = a.out, a.binary
    csv_path = os.path.join(out, f"tools-{a.rows}.csv")
    big_csv = os.path.join(out, f"tools-{a.large}.csv")
    cat, flat, su, same, minimal = (os.path.join(out, n) for n in
                                    ("outpost.sqlite", "flat.sqlite", "su.sqlite", "same-writes.sqlite", "minimal.sqlite"))
    r = Rounds()

    def outpost_import():
        clean(cat)
        subprocess.run([bin_, "init", "--empty", "--db", cat], check=True, stderr=subprocess.DEVNULL)
        return run([bin_, "import", csv_path, "--db", cat, "--quiet"])

    def sqlite_import():
        clean(flat)
        return run(["sqlite3", flat, "-cmd", ".mode csv", f".import {csv_path} tools"])

    def sqlite_utils():
        clean(su)
        w1, c1 = run([a.sqlite_utils, "insert", su, "tools", csv_path, "--csv"])
        w2, c2 = run([a.sqlite_utils, "enable-fts", su, "tools", "title", "summary", "description",
                      "--create-triggers"])
        return w1 + w2, c1 + c2

    def same_writes():
        clean(same)
        subprocess.run([bin_, "init", "--empty", "--db", same], check=True, stderr=subprocess.DEVNULL)
        return run(["sqlite3", same], input=floor_script(same, flat).encode())

    def minimal_schema():
        clean(minimal)
        return run(["sqlite3", minimal], input=MINIMAL_SCHEMA.format(flat=flat).encode())

    def outpost_export():
        return run_to_file([bin_, "export", "--db", cat, "--format", "json"], os.path.join(out, "export.json"))

    def sqlite_export():
        return run_to_file(["sqlite3", "-json", flat, "SELECT * FROM tools"], os.path.join(out, "flat.json"))

    print(f"import of {a.rows} rows, {a.runs} rotated rounds…", file=sys.stderr)
    sqlite_import()  # the flat table the SQL references read from
    r.time(a.runs, {"outpost_import": outpost_import, "sqlite_import": sqlite_import, "su_import": sqlite_utils,
                    "same_writes": same_writes, "minimal_schema": minimal_schema})
    written, imported = counts(same), counts(cat)
    if written != imported:
        print(f"warning: SQL alone wrote {written}, Outpost {imported}", file=sys.stderr)
    r.time(a.runs, {"outpost_export": outpost_export, "sqlite_export": sqlite_export})

    print(f"catalog of {a.large} entries…", file=sys.stderr)
    big = os.path.join(out, "large.sqlite")
    clean(big)
    subprocess.run([bin_, "init", "--empty", "--db", big], check=True, stderr=subprocess.DEVNULL)
    start = time.perf_counter()
    memory = peak_mib([bin_, "import", big_csv, "--db", big, "--quiet"])
    big_import = time.perf_counter() - start

    print(f"{a.small} new entries into an empty and into the {a.large}-entry catalog…", file=sys.stderr)
    small_csv = os.path.join(out, f"new-{a.small}.csv")
    new_entries(os.path.join(out, f"tools-{a.small}.csv"), small_csv, "new-")
    into_empty, into_big = os.path.join(out, "small-empty.sqlite"), os.path.join(out, "small-big.sqlite")

    # Each side starts with nothing of its setup left to write back: without
    # the sync, the import's own fsync would also write the gigabyte that
    # `copyfile` just left in the page cache (1.4 s of its 3.4 s here).
    def small_into_empty():
        clean(into_empty)
        subprocess.run([bin_, "init", "--empty", "--db", into_empty], check=True, stderr=subprocess.DEVNULL)
        os.sync()
        return run([bin_, "import", small_csv, "--db", into_empty, "--quiet"])

    def small_into_big():
        clean(into_big)
        shutil.copyfile(big, into_big)
        os.sync()
        return run([bin_, "import", small_csv, "--db", into_big, "--quiet"])

    small_flat = os.path.join(out, f"flat-new-{a.small}.sqlite")
    clean(small_flat)
    subprocess.run(["sqlite3", small_flat, "-cmd", ".mode csv", f".import {small_csv} tools"], check=True)
    incremental = incremental_floor_script(big, small_flat).encode()

    def sql_into_empty():
        clean(into_empty)
        subprocess.run([bin_, "init", "--empty", "--db", into_empty], check=True, stderr=subprocess.DEVNULL)
        os.sync()
        return run(["sqlite3", into_empty], input=incremental)

    def sql_into_big():
        clean(into_big)
        shutil.copyfile(big, into_big)
        os.sync()
        return run(["sqlite3", into_big], input=incremental)

    r.time(a.runs, {"small_into_empty": small_into_empty, "small_into_big": small_into_big,
                    "sql_into_empty": sql_into_empty, "sql_into_big": sql_into_big})
    for path in (into_empty, into_big, small_flat):
        clean(path)

    print("one-entry commands and queries on the large catalog…", file=sys.stderr)
    run([bin_, "list", "--db", big, "--limit", "1"])  # warm the page cache once for all of them
    # One entry with a tag no other holds: listing a rare tag must not probe every entry.
    run([bin_, "add", "tool", "Bench rare", "--url", "https://bench-rare.example/", "--slug", "bench-rare",
         "--audience", "writers", "--tag", "bench-rare", "--db", big])
    queries = max(5, a.runs)
    for i in range(queries):
        slug = f"bench-probe-{i}"
        steps = {
            "add": [bin_, "add", "tool", f"Bench probe {i}", "--url", f"https://bench-probe-{i}.example/",
                    "--slug", slug, "--audience", "writers", "--tag", "video", "--db", big],
            "edit": [bin_, "edit", slug, "--summary", f"Probe {i}, edited.", "--db", big],
            "tag": [bin_, "tag", slug, "bench-probe", "--db", big],
            "untag": [bin_, "untag", slug, "bench-probe", "--db", big],
            "remove": [bin_, "remove", slug, "--yes", "--db", big],
        }
        for name, cmd in steps.items():  # in this order: each needs the one before
            wall, cpu = run(cmd)
            r.wall.setdefault(name, []).append(wall)
            r.cpu.setdefault(name, []).append(cpu)
    r.time(queries, {
        "show": lambda: run([bin_, "show", "tool-123456" if a.large > 123456 else "tool-1234", "--db", big]),
        "list": lambda: run([bin_, "list", "--db", big, "--audience", "musicians", "--tag", "video", "--limit", "20"]),
        "search": lambda: run([bin_, "search", "podcast", "--db", big, "--limit", "20"]),
        "list_rare": lambda: run([bin_, "list", "--db", big, "--tag", "bench-rare", "--limit", "20"]),
    })

    m = r.median
    ms = lambda name: m(name) * 1000

    def ok(flag):
        return "met" if flag else "**not met**"

    def secs(name):
        return f"{m(name):.2f} s (CPU {r.cpu_median(name):.2f} s)"

    floor_ratio = m("outpost_import") / m("same_writes")
    su_ratio = m("su_import") / m("outpost_import")
    export_ratio = m("outpost_export") / m("sqlite_export")
    growth = m("small_into_big") / m("small_into_empty")
    rows = [
        ("import CSV, search index included", f"{a.rows:,} tools", secs("outpost_import"),
         f"the same writes in SQL alone (sqlite3 script) {secs('same_writes')}", f"{floor_ratio:.2f}×", "≤ 1.1×",
         ok(floor_ratio <= 1.1)),
        ("import CSV, search index included", f"{a.rows:,} tools", secs("outpost_import"),
         f"sqlite-utils insert --csv + enable-fts --create-triggers {secs('su_import')}", f"{su_ratio:.1f}× faster",
         "faster", ok(su_ratio > 1)),
        ("import CSV (reference rows)", f"{a.rows:,} tools", secs("outpost_import"),
         f"sqlite3 .import, flat table {secs('sqlite_import')}; flat table + FTS5 {secs('minimal_schema')}",
         f"{m('outpost_import') / m('sqlite_import'):.2f}× / {m('outpost_import') / m('minimal_schema'):.2f}×", "—",
         "reference"),
        ("export JSON", f"{a.rows:,} tools", secs("outpost_export"), f"sqlite3 -json {secs('sqlite_export')}",
         f"{export_ratio:.2f}×", "≤ 2×", ok(export_ratio <= 2)),
        (f"import {a.small:,} new tools", f"into {a.large:,} entries", secs("small_into_big"),
         f"into an empty catalog {secs('small_into_empty')}", f"{growth:.2f}×", "≤ 2×", ok(growth <= 2)),
        (f"the same writes in SQL alone (sqlite3 script), {a.small:,} new tools", f"into {a.large:,} entries",
         secs("sql_into_big"), f"into an empty catalog {secs('sql_into_empty')}",
         f"{m('sql_into_big') / m('sql_into_empty'):.2f}×", "—", "reference"),
    ]
    for name in ("add", "edit", "tag", "untag", "remove"):
        rows.append((f"{name} one entry", f"{a.large:,} entries", f"{ms(name):.0f} ms", "—", "—", "< 30 ms",
                     ok(ms(name) < 30)))
    rows += [
        ("show SLUG", f"{a.large:,} entries", f"{ms('show'):.0f} ms", "—", "—", "< 50 ms", ok(ms("show") < 50)),
        ("list --audience --tag --limit 20", f"{a.large:,} entries", f"{ms('list'):.0f} ms", "—", "—", "< 50 ms",
         ok(ms("list") < 50)),
        ("list --tag RARE --limit 20 (1 entry holds it)", f"{a.large:,} entries", f"{ms('list_rare'):.0f} ms", "—", "—",
         "< 50 ms", ok(ms("list_rare") < 50)),
        ("search WORD --limit 20", f"{a.large:,} entries", f"{ms('search'):.0f} ms", "—", "—", "< 50 ms",
         ok(ms("search") < 50)),
        ("import peak memory", f"{a.large:,} rows", f"{memory:.0f} MiB", "—", "—", "≤ 150 MiB", ok(memory <= 150)),
    ]
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    print(f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}; sqlite3 {version}; "
          f"medians of {a.runs} rotated rounds for imports and exports, {queries} for one-entry commands and "
          f"queries; the {a.large:,}-entry import took {big_import:.1f} s.\n")
    print("| measure | data | Outpost | reference | ratio | bar | |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\nAll runs, wall seconds: " + "; ".join(f"{k} " + ", ".join(f"{x:.3f}" for x in v)
                                                for k, v in r.wall.items()))


if __name__ == "__main__":
    main()
