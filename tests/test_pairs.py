"""Which figures of two texts are compared: cases as data (tests/data/pair_cases.json)."""
import pytest
from conftest import load_cases

import facts
from facts.claims.compare import same_place

CASES = load_cases("pair_cases.json")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_pair_case(case):
    result = facts.compare_texts(case["a"], case["b"])
    assert result.verdict == case["verdict"], f"{case['why']}: {result.reason}"


@pytest.mark.parametrize("a, b, same", [
    ("", "Idlib", True), ("Idlib", "", True), ("Idlib province", "idlib", True),
    ("Wallkill Correctional Facility", "Queensboro Correctional Facility", False), ("Gary", "Chicago", False),
])
def test_same_place(a, b, same):
    assert same_place(a, b) is same
