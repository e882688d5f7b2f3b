"""Sides of a conflict (`standing.mention_sides`) are taken by the intervals figures stand for:
a bound backs the figures it holds, a rounded figure agrees with what it rounds."""
import pandas as pd
import pytest

from facts.api import extract_text
from facts.checks.standing import DISPUTED, MAJORITY, OUTLIER, mention_sides


def _figures(*sentences):
    """One figure per sentence, each from its own source (doc "d0", "d1", ...)."""
    rows = []
    for k, sentence in enumerate(sentences):
        df = extract_text(sentence)
        assert len(df) == 1, (sentence, list(df["surface"]))
        rows.append(df.assign(doc_id=f"d{k}"))
    return pd.concat(rows, ignore_index=True)


def _sides(*sentences, compared=None):
    facts = _figures(*sentences)
    return [mention_sides(facts, list(facts.index), compared)[i] for i in facts.index]


@pytest.mark.parametrize("sentences, expected", [
    # a bound backs the figure it holds: 120,000 has two sources against 90,000's one
    (("More than 100,000 people fled the city.", "About 120,000 people fled the city.",
      "Some 90,000 people fled the city."), [MAJORITY, MAJORITY, OUTLIER]),
    (("Up to 90 people died in the fire.", "Police said 85 people died in the fire.",
      "Police said 120 people died in the fire."), [MAJORITY, MAJORITY, OUTLIER]),
    # a rounded figure agrees with what it rounds ("3 million" is 2.5-3.5 million)
    (("The city has 3 million people.", "The city has 3.2 million people.",
      "The city has 5 million people."), [MAJORITY, MAJORITY, OUTLIER]),
    # one source each: no majority
    (("Police said 12 people died.", "Police said 20 people died."), [DISPUTED, DISPUTED]),
    # a bound that holds both figures decides nothing between them
    (("More than 10 people died.", "Police said 12 people died.", "Police said 20 people died."),
     [DISPUTED, DISPUTED, DISPUTED]),
    # bounds only: they are the positions
    (("More than 10 people died.", "At least 10 people died.", "Fewer than 5 people died."),
     [MAJORITY, MAJORITY, OUTLIER]),
])
def test_sides_follow_intervals(sentences, expected):
    assert _sides(*sentences) == expected


def test_a_figure_compared_as_a_sum_takes_the_sums_side_and_a_repeat_takes_its_voters_side():
    facts = _figures("Police said 4 people died.", "Police said 5 people died.", "Police said 5 people died.",
                     "Police said 2 people died.", "Police said 5 people died.")
    # row 3 ("2") was compared as the sum 5; row 4 repeats 5 without a pair of its own
    sides = mention_sides(facts, list(facts.index), compared={0: 4.0, 1: 5.0, 2: 5.0, 3: 5.0})
    assert sides == {0: OUTLIER, 1: MAJORITY, 2: MAJORITY, 3: MAJORITY, 4: MAJORITY}
    # a figure no pair compared and no voter repeats takes no side
    sides = mention_sides(facts, list(facts.index), compared={0: 4.0, 1: 5.0, 2: 5.0})
    assert sides[3] is None and sides[4] == MAJORITY


def test_a_repeat_is_the_same_figure_not_the_same_value():
    """"three" beside a compared "at least three" repeats no voting figure: it takes no side."""
    facts = _figures("Police said 10 people died.", "Police said 10 people died.", "At least three people died.",
                     "Police said three people died.", "Police said 12 people died.")
    sides = mention_sides(facts, list(facts.index), compared={0: 10.0, 1: 10.0, 2: 3.0, 4: 12.0})
    assert sides == {0: MAJORITY, 1: MAJORITY, 2: MAJORITY, 3: None, 4: OUTLIER}
