"""A reviewer's decisions travel back: `--reviews`, `facts reviews`, and exports that keep them."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import POSTS_SEED, copy_seeds
from openpyxl import load_workbook

from facts.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def sources(seeds_dir, tmp_path):
    """The seeds with one conflict: 004 says 20 military posts where the others say 12."""
    (tmp_path / "sources").mkdir()
    folder = copy_seeds(seeds_dir, tmp_path / "sources")
    target = folder / POSTS_SEED
    target.write_text(target.read_text().replace("reinforced a dozen military posts", "reinforced 20 military posts"))
    return folder


def _mark(workbook, status, reviewer="Ana Ruiz", note="12 is the count before the reinforcement"):
    """As a reviewer would: the Status drop-down, Reviewer and Notes of the conflict's rows."""
    wb = load_workbook(workbook)
    ws = wb["Conflicts"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        row[headers.index("Status")].value = status
        row[headers.index("Reviewer")].value = reviewer
        row[headers.index("Notes")].value = note
    wb.save(workbook)


def _posts(report):
    return next(c for c in report["claims"] if c["concept"] == "military posts")


def _change_posts(folder, new="22"):
    target = folder / POSTS_SEED
    target.write_text(target.read_text().replace("reinforced 20 military posts", f"reinforced {new} military posts"))


def test_a_false_alarm_in_the_workbook_no_longer_fails(sources, tmp_path):
    workbook = tmp_path / "audit.xlsx"
    assert run("export", sources, "-o", workbook, "-q").exit_code == 0
    assert run("check", sources, "-q").exit_code == 1
    _mark(workbook, "false alarm")
    result = run("check", sources, "--reviews", workbook, "--format", "json")
    assert result.exit_code == 0
    review = _posts(json.loads(result.stdout))["review"]
    assert review["state"] == "dismissed" and review["reviewer"] == "Ana Ruiz"
    assert review["note"] == "12 is the count before the reinforcement"
    text = run("check", sources, "--reviews", workbook).output
    assert "Reviewed (1)" in text and "dismissed" in text and "Ana Ruiz" in text
    # the figure changes in one article: the decision no longer applies
    _change_posts(sources)
    result = run("check", sources, "--reviews", workbook, "--format", "json")
    assert result.exit_code == 1
    review = _posts(json.loads(result.stdout))["review"]
    assert review["state"] == "changed since review" and any("20 -> 22" in c for c in review["changes"])


def test_the_same_through_a_reviews_file(sources, tmp_path):
    workbook, reviews = tmp_path / "audit.xlsx", tmp_path / "reviews.json"
    run("export", sources, "-o", workbook, "-q")
    _mark(workbook, "false alarm")
    assert run("reviews", workbook, "-o", reviews).exit_code == 0
    data = json.loads(reviews.read_text())
    assert data["format"] == "facts reviews" and [r["status"] for r in data["reviews"]] == ["false alarm"]
    assert run("check", sources, "--reviews", reviews, "-q").exit_code == 0
    _change_posts(sources)
    result = run("check", sources, "--reviews", reviews)
    assert result.exit_code == 1 and "changed since review" in result.output


def test_reordering_inputs_or_adding_an_article_changes_nothing(sources, tmp_path):
    workbook = tmp_path / "audit.xlsx"
    run("export", *sorted(sources.iterdir()), "-o", workbook, "-q")
    _mark(workbook, "false alarm")
    (sources / "zz_other.txt").write_text("Bakery wins award\n\nThe bakery on Elm Street won a regional prize "
                                          "for its rye bread on Tuesday, the third in four years.\n")
    result = run("check", *sorted(sources.iterdir(), reverse=True), "--reviews", workbook, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert _posts(report)["review"]["state"] == "dismissed"
    assert report["documents"][0]["doc_id"] == "zz_other.txt"  # the order did change


def test_confirmed_still_fails_unless_accepted(sources, tmp_path):
    workbook = tmp_path / "audit.xlsx"
    run("export", sources, "-o", workbook, "-q")
    _mark(workbook, "confirmed")
    assert run("check", sources, "--reviews", workbook, "-q").exit_code == 1
    assert run("check", sources, "--reviews", workbook, "--accept-confirmed", "-q").exit_code == 0
    junit = run("check", sources, "--reviews", workbook, "--accept-confirmed", "--format", "junit").output
    assert "<skipped" in junit and "reviewed as confirmed" in junit


def test_exporting_again_keeps_the_decisions(sources, tmp_path):
    workbook = tmp_path / "audit.xlsx"
    run("export", sources, "-o", workbook, "-q")
    _mark(workbook, "false alarm")
    assert run("export", sources, "-o", workbook, "-q").exit_code == 0
    wb = load_workbook(workbook)
    for sheet in ("Conflicts", "Claims"):
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[headers.index("Status")] != "unchecked"]
        assert rows and all(r[headers.index("Status")] == "false alarm" for r in rows)
        assert all(r[headers.index("Notes")] == "12 is the count before the reinforcement" for r in rows)
    # and a check with -o onto the workbook keeps them too (without --reviews, they do not change the exit)
    assert run("check", sources, "-o", workbook, "-q").exit_code == 1
    assert run("check", sources, "--reviews", workbook, "-q").exit_code == 0


def test_an_export_that_would_lose_decisions_refuses_without_force(sources, tmp_path):
    workbook = tmp_path / "audit.xlsx"
    run("export", sources, "-o", workbook, "-q")
    wb = load_workbook(workbook)
    ws = wb["Claims"]
    headers = [c.value for c in ws[1]]
    only_2020 = next(r for r in ws.iter_rows(min_row=2) if r[headers.index("sources")].value == "003_340019b8c38c476d.txt")
    only_2020[headers.index("Status")].value = "confirmed"
    wb.save(workbook)
    (sources / "003_340019b8c38c476d.txt").unlink()  # the claim it was about is gone
    result = run("export", sources, "-o", workbook, "-q")
    assert result.exit_code == 2 and "match no claim" in result.output and "--force" in result.output
    assert "confirmed" in run("reviews", workbook).output  # the workbook is untouched
    assert run("export", sources, "-o", workbook, "-q", "--force").exit_code == 0
    assert json.loads(run("reviews", workbook).output)["reviews"] == []


@pytest.mark.parametrize("edit, expected", [
    (lambda d: d["reviews"][0].update(status="maybe"), ["status 'maybe'", "false alarm", "review 1"]),
    (lambda d: d.update(format_version=99), ["format version 99"]),
    (lambda d: d.update(format="something else"), ["not a reviews file"]),
])
def test_a_bad_reviews_file_exits_2_naming_it(sources, tmp_path, edit, expected):
    workbook, reviews = tmp_path / "audit.xlsx", tmp_path / "reviews.json"
    run("export", sources, "-o", workbook, "-q")
    _mark(workbook, "false alarm")
    run("reviews", workbook, "-o", reviews)
    data = json.loads(reviews.read_text())
    edit(data)
    reviews.write_text(json.dumps(data))
    result = run("check", sources, "--reviews", reviews, "-q")
    assert result.exit_code == 2
    assert str(reviews) in result.output and all(e in result.output for e in expected), result.output


def test_a_bad_status_in_the_workbook_names_sheet_and_row(sources, tmp_path):
    workbook = tmp_path / "audit.xlsx"
    run("export", sources, "-o", workbook, "-q")
    _mark(workbook, "looks wrong")
    result = run("check", sources, "--reviews", workbook, "-q")
    assert result.exit_code == 2
    assert "sheet Conflicts, row 2" in result.output and "false alarm" in result.output
