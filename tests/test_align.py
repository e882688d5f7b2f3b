"""Pairing mentions within a claim: the linear rule for many sources finds every disagreement
that pairing all sources finds (property test)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from facts.claims.compare import AlignOptions, ClaimMention, claim_pairs
from facts.claims.samefact import AlwaysSame

SAME = AlwaysSame()  # the pairing arithmetic alone: every two mentions of a claim state the same fact

INTERVALS = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), min_size=2, max_size=25)


def mentions(spec):
    return [ClaimMention(i, f"d{i}", float(low), float(low + width), "", low_w=float(low), high_w=float(low + width))
            for i, (low, width) in enumerate(spec)]


def disagree(pairs):
    return any(p["relative_gap"] > 0 for p in pairs)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(INTERVALS)
def test_extremes_find_every_disagreement(spec):
    rows = mentions(spec)
    every = claim_pairs("C1", rows, AlignOptions(all_pairs_up_to=10_000, model=SAME))
    linear = claim_pairs("C1", rows, AlignOptions(all_pairs_up_to=1, model=SAME))
    assert disagree(every) == disagree(linear)
    assert max(p["relative_gap"] for p in every) == max(p["relative_gap"] for p in linear)
    assert len(linear) <= 2 * len(rows)


def test_many_sources_stay_linear():
    rows = mentions([(12, 0)] * 2000 + [(20, 0)])
    pairs = claim_pairs("C1", rows, AlignOptions(model=SAME))
    assert len(pairs) < 4100
    assert any(p["relative_gap"] > 0 and "d2000" in (p["a_doc"], p["b_doc"]) for p in pairs)
