"""Promises over every input: extraction never raises, and every surface is its own span."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import facts

NEWSY = st.lists(st.sampled_from([
    "more than", "about", "1,800", "3 million", "a dozen", "half", "a", "of", "$", "€", "1.8bn",
    "km", "(10 miles)", "-", "–", "between", "and", "2018", "Sept", "14,", "%", "scores", "people",
    "seven-year", "0/2009", "21st", "one", "in", "five", ".", "\n", "Published:", "minus", "3-2",
    "5k-20k", "USD10m", ">=", "<", "or greater", "3/8", "1e308", "9" * 40, "١٢٣", "twenty-first", "and a half",
    "at most", "at least", "through", "~", "+0.2%", "$-50.8bn", "negative", "×10−30",
    "1×10^400", "5e999", "7" * 310, "4 hundred and", "million and a half", "one over", "164p", "sub-",
    "7- or 8-inch", "1.2E9", "pounds of",
]), max_size=30).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.one_of(st.text(max_size=300), NEWSY))
def test_extract_text_never_raises(text):
    df = facts.extract_text(text)
    for row in df.itertuples():
        assert text[row.start:row.end] == row.surface
        assert row.low <= row.value <= row.high or row.qualifier == "vague"


_OPEN_LOW = ("less_than", "at_most")
_OPEN_HIGH = ("more_than", "at_least")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.one_of(st.text(max_size=300), NEWSY))
def test_values_are_finite_and_intervals_ordered(text):
    """No value is infinite or NaN; a bound is open only where the qualifier says so; low <= high
    always, and low <= value <= high whenever all three are finite."""
    import math

    df = facts.extract_text(text)
    for row in df.itertuples():
        assert math.isfinite(row.value), row
        assert not math.isnan(row.low) and not math.isnan(row.high), row
        assert row.low <= row.high, row
        assert math.isfinite(row.low) or row.qualifier in _OPEN_LOW, row
        assert math.isfinite(row.high) or row.qualifier in _OPEN_HIGH, row
        if math.isfinite(row.low) and math.isfinite(row.high) and row.qualifier != "vague":
            assert row.low <= row.value <= row.high, row
