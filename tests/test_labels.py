"""Issue 33 item 4: one label per claim, built one way, the same in the terminal report, the
reason, the workbook, the HTML page and the JSON; intervals said in the stated unit with plain
numbers."""
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from facts.cli import cli
from facts.figures.frames import claim_label, unit_plural
from facts.figures.numbers import format_number

ARTICLES = {
    "a.txt": "Shooting on Elm Street\nPublished: May 5, 2019\n\nTwo people were killed and three others were "
             "injured in a shooting on Elm Street on Saturday, police said.\n",
    "b.txt": "Two dead in Elm Street shooting\nPublished: May 5, 2019\n\nTwo people were killed and five others "
             "were wounded in a shooting on Elm Street on Saturday.\n",
    "c.txt": "Quake shakes coast\nPublished: May 5, 2019\n\nThe quake struck 35 miles from the coast. The area had "
             "not been hit by a quake in more than 25 years.\n",
    "d.txt": "Quake hits coast\nPublished: May 5, 2019\n\nThe quake struck 60 miles from the coast. The area had "
             "not been hit by a quake in almost two years.\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("labels")
    for name, text in ARTICLES.items():
        (out / name).write_text(text)
    return out


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("key, concept, unit, surface, label", [
    ("person|injured", "others", "", "three", "people injured"),  # not "others", not "other people"
    ("person|killed", "people", "", "Ten", "people killed"),       # not the bare "people"
    ("part of person|killed", "victims", "", "two", "some of the people killed"),
    ("home|destroyed", "percent", "percentage", "100 percent", "homes destroyed (percent)"),
    ("quake", "miles", "mile", "35 miles", "quake (miles)"),        # never the unit alone ("miles")
    ("", "age", "year", "22", "age (years)"),
    ("", "km", "kilometre", "60km", "kilometres"),
    ("military post", "military posts", "", "a dozen", "military posts"),
    ("population", "people", "", "3 million", "population"),  # what the people make up
    ("people", "people", "", "hundreds of", "people"),
    ("temperature", "degrees Celsius", "degree Celsius", "28 degrees Celsius", "temperature (degrees Celsius)"),
])
def test_claim_label(key, concept, unit, surface, label):
    assert claim_label(key, concept, unit, surface) == label


@pytest.mark.parametrize("key, concept, unit, dimension, label", [
    ("time sentence", "months", "year", "time", "sentence (years)"),  # "sentenced to 2 years"; not "months (seconds)"
    ("time hold", "hours", "hour", "time", "hold (hours)"),
    ("length walk", "miles", "mile", "length", "walk (miles)"),
    ("time zone", "time zones", "", "count", "time zones"),  # a count whose noun begins with a dimension's name
    ("time take|taken", "days", "day", "time", "time taken (days)"),  # not "time takes taken (days)"
    ("length throw|thrown", "yards", "yard", "length", "distance thrown (yards)"),
    ("currency make|made", "United States dollar", "United States dollar", "currency",
     "amount made (United States dollars)"),
    ("offer", "years", "year", "time", "offer (years)"),  # not "years (years)": the concept names the unit
    ("offer", "United States dollar", "United States dollar", "currency", "offer (United States dollars)"),
    ("pass", "Dollars", "United States dollar", "currency", "pass (United States dollars)"),
    ("distance from a place", "miles", "mile", "length", "distance from a place (miles)"),
    # keyed by the sentence's wording: never "" nor " (years)"
    ("context:0|police say # driver told him to stop", "age", "year", "time", "age (years)"),
    ("context:0|# people were at work at the plant", "people", "", "count", "people"),
    ("context:0|quinn was just # of # for # with # interceptions", "", "", "count", "figure"),
])
def test_a_measure_keyed_by_its_verb_is_labelled_by_it(key, concept, unit, dimension, label):
    assert claim_label(key, concept, unit, "", dimension) == label


def test_a_claim_of_mixed_units_is_labelled_in_the_unit_most_stated(tmp_path):
    from facts import Document, extract_documents
    from facts.claims.group import claims as claims_of

    facts_df, _ = extract_documents([
        Document("a.txt", "", text="He was sentenced to 2 years, with 9 months to serve in that case."),
        Document("b.txt", "", text="He was sentenced to 2 1/2 years, with 9 months to serve in that case.")])
    claims = claims_of(facts_df)
    sentence = claims[claims["claim_key"] == "time sentence"].iloc[0]
    assert sentence["label"] == "sentence (years)" and sentence["unit"] == "second"


@pytest.mark.parametrize("unit, plural", [("mile", "miles"), ("century", "centuries"), ("inch", "inches"),
                                          ("degree Celsius", "degrees Celsius"), ("percentage", "percent"),
                                          ("foot", "feet"), ("square foot", "square feet"),
                                          ("mile per hour", "miles per hour"), ("pound sterling", "pounds sterling")])
def test_unit_plural(unit, plural):
    assert unit_plural(unit) == plural


@pytest.mark.parametrize("value, words", [(56803200.5, "56,803,200"), (20920.0, "20,920"), (0.14285714285714285,
                                          "0.1429"), (1.8, "1.8"), (float("inf"), "∞"), (0.000012, "0.000012")])
def test_numbers_are_plain(value, words):
    assert format_number(value) == words and "e+" not in words and "e-" not in words


def test_one_label_everywhere(folder, tmp_path):
    report = json.loads(run("check", folder, "--stories", "none", "--format", "json").stdout)
    labels = {c["claim_id"]: c["label"] for c in report["claims"]}
    injured = next(c for c in report["claims"] if c["claim_key"] == "person|injured")
    assert injured["label"] == "people injured" and injured["concept"] == "others"
    quake = next(c for c in report["claims"] if c["label"] == "quake (miles)")
    assert quake["verdict"] == "conflict"
    # the reason says the label and each interval in its stated unit, with plain numbers
    assert "quake (miles): intervals [35, 35] miles and [60, 60] miles do not overlap" in quake["reason"]
    years = next(c for c in report["claims"] if c["unit"] == "year" and c["verdict"] == "conflict")
    assert "intervals [25, ∞] years and [1.8, 2] years do not overlap" in years["reason"]
    assert "second" not in years["reason"] and "e+" not in years["reason"]
    text = run("check", folder, "--stories", "none", "--show", "all").stdout
    for claim_id, label in labels.items():
        assert f"{claim_id} {label} ·" in " ".join(text.split()), label
    workbook = tmp_path / "audit.xlsx"
    run("check", folder, "--stories", "none", "-q", "-o", workbook)
    wb = load_workbook(workbook)
    rows = list(wb["Claims"].iter_rows(values_only=True))
    at = rows[0].index("claim")
    assert {r[0]: r[at] for r in rows[1:]} == labels
    conflicts = list(wb["Conflicts"].iter_rows(values_only=True))
    assert {r[conflicts[0].index("claim")] for r in conflicts[1:]} == {labels[quake["claim_id"]],
                                                                      labels[years["claim_id"]]}
    page = tmp_path / "report.html"
    run("check", folder, "--stories", "none", "-q", "-o", page)
    html = page.read_text()
    for label in labels.values():
        assert f"</span>{label} <small>" in html
