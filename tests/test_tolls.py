"""Tolls across sources (tests/data/toll_cases.json): what each source gives as the toll is
compared, not every count it mentions; parts, sums, other events, other people, updates and
intentions never make a conflict, and real disagreements still do."""
import json

import pytest
from click.testing import CliRunner
from conftest import load_cases

from facts.cli import cli

CASES = load_cases("toll_cases.json")["cases"]


def write_articles(folder, articles):
    for n, a in enumerate(articles):
        (folder / f"{n:02d}.txt").write_text(f"{a['title']}\nPublished: {a['published']}\n\n{a['text']}\n")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_toll_case(case, tmp_path):
    write_articles(tmp_path, case["articles"])
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json"], catch_exceptions=False)
    report = json.loads(result.stdout)
    claims = [c for c in report["claims"] if c["claim_key"] == case["claim_key"]]
    assert claims, f"no claim {case['claim_key']}: {[c['claim_key'] for c in report['claims']]}"
    verdicts = {c["verdict"] for c in claims}
    why = [(c["verdict"], c["reason"]) for c in claims]
    if "verdict" in case:
        assert case["verdict"] in verdicts, why
    for verdict in case.get("not", []):
        assert verdict not in verdicts, why
    flagged = [c for c in claims if c["verdict"] in ("conflict", "possible_conflict")]
    for c in flagged:  # the deciding pair is data, and the reason says why the two were compared
        assert len(c["pair"]) == 2 and {p["doc_id"] for p in c["pair"]} == {m["doc_id"] for m in c["mentions"]
                                                                           if m["start"] in {p["start"] for p in c["pair"]}}
        assert "toll" in c["reason"]
    # exit 1 only for a conflict; a possible conflict is a warning
    assert result.exit_code == (1 if "conflict" in verdicts else 0)


def test_possible_conflict_is_listed_and_does_not_fail(tmp_path):
    write_articles(tmp_path, [
        # arrests grow and mix groups (arrests for other crimes): at most a possible conflict
        {"title": "Two arrested after Pine Street shooting", "published": "2019-05-05",
         "text": "Two men were arrested on Sunday after a shooting on Pine Street, police said."},
        {"title": "Three arrested after Pine Street shooting", "published": "2019-05-05",
         "text": "Three men were arrested on Sunday after a shooting on Pine Street, police said."},
    ])
    result = CliRunner().invoke(cli, ["check", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Possible conflicts" in result.output and "possible conflict" in result.output


def test_a_figure_of_an_earlier_time_is_at_most_a_possible_conflict(tmp_path):
    """compare.DOUBTS 'earlier_time': one sentence says its figure is from years before, the other
    does not; the model alone finds them the same fact (both leads, one deal), so only the doubt
    keeps it from failing the check. Without the cue, the same two figures are a conflict."""
    def check(second: str):
        write_articles(tmp_path, [
            {"title": "Angels close in on slugger", "published": "2019-05-05",
             "text": "The newspaper reports the deal is worth at least $160 million."},
            {"title": "Angels make an offer", "published": "2019-05-05", "text": second}])
        result = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json"], catch_exceptions=False)
        report = json.loads(result.stdout)
        flagged = [c for c in report["claims"] if c["verdict"] in ("conflict", "possible_conflict")]
        return result.exit_code, [(c["verdict"], c["reason"]) for c in flagged]

    code, flagged = check("The offer would top the $90 million deal the club gave its center fielder "
                          "three years ago.")
    assert code == 0 and [v for v, _ in flagged] == ["possible_conflict"], flagged
    assert "earlier time" in flagged[0][1]
    code, flagged = check("The offer would top the $90 million deal the club gave its center fielder.")
    assert code == 1 and [v for v, _ in flagged] == ["conflict"], flagged


def _check_with_a_doubting_model(folder, articles):
    """The claims of `articles` checked with the shipped model made to doubt every pair (its
    intercept lowered until every probability is below `possible_at`): what the verdict rules do
    where the model puts two sources' tolls apart."""
    from dataclasses import replace

    from facts.checks.audit import validate
    from facts.checks.contract import audit_to_dict
    from facts.claims.samefact import default_model
    from facts.engines.local import extract_paths

    folder.mkdir()
    write_articles(folder, articles)
    facts_df, documents_df = extract_paths([str(folder)])
    doubting = replace(default_model(), intercept=default_model().intercept - 60.0)
    report = audit_to_dict(validate(facts_df, documents_df, overrides={"model": doubting}))
    return {c["claim_key"]: c for c in report["claims"]}


def test_two_leading_tolls_that_differ_are_compared_even_when_the_model_doubts_them(tmp_path):
    """compare._stated_tolls: each source states its toll in its headline and lead, the two
    differ, and the model puts them below possible_at: a possible conflict, not silence. The same
    two sources agreeing, or one giving its figure only deep in the body, stay uncompared."""
    def article(title, lead, body=""):
        return {"title": title, "published": "2016-06-19", "text": f"{lead} {body}".strip()}

    differ = _check_with_a_doubting_model(tmp_path / "differ", [
        article("Two killed in Elm Street shooting", "Two men were killed in a shooting on Elm Street on Saturday."),
        article("Eight killed in Elm Street shooting", "Eight men were killed in a shooting on Elm Street on Saturday.")])
    claim = differ["person|killed"]
    assert claim["verdict"] == "possible_conflict", claim["reason"]
    assert "doubts that they state one fact" in claim["reason"] and claim["confidence"] < 0.4
    agree = _check_with_a_doubting_model(tmp_path / "agree", [
        article("Two killed in Elm Street shooting", "Two men were killed in a shooting on Elm Street on Saturday."),
        article("Two killed on Elm Street", "Two men were killed in a shooting on Elm Street on Saturday.")])
    assert agree["person|killed"]["verdict"] not in ("conflict", "possible_conflict")
    body = _check_with_a_doubting_model(tmp_path / "body", [
        article("Two killed in Elm Street shooting", "Two men were killed in a shooting on Elm Street on Saturday."),
        article("Neighbours mourn on Elm Street", "Neighbours gathered on Elm Street on Sunday to mourn.",
                "The street was quiet in the morning. Candles lined the sidewalk. A pastor led a prayer. "
                "Residents said they had heard shots. Police said eight men were killed in the shooting.")])
    assert body["person|killed"]["verdict"] not in ("conflict", "possible_conflict")
