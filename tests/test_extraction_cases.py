"""Regression corpus: tests/data/extraction_cases.json, one case per line."""
import math

import pytest
from conftest import load_cases

import facts

CASES = load_cases("extraction_cases.json")


def _same(a, b) -> bool:
    if b is None:
        return math.isinf(a)
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    df = facts.extract_text(case["text"])
    for row in df.itertuples():
        assert case["text"][row.start:row.end] == row.surface
    got = {row.surface: row for row in df.itertuples()}
    for expected in case["expected"]:
        assert expected["surface"] in got, f"missing {expected['surface']!r}; found {sorted(got)}"
        row = got[expected["surface"]]
        for field, value in expected.items():
            actual = getattr(row, field)
            if isinstance(value, (int, float)) or value is None:
                assert _same(actual, value), f"{field}: {actual!r} != {value!r}"
            else:
                assert actual == value, f"{field}: {actual!r} != {value!r}"
    if case["only"]:
        extra = sorted(set(got) - {e["surface"] for e in case["expected"]})
        assert not extra, f"unexpected facts {extra}"
