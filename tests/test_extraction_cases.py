"""Regression corpus: tests/data/extraction_cases.json, one case per line."""
import math

import pytest
from conftest import load_cases

import facts

CASES = load_cases("extraction_cases.json")
KINDS = {
    "names": "numbers inside names, codes, dates and addresses: no figure",
    "glued": "letters glued to digits: currency codes, pence, unit suffixes, k/m/M/bn, hyphen compounds",
    "endpoints": "units on every endpoint of a range",
    "change": "a change and a level; trends and qualifiers carried to alternatives",
    "spelled": "spelled numbers and fractions",
    "negative": "negative numbers",
    "bounds": "bounds and ranges",
    "scientific": "scientific notation",
    "huge": "numbers beyond a float: a finite row or none, never an exception",
    "rate": "a unit per another: points per game, mpg, $4 a gallon, per capita, mg/L, cars a day",
    "compound_unit": "compound and abbreviated units: ksi, kWh, sq ft, km2, m³, nmi, bpm",
    "money_unit": "money with scale words and currency names: bn yen, 5,000 yen, Rs 20 lakh, £1.2bn, million won",
    "counted_noun": "a count's unit is the noun it counts: 13 sorority sisters -> sister",
    "qualifier": "qualifier words, each to its interval: nearly, upwards of, as many as, or so, more than double",
    "number_words": "number words in sentences: two point five million, a quarter-million, a couple of",
    "odd_spacing": "odd spacing and hyphens: 6 .1, 1, 200, twenty - five",
}
FIVE_OR_MORE = ("rate", "compound_unit", "money_unit", "counted_noun", "qualifier", "number_words", "odd_spacing")
"""The kinds of issue 36 (units, qualifiers, number words): at least five cases each."""
FIELDS = ("surface", "value", "low", "high", "qualifier", "unit")


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


def test_every_kind_has_three_cases():
    counts = {kind: sum(c["kind"] == kind for c in CASES) for kind in KINDS}
    assert all(count >= 3 for count in counts.values()), counts
    assert all(counts[kind] >= 5 for kind in FIVE_OR_MORE), counts
    assert {c["kind"] for c in CASES} <= set(KINDS) | {"other"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_states_every_field(case):
    """Each expected figure pins value, interval, qualifier and unit, not only its value."""
    for expected in case["expected"]:
        assert set(FIELDS) <= set(expected), f"{case['id']}: {sorted(set(FIELDS) - set(expected))} missing"
        low, high = expected["low"], expected["high"]
        if low is not None and high is not None:
            assert low <= expected["value"] <= high or expected["qualifier"] == "vague"
