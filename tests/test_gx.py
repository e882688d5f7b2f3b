"""facts in a Great Expectations project: `facts check --gx-context DIR` stores GX validation
results and Data Docs that say what `--format json` says, and `facts.gx`'s expectation gives
`facts check`'s verdicts in a user's own GX context. Everything is read back with GX's own API."""
import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CHROMIUM, ROOT, chromium_dom, load_cases

from facts.cli import cli

GX_CONFIG = ("great_expectations.yml", "expectations", "checkpoints", "validation_definitions")
"""What a context holds besides its results and Data Docs: unchanged by a run whose suites did not change."""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def gx_context(directory):
    import great_expectations as gx

    return gx.get_context(mode="file", project_root_dir=str(directory))


def stored_runs(directory) -> list[dict]:
    """The validation results stored in a context, read with GX's API: per run (oldest first),
    suite name -> ExpectationSuiteValidationResult."""
    store = gx_context(directory).validation_results_store
    runs: dict = {}
    for key in store.list_keys():
        runs.setdefault(key.run_id.run_time, {})[key.expectation_suite_identifier.name] = store.get(key)
    return [runs[t] for t in sorted(runs)]


def config_files(directory) -> dict:
    gx_dir = Path(directory) / "gx"
    files = {}
    for name in GX_CONFIG:
        for path in sorted([gx_dir / name] if (gx_dir / name).is_file() else (gx_dir / name).rglob("*.json")):
            files[str(path.relative_to(gx_dir))] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def reports(seeds_dir, perturbed):
    """`facts check --format json` without GX context: the seeds, and the seeds with one changed figure."""
    out = {}
    for name, folder in (("seeds", seeds_dir), ("perturbed", perturbed)):
        result = run("check", folder, "--format", "json")
        out[name] = (result.exit_code, json.loads(result.stdout))
    return out


@pytest.fixture(scope="module")
def context_runs(tmp_path_factory, seeds_dir, perturbed):
    """Two runs into one new GX context: the seeds (pass), then the changed figure (fail)."""
    directory = tmp_path_factory.mktemp("gx") / "project"
    first = run("check", seeds_dir, "--format", "json", "--gx-context", directory)
    after_first = config_files(directory)
    second = run("check", perturbed, "--format", "json", "--gx-context", directory)
    return {"dir": directory, "codes": (first.exit_code, second.exit_code), "stderr": second.stderr,
            "reports": (json.loads(first.stdout), json.loads(second.stdout)), "config": after_first}


def by_entry(suite_results: dict) -> dict:
    """(suite, entry index) -> GX's ExpectationValidationResult, over one run's stored results."""
    found = {}
    for name, suite_result in suite_results.items():
        assert name.startswith("facts.")
        for r in suite_result.results:
            found[(name.removeprefix("facts."), r.expectation_config.meta["facts_entry"])] = r
    return found


def test_a_context_run_reports_what_a_plain_run_reports(context_runs, reports):
    assert context_runs["codes"] == (reports["seeds"][0], reports["perturbed"][0]) == (0, 1)
    for report, (_, plain) in zip(context_runs["reports"], (reports["seeds"], reports["perturbed"])):
        assert report["claims"] == plain["claims"] and report["expectations"] == plain["expectations"]
    assert "GX: 2 validation results stored in" in context_runs["stderr"] and "index.html" in context_runs["stderr"]


def test_stored_results_have_the_failed_expectations_and_claims_of_the_json(context_runs, reports):
    runs = stored_runs(context_runs["dir"])
    assert len(runs) == 2 and all(set(r) == {"facts.cross_source", "facts.facts_table"} for r in runs)
    for stored, (_, report) in zip(runs, (reports["seeds"], reports["perturbed"])):
        found = by_entry(stored)
        assert set(found) == {(e["suite"], e["index"]) for e in report["expectations"]}
        for e in report["expectations"]:
            r = found[(e["suite"], e["index"])]
            assert r.success == e["success"] and (r.result.get("unexpected_count") or 0) == e["unexpected_count"]
            assert r.expectation_config.type == e["expectation"]
            assert r.expectation_config.severity == {"error": "critical", "warning": "warning"}[e["severity"]]
            assert r.meta["facts"]["severity"] == e["severity"] and r.meta["facts"]["entry"] == e["index"]
    # the changed figure: the same_time_gap entry fails on the claim the JSON calls a conflict
    _, report = reports["perturbed"]
    conflicts = sorted(c["claim_id"] for c in report["claims"] if c["verdict"] == "conflict")
    failed = [r for r in by_entry(runs[1]).values() if not r.success]
    assert conflicts and len(failed) == 1
    meta = failed[0].meta["facts"]
    assert meta["verdict"] == "conflict" and meta["claims"] == conflicts
    assert [row["row"] for row in meta["unexpected"]] == failed[0].result["unexpected_index_list"]
    mentions = {c["claim_id"]: {(m["doc_id"], m["start"], m["end"]) for m in c["mentions"]} for c in report["claims"]}
    for row in meta["unexpected"]:
        assert len(row["mentions"]) == 2
        assert {(m["doc_id"], m["start"], m["end"]) for m in row["mentions"]} <= mentions[row["claim_id"]]
        assert 0.0 <= row["confidence"] <= 1.0  # the same-fact probability of the pair
    # the JSON's reason names the probability of the claim's deciding pair, one of those stored
    for claim in report["claims"]:
        if claim["claim_id"] in conflicts:
            stored = {f"(same fact: {row['confidence']:.2f})" for row in meta["unexpected"]
                      if row["claim_id"] == claim["claim_id"]}
            assert any(said in claim["reason"] for said in stored), (claim["reason"], stored)


def test_the_context_holds_the_batches_suites_and_checkpoint(context_runs, tmp_path):
    import shutil

    shutil.copytree(context_runs["dir"], tmp_path / "copy")  # a run by hand stays out of the shared context
    context = gx_context(tmp_path / "copy")
    checkpoint = context.checkpoints.get("facts")
    assert sorted(vd.name for vd in checkpoint.validation_definitions) == ["facts.cross_source", "facts.facts_table"]
    suite = context.suites.get("facts.cross_source")
    assert suite.meta["facts"]["table"] == "pairs"
    assert [e.column for e in suite.expectations] == ["same_time_gap", "doubtful_gap", "other_time_gap"]
    # the batches are the last run's tables: GX alone re-validates them
    from great_expectations.core.run_identifier import RunIdentifier

    rerun = checkpoint.run(run_id=RunIdentifier(run_name="by hand"))
    assert [r.success for r in rerun.run_results.values()].count(False) == 1


def test_a_second_run_adds_to_the_history_and_changes_no_configuration(context_runs):
    assert config_files(context_runs["dir"]) == context_runs["config"]
    # facts turns GX's progress bars off for its run only: the context's own settings stay as GX wrote them
    assert "progress_bars" not in (Path(context_runs["dir"]) / "gx" / "great_expectations.yml").read_text()
    runs = stored_runs(context_runs["dir"])
    assert [all(r.success for r in run.values()) for run in runs[:2]] == [True, False]


def _index(directory) -> Path:
    return Path(directory) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def test_data_docs_list_both_runs(context_runs):
    index = _index(context_runs["dir"])
    pages = re.findall(r"'_table_row_link_path': '(validations/[^']+)'", index.read_text())
    assert len({p.split("/")[-2] for p in pages}) == 2 and len(pages) == 4
    assert {p.split("/")[2] for p in pages} == {"cross_source", "facts_table"}
    from urllib.parse import unquote

    assert all((index.parent / unquote(p)).is_file() for p in pages)


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
def test_data_docs_show_the_failed_expectation_in_chromium(context_runs, reports, tmp_path):
    _, report = reports["perturbed"]
    failed = next(e for e in report["expectations"] if not e["success"])
    runs = sorted((_index(context_runs["dir"]).parent / "validations" / "facts" / "cross_source").glob("*/*/*.html"))
    dom = chromium_dom(runs[-1].resolve().as_uri(), tmp_path / "page")
    text = " ".join(re.sub(r"<[^>]+>", " ", dom).split())
    assert "Status: Failed" in text and "Unsuccessful Expectations 1" in text
    assert f"{failed['unexpected_count']} unexpected values found" in text and failed["kwargs"]["column"] in text
    first = chromium_dom(runs[0].resolve().as_uri(), tmp_path / "first")
    assert "Status: Succeeded" in " ".join(re.sub(r"<[^>]+>", " ", first).split())


def listed_runs(dom: str) -> list[list[str]]:
    """The rows of the list facts writes into the Data Docs index: status, run time, run name,
    asset, suite and the result page's link ("" without one)."""
    rows = []
    for row in re.findall(r'<tr class="facts-run">(.*?)</tr>', dom, flags=re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, flags=re.S)
        link = re.search(r'<a href="([^"]*)"', cells[-1])
        rows.append([*cells[:-1], html.unescape(link.group(1)) if link else ""])
    return rows


def test_the_index_lists_every_run_once_without_scripts(context_runs, tmp_path):
    """Beside GX's scripted table, index.html lists the stored results as plain HTML, newest
    first, each with a link to its result page; a later build writes the list again in its place."""
    from urllib.parse import unquote

    from facts.checks import docs_index

    index = _index(context_runs["dir"])
    page = index.read_text(encoding="utf-8")
    assert page.count(docs_index.BEGIN) == page.count(docs_index.END) == 1
    rows = listed_runs(page)
    assert [(status, suite) for status, _, _, _, suite, _ in rows] == [
        ("Failed", "facts.cross_source"), ("Succeeded", "facts.facts_table"),
        ("Succeeded", "facts.cross_source"), ("Succeeded", "facts.facts_table")]
    assert len({row[1] for row in rows}) == 2 and {row[2] for row in rows} == {"facts check"}
    assert [row[3] for row in rows] == ["pairs", "facts"] * 2
    assert all((index.parent / unquote(row[5])).is_file() for row in rows) and len({row[5] for row in rows}) == 4
    # the links are GX's own (its table's data links the same pages)
    assert {row[5] for row in rows} == set(re.findall(r"'_table_row_link_path': '(validations/[^']+)'", page))
    # listing again, as each run does after GX rebuilt the index, changes nothing
    import shutil

    from facts.checks.suites import _list_runs_in_index, open_context

    shutil.copytree(context_runs["dir"], tmp_path / "copy")
    _list_runs_in_index(open_context(tmp_path / "copy"))
    assert _index(tmp_path / "copy").read_bytes() == index.read_bytes()


def test_the_list_replaces_its_earlier_self(context_runs):
    from facts.checks.docs_index import BEGIN, StoredRun, with_runs

    runs = [StoredRun("facts.x", "facts check", "2026-01-02T00:00:00+00:00", False, "facts", "validations/x.html")]
    gx_page = _index(context_runs["dir"]).read_text(encoding="utf-8")
    once = with_runs(gx_page, runs)
    assert with_runs(once, runs) == once and once.count(BEGIN) == 1
    more = with_runs(once, [*runs, replace(runs[0], run_time="2026-01-03T00:00:00+00:00", success=True, link="")])
    assert more.count(BEGIN) == 1 and [r[0] for r in listed_runs(more)] == ["Succeeded", "Failed"]
    assert listed_runs(more)[0][5] == "" and "(no page)" in more
    # without GX's table (another GX release), at the top of the body
    assert with_runs("<html><body>\n<p>x</p></body></html>", runs).startswith("<html><body>\n" + BEGIN)


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
def test_data_docs_index_lists_the_runs_in_chromium(context_runs, tmp_path):
    """Offline, as on this machine and in CI, GX's table stays empty (its scripts come from
    public CDNs) and facts' list is what the index shows; with the CDNs, GX's table shows."""
    from urllib.parse import unquote

    index = _index(context_runs["dir"])
    dom = chromium_dom(index.resolve().as_uri(), tmp_path / "index", "--virtual-time-budget=10000")
    assert "Validation Results" in dom
    shown = re.sub(r"<script.*?</script>", "", dom, flags=re.S)  # what the page shows, not its data
    listed = re.search(r'<div id="facts-validation-results"([^>]*)>(.*?)</div>', shown, flags=re.S)
    if 'class="bootstrap-table' in shown:  # a machine that reaches the CDNs: GX's table, facts' list hidden
        rows = [row for row in re.findall(r"<tr[^>]*data-index[^>]*>(.*?)</tr>", shown, flags=re.S)
                if "facts check" in row]
        assert len(rows) == 4  # two runs, a result per suite each
        assert sum("facts.cross_source" in r for r in rows) == 2 and sum("facts.facts_table" in r for r in rows) == 2
        assert "hidden" in listed.group(1)
        return
    assert listed and "hidden" not in listed.group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", listed.group(2)).split())
    assert "4 validation results" in text and text.count("facts check") == 4
    rows = listed_runs(listed.group(2))
    assert [(row[0], row[4]) for row in rows[:2]] == [("Failed", "facts.cross_source"),
                                                      ("Succeeded", "facts.facts_table")]
    assert sum(row[4] == "facts.cross_source" for row in rows) == 2 and len({row[1] for row in rows}) == 2
    assert all((index.parent / unquote(row[5])).is_file() for row in rows)
    # a link opens its result page in Chromium
    page = chromium_dom((index.parent / unquote(rows[0][5])).resolve().as_uri(), tmp_path / "result")
    assert "Status: Failed" in " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
def test_the_list_hides_once_gx_draws_its_table(context_runs, tmp_path):
    """Where the CDN scripts load, bootstrap-table wraps GX's table in div.bootstrap-table, and
    facts' list hides itself: played here by a page that has that wrapper already."""
    page = _index(context_runs["dir"]).read_text(encoding="utf-8")
    drawn = tmp_path / "index.html"
    drawn.write_text(page.replace("<body>", '<body><div class="bootstrap-table"></div>', 1), encoding="utf-8")
    dom = chromium_dom(drawn.as_uri(), tmp_path / "p")
    assert re.search(r'<div id="facts-validation-results" hidden[^>]*>', dom)


def test_an_input_without_figures_is_validated_as_empty_tables(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Nothing here is counted.\n")
    result = run("check", tmp_path / "in", "--format", "json", "--gx-context", tmp_path / "ctx")
    assert result.exit_code == 0
    (stored,) = stored_runs(tmp_path / "ctx")
    assert {name: r.meta["facts"]["rows"] for name, r in stored.items()} == {"facts.cross_source": 0,
                                                                              "facts.facts_table": 0}
    assert all(e["details"] == {"note": "no rows"} for e in json.loads(result.stdout)["expectations"])
    # the gx/ folder itself names the same context
    assert run("check", tmp_path / "in", "-q", "--gx-context", tmp_path / "ctx" / "gx").exit_code == 0
    assert len(stored_runs(tmp_path / "ctx")) == 2 and not (tmp_path / "ctx" / "gx" / "gx").exists()


def test_an_entry_that_fails_to_run_is_bad_input_and_still_stored_escaped(tmp_path):
    """A suite entry GX cannot run is exit 2, as without a context; what was stored is escaped
    and has its Data Docs page, so that no raw value waits for a later build."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Police said <b>12</b> people died.\n")
    (tmp_path / "in" / "b.txt").write_text("Police said 14 people died.\n")
    suites = tmp_path / "suites"
    suites.mkdir()
    (suites / "x.json").write_text(json.dumps({"name": "x", "expectations": [
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "sentence", "value_set": ["-"]}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "value", "min_value": 5, "max_value": 1}}]}))
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "in"), "--suites", str(suites), "--gx-context",
                                      str(tmp_path / "ctx")])
    assert result.exit_code == 2 and "x.json: expectation 1 (expect_column_values_to_be_between) failed to run" \
        in result.stderr
    (stored,) = stored_runs(tmp_path / "ctx")
    values = stored["facts.x"].results
    shown = [v for r in values for v in (r.result or {}).get("partial_unexpected_list") or []]
    assert "Police said &lt;b&gt;12&lt;/b&gt; people died." in shown and not any("<b>" in v for v in shown)
    assert list((_index(tmp_path / "ctx").parent / "validations" / "facts" / "x").rglob("*.html"))


@pytest.mark.parametrize("extra, message", [
    (["--engine", "spark"], "--gx-context goes with --engine local"),
    (["--against", "seeds"], "--gx-context goes with a check of sources"),
])
def test_gx_context_refuses_what_it_cannot_do(seeds_dir, tmp_path, extra, message):
    target = seeds_dir / "000_b88e159ecfa85429.txt" if "--against" in extra else seeds_dir
    result = CliRunner().invoke(cli, ["check", str(target), "--gx-context", str(tmp_path / "c"),
                                      *[str(seeds_dir) if a == "seeds" else a for a in extra]])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "c").exists()


def test_a_context_that_cannot_be_used_is_bad_input(seeds_dir, tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--gx-context", str(a_file)])
    assert result.exit_code == 2 and f"{a_file}: expected a folder for the GX context" in result.output
    broken = tmp_path / "broken"
    (broken / "gx").mkdir(parents=True)
    (broken / "gx" / "great_expectations.yml").write_text("config_version: [unclosed\n")
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--gx-context", str(broken)])
    assert result.exit_code == 2 and f"{broken}: Great Expectations cannot open the context there" in result.output


@pytest.mark.parametrize("folder", ["expectations", "facts/expectations"])
def test_suite_files_are_gx_suites(folder):
    """Every suite file is GX's own JSON: `gx.ExpectationSuite(**json)` takes it as it is, the
    facts meta included, and builds every entry."""
    import great_expectations as gx

    paths = sorted((ROOT / folder).glob("*.json"))
    assert paths
    for path in paths:
        spec = json.loads(path.read_text())
        suite = gx.ExpectationSuite(**spec)
        assert suite.name == spec["name"] and suite.meta["facts"] == spec["meta"]["facts"]
        assert [e.expectation_type for e in suite.expectations] == [e["type"] for e in spec["expectations"]]
        for built, entry in zip(suite.expectations, spec["expectations"]):
            assert {k: getattr(built, k) for k in entry["kwargs"]} == entry["kwargs"] and built.meta == entry["meta"]


# The expectation of facts.gx, in a GX project of a user's own

@pytest.fixture(scope="module")
def fact_tables(tmp_path_factory, seeds_dir, perturbed):
    """`facts extract` of the seeds and of the changed figure, in Parquet, CSV and JSONL."""
    folder = tmp_path_factory.mktemp("tables")
    for name, source in (("seeds", seeds_dir), ("perturbed", perturbed)):
        for suffix in ("parquet", "csv", "jsonl"):
            assert run("extract", source, "-o", folder / f"{name}.{suffix}", "-q").exit_code == 0
    return folder


def validate_in_own_context(directory: Path, table: Path):
    """What a user does: a fresh GX file context, a pandas data source over the fact table file,
    a suite of facts' cross-source expectations, a validation definition and a checkpoint."""
    import great_expectations as gx

    import facts.gx

    context = gx.get_context(mode="file", project_root_dir=str(directory))
    source = context.data_sources.add_pandas_filesystem("news", base_directory=table.parent)
    suffix = table.suffix.lstrip(".")
    asset = {"parquet": source.add_parquet_asset, "csv": source.add_csv_asset,
             "jsonl": lambda name: source.add_json_asset(name, lines=True)}[suffix]("facts")
    suite = context.suites.add(gx.ExpectationSuite(name="news", expectations=facts.gx.cross_source_expectations()))
    definition = context.validation_definitions.add(gx.ValidationDefinition(
        name="news", data=asset.add_batch_definition_path("all", path=table.name), suite=suite))
    checkpoint = context.checkpoints.add(gx.Checkpoint(name="news", validation_definitions=[definition]))
    (result,) = checkpoint.run().run_results.values()
    return result


@pytest.mark.parametrize("name", ["seeds", "perturbed"])
@pytest.mark.parametrize("suffix", ["parquet", "csv", "jsonl"])
def test_the_expectation_gives_the_verdicts_of_facts_check(fact_tables, reports, tmp_path, name, suffix):
    result = validate_in_own_context(tmp_path, fact_tables / f"{name}.{suffix}")
    _, report = reports[name]
    entries = [e for e in report["expectations"] if e["suite"] == "cross_source"]
    assert [r.expectation_config.type for r in result.results] == ["expect_figures_to_agree_across_sources"] * 3
    assert [(r.success, r.result["unexpected_count"]) for r in result.results] == \
        [(e["success"], e["unexpected_count"]) for e in entries]
    verdicts = {c["claim_id"]: c["verdict"] for c in report["claims"]}
    for r in result.results:
        flagged = set(r.result["details"]["claims"])
        verdict = r.expectation_config.meta["verdict"]
        given = {c for c, v in verdicts.items() if v == verdict}
        if r.success:  # facts check gives a verdict only through a failed expectation
            assert not given
        else:  # every claim of that verdict was flagged; a conflict, the strongest, is all it flags
            assert given <= flagged and (flagged == given or verdict != "conflict")
    assert result.success == (name == "seeds")


BETWEEN = load_cases("between_cases.json")


@pytest.mark.parametrize("case", BETWEEN, ids=[c["id"] for c in BETWEEN])
def test_between_decides_as_gx_does(case):
    """The expectation bounds a pairs column as GX's expect_column_values_to_be_between would."""
    import great_expectations as gx
    import pandas as pd

    from facts.gx import between, mostly_success

    values = pd.Series([float(v) if v is not None else None for v in case["values"]], dtype="float64")
    kwargs = case["kwargs"]
    unexpected, considered = between(values, kwargs.get("min_value"), kwargs.get("max_value"),
                                     kwargs.get("strict_min", False), kwargs.get("strict_max", False))
    ours = (mostly_success(int(considered.sum()), int(unexpected.sum()), kwargs.get("mostly", 1.0)),
            int(unexpected.sum()))
    context = gx.get_context(mode="ephemeral")
    batch = context.data_sources.add_pandas("p").add_dataframe_asset("t").add_batch_definition_whole_dataframe(
        "all").get_batch(batch_parameters={"dataframe": pd.DataFrame({"x": values})})
    theirs = batch.validate(gx.expectations.ExpectColumnValuesToBeBetween(column="x", **kwargs))
    assert ours == (theirs.success, theirs.result["unexpected_count"])


def test_a_column_the_pairs_table_lacks_is_named_with_the_choices(fact_tables):
    import great_expectations as gx
    import pandas as pd

    import facts.gx

    context = gx.get_context(mode="ephemeral")
    batch = context.data_sources.add_pandas("p").add_dataframe_asset("t").add_batch_definition_whole_dataframe(
        "all").get_batch(batch_parameters={"dataframe": pd.read_parquet(fact_tables / "seeds.parquet")})
    result = batch.validate(facts.gx.ExpectFiguresToAgreeAcrossSources(column="no_such_gap", max_value=1))
    message = result.exception_info["exception_message"]
    assert not result.success and "'no_such_gap' is not a column of the claim pairs table" in message
    assert "same_time_gap" in message


def test_a_table_that_is_not_a_fact_table_is_named(tmp_path):
    import pandas as pd

    from facts.gx import fact_table

    with pytest.raises(ValueError, match="not a fact table: no column doc_id"):
        fact_table(pd.DataFrame({"value": [1.0]}))


def test_only_pandas_batches(fact_tables, monkeypatch):
    """On another engine the expectation asks for no metric and fails alone, saying why, and the
    suite's other expectations run. Here GX runs on pandas with facts told it is not pandas (the
    Spark test, run where pyspark is installed, does it on a real Spark batch)."""
    import great_expectations as gx
    import pandas as pd

    import facts.gx

    monkeypatch.setattr(facts.gx, "_on_pandas", lambda engine: False)
    context = gx.get_context(mode="ephemeral")
    batch = context.data_sources.add_pandas("p").add_dataframe_asset("t").add_batch_definition_whole_dataframe(
        "all").get_batch(batch_parameters={"dataframe": pd.read_parquet(fact_tables / "seeds.parquet")})
    ours, theirs = batch.validate(gx.ExpectationSuite(name="s", expectations=[
        facts.gx.ExpectFiguresToAgreeAcrossSources(column="same_time_gap", max_value=0.05),
        gx.expectations.ExpectTableRowCountToBeBetween(min_value=1)])).results
    assert not ours.success and theirs.success
    assert "runs on pandas batches only, not on a PandasExecutionEngine batch: read the fact table with a pandas " \
        "data source" in ours.exception_info["exception_message"]


def test_only_between_entries_become_the_expectation(tmp_path):
    from facts.errors import SuiteError
    from facts.gx import cross_source_expectations

    spec = json.loads((ROOT / "expectations" / "cross_source.json").read_text())
    assert [e.column for e in cross_source_expectations(ROOT / "expectations")] == \
        [e["kwargs"]["column"] for e in spec["expectations"]]
    spec["expectations"].append({"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "claim_id"}})
    (tmp_path / "cross_source.json").write_text(json.dumps(spec))
    with pytest.raises(SuiteError, match=r"expectation 3 \(expect_column_values_to_not_be_null\): only "):
        cross_source_expectations(tmp_path)
