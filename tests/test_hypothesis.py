"""Promises over every input: extraction never raises, and every surface is its own span."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import facts

NEWSY = st.lists(st.sampled_from([
    "more than", "about", "1,800", "3 million", "a dozen", "half", "a", "of", "$", "€", "1.8bn",
    "km", "(10 miles)", "-", "–", "between", "and", "2018", "Sept", "14,", "%", "scores", "people",
    "seven-year", "0/2009", "21st", "one", "in", "five", ".", "\n", "Published:", "minus", "3-2",
]), max_size=30).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), NEWSY))
def test_extract_text_never_raises(text):
    df = facts.extract_text(text)
    for row in df.itertuples():
        assert text[row.start:row.end] == row.surface
        assert row.low <= row.value <= row.high or row.qualifier == "vague"
