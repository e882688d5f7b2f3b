"""Issue 33 item 5: titles cleaned of stamps and site names; a story headed by its most central
article among those that state its main figure."""
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from facts.claims.headings import main_claims, story_headings
from facts.cli import cli
from facts.inputs.metadata import without_site_name


@pytest.mark.parametrize("title, clean", [
    ("Man shot on Elm Street - FOX 8 WVUE New Orleans News, Weather, Sports, Social", "Man shot on Elm Street"),
    ("Hopewell police investigate shooting - NBC12 - WWBT - Richmond, VA News On Your Side",
     "Hopewell police investigate shooting"),
    ("Suspect arrested - WCIV-TV | ABC News 4 - Charleston News, Sports, Weather", "Suspect arrested"),
    ("Teen's death under investigation - WALB.com, Albany News, Weather, Sports", "Teen's death under investigation"),
    ("Grandmother speaks about death - WMC Action News 5 - Memphis, Tennessee", "Grandmother speaks about death"),
    ("Gunfire erupts at banquet hall, 5 injured - KCTV5", "Gunfire erupts at banquet hall, 5 injured"),
    ("CBS 58 - Two Shot Friday Night", "Two Shot Friday Night"),  # the site's name first
    ("2 teens shot in Phoenix, 1 killed | WBTV Charlotte", "2 teens shot in Phoenix, 1 killed"),
    # parts of the headline stay
    ("Man shot - Jackson, MS", "Man shot - Jackson, MS"),
    ("15-year-old shoots self while taking selfie – Police", "15-year-old shoots self while taking selfie – Police"),
    ("Lavell Lee Smith, 33 - The Homicide Report", "Lavell Lee Smith, 33 - The Homicide Report"),
    ("2 people - a man and a boy - are shot in Santa Ana", "2 people - a man and a boy - are shot in Santa Ana"),
    ("WSMV Channel 4", "WSMV Channel 4"),  # nothing left: the title stays
])
def test_without_site_name(title, clean):
    assert without_site_name(title) == clean


def test_a_story_is_headed_by_an_article_that_states_its_main_figure():
    """d's title shares most words with the others, but d does not give the toll that three of the
    four sources give: the heading is the most central of those three."""
    documents = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "story": ["s1"] * 4,
        "title": ["Two dead in Southeast shooting Saturday - WSMV Channel 4", "Southeast gunfire leaves 2 dead",
                  "2 dead, 3 injured in Saturday gunfire", "National Prep graduate remembered after Southeast "
                  "Saturday gunfire"]})
    claims = pd.DataFrame({"claim_id": ["C001", "C002"], "claim_key": ["person|killed", "instrument"],
                           "story": ["s1", "s1"], "n_sources": [3, 3], "sources": [["a", "b", "c"], ["b", "c", "d"]]})
    assert main_claims(claims) == {"s1": "C001"}  # a toll first among equals
    assert story_headings(documents) == {"s1": "National Prep graduate remembered after Southeast Saturday gunfire"}
    assert story_headings(documents, claims)["s1"] in {"Southeast gunfire leaves 2 dead",
                                                       "Two dead in Southeast shooting Saturday",
                                                       "2 dead, 3 injured in Saturday gunfire"}


def test_reports_show_clean_titles(tmp_path):
    texts = {
        "a.txt": "Two killed in Elm Street shooting - FOX 8 WVUE New Orleans News, Weather, Sports\n"
                 "Posted: May 5, 2019 10:01 PM CDT\n\nTwo people were killed in a shooting on Elm Street on Saturday.\n",
        "b.txt": "21 July 2013 Last updated at 11:11 GMT\n\nElm Street shooting leaves 3 dead\n\n"
                 "Three people were killed in a shooting on Elm Street on Saturday.\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    report = json.loads(CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json"]).stdout)
    titles = {d["doc_id"]: d["title"] for d in report["documents"]}
    assert titles["b.txt"] == "Elm Street shooting leaves 3 dead"  # never the stamp
    assert report["documents"][0]["story_title"] in {"Two killed in Elm Street shooting",
                                                     "Elm Street shooting leaves 3 dead"}
    text = CliRunner().invoke(cli, ["check", str(tmp_path), "--show", "all"]).stdout
    sources = [line for line in text.splitlines() if "· a.txt:" in line or "· b.txt:" in line]
    assert sources and not any("WVUE" in line or "Last updated" in line for line in sources)
    assert any(line.strip().startswith("Two killed in Elm Street shooting, 2019-05-05") for line in sources)
    page = tmp_path / "r.html"
    CliRunner().invoke(cli, ["check", str(tmp_path), "-q", "-o", str(page)])
    html = page.read_text()
    assert '<span class="title">Two killed in Elm Street shooting</span>' in html
    assert "WVUE" not in html.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_a_first_sentence_standing_in_for_a_headline_does_not_head_the_story():
    documents = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "story": ["s1"] * 3,
        "title": ["Strong earthquake jolts southern Iran", "Ten dead in southern Iran quake",
                  "An earthquake with a magnitude of at least 5.9 hit southern Iran on Sunday, killing at least 10 "
                  "people and injuring many others."]})
    claims = pd.DataFrame({"claim_id": ["C001"], "claim_key": ["person|killed"], "story": ["s1"], "n_sources": [3],
                           "sources": [["a", "b", "c"]]})
    assert story_headings(documents, claims)["s1"] in {"Strong earthquake jolts southern Iran",
                                                       "Ten dead in southern Iran quake"}


OPENING = ("Striking another blow against the pirates off the Horn of Africa, an Indian Navy warship not only repulsed "
           "an attack on a merchant vessel in the Gulf of Aden, but also nabbed 23 Somali and Yemeni sea brigands, "
           "the navy said on Saturday.")


@pytest.mark.parametrize("text, title", [
    # a text that opens on a paragraph has no headline: its short third sentence is none
    (f"{OPENING}\n\nThe pirates, in three boats, tried to hijack the vessel.\nThe incident took place 150 nautical "
     "miles off Aden.\n", ""),
    ("Pirates foiled off Aden\n\n" + OPENING + "\n", "Pirates foiled off Aden"),
    ("Published: 2008-12-13\nPirates foiled off Aden\n" + OPENING + "\n", "Pirates foiled off Aden"),  # a stamp first
])
def test_the_title_is_the_first_line_only_when_it_is_short(text, title):
    from facts.inputs.metadata import text_metadata

    assert text_metadata(text)["title"] == title


def test_a_text_without_a_headline_is_named_by_its_file_not_by_a_sentence_of_its_body(tmp_path):
    (tmp_path / "a.txt").write_text(f"{OPENING}\n\nThe pirates, in three boats, tried to hijack the vessel.\n"
                                    "The incident took place 150 nautical miles off Aden.\n")
    (tmp_path / "b.txt").write_text("Navy foils pirate attack off Aden\n\nThe pirates, in two boats, tried to hijack "
                                    "the vessel.\n")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--no-cache", "--show", "all"], catch_exceptions=False)
    assert "three (a.txt) vs two (Navy foils pirate attack off Aden) boats" in " ".join(result.output.split())
    assert "(The incident took place" not in result.output and "Aden. ·" not in result.output
