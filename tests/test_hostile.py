"""Hostile and careless inputs: the right exit code, no traceback, a message naming the file,
line or entry, and every good document's rows present. Inputs are made at test time."""
import json

import pytest
from click.testing import CliRunner

import facts
from facts.checks.suites import PACKAGED_SUITES
from facts.cli import cli

GOOD = "Turkey has 12 military posts in Idlib province.\n"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return path


# (id, files in the input folder, expected exit code, text the documents table or stderr must hold)
CASES = [
    ("huge-number", {"a.txt": "There were " + "9" * 310 + " people.\n"}, 0, ""),
    ("long-sentence", {"a.txt": "x " * 10 + "12 people " + "word " * 300_000 + "\n"}, 0, ""),
    ("lone-surrogate", {"a.jsonl": '{"id": "1", "text": "There were 12 \\ud800 people."}\n'}, 0, ""),
    ("giant-id", {"a.jsonl": '{"id": ' + "7" * 5000 + ', "text": "12 people."}\n'}, 0, "line 1: unreadable JSON"),
    ("deep-nesting", {"a.jsonl": "[" * 100_000 + "]" * 100_000 + "\n"}, 0, "line 1: unreadable JSON (nested too deeply)"),
    ("bad-jsonl-line", {"a.jsonl": '{"id": "1", "text": "12 posts."}\n{not json\n'}, 0, "line 2: invalid JSON"),
    ("duplicate-id-in-a-file", {"a.jsonl": '{"id": "1", "text": "Turkey has 12 posts."}\n'
                                           '{"id": "1", "text": "Turkey has 14 posts."}\n'},
     0, "duplicate id: an earlier row of"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_hostile_document_never_stops_the_others(case, tmp_path):
    _name, files, code, reason = case
    for file, content in files.items():
        write(tmp_path, file, content)
    write(tmp_path, "good.txt", GOOD)
    result = run("check", tmp_path, "--format", "json")
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    good = [m for c in report["claims"] for m in c["mentions"] if m["doc_id"] == "good.txt"]
    assert [m["surface"] for m in good] == ["12"]
    if reason:
        assert any(reason in d["reason"] for d in report["documents"]), report["documents"]


def test_same_ids_in_two_feeds_are_two_sources(tmp_path):
    write(tmp_path, "a.jsonl", '{"id": "1", "text": "Turkey has 12 military posts."}\n')
    write(tmp_path, "b.jsonl", '{"id": "1", "text": "Turkey has 20 military posts."}\n')
    result = run("check", tmp_path, "--format", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [d["doc_id"] for d in report["documents"]] == ["a.jsonl#1", "b.jsonl#1"]
    assert [c["verdict"] for c in report["claims"]] == ["conflict"]


@pytest.mark.parametrize("files, message", [
    ({}, "no readable document"),
    ({"x.txt": b"\x00\x01\x02binary"}, "x.txt: binary file"),
])
def test_nothing_readable_is_bad_input_not_a_pass(files, message, tmp_path):
    for file, content in files.items():
        write(tmp_path, file, content)
    result = run("check", tmp_path)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_against_no_readable_source_is_bad_input(tmp_path):
    draft = write(tmp_path, "draft.md", GOOD)
    (tmp_path / "sources").mkdir()
    result = run("check", draft, "--against", tmp_path / "sources")
    assert result.exit_code == 2 and "no readable source" in result.stderr


def test_internal_error_exits_3_with_a_hint(tmp_path, monkeypatch):
    import facts.checks.audit

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(facts.checks.audit, "validate", broken)
    write(tmp_path, "good.txt", GOOD)
    result = run("check", tmp_path)
    assert result.exit_code == 3
    assert "internal error (RuntimeError: boom); rerun with --debug" in result.stderr
    assert "Traceback" not in result.output
    with pytest.raises(RuntimeError):
        CliRunner().invoke(cli, ["--debug", "check", str(tmp_path)], catch_exceptions=False)


def test_a_warning_level_failure_passes_with_warnings(tmp_path):
    suites = tmp_path / "suites"
    suites.mkdir()
    spec = json.loads((PACKAGED_SUITES / "cross_source.json").read_text())
    spec["expectations"][0]["meta"]["severity"] = "warning"
    (suites / "cross_source.json").write_text(json.dumps(spec))
    articles = tmp_path / "articles"
    articles.mkdir()
    write(articles, "a.txt", "Turkey has 12 military posts.\n")
    write(articles, "b.txt", "Turkey has 20 military posts.\n")
    result = run("check", articles, "--suites", suites, "-q")
    assert result.exit_code == 0
    assert result.stdout.startswith("PASS with warnings: 1 conflict, 1 claim, 2 facts, 2 documents")


@pytest.mark.parametrize("text", [
    "9" * 400, "١٢٣ people", "\ud800\udfff 12", " ".join(["12 cats,"] * 10_000), "1e308 " * 3, "$-50.8bn",
    "between 5 and 3 tanks", "+1-222-2222-2222", "0" * 50 + "1 people", "½ ⅓ ¼ 12½",
])
def test_fuzz_never_raises(text):
    df = facts.extract_text(text)
    finite = df[["low", "value", "high"]].apply(lambda c: c.abs() != float("inf")).all(axis=1)
    assert (df.loc[finite, "low"] <= df.loc[finite, "value"]).all()
    assert (df.loc[finite, "value"] <= df.loc[finite, "high"]).all()
    facts.compare_texts(text, "Turkey has 12 military posts.")


@pytest.mark.parametrize("command", ["extract", "check", "export"])
@pytest.mark.parametrize("where, message", [
    ("missing/out", "does not exist"), ("folder", "is a directory"),
])
def test_bad_output_paths_fail_before_any_work(command, where, message, tmp_path):
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "folder.xlsx").mkdir()
    write(tmp_path, "good.txt", GOOD)
    suffix = {"extract": ".csv", "check": ".json", "export": ".xlsx"}[command]
    result = run(command, tmp_path / "good.txt", "-o", tmp_path / (where + suffix))
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_read_only_target_fails_before_any_work(tmp_path):
    import os

    write(tmp_path, "good.txt", GOOD)
    out = write(tmp_path, "facts.csv", "old")
    out.chmod(0o444)
    if os.access(out, os.W_OK):
        pytest.skip("running as a user who can write read-only files (root)")
    result = run("extract", tmp_path / "good.txt", "-o", out)
    assert result.exit_code == 2 and "not writable" in result.stderr


def test_output_onto_its_input_is_refused(tmp_path):
    feed = write(tmp_path, "x.jsonl", "".join(f'{{"id": "{i}", "text": "It had {i} posts."}}\n' for i in range(300)))
    before = feed.read_bytes()
    result = run("extract", feed, "-o", feed)
    assert result.exit_code == 2 and "is also an input" in result.stderr
    assert feed.read_bytes() == before


def test_an_input_with_no_rows_still_replaces_the_target(tmp_path):
    write(tmp_path, "none.txt", "No figures here at all.\n")
    out = write(tmp_path, "facts.csv", "stale,previous,run\n1,2,3\n")
    result = run("extract", tmp_path / "none.txt", "-o", out, "-q")
    assert result.exit_code == 0
    assert out.read_text().startswith("doc_id,sentence_id,")


def test_own_outputs_in_the_input_folder_are_skipped(tmp_path):
    write(tmp_path, "a.txt", GOOD)
    assert run("check", tmp_path, "-o", tmp_path / "report.html", "-q").exit_code == 0
    assert run("extract", tmp_path, "-o", tmp_path / "facts.csv", "-q").exit_code == 0
    result = run("check", tmp_path, "--format", "json")
    documents = {d["doc_id"]: (d["status"], d["reason"]) for d in json.loads(result.stdout)["documents"]}
    assert documents["report.html"] == ("skipped", "a facts report, not an article")
    assert documents["facts.csv"] == ("skipped", "a facts table, not articles")
    assert documents["a.txt"][0] == "ok"


def test_killed_parquet_run_leaves_no_file_or_a_valid_one(tmp_path):
    """SIGTERM in the middle of `extract -o x.parquet`: the target is absent or a whole file."""
    import signal
    import subprocess
    import sys
    import time

    import pyarrow.parquet as pq

    feed = write(tmp_path, "feed.jsonl", "".join(
        f'{{"id": "{i}", "text": "Turkey has {i} military posts. About {i} people were displaced."}}\n'
        for i in range(30000)))  # a minute or more of work: SIGTERM lands well before the end
    out = tmp_path / "x.parquet"
    proc = subprocess.Popen([sys.executable, "-m", "facts", "extract", str(feed), "-o", str(out), "-q", "--jobs", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not any(p.name.endswith(".partial") for p in tmp_path.iterdir()):
        time.sleep(0.2)
    time.sleep(3)  # well into the run
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    if out.exists():
        pq.read_table(out)  # raises on a file with no footer
    assert not out.exists() or proc.returncode == 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")]  # cleaned up


def test_links_fifos_and_odd_encodings_each_get_a_row(tmp_path):
    import os

    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    write(src / "sub", "b.txt", "Turkey has 14 military posts.\n")
    write(src, "a.txt", GOOD)
    os.symlink(src / "sub", src / "linked")
    os.symlink(tmp_path / "nowhere.txt", src / "dangling.txt")
    os.mkfifo(src / "pipe.txt")
    (src / "utf16.txt").write_bytes("\ufeffThere were 30 people.\n".encode("utf-16-le"))
    write(src, "dated.jsonl", '{"id": "1", "text": "There were 40 people.", "published": "20180914"}\n')
    facts_df, documents = facts.extract_paths([str(src)])
    status = dict(zip(documents["doc_id"], zip(documents["status"], documents["reason"])))
    assert status["dangling.txt"] == ("failed", "broken symbolic link")
    assert status["linked"][0] == "skipped" and "symbolic link to a folder" in status["linked"][1]
    assert status["pipe.txt"][0] == "skipped" and "FIFO" in status["pipe.txt"][1]
    assert status["utf16.txt"] == ("ok", "") and status["sub/b.txt"] == ("ok", "")
    assert set(facts_df["surface"]) == {"12", "14", "30", "40"}
    assert documents.loc[documents["doc_id"] == "dated.jsonl#1", "published"].item() == "2018-09-14"


def test_html_whose_head_is_never_closed_keeps_its_body(tmp_path):
    write(tmp_path, "a.html", "<html><head><title>Posts</title><meta charset=utf-8>"
                              "<body><p>Turkey has 12 military posts.</p></body></html>")
    facts_df, documents = facts.extract_paths([str(tmp_path)])
    assert list(facts_df["surface"]) == ["12"] and documents["title"].item() == "Posts"


@pytest.mark.parametrize("name, content, kept, reason", [
    ("bad-byte", b"id,text\n1,Turkey has 12 posts.\n2,caf\xe9 with 3 cups\n3,It has 4 tanks.\n",
     ["12"], "line 3: undecodable bytes at column 6: not UTF-8; the rows after it were not read"),
    ("huge-field", ("id,text\n1,Turkey has 12 posts.\n2," + "x" * 200_000 + "\n3,It has 4 tanks.\n").encode(),
     ["12", "4"], "line 3: malformed CSV (field larger than field limit"),
    ("unclosed-quote", b'id,text\n1,"Turkey has 12 posts.\n2,It has 4 tanks and more words here.\n'
                       b'3,It has 5 planes and more words here.\n',
     [], "a quoted field runs over"),
])
def test_csv_rows_before_a_bad_one_are_kept(name, content, kept, reason, tmp_path):
    write(tmp_path, "feed.csv", content)
    facts_df, documents = facts.extract_paths([str(tmp_path)])
    assert list(facts_df["surface"]) == kept
    assert any(r.startswith(reason) or reason in r for r in documents["reason"]), list(documents["reason"])


def test_failed_inputs_are_named_in_every_format(tmp_path):
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, "feed.jsonl", "{broken\n")
    text = run("check", tmp_path)
    assert text.exit_code == 0 and "Inputs not read" in text.stdout and "feed.jsonl:1" in text.stdout
    junit = run("check", tmp_path, "--format", "junit")
    assert '<testcase classname="inputs" name="feed.jsonl:1">' in junit.stdout and "<error" in junit.stdout
    github = run("check", tmp_path, "--format", "github")
    assert "::warning file=" in github.stdout and "input not read" in github.stdout
    strict = run("check", tmp_path, "--strict-inputs", "-q")
    assert strict.exit_code == 2 and "failed to be read (--strict-inputs)" in strict.stderr


def test_a_fifo_named_like_a_feed_never_blocks_the_run(tmp_path):
    import os

    write(tmp_path, "good.txt", GOOD)
    os.mkfifo(tmp_path / "feed.jsonl")
    result = run("check", tmp_path, "--format", "json")
    documents = {d["doc_id"]: d["status"] for d in json.loads(result.stdout)["documents"]}
    assert result.exit_code == 0 and documents == {"feed.jsonl": "skipped", "good.txt": "ok"}


@pytest.mark.parametrize("stdin, reason", [
    (b"caf\xe9 has 3 cups", "undecodable bytes at offset 3: not UTF-8"),
    (b"\x00\x01binary", "binary file"),
])
def test_stdin_is_decoded_like_a_file(stdin, reason):
    result = run("extract", "-", input=stdin)
    assert result.exit_code == 0 and reason in result.stderr and "Traceback" not in result.output
