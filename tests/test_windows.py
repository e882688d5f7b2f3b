"""Time windows as people read them: "within 24 hours", "in the last 24 hours" and "over the
past day" are one window (`figures.timescope`), and so the same claim."""
import pytest
from conftest import load_cases

from facts.figures.timescope import time_scope, trailing_window

CASES = load_cases("window_cases.json")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_window_cases(case):
    assert time_scope(case["sentence"]) == case["window"]


@pytest.mark.parametrize("count, unit, said", [
    ("24", "hours", "past day"), ("1", "day", "past day"), ("", "day", "past day"), ("48", "hour", "past 2 days"),
    ("36", "hours", "past 36 hours"), ("14", "days", "past 2 weeks"), ("seven", "days", "past week"),
    ("a", "week", "past week"), ("18", "months", "past 18 months"), ("24", "months", "past 2 years"),
    ("two", "decades", "past 2 decades"),
])
def test_a_trailing_window_is_said_by_its_largest_whole_unit(count, unit, said):
    assert trailing_window(count, unit) == said


def test_the_three_windows_of_the_issue_are_one_claim_window():
    from facts.claims.keys import window

    said = {window(time_scope(s), "count") for s in (
        "430 Turkish military vehicles crossed into Idlib within 24 hours.",
        "430 Turkish military vehicles had crossed into Idlib in the last 24 hours.",
        "Over the past day, 430 Turkish military vehicles crossed into Idlib.")}
    assert said == {"past day"}
