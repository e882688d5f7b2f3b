"""The role of a figure in its story (facts/roles.py), one case per kind of false alarm
(tests/data/role_cases.json), and where a sentence stands in its article."""
import json
from pathlib import Path

import pytest

from facts.roles import revision_cue, role_of
from facts.sentences import positions, split_sentences

CASES = json.loads((Path(__file__).parent / "data" / "role_cases.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}:{c['figure']}:{c['sentence'][:40]}" for c in CASES])
def test_role(case):
    sentence = case["sentence"]
    start = sentence.index(case["figure"])
    role = role_of(sentence, start, start + len(case["figure"]), case["people"], case["event"],
                   case.get("published", "2016-06-01"))
    assert role.role == case["role"], role.reason
    assert bool(role.reason) == bool(case["role"])  # every role says which words gave it


def test_every_kind_has_cases():
    kinds = {c["kind"] for c in CASES}
    assert {"part", "sum", "other_event", "other_people", "earlier", "not_count", "total", "stated", "plain"} <= kinds


@pytest.mark.parametrize("sentence,cue", [
    ("Two more people have since died of their wounds.", "since died"),
    ("Police now say eleven people were hurt.", "now say"),
    ("UPDATE: the count of injured was revised.", "revised"),
    ("UPDATE: 2 dead after a shooting downtown", ""),  # a label of a first report, not a revision
    ("He was taken to a hospital, where he later died.", ""),
    ("The victims were taken to Mercy Hospital.", ""),
])
def test_revision_cue(sentence, cue):
    assert revision_cue(sentence) == cue


def test_positions_headline_lead_body():
    text = ("3 hurt in crash on Main Street\nPublished: May 2, 2016\n\n"
            "Three people were hurt on Monday. Police closed the road. The driver fled.\n\nA fourth sentence.")
    spans = split_sentences(text)
    where = dict(zip((text[s:e] for s, e in spans), positions(text, "3 hurt in crash on Main Street", spans)))
    assert where["3 hurt in crash on Main Street"] == "headline"
    assert where["Three people were hurt on Monday."] == "lead"
    assert where["Police closed the road."] == "lead"
    assert where["The driver fled."] == "body"


def test_no_headline_without_a_title():
    text = "Three people were hurt on Monday. Police closed the road."
    spans = split_sentences(text)
    assert positions(text, "", spans) == ["lead", "lead"]
