"""facts check: zero conflicts on the seeds; one changed figure is flagged with both sources,
and nothing else is."""
import json
import re

import pytest
from click.testing import CliRunner
from conftest import POSTS_SEED, copy_seeds, library_counts, load_cases

from facts.cli import cli

PERTURBED = load_cases("perturbed/cases.json")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def seeds_report(seeds_dir):
    result = run("check", str(seeds_dir), "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_seeds_have_no_conflicts(seeds_report):
    code, report = seeds_report
    assert code == 0 and report["success"] is True
    verdicts = [c["verdict"] for c in report["claims"]]
    assert "conflict" not in verdicts and "changed_over_time" not in verdicts


def test_seeds_corroborated_claims(seeds_report):
    _, report = seeds_report
    corroborated = {c["concept"]: {m["doc_id"][:3] for m in c["mentions"]}
                    for c in report["claims"] if c["verdict"] == "corroborated"}
    assert corroborated["military posts"] == {"000", "001", "004"}
    assert corroborated["people"] == {"000", "001"}  # population 3 million / about three million
    assert corroborated["war"] == {"000", "001", "002"}


def test_json_contract(seeds_report):
    _, report = seeds_report
    assert set(report) == {"format", "format_version", "success", "verdict", "summary", "documents", "claims",
                           "expectations"}
    assert report["format"] == "facts check" and report["format_version"] == 2
    assert set(report["documents"][0]) == {"doc_id", "path", "title", "published", "dated_by", "status", "reason",
                                           "story", "story_title"}
    claim = report["claims"][0]
    assert set(claim) == {"claim_id", "claim_key", "label", "concept", "unit", "time_window", "verdict", "reason",
                          "mentions", "story", "story_title"}
    # the Idlib articles of September 2018 are one story (and the February 2020 one follows it up)
    stories = {d["doc_id"][:3]: d["story"] for d in report["documents"]}
    assert stories["000"] == stories["001"] == stories["002"] == stories["004"] == stories["003"]
    assert set(claim["mentions"][0]) == {"doc_id", "surface", "sentence", "line", "start", "end", "value", "low",
                                         "high", "qualifier", "published", "position", "role", "role_reason", "side"}
    # a flagged claim names the pair its verdict rests on; others have no pair
    assert all("pair" not in c for c in report["claims"] if c["verdict"] not in ("conflict", "possible_conflict",
                                                                                 "changed_over_time"))
    open_bounds = [m["high"] for c in report["claims"] for m in c["mentions"] if m["qualifier"] == "more_than"]
    assert open_bounds and all(h is None for h in open_bounds)
    assert set(report["expectations"][0]) == {"suite", "index", "expectation", "kwargs", "severity", "success",
                                              "result", "result_why", "unexpected_count", "details"}
    # two entries of one type on different columns are told apart by their index and kwargs
    not_null = [e for e in report["expectations"] if e["expectation"] == "expect_column_values_to_not_be_null"]
    assert len(not_null) == 2 and {e["kwargs"]["column"] for e in not_null} == {"value", "doc_id"}
    assert len({(e["suite"], e["index"]) for e in report["expectations"]}) == len(report["expectations"])
    assert {e["severity"] for e in report["expectations"]} == {"error", "warning"}


@pytest.mark.parametrize("case", PERTURBED, ids=[c["id"] for c in PERTURBED])
def test_one_changed_figure_is_one_conflict(case, seeds_dir, tmp_path):
    copy_seeds(seeds_dir, tmp_path)
    target = tmp_path / case["doc"]
    text = target.read_text()
    assert case["find"] in text
    target.write_text(text.replace(case["find"], case["replace"]))
    result = run("check", str(tmp_path), "--format", "json")
    report = json.loads(result.stdout)
    # Two figures each stated once in a body, with no holder or place that ties them, are shown as
    # a possible conflict: a warning, which does not fail the run.
    verdict = case.get("verdict", "conflict")
    assert (result.exit_code, report["success"]) == ((1, False) if verdict == "conflict" else (0, True))
    flagged = [c for c in report["claims"] if c["verdict"] in ("conflict", "possible_conflict")]
    assert [c["verdict"] for c in flagged] == [verdict], [c["reason"] for c in flagged]
    for doc in case["conflict_docs"]:
        assert doc in flagged[0]["reason"]


def test_quiet_prints_one_line(seeds_dir):
    result = run("check", str(seeds_dir), "-q")
    n = library_counts(seeds_dir)
    assert n["conflicts"] == 0 and n["documents"] == 5
    assert result.stdout.strip() == f"PASS: 0 conflicts, {n['claims']} claims, {n['facts']} facts, 5 documents"


def test_2020_figures_are_not_judged_against_2018(seeds_report):
    _, report = seeds_report
    for claim in report["claims"]:
        dated = {m["published"][:4] for m in claim["mentions"] if m["published"]}
        if dated == {"2018", "2020"}:
            assert claim["verdict"] not in ("conflict",), claim


def test_newer_figure_is_changed_over_time_not_conflict(seeds_dir, tmp_path):
    """The 2020 article gives a new count of the posts: a change, reported, exit 0."""
    copy_seeds(seeds_dir, tmp_path, {"001_d48b69b424675182.txt", "003_340019b8c38c476d.txt", POSTS_SEED})
    # Seeds 001 and 003 do not date themselves (their one date is a photo caption's, of an event:
    # a protest on Sept 14, 2018, talks in Ankara on February 8, 2020); the copies get stamps.
    older = tmp_path / "001_d48b69b424675182.txt"
    older.write_text("Published: September 14, 2018\n" + older.read_text())
    target = tmp_path / "003_340019b8c38c476d.txt"
    target.write_text("Published: February 8, 2020\n" + target.read_text().replace(
        "Regime forces have pressed their advances,",
        "Turkey has 20 military posts inside Idlib province. Regime forces have pressed their advances,"))
    result = run("check", str(tmp_path), "--format", "json")
    report = json.loads(result.stdout)
    posts = [c for c in report["claims"] if c["concept"] == "military posts"]
    assert [c["verdict"] for c in posts] == ["changed_over_time"]
    assert "differ over time" in posts[0]["reason"]
    assert result.exit_code == 0 and report["success"] is True


def test_text_report_sections_in_order(perturbed):
    result = CliRunner().invoke(cli, ["check", str(perturbed)], catch_exceptions=False)
    out = result.stdout
    assert result.exit_code == 1
    assert "\x1b[" not in out  # no colour codes when stdout is not a terminal
    sections = [out.index(s) for s in ("Conflicts", "Claims by verdict", "Suites", "FAIL: 1 conflict,")]
    assert sections == sorted(sections)
    flat = " ".join(out.split())  # sentences wrap to the terminal width
    # one conflict as a short block: its label, the outlier with its sentence and source (named
    # by its title; the file and line for machines), the majority figure with its sources, why
    assert re.search(r"C\d+ military posts · conflict", flat)
    assert 'outlier 20 — "Turkey has reinforced 20 military posts' in flat
    assert "Turkey ‘talking to all sides’ in Syria conflict for Idlib..., 2018-09-14 · 004_fedec94c8fe0c9b1.txt:24" in flat
    assert "majority 12 — 2 sources: Turkey is working to reach cease-fire in Syria’s Idlib" in flat
    # continuation lines are indented under the text, lines fit 80 columns, none ends in spaces
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  outlier   "))
    assert lines[first + 1].startswith(" " * 12) and lines[first + 1][12:13].strip()
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)
    # the suite counts pairs, the summary claims: the report says which is which
    assert "2 unexpected pairs in 1 claim" in flat


def test_show_lists_the_claims_of_the_verdicts_asked_for(perturbed):
    default = CliRunner().invoke(cli, ["check", str(perturbed)]).stdout
    every = CliRunner().invoke(cli, ["check", str(perturbed), "--show", "all"]).stdout
    corroborated = CliRunner().invoke(cli, ["check", str(perturbed), "--show", "corroborated"])
    assert "Corroborated (" not in default and "Single source (" not in default
    assert all(f"{title} (" in every for title in ("Conflicts", "Corroborated", "Single source"))
    assert corroborated.exit_code == 2  # not a choice: conflicts, changed or all


def test_summary_reaches_stderr_when_the_report_goes_to_a_file(perturbed, tmp_path):
    out = tmp_path / "audit.json"
    result = CliRunner().invoke(cli, ["check", str(perturbed), "-o", str(out)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("FAIL: 1 conflict,") and str(out) in result.stderr


BROKEN_SUITES = [
    ("not-json", "{not json", "bad.json: not valid JSON"),
    ("unknown-type", '{"name": "x", "expectations": [{"type": "expect_nothing_at_all", "kwargs": {}}]}',
     "bad.json: expectation 0 (expect_nothing_at_all): unknown expectation type"),
    ("misspelled-type", '{"name": "x", "expectations": [{"type": "expect_column_values_to_be_betwen", '
                        '"kwargs": {"column": "value"}}]}', "did you mean expect_column_values_to_be_between"),
    ("bad-arguments", '{"name": "x", "expectations": [{"type": "expect_column_values_to_be_between", '
                      '"kwargs": {"colum": "value"}}]}',
     "bad.json: expectation 0 (expect_column_values_to_be_between): bad arguments ['colum']"),
    ("missing-column", '{"name": "x", "expectations": [{"type": "expect_column_values_to_not_be_null", '
                       '"kwargs": {"column": "valeu"}}]}',
     "bad.json: expectation 0 (expect_column_values_to_not_be_null): no column 'valeu' in the facts table; "
     "columns are "),
    ("unknown-table", '{"name": "x", "meta": {"facts": {"table": "claims"}}, "expectations": []}',
     "bad.json: meta.facts.table is 'claims'; expected one of facts, pairs"),
    ("bad-severity", '{"name": "x", "expectations": [{"type": "expect_column_values_to_not_be_null", '
                     '"kwargs": {"column": "value"}, "meta": {"severity": "fatal"}}]}',
     "severity 'fatal'; expected one of error, warning"),
    ("min-above-max", '{"name": "x", "expectations": [{"type": "expect_column_values_to_be_between", '
                      '"kwargs": {"column": "value", "min_value": 5, "max_value": 1}}]}',
     "bad.json: expectation 0 (expect_column_values_to_be_between) failed to run: min_value cannot be greater"),
    ("bad-row-condition", '{"name": "x", "expectations": [{"type": "expect_column_values_to_not_be_null", '
                          '"kwargs": {"column": "value", "row_condition": "value >>> 3", '
                          '"condition_parser": "pandas"}}]}',
     "bad.json: expectation 0 (expect_column_values_to_not_be_null) failed to run"),
    ("entry-not-object", '{"name": "x", "expectations": ["expect_column_values_to_not_be_null"]}',
     "bad.json: expectation 0: expected an object with 'type' and 'kwargs', found str"),
    ("meta-a-list", '{"name": "x", "expectations": [{"type": "expect_column_values_to_not_be_null", '
                    '"kwargs": {"column": "value"}, "meta": ["error"]}]}',
     "bad.json: expectation 0 (expect_column_values_to_not_be_null): meta: expected an object, found list"),
    ("meta-facts-a-string", '{"name": "x", "meta": {"facts": "pairs"}, "expectations": []}',
     "bad.json: meta.facts: expected an object, found str"),
]


def test_a_folder_named_like_a_suite_exits_2(tmp_path, seeds_dir):
    (tmp_path / "x.json").mkdir()
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--suites", str(tmp_path)])
    assert result.exit_code == 2 and "x.json: expected a suite file, found a folder" in result.stderr


def test_results_are_credited_to_their_own_entries(tmp_path):
    """GX returns results in its own order; a failing entry in the middle of a suite must be the
    one reported failed, with its own severity."""
    suites = tmp_path / "suites"
    suites.mkdir()
    entries = [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "value"}, "meta": {"severity": "warning"}},
        {"type": "expect_table_columns_to_match_set", "kwargs": {"column_set": ["nope"], "exact_match": False},
         "meta": {"severity": "warning"}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "max_value": 20},
         "meta": {"severity": "error"}},
        {"type": "expect_column_pair_values_to_be_equal", "kwargs": {"column_A": "start", "column_B": "start"},
         "meta": {"severity": "warning"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "doc_id"}, "meta": {"severity": "warning"}},
    ]
    (suites / "s.json").write_text(json.dumps({"name": "s", "expectations": entries}))
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Turkey has 12 military posts. The army has 40 tanks.\n")
    result = CliRunner().invoke(cli, ["check", str(articles), "--suites", str(suites), "--format", "json"])
    report = json.loads(result.stdout)
    outcome = [(e["expectation"], e["success"]) for e in report["expectations"]]
    assert outcome == [("expect_column_values_to_not_be_null", True), ("expect_table_columns_to_match_set", False),
                       ("expect_column_values_to_be_between", False),
                       ("expect_column_pair_values_to_be_equal", True), ("expect_column_values_to_not_be_null", True)]
    assert report["expectations"][2]["unexpected_count"] == 1  # 40 tanks
    assert result.exit_code == 1, result.stderr  # the error-level entry failed; a warning alone passes


@pytest.mark.parametrize("text, message", [c[1:] for c in BROKEN_SUITES], ids=[c[0] for c in BROKEN_SUITES])
def test_broken_suite_exits_2_naming_file_and_entry(text, message, tmp_path, seeds_dir):
    (tmp_path / "bad.json").write_text(text)
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--suites", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("a, b, verdict", [
    ("The other four main parties followed.", "Five main parties lead.", "unrelated"),
    ("281 of the 3,050 passengers fell ill.", "281 passengers fell ill.", "consistent"),
    ("Molly can do a task in 10 days while Sandy can do the task in 30 days.",
     "Molly can do a task in less than 70 days while Sandy can do the task in 30 days.", "consistent"),
    ("Turkey has 12 military posts in Idlib.", "Turkey has a dozen military posts in Idlib.", "consistent"),
    ("Turkey has 12 military posts in Idlib.", "Turkey has 20 military posts in Idlib.", "conflict"),
    ("Turkey has 12 military posts in Idlib.", "There are 20 military posts in Idlib.", "conflict"),
    ("Britain has about 4,100 troops in Iraq.", "The United States has about 142,500 troops in Iraq.", "unrelated"),
    ("The province, population 3 million, is the last shelter.", "About three million people live in Idlib.",
     "consistent"),
    ("Idlib is home to 3 million people.", "About three million people live in Idlib.", "consistent"),
    ("Idlib has a population of 3 million.", "About three million people live in Idlib.", "consistent"),
])
def test_compare_cases(a, b, verdict):
    from facts import compare_texts

    assert compare_texts(a, b).verdict == verdict


def test_suites_in_the_current_folder_come_first(tmp_path, seeds_dir, monkeypatch):
    """A project's own expectations/ is used without --suites: here one bound (value <= 100)
    that the seeds' larger figures break."""
    (tmp_path / "expectations").mkdir()
    (tmp_path / "expectations" / "mine.json").write_text(
        '{"name": "mine", "expectations": [{"type": "expect_column_values_to_be_between", '
        '"kwargs": {"column": "value", "max_value": 100}}]}')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--format", "json"])
    report = json.loads(result.stdout)
    assert [e["suite"] for e in report["expectations"]] == ["mine"]
    assert result.exit_code == 1 and report["expectations"][0]["unexpected_count"] > 0


def test_default_thresholds_are_the_shipped_suites():
    """The comparison's defaults are the shipped cross-source suite's same-fact thresholds, so the
    library and the GX expectation (which group without reading a suite) judge as `facts check`."""
    from facts.checks.audit import align_options
    from facts.checks.suites import PACKAGED_SUITES, load_suites
    from facts.claims.compare import AlignOptions

    shipped = align_options(load_suites(PACKAGED_SUITES))
    assert (shipped.conflict_at, shipped.possible_at) == (AlignOptions().conflict_at, AlignOptions().possible_at)


def test_json_for_pipelines(perturbed):
    """Issue 33 item 7: the counts and the one-line verdict at the top (what `-q` prints), each
    claim's label, each mention's side in a conflict, null for a missing date, details as data."""
    import pandas as pd

    result = run("check", str(perturbed), "--format", "json")
    report = json.loads(result.stdout)
    quiet = run("check", str(perturbed), "-q").stdout.strip()
    assert report["verdict"] == quiet and quiet.startswith("FAIL: 1 conflict,")
    n = library_counts(perturbed)
    summary = report["summary"]
    assert (summary["claims"], summary["facts"], summary["documents"], summary["conflicts"]) == (
        n["claims"], n["facts"], n["documents"], n["conflicts"])
    assert summary["result"] == "FAIL" and summary["claims_by_verdict"]["conflict"] == 1
    assert sum(summary["claims_by_verdict"].values()) == summary["claims"]
    posts = next(c for c in report["claims"] if c["verdict"] == "conflict")
    assert posts["label"] == "military posts" and "military posts:" in posts["reason"]
    sides = {m["surface"]: m["side"] for m in posts["mentions"]}
    assert sides["20"] == "outlier" and sides["a dozen"] == "majority"
    assert all(m["side"] is None for c in report["claims"] if c["verdict"] == "corroborated" for m in c["mentions"])
    people = [c for c in report["claims"] if c["claim_key"].startswith("person|")]
    assert all(c["label"].startswith("people ") for c in people)  # "people killed", never the bare "people"
    # seeds 000-003 do not date themselves: null, not ""
    dates = {d["doc_id"][:3]: d["published"] for d in report["documents"]}
    assert dates["000"] is None and dates["004"] == "2018-09-14"
    assert all(m["published"] is None or len(m["published"]) == 10 for c in report["claims"] for m in c["mentions"])
    failed = next(e for e in report["expectations"] if not e["success"])
    assert failed["details"]["unexpected_count"] == failed["unexpected_count"]
    assert isinstance(failed["details"]["partial_unexpected_list"], list) and failed["result"] == "FAIL"
    # a pipeline reads it with pandas without parsing any printed text
    mentions = pd.json_normalize(report["claims"], "mentions", ["claim_id", "label", "verdict"])
    assert set(mentions.loc[mentions["verdict"] == "conflict", "side"]) == {"outlier", "majority"}


def test_draft_json_names_its_format(seeds_dir, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("Turkey has 20 military posts in Idlib.\n")
    report = json.loads(run("check", str(draft), "--against", str(seeds_dir), "--format", "json").stdout)
    assert report["format"] == "facts draft" and report["format_version"] == 2
    assert {s["doc_id"][:3]: s["published"] for s in report["sources"]}["000"] is None



def test_a_source_that_agrees_with_no_one_is_named_beside_the_agreeing_ones():
    """"3 sources agree" must not hide a fourth source of the claim whose figures were compared
    with none of theirs (a part made nonsense, another group, a pair the model put below
    `possible_at`): the reason names it and what it gives."""
    import pandas as pd

    from facts.checks.audit import _left_apart

    facts_df = pd.DataFrame({"doc_id": ["a.txt", "b.txt", "c.txt", "d.txt", "d.txt", "d.txt"],
                             "surface": ["one", "one", "1", "5", "five", "5"]})
    said = _left_apart(facts_df, [0, 1, 2, 3, 4, 5], {"a.txt", "b.txt", "c.txt"})
    assert said == "; d.txt also gives 5, five, compared with none of them"
    assert _left_apart(facts_df, [0, 1, 2], {"a.txt", "b.txt", "c.txt"}) == ""


def test_every_source_of_a_corroborated_claim_is_counted_or_named(seeds_report):
    _, report = seeds_report
    for claim in (c for c in report["claims"] if c["verdict"] == "corroborated"):
        agreeing = int(claim["reason"].split(" sources agree", 1)[0])
        sources = {m["doc_id"] for m in claim["mentions"]}
        named = {doc for doc in sources if f"{doc} also gives" in claim["reason"]}
        assert len(sources) == agreeing + len(named), claim["reason"]


AGE_TEXTS = {
    "a.txt": "Teen killed in Southeast shooting\n\nAlexis Malone, 17, was shot and killed Friday night in Southeast, "
             "police said.\n",
    "b.txt": "Police identify teen killed in Southeast\n\nPolice on Saturday identified the girl killed Friday night "
             "in Southeast as Alexis Malone, {age}, of Northeast.\n",
    "c.txt": "Girl shot dead in Southeast\n\nA girl, Alexis Malone, 17, was fatally shot Friday in Southeast, police "
             "said.\n",
}


def _age_report(tmp_path, age: int, dated: bool = True):
    """The claim "age of Alexis Malone" of three sources, b's age `age`; as text files (undated) or
    as rows of a JSONL file published on 10 and 11 May 2014."""
    if dated:
        rows = [{"id": name[0], "title": text.split("\n")[0], "text": text.format(age=age).split("\n", 2)[2],
                 "published": f"2014-05-1{i % 2}"} for i, (name, text) in enumerate(AGE_TEXTS.items())]
        (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    else:
        for name, text in AGE_TEXTS.items():
            (tmp_path / name).write_text(text.format(age=age))
    result = run("check", str(tmp_path), "--format", "json", "--no-cache")
    claims = [c for c in json.loads(result.stdout)["claims"] if c["label"] == "age of Alexis Malone"]
    return result.exit_code, claims


def test_two_sources_giving_one_named_person_different_ages_conflict(tmp_path):
    code, (claim,) = _age_report(tmp_path, 19)
    assert code == 1 and claim["verdict"] == "conflict"
    sides = {m["doc_id"].rsplit("#", 1)[-1]: (m["value"], m["side"]) for m in claim["mentions"]}
    assert sides["b"] == (19, "outlier") and sides["a"] == (17, "majority")
    assert "both give the age of Alexis Malone" in claim["reason"]


def test_ages_from_a_source_with_no_date_are_at_most_a_possible_conflict(tmp_path):
    """An age changes with time: a source that gives no date may give it at another time."""
    code, (claim,) = _age_report(tmp_path, 19, dated=False)
    assert code == 0 and claim["verdict"] == "possible_conflict"
    assert "no publication date: the two ages may be of two times" in claim["reason"]


def test_the_same_age_of_a_named_person_is_corroborated(tmp_path):
    code, (claim,) = _age_report(tmp_path, 17)
    assert code == 0 and claim["verdict"] == "corroborated"


def test_ages_of_people_not_named_are_never_compared(tmp_path):
    (tmp_path / "a.txt").write_text("A 17-year-old boy was shot dead on Friday in Southeast, police said.\n")
    (tmp_path / "b.txt").write_text("Police said an 18-year-old was shot and killed Friday in Southeast.\n")
    result = run("check", str(tmp_path), "--format", "json", "--no-cache")
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert not [c for c in report["claims"] if c["verdict"] in ("conflict", "possible_conflict")]
