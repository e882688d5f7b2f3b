"""CI formats of `facts check`: JUnit parsed with xml.etree, GitHub annotations matched exactly."""
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from click.testing import CliRunner

from facts.claims.compare import AlignOptions
from facts.cli import cli

ANNOTATION = re.compile(r"^::(?P<level>error|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
                        r"endColumn=(?P<end>\d+),title=(?P<title>[^:]+)::(?P<message>.+)$")




def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_junit_lists_expectations_and_conflicts(perturbed):
    result = run("check", str(perturbed), "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"cross_source", "facts_table", "claims"}
    assert len(suites["facts_table"].findall("testcase")) == len(json.loads(
        (Path(__file__).resolve().parent.parent / "expectations" / "facts_table.json").read_text())["expectations"])
    assert suites["facts_table"].get("failures") == "0"
    claim_cases = suites["claims"].findall("testcase")
    assert len(claim_cases) == 1 and re.fullmatch(r"C\d+ military posts", claim_cases[0].get("name"))
    assert "do not overlap" in claim_cases[0].find("failure").get("message")
    # the conflict counts once: as its claim, not again as the suite entry that found it
    assert suites["cross_source"].get("failures") == "0"
    assert root.get("failures") == "1" and root.get("errors") == "0"
    assert int(root.get("tests")) == sum(len(s.findall("testcase")) for s in root.iter("testsuite"))
    assert float(root.get("time")) > 0  # the check's wall time, extraction included


def test_junit_on_seeds_has_no_failures(seeds_dir):
    result = run("check", str(seeds_dir), "--format", "junit")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert all(s.get("failures") == "0" for s in root.iter("testsuite"))


def test_github_annotations_point_at_the_figures(perturbed):
    result = run("check", str(perturbed), "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # the four mentions of the conflicting claim, one per line
    levels = {}
    for line in lines:
        m = ANNOTATION.match(line)
        assert m, line
        text = Path(m["file"]).read_text().splitlines()[int(m["line"]) - 1]
        surface = m["message"].split(" — ")[0]
        assert text[int(m["col"]) - 1:int(m["end"]) - 1] == surface
        levels[(Path(m["file"]).name[:3], surface)] = (m["level"], m["title"])
    # three sources say 12, 004 says 20: the outlier is the error, the majority are notices
    claim = re.search(r"C\d+", levels[("004", "20")][1]).group(0)
    # the title names the claim and, as a person would, the source (its title; no outlet line here)
    titles = {"000": "Turkey is working to reach cease-fire in Syria’s Idlib",
              "001": "Erdogan will visit Russian Federation with working visit",
              "004": "Turkey ‘talking to all sides’ in Syria conflict for Idlib..."}
    assert levels == {
        ("000", "12"): ("notice", f"facts%3A figure agreeing with the majority {claim} ({titles['000']})"),
        ("001", "a dozen"): ("notice", f"facts%3A figure agreeing with the majority {claim} ({titles['001']})"),
        ("001", "12"): ("notice", f"facts%3A figure agreeing with the majority {claim} ({titles['001']})"),
        ("004", "20"): ("error", f"facts%3A conflicting figure {claim} ({titles['004']})"),
    }


def test_github_lines_of_a_three_source_claim_with_one_outlier(tmp_path):
    texts = {"a.txt": "Published: 2024-03-01\nPolice said 12 people were killed.\n",
             "b.txt": "Published: 2024-03-01\nOfficials said 12 people were killed in the blast.\n",
             "c.txt": "Published: 2024-03-01\nIn all, 19 people were killed.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    result = run("check", str(tmp_path), "--format", "github")
    assert result.exit_code == 1
    same = re.search(r"\(same fact: (\d\.\d\d)\)", result.stdout)
    assert same and float(same.group(1)) >= AlignOptions().conflict_at  # the model's probability, whatever it is
    reason = ("12 (a.txt) vs 19 (c.txt) people killed: intervals [12, 12] and [19, 19] do not overlap; "
              f"both give it as the toll: the lead in each (same fact: {same.group(1)})")
    by = {name: text.splitlines()[1].replace(",", "%2C") for name, text in texts.items()}  # the title line
    assert result.stdout.splitlines() == [
        f"::notice file={tmp_path}/a.txt,line=2,col=13,endColumn=15,"
        f"title=facts%3A figure agreeing with the majority C001 ({by['a.txt']})::12 — {reason}",
        f"::notice file={tmp_path}/b.txt,line=2,col=16,endColumn=18,"
        f"title=facts%3A figure agreeing with the majority C001 ({by['b.txt']})::12 — {reason}",
        f"::error file={tmp_path}/c.txt,line=2,col=9,endColumn=11,"
        f"title=facts%3A conflicting figure C001 ({by['c.txt']})::19 — {reason}",
    ]


def test_github_line_of_a_jsonl_row_is_the_row_line(tmp_path):
    rows = tmp_path / "feed.jsonl"
    rows.write_text('{"id": "a", "published": "2020-03-01", "text": "Police said 12 people died."}\n\n'
                    '{"id": "b", "published": "2020-03-01", "text": "Line one.\\nPolice said 20 people died."}\n')
    result = run("check", str(rows), "--format", "github")
    lines = result.stdout.splitlines()
    assert [line.split(",title=")[0] for line in lines] == [
        f"::error file={rows},line=1", f"::error file={rows},line=3"]


def test_github_on_seeds_is_silent(seeds_dir):
    result = run("check", str(seeds_dir), "--format", "github")
    assert result.exit_code == 0 and result.stdout == ""


FIVE_KILLED = {"b.txt": "Five dead in Elm Street shooting\nPublished: 2024-03-01\n\nFive people were killed in a "
                        "shooting on Elm Street on Friday, police said.\n",
               "c.txt": "Shooting on Elm Street leaves five dead\nPublished: 2024-03-01\n\nFive people were killed "
                        "in a shooting on Elm Street on Friday.\n"}
"""Two sources that give five killed: the majority against a third source's `a.txt`."""


def _people_killed(folder, a_text: str) -> dict:
    """The JSON claim of people killed when `a.txt` (`a_text`) stands against `FIVE_KILLED`."""
    for name, text in {"a.txt": a_text, **FIVE_KILLED}.items():
        (folder / name).write_text(text)
    report = json.loads(run("check", str(folder), "--format", "json").stdout)
    return next(c for c in report["claims"] if c["label"] == "people killed")


def test_a_figure_beside_the_toll_that_was_never_compared_takes_no_side(tmp_path):
    """"Three of them were killed at the scene" is in the claim of people killed, but no pair the
    conflict rests on holds it: it is neither a conflicting figure (no ::error on it) nor the
    majority; its side is null in JSON and the text report does not list it as an outlier."""
    killed = _people_killed(tmp_path, "Four killed in Elm Street shooting\nPublished: 2024-03-01\n\nFour people "
                                      "were killed in a shooting on Elm Street on Friday, police said. Three of them "
                                      "were killed at the scene.\n")
    assert killed["verdict"] == "conflict"
    sides = {(m["doc_id"], m["surface"]): m["side"] for m in killed["mentions"]}
    assert sides[("a.txt", "Three")] is None
    assert sides[("a.txt", "Four")] == "outlier" and sides[("b.txt", "Five")] == "majority"
    github = run("check", str(tmp_path), "--format", "github").stdout.splitlines()
    errors = [line for line in github if line.startswith("::error")]
    assert errors and all(line.split("::")[-1].startswith("Four — ") for line in errors)
    assert not any("::Three — " in line for line in github)
    text = run("check", str(tmp_path)).stdout
    assert "outlier   Four" in text and "Three" not in text


def test_a_sum_takes_its_side_on_the_row_of_its_first_count(tmp_path):
    """"Two men and two women were killed" is compared as 4: its first count stands for the sum
    and is the outlier against five (it would vote as 2 and be no outlier of 4 by its own figure)."""
    killed = _people_killed(tmp_path, "Shooting on Elm Street\nPublished: 2024-03-01\n\nTwo men and two women were "
                                      "killed in a shooting on Elm Street on Friday, police said.\n")
    assert killed["verdict"] == "conflict" and "the sum of 'Two men and two women' (4)" in killed["reason"]
    sides = [(m["doc_id"], m["surface"], m["side"]) for m in killed["mentions"]]
    assert ("a.txt", "Two", "outlier") in sides and ("a.txt", "two", None) in sides
    assert {side for doc, _, side in sides if doc != "a.txt"} == {"majority"}
