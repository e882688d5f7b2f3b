"""`facts check --baseline` and `facts diff`: what changed since an earlier audit."""
import json
import shutil
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from conftest import POSTS_SEED, copy_seeds

from facts.checks.baseline import compare, masked, match_claims, place
from facts.cli import cli

HIGHWAYS_SEED = "003_340019b8c38c476d.txt"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def audits(tmp_path_factory, seeds_dir):
    """The seeds' result as a baseline, and the seeds with "a dozen military posts" made 20 in
    004 and "two main highways" made three in 003, checked against it."""
    root = tmp_path_factory.mktemp("baseline")
    old, new = root / "old", root / "new"
    for folder in (old, new):
        folder.mkdir()
        copy_seeds(seeds_dir, folder)
    posts, highways = new / POSTS_SEED, new / HIGHWAYS_SEED
    posts.write_text(posts.read_text().replace("a dozen military posts", "20 military posts"))
    highways.write_text(highways.read_text().replace("two main highways", "three main highways"))
    base = root / "old.json"
    first = run("check", old, "--format", "json", "-o", base)
    assert first.exit_code == 0
    later = root / "new.json"
    second = run("check", new, "--baseline", base, "--format", "json", "-o", later)
    return {"root": root, "old": old, "new": new, "base": base, "later": later, "exit": second.exit_code,
            "result": json.loads(later.read_text())}


def test_new_conflict_and_changed_figure(audits):
    assert audits["exit"] == 1
    b = audits["result"]["baseline"]
    assert [c["concept"] for c in b["new_conflicts"]] == ["military posts"]
    assert b["known_conflicts"] == [] and b["resolved_conflicts"] == []
    changed = {(f["doc_id"], f["old"]["surface"], f["new"]["surface"]) for f in b["changed_figures"]}
    assert (HIGHWAYS_SEED, "two", "three") in changed
    assert (POSTS_SEED, "a dozen", "20") in changed
    highways = next(f for f in b["changed_figures"] if f["doc_id"] == HIGHWAYS_SEED)
    assert (highways["old"]["value"], highways["new"]["value"]) == (2, 3)
    assert highways["old"]["low"] == 2 and highways["new"]["high"] == 3
    assert b["new_claims"] == b["gone_claims"] == b["new_documents"] == b["gone_documents"] == []


def test_rerun_with_the_new_result_as_baseline_passes(audits):
    again = run("check", audits["new"], "--baseline", audits["later"], "--format", "json")
    assert again.exit_code == 0
    b = json.loads(again.stdout)["baseline"]
    assert b["new_conflicts"] == [] and b["changed_figures"] == []
    assert [c["concept"] for c in b["known_conflicts"]] == ["military posts"]


def test_strict_fails_on_a_changed_figure(audits):
    changed_only = run("check", audits["new"], "--baseline", audits["later"], "--strict", "-q")
    assert changed_only.exit_code == 0  # nothing changed since the later result
    highways_only = audits["root"] / "highways"
    highways_only.mkdir()
    copy_seeds(audits["old"], highways_only)
    shutil.copy(audits["new"] / HIGHWAYS_SEED, highways_only / HIGHWAYS_SEED)
    assert run("check", highways_only, "--baseline", audits["base"], "-q").exit_code == 0
    assert run("check", highways_only, "--baseline", audits["base"], "--strict", "-q").exit_code == 1


def test_diff_gives_the_same_lists(audits):
    done = run("diff", audits["base"], audits["later"], "--format", "json")
    assert done.exit_code == 1
    diffed = json.loads(done.stdout)
    checked = audits["result"]["baseline"]
    for key in ("new_conflicts", "known_conflicts", "resolved_conflicts", "changed_figures", "new_claims",
                "gone_claims", "new_documents", "gone_documents"):
        assert diffed[key] == checked[key], key
    back = json.loads(run("diff", audits["later"], audits["base"], "--format", "json").stdout)
    assert [c["concept"] for c in back["resolved_conflicts"]] == ["military posts"]
    text = run("diff", audits["base"], audits["later"]).stdout
    assert "new conflict" in text and "two -> three" in text


def test_matching_survives_reordering_and_an_unrelated_article(audits, tmp_path):
    files = sorted(audits["new"].glob("*.txt"), reverse=True)
    extra = tmp_path / "zzz_unrelated.txt"
    extra.write_text("Published: 2018-09-15\nThe city zoo welcomed 3 new penguins on Tuesday.\n")
    done = run("check", *files, extra, "--baseline", audits["later"], "--format", "json")
    assert done.exit_code == 0
    b = json.loads(done.stdout)["baseline"]
    assert b["new_conflicts"] == [] and b["changed_figures"] == [] and b["gone_claims"] == []
    assert b["new_documents"] == ["zzz_unrelated.txt"]
    assert len(b["new_claims"]) == 1 and "penguins" in b["new_claims"][0]["concept"]


def test_every_format_shows_the_baseline(audits, tmp_path):
    base, new = audits["base"], audits["new"]
    text = run("check", new, "--baseline", base).stdout
    assert text.index("New since baseline") < text.index("Conflicts (")
    junit = ET.fromstring(run("check", new, "--baseline", audits["later"], "--format", "junit").stdout)
    claims = next(s for s in junit.iter("testsuite") if s.get("name") == "claims")
    assert claims.get("failures") == "0" and claims.get("skipped") == "1"
    assert claims.find("testcase/skipped").get("message").startswith("known conflict")
    github = run("check", new, "--baseline", audits["later"], "--format", "github").stdout
    assert "::error" not in github and "known conflict (in the baseline)" in github
    github_new = run("check", new, "--baseline", base, "--format", "github").stdout
    assert "::error" in github_new and "changed since the baseline" in github_new
    html = tmp_path / "r.html"
    run("check", new, "--baseline", base, "-o", html)
    assert 'id="baseline"' in html.read_text() and "&rarr;" in html.read_text()
    from openpyxl import load_workbook

    book = tmp_path / "r.xlsx"
    run("check", new, "--baseline", base, "-o", book)
    changed = load_workbook(book)["Changed"]
    kinds = [row[0] for row in changed.iter_rows(min_row=2, values_only=True)]
    assert kinds.count("new conflict") == 1 and kinds.count("changed figure") == 2


@pytest.mark.parametrize("content, message", [
    (None, "no such baseline file"),
    ("not json", "not JSON (line 1, column 1"),
    ('{"success": true, "claims": []}', 'not a facts check result (no "format": "facts check")'),
    ('{"format": "facts check", "format_version": 99, "documents": [], "claims": []}', "format version 99 cannot"),
    ('{"format": "facts check", "format_version": 1, "claims": []}', "field 'documents' missing"),
])
def test_a_bad_baseline_exits_2_naming_the_file(seeds_dir, tmp_path, content, message):
    path = tmp_path / "old.json"
    if content is not None:
        path.write_text(content)
    done = run("check", seeds_dir, "--baseline", path, "-q")
    assert done.exit_code == 2
    assert str(path) in done.stderr and message in done.stderr


def test_baseline_does_not_go_with_against(seeds_dir, tmp_path):
    assert run("check", seeds_dir / POSTS_SEED, "--against", seeds_dir, "--baseline", tmp_path / "x.json").exit_code == 2


@pytest.mark.parametrize("sentence, expected", [
    ("Turkey has 12 military posts.", "turkey has # military posts."),
    ("Turkey has a dozen military posts.", "turkey has a # military posts."),
    ("It has two or three main highways.", "it has # or # main highways."),
    ("Some 1,800 - 2,000 people", "some # people"),
])
def test_masked(sentence, expected):
    assert masked(sentence) == expected


def test_place_masks_the_figure_itself():
    old = {"sentence": "Turkey has reinforced a dozen military posts.", "surface": "a dozen"}
    new = {"sentence": "Turkey has reinforced 20 military posts.", "surface": "20"}
    assert place(old) == place(new) == "turkey has reinforced # military posts."


def _claim(cid, key, mentions, verdict="single_source"):
    return {"claim_id": cid, "claim_key": key, "unit": "", "time_window": "", "concept": key, "verdict": verdict,
            "reason": "", "mentions": [{"doc_id": d, "sentence": s, "surface": f, "value": v, "low": v, "high": v,
                                        "start": 0, "line": 1} for d, s, f, v in mentions]}


def test_match_claims_by_what_they_are_not_their_ids():
    old = [_claim("C001", "troops", [("a", "Britain has 4,100 troops.", "4,100", 4100)]),
           _claim("C002", "troops", [("b", "The US has 142,500 troops.", "142,500", 142500)])]
    new = [_claim("C001", "posts", [("c", "Turkey has 12 posts.", "12", 12)]),
           _claim("C002", "troops", [("b", "The US has 150,000 troops.", "150,000", 150000)]),
           _claim("C003", "troops", [("a", "Britain has 4,100 troops.", "4,100", 4100)])]
    assert match_claims(old, new) == {1: 1, 2: 0}
    diff = compare({"documents": [], "claims": old}, {"documents": [], "claims": new})
    assert [(f["old"]["surface"], f["new"]["surface"]) for f in diff.changed_figures] == [("142,500", "150,000")]
    assert [c["claim_key"] for c in diff.new_claims] == ["posts"] and diff.gone_claims == ()


def test_same_key_in_other_documents_is_another_claim():
    old = [_claim("C001", "person|killed", [("a", "Two people were killed.", "Two", 2)], "conflict")]
    new = [_claim("C001", "person|killed", [("z", "Five people were killed in a crash.", "Five", 5)], "conflict")]
    diff = compare({"documents": [], "claims": old}, {"documents": [], "claims": new})
    assert len(diff.new_conflicts) == 1 and len(diff.resolved_conflicts) == 1 and diff.changed_figures == ()


def test_a_baseline_written_before_stories_still_matches(perturbed, tmp_path):
    """A result of an earlier facts (no `story` on its claims) is matched without stories: its
    known conflict stays known after the upgrade."""
    old = json.loads(run("check", perturbed, "--format", "json").stdout)
    for claim in old["claims"]:
        claim.pop("story", None)
        claim.pop("story_title", None)
    for doc in old["documents"]:
        doc.pop("story", None)
        doc.pop("story_title", None)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    result = run("check", perturbed, "--baseline", path, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["baseline"]["new_conflicts"] == []
