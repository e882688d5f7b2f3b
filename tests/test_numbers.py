"""Table tests of the pure arithmetic in facts.figures.numbers."""
import math

import pytest

from facts.figures import numbers as n

INF = math.inf


@pytest.mark.parametrize("text, value", [
    ("three million", 3e6), ("twenty-five", 25), ("a dozen", 12), ("two dozen", 24),
    ("half a million", 5e5), ("a half a million", 5e5), ("one and a half million", 1.5e6),
    ("one hundred and twenty", 120), ("a hundred", 100), ("1.5 million", 1.5e6),
    ("seven", 7), ("ninety-nine thousand", 99000), ("a quarter of a million", 250000),
    ("two thousand five hundred", 2500), ("zero", 0),
    ("two point five million", 2.5e6), ("ninety-nine point nine", 99.9), ("three point oh four", 3.04),
    ("a quarter-million", 250000), ("a half-million", 5e5), ("three quarters of a million", 750000),
    ("half-a-million", 5e5), ("a half dozen", 6), ("twenty - five", 25), ("point five", 0.5),
])
def test_words_to_number(text, value):
    assert n.words_to_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "and", "the", "many", "million people", "half", "two point",
                                  "two point five people", "half a point"])
def test_words_to_number_rejects(text):
    assert n.words_to_number(text) is None


@pytest.mark.parametrize("text, value", [
    ("1,800", 1800), ("3.7", 3.7), ("\u22125", -5), ("-2.5", -2.5), (".5", 0.5), ("12", 12),
    ("12\u00bd", 12.5), ("\u00be", 0.75),
])
def test_parse_digits(text, value):
    assert n.parse_digits(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.2.3", "12a", "", "--5"])
def test_parse_digits_rejects(text):
    assert n.parse_digits(text) is None


@pytest.mark.parametrize("qualifier, value, expected", [
    ("exact", 12, ("exact", 12, 12)),
    ("approx", 100, ("approx", 90, 110)),
    ("approx_below", 3000, ("approx", 2700, 3000)),
    ("more_than", 1800, ("more_than", 1800, INF)),
    ("at_least", 5, ("at_least", 5, INF)),
    ("less_than", 15, ("less_than", 0, 15)),
    ("at_most", -3, ("at_most", -INF, -3)),
])
def test_qualifier_interval(qualifier, value, expected):
    assert n.qualifier_interval(qualifier, value) == pytest.approx(expected)


@pytest.mark.parametrize("word, value, expected", [
    # each qualifier of issue 36 to its interval (not counting things: the relative band alone)
    ("nearly", 300, ("approx", 270, 300)),
    ("almost", 40, ("approx", 36, 40)),
    ("just under", 2000, ("approx", 1800, 2000)),
    ("upwards of", 500, ("more_than", 500, INF)),
    ("as many as", 60, ("at_most", 0, 60)),
    ("no fewer than", 12, ("at_least", 12, INF)),
    ("roughly", 1200, ("approx", 1080, 1320)),
    ("some", 400, ("approx", 360, 440)),
    ("a little over", 100, ("more_than", 100, 110)),
    ("just over", 2000, ("more_than", 2000, 2200)),
    ("at most", 15, ("at_most", 0, 15)),
    ("up to", 80, ("at_most", 0, 80)),
    ("more than", 2, ("more_than", 2, INF)),  # "more than double"
])
def test_qualifier_word_interval(word, value, expected):
    assert n.qualifier_interval(n.qualifier_of(word), value) == pytest.approx(expected)


@pytest.mark.parametrize("word, value", [
    ("doubled", 2), ("twice", 2), ("tripled", 3), ("quadrupled", 4), ("halved", 0.5), ("fivefold", 5),
    ("5-fold", 5), ("ten fold", 10), ("2.5-fold", 2.5), ("tenfold", 10), ("manifold", None), ("fold", None),
])
def test_multiplier_value(word, value):
    assert n.multiplier_value(word) == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize("qualifier, value, expected", [
    ("approx", 6, ("approx", 5, 7)),            # "about six shots": one either way
    ("approx_below", 6, ("approx", 5, 6)),      # "nearly six"
    ("approx", 100, ("approx", 90, 110)),       # the band is wider than one thing
    ("approx", 2.5, ("approx", 2.25, 2.75)),    # not a whole number of things
    ("at_least", 5, ("at_least", 5, INF)),
])
def test_qualifier_interval_of_a_count(qualifier, value, expected):
    assert n.qualifier_interval(qualifier, value, counted=True) == pytest.approx(expected)


def test_qualifier_interval_names_choices():
    with pytest.raises(ValueError, match="expected one of exact, approx"):
        n.qualifier_interval("roughly", 3)


@pytest.mark.parametrize("words, qualifier", [
    ("more than", "more_than"), ("Over", "more_than"), ("at  least", "at_least"),
    ("up to", "at_most"), ("nearly", "approx_below"), ("about", "approx"), ("under", "less_than"),
    ("blue", None),
])
def test_qualifier_of(words, qualifier):
    assert n.qualifier_of(words) == qualifier


@pytest.mark.parametrize("phrase, interval", [
    ("scores of", (40, 200)), ("Thousands of", (2000, 10000)), ("several dozen", (24, 108)),
    ("a few hundred", (200, 500)), ("tens of thousands of", (20000, 100000)), ("lots of", None),
])
def test_vague_interval(phrase, interval):
    assert n.vague_interval(phrase) == (pytest.approx(interval) if interval else None)


@pytest.mark.parametrize("surface, value, step", [
    ("3 million", 3e6, 1e6), ("1.5 million", 1.5e6, 1e5), ("1,800", 1800, 100), ("12", 12, 1),
    ("430", 430, 1), ("30,000", 30000, 3000), ("three million", 3e6, 1e6), ("a dozen", 12, 1),
    ("3.7", 3.7, 0.1), ("half a million", 5e5, 1e5), ("10", 10, 1),
    ("two point five million", 2.5e6, 1e5), ("four point two", 4.2, 0.1), ("1,200", 1200, 100),
])
def test_rounding_step(surface, value, step):
    assert n.rounding_step(surface, value) == pytest.approx(step)

