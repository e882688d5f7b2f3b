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


def _statuses(workbook, statuses):
    """As a careless reviewer would: a different Status on each row of the conflict."""
    wb = load_workbook(workbook)
    ws = wb["Conflicts"]
    headers = [c.value for c in ws[1]]
    for row, status in zip(ws.iter_rows(min_row=2), statuses):
        row[headers.index("Status")].value = status
        row[headers.index("Reviewer")].value = "Ana Ruiz" if status == "confirmed" else "Bo Li"
    wb.save(workbook)


def test_every_report_agrees_with_the_exit_code_after_a_false_alarm(sources, tmp_path):
    """Issue 33 item 2: a conflict reviewed as a false alarm is listed under "Reviewed", not under
    "Conflicts"; the suites line, the last line, the JSON summary, JUnit, the HTML page and the
    workbook's Summary all say what the exit code says."""
    workbook = tmp_path / "audit.xlsx"
    run("export", sources, "-o", workbook, "-q")
    _mark(workbook, "false alarm", note="12 is the count before the reinforcement, which the later report updates "
                                        "with the posts Turkey added in the week")
    text = run("check", sources, "--reviews", workbook)
    assert text.exit_code == 0
    lines = text.output.splitlines()
    assert not any(line.startswith("Conflicts") for line in lines)
    reviewed = next(i for i, line in enumerate(lines) if line.startswith("Reviewed (1)"))
    assert lines[reviewed + 1].startswith("dismissed") and "C" in lines[reviewed + 1]
    assert "12 vs 20" in text.output or "a dozen vs 20" in text.output  # the pair most likely one fact
    assert lines[reviewed + 2].startswith(" " * 23)  # the decision wraps under itself
    suites = [line for line in lines if "Same fact, same time: the two figures" in line]
    assert suites and suites[0].startswith("ok ")
    assert not any(line.startswith("FAIL") for line in lines)
    assert lines[-1].startswith("PASS: 0 conflicts (1 dismissed by review),")
    assert all(line == line.rstrip() and len(line) <= 80 for line in lines)
    report = json.loads(run("check", sources, "--reviews", workbook, "--format", "json").stdout)
    assert report["success"] is True and report["summary"]["result"] == "PASS"
    assert report["summary"]["conflicts"] == 0 and report["summary"]["dismissed_by_review"] == 1
    assert report["verdict"] == lines[-1]
    cross = next(e for e in report["expectations"] if e["expectation"] == "expect_column_values_to_be_between"
                 and e["kwargs"]["column"] == "same_time_gap")
    assert cross["success"] is False and cross["result"] == "pass" and cross["result_why"] == "dismissed by review"
    junit = run("check", sources, "--reviews", workbook, "--format", "junit").output
    assert 'failures="0"' in junit.split("\n")[1] and "<skipped" in junit
    page = tmp_path / "report.html"
    run("check", sources, "--reviews", workbook, "-o", page)
    html = page.read_text()
    assert ">PASS</span>" in html and "<b>1</b>dismissed by review" in html and "<b>0</b>conflict<" in html
    assert 'data-verdict="dismissed"' in html
    # a workbook written by the run that applies the decisions says PASS
    decided = tmp_path / "decided.xlsx"
    assert run("check", sources, "--reviews", workbook, "-q", "-o", decided).exit_code == 0
    summary = {r[0].value: r[1].value for r in load_workbook(decided)["Summary"].iter_rows(min_row=2)}
    assert summary["result"] == "PASS" and summary["conflicts dismissed by review"] == 1
    # re-exported, the decisions are carried but a check without --reviews still fails: both said
    assert run("export", sources, "-o", workbook, "-q").exit_code == 0
    summary = {r[0].value: r[1].value for r in load_workbook(workbook)["Summary"].iter_rows(min_row=2)}
    assert summary["result"] == "FAIL" and summary["result with these decisions (check --reviews)"] == "PASS"


def test_rows_of_one_claim_that_disagree_are_reported_and_the_strictest_wins(sources, tmp_path):
    workbook = tmp_path / "audit.xlsx"
    run("export", sources, "-o", workbook, "-q")
    _statuses(workbook, ["false alarm", "confirmed", "false alarm", "false alarm"])
    result = run("check", sources, "--reviews", workbook, "--format", "json")
    assert result.exit_code == 1  # confirmed, the strictest, applies: the conflict still fails
    review = _posts(json.loads(result.stdout))["review"]
    assert review["status"] == "confirmed" and review["reviewer"] == "Ana Ruiz"
    assert review["disagreement"].startswith("rows disagree: confirmed (Conflicts row 3), false alarm (Conflicts "
                                             "rows 2, 4")
    text = run("check", sources, "--reviews", workbook).output
    assert "rows disagree" in " ".join(text.split())
    exported = CliRunner().invoke(cli, ["reviews", str(workbook)])
    assert "rows disagree: confirmed" in exported.stderr
    assert json.loads(exported.stdout)["reviews"][0]["status"] == "confirmed"
    # a reviews file keeps the disagreement, and --reviews reads it back
    reviews = tmp_path / "reviews.json"
    run("reviews", workbook, "-o", reviews)
    again = json.loads(run("check", sources, "--reviews", reviews, "--format", "json").stdout)
    assert "rows disagree" in _posts(again)["review"]["disagreement"]
