"""What each figure is about: events, people, measures, holders, ages, figures that are not
figures of anything, the tolerance that matches a reader, and claims linked by wording."""
import math

import pytest
from conftest import load_cases

import facts
from facts.claims.context import contexts, linked_keys, masked
from facts.claims.intervals import compared_interval, relative_gap, statement_gap
from facts.claims.keys import with_keys
from facts.figures.frames import event_after, event_before, frame_key, lexicon

FRAMES = load_cases("frame_cases.json")
NOT_FIGURES = load_cases("not_figure_cases.json")
INF = math.inf


def keyed(text: str):
    return with_keys(facts.extract_text(text))


@pytest.mark.parametrize("case", FRAMES, ids=[c["id"] for c in FRAMES])
def test_frame(case):
    df = keyed(case["text"])
    got = {row["surface"]: row for row in df.to_dict("records")}
    for expected in case["expected"]:
        assert expected["surface"] in got, f"missing {expected['surface']!r}; found {sorted(got)}"
        row = got[expected["surface"]]
        for field, value in expected.items():
            if isinstance(value, (int, float)):
                assert row[field] == pytest.approx(value), field
            else:
                assert row[field] == value, f"{field}: {row[field]!r} != {value!r}"


@pytest.mark.parametrize("case", NOT_FIGURES, ids=[c["id"] for c in NOT_FIGURES])
def test_not_a_figure(case):
    df = facts.extract_text(case["text"])
    assert df.empty, f"{case['text']!r} gave {list(df['surface'])}"


def test_name_numbers_do_not_hide_real_figures():
    df = facts.extract_text("The airline received two new 737 Max jets and 12 Boeing 737 planes.")
    assert set(df["surface"]) == {"two", "12"}
    assert set(df["concept"]) == {"new 737 Max jets", "Boeing 737 planes"}


# A reader's judgement: same fact, compatible or not.
TOLERANCE = [
    ("The province, population 2 million, is the rebels' last stronghold.",
     "About three million people live in the province.", "conflict"),
    ("The quake hit at a depth of 8 km.", "The quake struck at a depth of 30 km.", "conflict"),
    ("The government released $40 million in relief funds.",
     "The government set aside $75 million in relief funds.", "conflict"),
    ("About 300,000 homes were destroyed.", "Nearly 300,000 households were destroyed.", "consistent"),
    ("Turkey has 12 military posts in Idlib.", "Turkey has a dozen military posts in Idlib.", "consistent"),
    ("At least 210 people were killed.", "212 people were killed.", "consistent"),
    ("More than 2,500 people were displaced.", "2,540 people were displaced.", "consistent"),
    ("The town is 8 km from the border.", "The town is about 8 kilometres from the border.", "consistent"),
    ("1,800 civilians have been killed.", "More than 1,800 civilians have been killed.", "consistent"),
    ("The city lies 15 km from the border.", "The city lies 10 miles from the border.", "consistent"),
    ("Two dead, six injured in shooting.", "Three people were killed and six wounded in the shooting.", "conflict"),
    ("Five people were shot, two fatally.", "Police said five people were shot and three died.", "conflict"),
    ("Two people were killed.", "Six people were injured.", "unrelated"),
    ("Britain has 4,100 troops in Iraq.", "The United States has 142,500 troops in Iraq.", "unrelated"),
    ("1.5 million people have been displaced.", "The area has 3 million residents.", "unrelated"),
    ("Seven Turkish soldiers were killed.", "One civilian contractor was killed.", "unrelated"),
    ("The talks lasted five hours.", "Turkey and Russia held three hours of talks.", "conflict"),
    ("Turkey hosts more than 3.7 million Syrian refugees.", "Turkey is hosting more than 3.7 million Syrians.",
     "consistent"),
    ("Jack took a 3-hour bike ride.", "Jack took a 5-hour bike ride.", "conflict"),
    ("Andy solves problems 74 to 135 inclusive.", "Andy solves problems 54 to 135 inclusive.", "conflict"),
    ("Since you're nice, you give John 2 baseball cards.",
     "Since you're nice, you give John more than 2 baseball cards.", "consistent"),
]


@pytest.mark.parametrize("a, b, verdict", TOLERANCE, ids=[f"{v}-{i}" for i, (_, _, v) in enumerate(TOLERANCE)])
def test_tolerance_matches_a_reader(a, b, verdict):
    assert facts.compare_texts(a, b).verdict == verdict


@pytest.mark.parametrize("low, high, value, step, qualifier, other_step, expected", [
    (3e6, 3e6, 3e6, 1e6, "exact", 1e5, (2.5e6, 3.5e6)),   # "3 million" vs "3.4 million"
    (2e6, 2e6, 2e6, 1e6, "exact", 1e6, (2e6, 2e6)),       # "2 million" vs "3 million": as stated
    (2.7e6, 3.3e6, 3e6, 1e6, "approx", 0.0, (2.7e6, 3.3e6)),  # "about" is never widened again
    (1800, INF, 1800, 100, "more_than", 0.0, (1800, INF)),
    (15000, 15000, 15000, 1000, "exact", 1609.344, (15000, 15000)),  # the finer of two stays
])
def test_compared_interval(low, high, value, step, qualifier, other_step, expected):
    assert compared_interval(low, high, value, step, qualifier, other_step) == pytest.approx(expected)


@pytest.mark.parametrize("a, b, gap", [
    ((12, 12), (12, 12), 0.0), ((10, 20), (15, 30), 0.0), ((8, 8), (30, 30), 22 / 30),
    ((100, 100), (110, 110), 10 / 110), ((1800, INF), (1750, 1850), 0.0), ((-INF, 5), (10, 10), 0.5),
])
def test_relative_gap(a, b, gap):
    """The gap between the facing bounds, relative to the larger of them."""
    assert relative_gap(a, b) == pytest.approx(gap)


@pytest.mark.parametrize("a, b, qa, qb, worded, apart", [
    ((74, 135), (54, 135), "range", "range", True, True),     # the same sentence, another range
    ((74, 135), (54, 135), "range", "range", False, False),   # two sources' ranges that overlap
    ((10, INF), (30, INF), "at_least", "at_least", True, True),
    ((700, INF), (410, INF), "more_than", "more_than", False, False),  # both can be true
    ((-INF, 80), (-INF, 10), "at_most", "at_most", True, True),
    ((8, 8), (5, INF), "exact", "more_than", True, False),    # differ only by "more than"
])
def test_statement_gap(a, b, qa, qb, worded, apart):
    assert (statement_gap(a, b, qa, qb, worded) > 0.05) is apart


LEX = lexicon()


@pytest.mark.parametrize("words, event", [
    (["dead", ",", "#"], "killed"), (["were", "shot", ",", "#", "fatally"], "shot"), (["fatally"], "killed"),
    (["others", "were", "wounded"], "injured"), (["were", "shot", "and", "killed"], "killed"),
    (["and", "wounded", "#"], ""), (["who", "killed", "#"], ""), (["were", "in", "critical", "condition"], "injured"),
    (["were", "found", "shot", "to", "death"], "killed"), (["were", "among", "those", "killed"], ""),
    (["military", "posts"], ""),
])
def test_event_after(words, event):
    assert event_after(words, LEX) == event


@pytest.mark.parametrize("words, event", [
    (["killing"], "killed"), (["gunman", "kills"], "killed"), (["fatally", "shooting"], "killed"),
    (["wounding"], "injured"), (["the", "dead"], ""), (["said"], ""),
])
def test_event_before(words, event):
    assert event_before(words, LEX) == event


@pytest.mark.parametrize("measure, predicate, event, key", [
    ("people", "kill", "killed", "person|killed"), ("victim", "", "killed", "person|killed"),
    ("woman", "", "injured", "person|injured"), ("", "", "killed", "person|killed"),
    ("death toll", "rise", "", "person|killed"), ("soldier", "kill", "killed", "soldier|killed"),
    ("civilian contractor", "kill", "killed", "civilian contractor|killed"),
    ("people", "live", "", "population"), ("population", "be", "", "population"),
    ("victim", "take", "", ""),  # people in general with no event: not compared
    ("observation point", "have", "", "military post"), ("km", "lie", "", ""),
    ("part of", "be", "injured", "part of person|injured"), ("part of hospital", "damage", "", "hospital|damaged"),
    ("death per 100,000 people", "", "", "death per 100,000 people"), ("", "say", "", ""),
    ("cake", "bake", "", "cake|made"),
])
def test_frame_key(measure, predicate, event, key):
    assert frame_key(measure, predicate, event, LEX) == key


def test_masked_sentence():
    assert masked("A race of 1400 meters, twice 200 m", [(10, 21)]) == "a race of # , twice # m"


def test_contexts_and_links():
    sentences = ["Mary is 10 years younger than Albert", "Mary is 20 years younger than Albert"]
    ctx = contexts(["a", "b"], [0, 0], sentences, [8, 8], ["10 years", "20 years"])
    assert ctx[0] == ctx[1] == "0|mary is # younger than albert"
    assert linked_keys(["", "age"], ["a", "b"], ctx) == ["age", "age"]
    # the same document twice links nothing; too short a sentence links nothing
    assert linked_keys(["", "x"], ["a", "a"], ctx) == ["", "x"]
    assert contexts(["a"], [0], ["Two dead"], [0], ["Two"]) == [""]


@pytest.mark.parametrize("value, base, rounding, unit, dimension, qualifier, expected", [
    (3e6, 3e6, 1e6, "", "count", "exact", (2.5e6, 3.5e6)),        # "3 million" stands for 2.5-3.5 million
    (12, 12, 1, "", "count", "exact", (12, 12)),                  # a count to the unit is exact
    (15, 15000, 1, "kilometre", "length", "exact", (14500, 15500)),  # a measure to the unit is not
    (3e6, 3e6, 1e6, "", "count", "approx", (2.7e6, 3.3e6)),        # "about" keeps its own band
    (19, 19, 1, "percentage", "percentage", "exact", (18.5, 19.5)),  # a percentage to the unit is not exact
    (1800, 1800, 100, "", "count", "exact", (1800, 1800)),          # a count in digits is exact, round or not
])
def test_widened(value, base, rounding, unit, dimension, qualifier, expected):
    import pandas as pd

    from facts.claims.intervals import widened

    low, high = {"approx": (base * 0.9, base * 1.1)}.get(qualifier, (base, base))
    surface = {1e6: "3 million", 100: "1,800"}.get(rounding, str(value))  # how it was written sets its precision
    df = pd.DataFrame([{"value": value, "base_value": base, "base_low": low, "base_high": high, "rounding": rounding,
                        "unit": unit, "dimension": dimension, "qualifier": qualifier, "surface": surface}])
    got_low, got_high = widened(df)
    assert (got_low[0], got_high[0]) == pytest.approx(expected)


@pytest.mark.parametrize("concept_key, predicate, event, key", [
    ("civilian", "kill", "killed", "person|killed"), ("observation point", "have", "", "military post"),
    ("resident", "live", "", "population"), ("soldier", "kill", "killed", "soldier|killed"),
    ("military post", "have", "", "military post"), ("", "", "", ""),
])
def test_claim_key(concept_key, predicate, event, key):
    from facts.claims.keys import claim_key

    assert claim_key(concept_key, predicate, event) == key
