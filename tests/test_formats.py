"""CI formats of `facts check`: JUnit parsed with xml.etree, GitHub annotations matched exactly."""
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from click.testing import CliRunner

from facts.cli import cli

ANNOTATION = re.compile(r"^::(?P<level>error|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),title=(?P<title>[^:]+)::(?P<message>.+)$")




def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_junit_lists_expectations_and_conflicts(perturbed):
    result = run("check", str(perturbed), "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"cross_source", "facts_table", "claims"}
    assert len(suites["facts_table"].findall("testcase")) == 9
    assert suites["facts_table"].get("failures") == "0"
    claim_cases = suites["claims"].findall("testcase")
    assert [c.get("name") for c in claim_cases] == ["C005 military posts"]
    assert "do not overlap" in claim_cases[0].find("failure").get("message")
    # the conflict counts once: as its claim, not again as the suite entry that found it
    assert suites["cross_source"].get("failures") == "0"
    assert root.get("failures") == "1" and root.get("errors") == "0"
    assert int(root.get("tests")) == sum(len(s.findall("testcase")) for s in root.iter("testsuite"))


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
        assert surface in text
        levels[(Path(m["file"]).name[:3], surface)] = (m["level"], m["title"])
    # three sources say 12, 004 says 20: the outlier is the error, the majority are notices
    assert levels == {
        ("000", "12"): ("notice", "facts%3A figure agreeing with the majority C005"),
        ("001", "a dozen"): ("notice", "facts%3A figure agreeing with the majority C005"),
        ("001", "12"): ("notice", "facts%3A figure agreeing with the majority C005"),
        ("004", "20"): ("error", "facts%3A conflicting figure C005"),
    }


def test_github_on_seeds_is_silent(seeds_dir):
    result = run("check", str(seeds_dir), "--format", "github")
    assert result.exit_code == 0 and result.stdout == ""
