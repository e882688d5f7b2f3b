"""Hostile and careless inputs: the right exit code, no traceback, a message naming the file,
line or entry, and every good document's rows present. Inputs are made at test time."""
import json

import pytest
from click.testing import CliRunner

import facts
from facts.cli import cli
from facts.suites import CHECKOUT_SUITES

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
    name, files, code, reason = case
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
    import facts.audit

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(facts.audit, "validate", broken)
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
    spec = json.loads((CHECKOUT_SUITES / "cross_source.json").read_text())
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
