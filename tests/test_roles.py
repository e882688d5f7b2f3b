"""The role of a figure in its story (facts/figures/roles.py), one case per kind of false alarm
(tests/data/role_cases.json), and where a sentence stands in its article."""
import json
from pathlib import Path

import pytest

from facts.api import extract_text
from facts.figures.roles import events_counted, revision_cue, role_of, stated_tolls
from facts.inputs.chrome import is_caption
from facts.inputs.metadata import caption_date
from facts.inputs.sentences import positions, split_sentences
from facts.types import TOLL_ROLES

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


@pytest.mark.parametrize("sentence, count", [
    ("4 injured in 2 Daytona Beach shootings", 2),
    ("Two shootings near the campus leave 5 people injured", 2),
    ("One dead in two weekend shootings", 2),
    ("Police believe both shootings are related", 2),
    ("Violent weekend: 17 scenes, 7 dead", 17),
    ("3 killed, 2 wounded in shooting at apartment", None),
    ("4 injured after shootings downtown", None),
    ("Two of the shootings happened downtown", None),
])
def test_events_counted(sentence, count):
    assert events_counted(sentence) == count


def test_positions_headline_lead_body():
    text = ("3 hurt in crash on Main Street\nPublished: May 2, 2016\n\n"
            "Three people were hurt on Monday. Police closed the road. The driver fled.\n\nA fourth sentence.")
    spans = split_sentences(text)
    where = dict(zip((text[s:e] for s, e in spans), positions(text, "3 hurt in crash on Main Street", spans)))
    assert where["3 hurt in crash on Main Street"] == "headline"
    assert where["Three people were hurt on Monday."] == "lead"
    assert where["Police closed the road."] == "lead"
    assert where["The driver fled."] == "body"


def placed(text, title):
    """(sentence, position) of each sentence of `text`."""
    spans = split_sentences(text)
    return [(text[s:e], p) for (s, e), p in zip(spans, positions(text, title, spans))]


def test_a_repeated_teaser_does_not_push_the_lead_into_the_body():
    text = ("3 dead in Elm St home\nPublished: May 2, 2016\n\nCounselors will be at the school.\n\n"
            "Counselors will be at the school.\n\nOfficials identified three people found dead on Elm Street. "
            "Police closed the road.\n\nThe driver fled.\n\n3 dead in Elm St home")
    assert placed(text, "3 dead in Elm St home")[1:] == [("Counselors will be at the school.", "lead"), ("Counselors will be at the school.", "lead"),
                         ("Officials identified three people found dead on Elm Street.", "lead"),
                         ("Police closed the road.", "body"), ("The driver fled.", "body"),
                         ("3 dead in Elm St home", "headline")]


@pytest.mark.parametrize("sentence, tolls", [
    ("1 Dead, 4 Wounded in Maple Park shooting", {"killed": 1, "injured": 4}),
    ("A shooting that left one man dead and three others injured.", {"killed": 1, "injured": 3}),
    ("Two men killed, woman hurt in Elm St shooting", {"killed": 2}),
    ("A 16-year-old was booked in the shooting.", {}),           # an age counts no one
    ("Man charged in killing of 2 on Elm St", {}),               # no count of the dead stated as the toll
    ("5 shot, 2 fatally, on Oak St", {"killed": 2}),             # "shot" is not a stated event; "2 fatally" is
])
def test_stated_tolls(sentence, tolls):
    assert stated_tolls(sentence) == tolls


CAPTIONS = [
    # (line, is a caption)
    ("A woman screams at the scene on Elm Street on July 23. (Photo: Jane Roe)", True),
    ("Two people were hurt in the crash. (Published Monday, July 7, 2014)", True),
    ("Officers closed the road for hours. (The Daily Courier)", True),
    ("The fire spread to a second house. (John Smith for The Evening Post)", True),
    ("Maple Street is seen from the bridge. (AP Photo/Jane Roe)", True),
    ("Jose Perez, 50 (shot in vehicle)", False),       # a bracket of other words
    ("Wilson Pitts (Gary, IN)", False),                # no finished sentence before it
    ("The shooting happened Friday. (UPDATE)", False),  # one word in capitals is no credit
    ("SPRINGFIELD, Ill. (AP) - Police said two men were hurt.", False),  # a dateline, not at the end
    ("He was shot three times (police said).", False),
]


@pytest.mark.parametrize("line, caption", CAPTIONS, ids=[c[0][:40] for c in CAPTIONS])
def test_is_caption(line, caption):
    assert is_caption(line) is caption


CAPTION_DATES = [
    # (line, the date its credit gives)
    ("Two people were hurt in the crash. (Published Monday, July 7, 2014)", "2014-07-07"),
    ("The car speeds off. (Video published Sept. 7, 2020)", "2020-09-07"),
    ("A woman screams at the scene on Elm Street on July 23, 2014. (Photo: Jane Roe)", ""),  # a date outside the credit
    ("Officers closed the road for hours. (The Daily Courier)", ""),
    ("He was born on May 2, 2013 (shot in vehicle)", ""),  # no caption
    ("Released on May 2, 2013 (Published May 3, 2013) the album sold well.", ""),  # the bracket does not end the line
]


@pytest.mark.parametrize("line, date", CAPTION_DATES, ids=[c[0][:40] for c in CAPTION_DATES])
def test_caption_date(line, date):
    assert caption_date(line) == date


def test_a_caption_dated_before_its_article_states_its_own_days_count():
    """A video caption from Monday in an article of Thursday states Monday's count: its figure
    keeps its role and is dated Monday (compared with Monday's sources, an earlier count beside
    Thursday's); the article's own figures, and a caption of its own day, keep the article's date."""
    def rows(caption_day: str) -> dict:
        text = ("9 injured in Pine Avenue drive-by\nPublished: September 10, 2020\n\n"
                f"Seven people were injured outside a store. (Published {caption_day}, 2020)\n\n"
                "Police said 9 people were injured on Monday. The driver fled.")
        df = extract_text(text, published="2020-09-10")
        return {s: (r, str(day)[:10], why) for s, r, day, why in zip(df["surface"], df["role"], df["published"],
                                                                      df["role_reason"])}

    monday = rows("Monday, Sept. 7")
    role, day, why = monday["Seven"]
    assert (role, day) == ("stated", "2020-09-07")
    assert why.endswith("; a caption dated 2020-09-07, before its article (2020-09-10)")
    assert monday["9"][0] in TOLL_ROLES and monday["9"][1] == "2020-09-10"
    same_day = rows("Thursday, Sept. 10")["Seven"]
    assert same_day[0] in TOLL_ROLES and same_day[1] == "2020-09-10" and "caption dated" not in same_day[2]


def test_a_caption_above_the_lead_does_not_take_its_place():
    text = ("9 hurt in Pine Avenue drive-by\nPublished: May 2, 2016\n\n"
            "Seven people were hurt outside a store. (Published Monday, May 1, 2016)\n\n"
            "Nine people were hurt on Monday. Police closed the road. The driver fled.")
    assert placed(text, "9 hurt in Pine Avenue drive-by")[1:] == [("Seven people were hurt outside a store.", "caption"),
                         ("(Published Monday, May 1, 2016)", "caption"),
                         ("Nine people were hurt on Monday.", "lead"), ("Police closed the road.", "lead"),
                         ("The driver fled.", "body")]


def test_no_headline_without_a_title():
    text = "Three people were hurt on Monday. Police closed the road."
    spans = split_sentences(text)
    assert positions(text, "", spans) == ["lead", "lead"]
