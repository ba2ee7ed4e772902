#!/usr/bin/env python3
"""Times Outpost against its references, alternating the commands, and prints
a Markdown table: each figure, its reference measured in the same run, and
DESIGN's bar. Called by bench/run."""
import argparse, os, platform, re, shutil, statistics, subprocess, sys, time

def run(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start

def clean(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)

def peak_mib(cmd):
    """Peak resident memory of cmd in MiB, from GNU time."""
    result = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return kb / 1024

def same_writes_script(catalog, flat):
    """The rows an Outpost import writes, written by SQL alone: entries, tags,
    links, the search index and the secondary indexes, in one transaction,
    read from the flat table `sqlite3 .import` made (so no CSV parsing). The
    indexes and search triggers are dropped and re-created as Outpost does,
    from the catalog's own SQL, so the script follows the schema."""
    import json
    def query(sql):
        out = subprocess.run(["sqlite3", "-json", catalog, sql], capture_output=True, text=True, check=True).stdout
        return json.loads(out) if out.strip() else []
    indexes = query("SELECT m.name, m.sql FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name "
                    "WHERE m.type = 'index' AND m.tbl_name IN ('entry', 'entry_tag', 'entry_audience') "
                    "AND l.\"unique\" = 0 AND l.origin = 'c'")
    triggers = query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts%'")
    # The index's columns are the view's, whatever the migrations made them.
    columns = ", ".join(r["name"] for r in query("SELECT name FROM pragma_table_info('entry_search_text') WHERE name <> 'id'"))
    items = lambda column: f"json_each('[\"' || replace(ft.{column}, ';', '\",\"') || '\"]') j"
    lines = ["PRAGMA cache_size = -16384; PRAGMA synchronous = NORMAL;", f"ATTACH '{flat}' AS f;", "BEGIN;"]
    lines += [f"DROP INDEX {r['name']};" for r in indexes] + [f"DROP TRIGGER {r['name']};" for r in triggers]
    lines += [
        "INSERT INTO entry (kind, slug, title, url, summary, description, pricing, published_at, source_count, added_at, updated_at) "
        "SELECT kind, slug, title, url, summary, description, pricing, nullif(published_at, ''), nullif(source_count, ''), "
        "added_at, updated_at FROM f.tools;",
        f"INSERT OR IGNORE INTO tag (name) SELECT DISTINCT j.value FROM f.tools ft, {items('tags')} WHERE ft.tags <> '';",
        f"INSERT OR IGNORE INTO entry_tag SELECT e.id, t.id FROM f.tools ft JOIN entry e ON e.slug = ft.slug, {items('tags')} "
        "JOIN tag t ON t.name = j.value;",
        f"INSERT OR IGNORE INTO entry_audience SELECT e.id, a.id FROM f.tools ft JOIN entry e ON e.slug = ft.slug, "
        f"{items('audiences')} JOIN audience a ON a.slug = j.value;",
        f"INSERT INTO entry_fts (rowid, {columns}) SELECT id, {columns} FROM entry_search_text;",
    ]
    lines += [r["sql"] + ";" for r in indexes + triggers] + ["COMMIT;"]
    return "\n".join(lines) + "\n"

def counts(catalog):
    out = subprocess.run(["sqlite3", catalog, "SELECT (SELECT count(*) FROM entry) || ' ' || (SELECT count(*) FROM entry_tag) "
                          "|| ' ' || (SELECT count(*) FROM entry_audience) || ' ' || (SELECT count(*) FROM entry_fts_docsize)"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return out

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary"); p.add_argument("--out"); p.add_argument("--sqlite-utils")
    p.add_argument("--rows", type=int); p.add_argument("--large", type=int); p.add_argument("--runs", type=int)
    a = p.parse_args()
    out, bin_ = a.out, a.binary
    csv = os.path.join(out, f"tools-{a.rows}.csv")
    big_csv = os.path.join(out, f"tools-{a.large}.csv")
    cat, flat, su = (os.path.join(out, n) for n in ("outpost.sqlite", "flat.sqlite", "su.sqlite"))
    same = os.path.join(out, "same-writes.sqlite")
    times = {k: [] for k in ("outpost_import", "sqlite_import", "su_import", "outpost_export", "sqlite_export", "same_writes")}

    print(f"import of {a.rows} rows, {a.runs} alternating runs…", file=sys.stderr)
    for i in range(a.runs):
        clean(cat)
        subprocess.run([bin_, "init", "--empty", "--db", cat], check=True, stderr=subprocess.DEVNULL)
        times["outpost_import"].append(run([bin_, "import", csv, "--db", cat, "--quiet"]))
        clean(flat)
        times["sqlite_import"].append(run(["sqlite3", flat, "-cmd", ".mode csv", f".import {csv} tools"]))
        clean(su)
        times["su_import"].append(run([a.sqlite_utils, "insert", su, "tools", csv, "--csv"]))
        # Both write to stdout, redirected to a file.
        times["outpost_export"].append(run_to_file([bin_, "export", "--db", cat, "--format", "json"], os.path.join(out, "export.json")))
        times["sqlite_export"].append(run_to_file(["sqlite3", "-json", flat, "SELECT * FROM tools"], os.path.join(out, "flat.json")))
        clean(same)
        subprocess.run([bin_, "init", "--empty", "--db", same], check=True, stderr=subprocess.DEVNULL)
        script = same_writes_script(same, flat)
        times["same_writes"].append(run(["sqlite3", same], input=script.encode()))
        written, imported = counts(same), counts(cat)
        if written != imported:
            print(f"warning: SQL alone wrote {written} (entries, tag links, audience links, indexed), "
                  f"Outpost {imported}", file=sys.stderr)

    print(f"catalog of {a.large} entries…", file=sys.stderr)
    big = os.path.join(out, "large.sqlite")
    clean(big)
    subprocess.run([bin_, "init", "--empty", "--db", big], check=True, stderr=subprocess.DEVNULL)
    start = time.perf_counter()
    memory = peak_mib([bin_, "import", big_csv, "--db", big, "--quiet"])
    big_import = time.perf_counter() - start
    list_times, search_times = [], []
    for i in range(max(5, a.runs)):
        list_times.append(run([bin_, "list", "--db", big, "--audience", "musicians", "--tag", "video", "--limit", "20"]))
        search_times.append(run([bin_, "search", "podcast", "--db", big, "--limit", "20"]))

    m = {k: statistics.median(v) for k, v in times.items()}
    ratio_sqlite = m["outpost_import"] / m["sqlite_import"]
    ratio_su = m["su_import"] / m["outpost_import"]
    ratio_export = m["outpost_export"] / m["sqlite_export"]
    lt, st = statistics.median(list_times) * 1000, statistics.median(search_times) * 1000
    def ok(flag): return "met" if flag else "**not met**"
    rows = [
        ("import CSV", f"{a.rows:,} tools", f"{m['outpost_import']:.2f} s", f"sqlite3 .import {m['sqlite_import']:.2f} s",
         f"{ratio_sqlite:.2f}×", "≤ 3×", ok(ratio_sqlite <= 3)),
        ("import CSV", f"{a.rows:,} tools", f"{m['outpost_import']:.2f} s", f"sqlite-utils insert --csv {m['su_import']:.2f} s",
         f"{ratio_su:.1f}× faster", "≥ 7× faster", ok(ratio_su >= 7)),
        ("import CSV: the same writes in SQL alone", f"{a.rows:,} tools", f"{m['outpost_import']:.2f} s",
         f"sqlite3 script {m['same_writes']:.2f} s", f"{m['outpost_import'] / m['same_writes']:.2f}×", "—", "reference"),
        ("export JSON", f"{a.rows:,} tools", f"{m['outpost_export']:.2f} s", f"sqlite3 -json {m['sqlite_export']:.2f} s",
         f"{ratio_export:.2f}×", "≤ 2×", ok(ratio_export <= 2)),
        ("list --audience --tag --limit 20", f"{a.large:,} entries", f"{lt:.0f} ms", "—", "—", "< 50 ms", ok(lt < 50)),
        ("search WORD --limit 20", f"{a.large:,} entries", f"{st:.0f} ms", "—", "—", "< 50 ms", ok(st < 50)),
        ("import peak memory", f"{a.large:,} rows", f"{memory:.0f} MiB", "—", "—", "≤ 150 MiB", ok(memory <= 150)),
    ]
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip(); break
    except OSError:
        pass
    print(f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}; "
          f"sqlite3 {subprocess.run(['sqlite3', '--version'], capture_output=True, text=True).stdout.split()[0]}; "
          f"medians of {a.runs} alternating runs (queries: {len(list_times)}); "
          f"{a.large:,}-entry import took {big_import:.1f} s.\n")
    print("| measure | data | Outpost | reference | ratio | bar | |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print("\nAll runs (s): " + "; ".join(f"{k} " + ", ".join(f"{x:.2f}" for x in v) for k, v in times.items()))

def run_to_file(cmd, path):
    with open(path, "w") as f:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=f, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

if __name__ == "__main__":
    main()
