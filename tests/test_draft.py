"""facts check DRAFT --against SOURCES: every draft figure supported, contradicted, outdated or
unsupported, with the source sentence that decided it."""
import functools
import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from conftest import DATA, load_cases

from facts.cli import cli

DRAFTS = DATA / "drafts"


def _draft_at() -> float:
    """From which same-fact probability a source figure is a draft figure's evidence: the shipped
    cross-source suite's `draft_at`."""
    from facts.checks.draft import draft_threshold
    from facts.checks.suites import load_suites

    return draft_threshold([s for s in load_suites(None) if s.table == "pairs"])


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def figures(result):
    return {(f["line"], f["surface"]): f for f in json.loads(result.stdout)["figures"]}


def test_faithful_draft_is_fully_supported(seeds_dir):
    result = run("check", str(DRAFTS / "idlib.md"), "--against", str(seeds_dir), "--format", "json")
    assert result.exit_code == 0
    found = figures(result)
    assert len(found) == 8
    assert {f["status"] for f in found.values()} == {"supported"}
    posts = found[(5, "a dozen")]
    assert any("Turkey has 12 military posts" in e["sentence"] for e in posts["evidence"])


def test_changed_figures_and_only_those_are_flagged(seeds_dir):
    result = run("check", str(DRAFTS / "idlib_changed.md"), "--against", str(seeds_dir), "--format", "json")
    assert result.exit_code == 1
    found = figures(result)
    flagged = {key: f["status"] for key, f in found.items() if f["status"] != "supported"}
    assert flagged == {(5, "20"): "contradicted", (13, "48 hours"): "contradicted", (13, "430"): "unsupported"}
    posts = found[(5, "20")]
    assert {e["value"] for e in posts["evidence"]} == {12.0} and not any(e["agrees"] for e in posts["evidence"])
    assert any(e["doc_id"] == "000_b88e159ecfa85429.txt" and "Turkey has 12 military posts" in e["sentence"]
               for e in posts["evidence"])
    assert found[(13, "430")]["reason"] == "no source states a figure for tanks"
    assert "430 Turkish military vehicles" in found[(13, "48 hours")]["evidence"][0]["sentence"]


def test_json_contract(seeds_dir):
    report = json.loads(run("check", str(DRAFTS / "idlib.md"), "--against", str(seeds_dir),
                            "--format", "json").stdout)
    assert (report["format"], report["format_version"]) == ("facts draft", 2)
    assert {"success", "summary", "draft", "figures", "sources", "not_in_draft", "not_in_draft_more"} <= set(report)
    assert report["draft"]["path"].endswith("idlib.md")
    assert set(report["figures"][0]) == {"surface", "line", "start", "end", "value", "low", "high", "unit",
                                         "concept", "status", "reason", "evidence"}
    assert set(report["figures"][0]["evidence"][0]) == {"doc_id", "sentence", "surface", "value", "low", "high",
                                                        "published", "confidence", "agrees"}
    assert report["summary"] == {"supported": 8, "contradicted": 0, "outdated": 0, "disputed": 0, "unsupported": 0}
    for figure in report["figures"]:  # supported: every piece of evidence states the same fact and agrees
        assert figure["evidence"] and all(e["confidence"] >= _draft_at() and e["agrees"] for e in figure["evidence"])
    assert len(report["sources"]) == 5
    assert report["not_in_draft"] == [] and report["not_in_draft_more"] == 0  # the draft states every main fact


def test_not_in_the_draft_lists_the_story_main_facts_once_most_sources_first(seeds_dir):
    draft = "430 Turkish military vehicles crossed into Idlib within 24 hours.\n"
    report = json.loads(run("check", "-", "--against", str(seeds_dir), "--format", "json", input=draft).stdout)
    assert [f["status"] for f in report["figures"]] == ["supported", "supported"]  # the window is read as one
    facts = report["not_in_draft"]
    assert all(set(r) == {"label", "doc_id", "surface", "sentence", "value", "unit", "concept", "n_sources",
                          "doc_ids"} for r in facts)
    assert [(r["label"], r["value"], r["n_sources"]) for r in facts][:3] == [
        ("military posts", 12.0, 3), ("uprising-turned-civil war (years)", 7.0, 3), ("population", 3e6, 2)]
    assert len({(r["label"], r["value"]) for r in facts}) == len(facts)  # never a fact twice
    assert [r["n_sources"] for r in facts] == sorted((r["n_sources"] for r in facts), reverse=True)
    assert all(r["surface"] in r["sentence"] and len(r["doc_ids"]) == r["n_sources"] for r in facts)


def test_the_suites_draft_at_decides_what_is_evidence(seeds_dir, tmp_path):
    """`meta.facts.same_fact.draft_at` is the suite's: above the 430 vehicles' same-fact
    probability, the source that states them is no longer evidence, only a possible one."""
    from conftest import ROOT

    draft = "430 Turkish military vehicles crossed into Idlib within 24 hours.\n"
    shipped = json.loads(run("check", "-", "--against", str(seeds_dir), "--format", "json", input=draft).stdout)
    vehicles = shipped["figures"][0]
    assert vehicles["status"] == "supported" and vehicles["evidence"][0]["confidence"] < 0.99
    suites = tmp_path / "suites"
    shutil.copytree(ROOT / "expectations", suites)
    suite = json.loads((suites / "cross_source.json").read_text())
    suite["meta"]["facts"]["same_fact"]["draft_at"] = 0.99
    (suites / "cross_source.json").write_text(json.dumps(suite))
    strict = json.loads(run("check", "-", "--against", str(seeds_dir), "--suites", str(suites), "--format", "json",
                            input=draft).stdout)
    vehicles = strict["figures"][0]
    assert vehicles["status"] == "unsupported" and "below 0.99" in vehicles["reason"]


def test_newer_source_makes_a_figure_outdated(seeds_dir, tmp_path):
    # the seed dates only a photo of a protest (Sept 14, 2018): the copy gets the stamp of its page
    (tmp_path / "001_d48b69b424675182.txt").write_text(
        "Published: September 14, 2018\n" + (seeds_dir / "001_d48b69b424675182.txt").read_text())
    (tmp_path / "later.txt").write_text("Published: March 1, 2020\n\nTurkey has 20 military posts inside Idlib.\n")
    result = run("check", "-", "--against", str(tmp_path), "--format", "json",
                 input="Turkey has a dozen military posts in Idlib.\n")
    found = list(figures(result).values())
    assert [f["status"] for f in found] == ["outdated"]
    assert found[0]["evidence"][0]["doc_id"] == "later.txt"
    assert result.exit_code == 0


def test_unsupported_fails_only_with_strict(seeds_dir):
    draft = "Turkey sent 99 drones to the border.\n"
    loose = run("check", "-", "--against", str(seeds_dir), "-q", input=draft)
    strict = run("check", "-", "--against", str(seeds_dir), "-q", "--strict", input=draft)
    assert loose.exit_code == 0 and strict.exit_code == 1
    assert "1 unsupported" in strict.stdout


def test_strict_needs_against(seeds_dir):
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--strict"])
    assert result.exit_code == 2 and "--strict goes with --against" in result.stderr


def test_two_drafts_is_a_usage_error(seeds_dir):
    result = CliRunner().invoke(cli, ["check", str(DRAFTS / "idlib.md"), str(DRAFTS / "idlib_changed.md"),
                                      "--against", str(seeds_dir)])
    assert result.exit_code == 2 and "--against checks one draft; got 2 paths" in result.stderr


@pytest.mark.skipif(not shutil.which("git"), reason="git not installed")
def test_github_annotations_carry_the_draft_line_numbers(seeds_dir, tmp_path):
    repo = tmp_path / "newsroom"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(git + ["init", "-q"], check=True)
    draft = repo / "articles" / "idlib.md"
    draft.parent.mkdir()
    draft.write_text((DRAFTS / "idlib.md").read_text())
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "draft"], check=True)
    draft.write_text((DRAFTS / "idlib_changed.md").read_text())  # the pull request's edit
    changed = subprocess.run(git + ["diff", "-U0"], capture_output=True, text=True, check=True).stdout
    changed_lines = {int(m) for m in re.findall(r"^@@ -\d+(?:,\d+)? \+(\d+)", changed, re.M)}
    result = run("check", str(draft), "--against", str(seeds_dir), "--format", "github")
    assert result.exit_code == 1
    pattern = re.compile(r"^::(error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),title=facts%3A "
                         r"(?P<status>\w+)::(?P<surface>.+?) — (?P<reason>.+)$")
    annotations = [pattern.match(line) for line in result.stdout.splitlines()]
    assert annotations and all(annotations)
    lines = draft.read_text().splitlines()
    for a in annotations:
        assert a["file"] == str(draft)
        assert a["surface"] in lines[int(a["line"]) - 1]
    assert {int(a["line"]) for a in annotations} == changed_lines == {5, 13}
    assert [a["status"] for a in annotations if a.group(1) == "error"] == ["contradicted", "contradicted"]


def test_junit_and_html_for_a_draft(seeds_dir, tmp_path):
    from xml.etree import ElementTree as ET

    result = run("check", str(DRAFTS / "idlib_changed.md"), "--against", str(seeds_dir), "--format", "junit")
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite.get("tests") == "8" and suite.get("failures") == "2"
    out = tmp_path / "draft.html"
    run("check", str(DRAFTS / "idlib_changed.md"), "--against", str(seeds_dir), "-o", str(out))
    html = out.read_text()
    assert html.index("contradicted</span>") < html.index("supported</span>line")
    assert "<mark>20</mark>" in html and "default-src 'none'" in html


def _statuses(draft_text, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(draft_text)
    result = run("check", str(draft), "--against", str(DRAFTS / "barbershop"), "--format", "json")
    return result.exit_code, {f["surface"]: f for f in json.loads(result.stdout)["figures"]}


def test_editor_draft_ages_duration_and_one_wrong_toll(tmp_path):
    """A draft as an editor writes it about one shooting: the toll, two ages of named victims, how
    long the shop has been open, and one wrong figure. Ages and the duration are checked against
    the sources' own ("Marcus Hale, 26", "in business for 35 years"); a later article's "one of the
    men killed" and "two homicide cases" make nothing outdated."""
    code, found = _statuses((DRAFTS / "barbershop.md").read_text(), tmp_path)
    assert code == 1
    assert {s: f["status"] for s, f in found.items()} == {
        "Two": "supported", "three": "supported", "26": "supported", "31": "supported", "35 years": "supported",
        "four": "contradicted"}
    assert "three" in found["four"]["reason"]


def test_wrong_age_and_wrong_duration_are_contradicted(tmp_path):
    code, found = _statuses("Marcus Hale, 25, was killed in the shooting.\n\n"
                            "The shop has been in business for 45 years.\n", tmp_path)
    assert code == 1
    assert found["25"]["status"] == "contradicted" and "26" in found["25"]["reason"]
    assert found["45 years"]["status"] == "contradicted"


def test_terminal_draft_report_names_sources_and_fits_80_columns():
    result = CliRunner().invoke(cli, ["check", str(DRAFTS / "barbershop.md"), "--against", str(DRAFTS / "barbershop")],
                                env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert "Two killed, three wounded in shooting at Eastside barbershop states" in " ".join(result.stdout.split())
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)


EDITOR_DRAFTS = load_cases("draft_cases.json")["drafts"]
EDITOR_FIGURES = [(d["id"], f) for d in EDITOR_DRAFTS for f in d["figures"]]


@functools.cache
def _editor_report(story: str) -> dict:
    case = next(d for d in EDITOR_DRAFTS if d["id"] == story)
    result = run("check", str(DATA / case["draft"]), "--against", str(DATA / case["sources"]), "--format", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == (0 if report["success"] else 1)
    return report


@pytest.mark.parametrize("story", [d["id"] for d in EDITOR_DRAFTS])
def test_every_figure_of_an_editor_draft_is_listed(story):
    """Every figure the check finds in the draft has its expected status in draft_cases.json, and
    every expected one is found: no figure left unchecked, none invented by the extraction."""
    case = next(d for d in EDITOR_DRAFTS if d["id"] == story)
    found = [(f["line"], f["surface"]) for f in _editor_report(story)["figures"]]
    assert found == [(f["line"], f["surface"]) for f in case["figures"]]
    kinds = {f["kind"] for f in case["figures"]}
    assert {"right", "rounded", "wrong by a little", "wrong by a lot", "outdated", "invented"} <= kinds


@pytest.mark.parametrize("story, expected", EDITOR_FIGURES,
                         ids=[f"{s}:{f['line']}:{f['surface']}:{f['kind']}" for s, f in EDITOR_FIGURES])
def test_editor_draft_figure_status(story, expected):
    report = _editor_report(story)
    figure = next(f for f in report["figures"] if (f["line"], f["surface"]) == (expected["line"], expected["surface"]))
    assert figure["status"] == expected["status"], f"{expected['note']}: {figure['reason']}"
    evidence = figure["evidence"]
    if figure["status"] == "supported":  # only by figures that state the same fact and agree
        assert evidence[0]["agrees"] is True and evidence[0]["confidence"] >= _draft_at()
    elif figure["status"] == "contradicted":
        assert evidence[0]["agrees"] is False and evidence[0]["confidence"] >= _draft_at()
    elif figure["status"] == "outdated":  # the newer disagreeing figure first, then what the draft followed
        assert evidence[0]["agrees"] is False and any(e["agrees"] for e in evidence[1:])
        assert evidence[0]["published"] > max(e["published"] for e in evidence if e["agrees"])
    elif figure["status"] == "disputed":  # both sides named
        assert {True, False} <= {e["agrees"] for e in evidence if e["confidence"] >= _draft_at()}
        assert "the sources disagree" in figure["reason"]
    else:
        assert not any(e["agrees"] for e in evidence)


def test_a_toll_is_never_supported_by_a_lower_bound_or_another_event(tmp_path):
    """"42 killed" against sources whose toll is 24: contradicted, not supported by an early report's
    "at least one" nor by the 1,200 killed by a quake in 2009."""
    draft = tmp_path / "draft.md"
    draft.write_text("# Valdora quake\n\nThe earthquake killed 42 people, officials said.\n")
    report = json.loads(run("check", str(draft), "--against", str(DRAFTS / "quake"), "--format", "json").stdout)
    [figure] = report["figures"]
    assert figure["status"] == "contradicted"
    assert "24" in figure["reason"] and "at least one" in figure["reason"]
    assert 1200.0 not in {e["value"] for e in figure["evidence"]}
    assert {e["value"] for e in figure["evidence"] if e["agrees"] is False} == {18.0, 24.0}


@pytest.mark.parametrize("draft, status", [
    ("A magnitude 6.4 earthquake struck Valdora.", "contradicted"),
    ("A 6.2-magnitude quake struck Valdora.", "supported"),
    ("The quake measured 6.2 on the Richter scale.", "supported"),
    ("The quake had a magnitude of about 6, officials said.", "supported"),
])
def test_a_magnitude_is_read_to_its_stated_precision(draft, status, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(draft + "\n")
    report = json.loads(run("check", str(path), "--against", str(DRAFTS / "quake"), "--format", "json").stdout)
    assert [f["status"] for f in report["figures"]] == [status]


def test_strict_fails_a_disputed_figure_and_show_all_lists_every_main_fact():
    draft = str(DATA / "drafts/shooting.md")
    loose = run("check", draft, "--against", str(DRAFTS / "shooting"), "--format", "junit")
    strict = run("check", draft, "--against", str(DRAFTS / "shooting"), "--format", "junit", "--strict")
    assert loose.exit_code == strict.exit_code == 1
    assert 'failures="2"' in loose.stdout and 'failures="4"' in strict.stdout  # + disputed, unsupported
    shown = json.loads(run("check", str(DATA / "drafts/company.md"), "--against", str(DRAFTS / "company"),
                           "--format", "json", "--show", "all").stdout)
    assert shown["not_in_draft_more"] == 0
    usage = run("check", draft, "--against", str(DRAFTS / "shooting"), "--show", "conflicts")
    assert usage.exit_code == 2 and "--show takes only 'all'" in usage.stderr
