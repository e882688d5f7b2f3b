"""An article's date is read from where an article dates itself (stamps, datelines, its URL), never
from a sentence about an event; a wrong date is worse than none."""
import json
import os
import re
from pathlib import Path

import pytest
from conftest import DATA, ROOT, load_cases

from facts.inputs.metadata import clean_title, text_metadata, url_date
from facts.inputs.text import from_text

CASES = load_cases("date_cases.json")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_date_cases(case):
    doc = from_text("a.txt", "a.txt", case["text"])
    assert (doc.published or None, doc.dated_by) == (case["date"], case["rule"])


@pytest.mark.parametrize("url, date", [
    ("http://articles.latimes.com/2005/jun/26/local/me-deputy26", "2005-06-26"),
    ("http://boston.redsox.mlb.com/news/article.jsp?ymd=20081216&content_id=3718580", "2008-12-16"),
    ("http://usatoday30.usatoday.com/news/world/2005-11-27-iran-quake_x.htm", "2005-11-27"),
    ("http://www.example.com/story-19548736-detail/story.html", ""),  # an id, not a date
    ("http://blog.example.nl/2005/11/did-earth-move-for-you.html", ""),  # a month is not a date
    ("http://www.20130504.com/news/x.html", ""),  # the host name is not read
])
def test_url_dates(url, date):
    assert url_date(url) == date


def test_an_input_field_wins_over_the_text():
    doc = from_text("a", "a", "Title\nPosted: May 2, 2013\nText.", published="2013-05-04")
    assert (doc.published, doc.dated_by) == ("2013-05-04", "field")


def test_a_url_field_dates_an_undated_text():
    doc = from_text("a", "a", "Title\nText without a date.", url="http://example.com/2013/05/03/story")
    assert (doc.published, doc.dated_by) == ("2013-05-03", "url")


def test_the_title_is_never_a_stamp_or_a_url():
    meta = text_metadata("Posted 11 / 27 / 2005 7:21 AM\nURL: http://example.com/x\n\nStrong quake jolts Iran\nText.")
    assert meta["title"] == "Strong quake jolts Iran"


@pytest.mark.parametrize("title, clean", [
    ("Wellington fire 3 July 2013 Last updated at 13:38 GMT", "Wellington fire"),
    ("3 July 2013 Last updated at 13:38 GMT Wellington fire", "Wellington fire"),
    ("Police: 3 shot Posted: Monday, November 23, 2015 6:55 PM EST Updated: Monday, November 23, 2015 7:55 PM EST",
     "Police: 3 shot"),
    ("Remembering the quake of October 10, 2002", "Remembering the quake of October 10, 2002"),  # part of the headline
    ("Two killed in Pine Street shooting", "Two killed in Pine Street shooting"),
])
def test_clean_title(title, clean):
    assert clean_title(title) == clean


BENCH = Path(os.environ.get("FACTS_BENCH_DATA", ROOT / "bench" / "data"))
DATED = json.loads((DATA / "dated_texts.json").read_text(encoding="utf-8"))["texts"]


@pytest.mark.skipif(not (BENCH / "ecb-dev").is_dir() or not (BENCH / "gva-corpus").is_dir(),
                    reason=f"the benchmark texts are not in {BENCH} (git-ignored; set FACTS_BENCH_DATA)")
def test_hand_dated_texts_get_no_wrong_date():
    """The texts a person dated (tests/data/dated_texts.json): no date other than the person's,
    and nearly every date found (`python bench/dates.py` prints the figures)."""
    wrong, found = [], 0
    for case in DATED:
        text = (BENCH / case["path"]).read_text(encoding="utf-8")
        if case.get("strip_published"):
            text = re.sub(r"(?m)^Published: .*\n", "", text, count=1)
        got = from_text(case["path"], case["path"], text).published or None
        if got and got != case["date"]:
            wrong.append((case["path"], got, case["date"]))
        found += bool(got) and got == case["date"]
    dated = sum(c["date"] is not None for c in DATED)
    assert not wrong
    assert found >= 0.95 * dated, f"found {found} of {dated}"


def test_an_undated_source_is_named_in_the_reason(tmp_path):
    """A source that does not date itself is compared as if published at the same time as the
    other, and the claim's reason says so. A count of people, which grows while a story is
    reported, is then at most a possible conflict (an undated 14 dead may be a later count than
    a dated 10); a magnitude, which does not grow, is still a conflict."""
    import facts

    (tmp_path / "a.txt").write_text("Quake kills 10\nPosted: November 27, 2005\n\nA quake killed 10 people on Sunday.\n")
    (tmp_path / "b.txt").write_text("Quake kills 14\n\nA quake killed 14 people on Sunday.\n")
    (tmp_path / "c.txt").write_text("Quake strikes Aceh\nPosted: November 27, 2005\n\nA magnitude 6.1 quake struck Aceh on Sunday.\n")
    (tmp_path / "d.txt").write_text("Quake strikes Aceh\n\nA magnitude 6.4 quake struck Aceh on Sunday.\n")
    facts_df, documents_df = facts.extract_paths([str(tmp_path)], stories="none")
    assert dict(zip(documents_df["doc_id"], documents_df["published"])) == {
        "a.txt": "2005-11-27", "b.txt": "", "c.txt": "2005-11-27", "d.txt": ""}
    claims = facts.validate(facts_df, documents_df).claims
    flagged = claims[claims["verdict"].isin(["conflict", "possible_conflict"])].set_index("claim_key")
    killed = flagged.loc["person|killed"]
    assert killed["verdict"] == "possible_conflict"
    assert "b.txt gives no publication date" in killed["reason"]
    assert "counts of people grow while a story is reported" in killed["reason"]
    magnitude = flagged.drop("person|killed")
    assert list(magnitude["verdict"]) == ["conflict"] and "d.txt gives no publication date" in magnitude["reason"].iloc[0]


