"""The sentence cues of `facts/data/cues.json`: each named row reads its own cases (a sentence
that has the cue, one that has not), as extraction writes them to the `cues` column."""
import pytest

from facts.figures.cues import cue_table, parse_cues, sentence_cues

CASES = [(cue.name, kind, sentence) for cue in cue_table() for kind in ("yes", "no")
         for sentence in cue.cases.get(kind, ())]


@pytest.mark.parametrize("name, kind, sentence", CASES, ids=[f"{n}-{k}-{s[:30]}" for n, k, s in CASES])
def test_cue_case(name, kind, sentence):
    names, _ = parse_cues(sentence_cues(sentence))
    assert (name in names) == (kind == "yes"), (sentence, sorted(names))


def test_every_cue_has_cases_both_ways():
    for cue in cue_table():
        assert cue.cases.get("yes") and cue.cases.get("no"), cue.name


def test_a_year_is_read_beside_the_cues():
    assert parse_cues(sentence_cues("The 2004 quake killed 230,000 people three years ago.")) == (
        frozenset({"past", "earlier_time"}), frozenset({"2004"}))


def test_a_row_reads_every_phrase_of_the_rows_it_includes():
    rows = {cue.name: cue for cue in cue_table()}
    assert set(rows["earlier_time"].phrases) <= set(rows["past"].phrases)
    for sentence in rows["earlier_time"].cases["yes"]:
        assert "past" in parse_cues(sentence_cues(sentence))[0], sentence
