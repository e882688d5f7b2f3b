"""The pipeline on Spark (local[2], one session per test run) gives what pandas gives."""
import shutil
import sys

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import copy_seeds, library_counts

import facts
from facts.cli import cli
from facts.errors import FactsError

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed: make install-spark")
pytestmark = [pytest.mark.spark,
              pytest.mark.skipif(not shutil.which("java"), reason="Java 17 not installed (openjdk-17-jre-headless)")]


@pytest.fixture(scope="session")
def spark():
    from facts.engines import spark as facts_spark

    session = facts_spark.session("local[2]", local_ip=True)
    yield session
    session.stop()




@pytest.fixture(scope="module")
def tolls(tmp_path_factory, perturbed):
    """The perturbed seeds plus articles whose tolls are compared by their largest and most
    stated figures, and two sentences linked by their wording."""
    folder = copy_seeds(perturbed, tmp_path_factory.mktemp("tolls"))
    (folder / "a.txt").write_text("Two dead, four injured in shooting\nPublished: 2019-05-05\n\nTwo people were killed and four "
                                  "wounded. Two of the wounded are in critical condition.\n"
                                  "Mary is 10 years younger than Albert.\n")
    (folder / "b.txt").write_text("Shooting on Pine Street\nPublished: 2019-05-05\n\n"
                                  "Three people were killed and four wounded in the shooting.\n"
                                  "Mary is 20 years younger than Albert.\n")
    return folder


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A small mixed collection: the articles of the story cases (several shootings, a
    roundup, a follow-up) in one folder, nobody's grouping given."""
    import json
    from pathlib import Path

    folder = tmp_path_factory.mktemp("mixed")
    cases = json.loads((Path(__file__).parent / "data" / "story_cases.json").read_text(encoding="utf-8"))
    for case in cases:
        for d in case["documents"]:
            (folder / f"{case['id']}-{d['id']}.txt").write_text(
                f"{d['title']}\nPublished: {d['published']}\n\n{d['text']}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def roundup(tmp_path_factory):
    """A roundup whose paragraph on one shooting names the victim that a single story names with
    a different toll (tests/data/toll_cases.json): compared through the named person."""
    import json
    from pathlib import Path

    folder = tmp_path_factory.mktemp("roundup")
    cases = json.loads((Path(__file__).parent / "data" / "toll_cases.json").read_text(encoding="utf-8"))["cases"]
    case = next(c for c in cases if c["name"].startswith("genuine: a roundup's paragraph"))
    for n, a in enumerate(case["articles"]):
        (folder / f"{n:02d}.txt").write_text(f"{a['title']}\nPublished: {a['published']}\n\n{a['text']}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("which", ["perturbed", "tolls", "mixed", "roundup"])
def test_spark_check_equals_pandas(spark, which, request, tmp_path):
    from facts.engines import spark as facts_spark

    perturbed = request.getfixturevalue(which)
    on_spark = facts_spark.check([str(perturbed)], master="local[2]", out=str(tmp_path / "mentions.parquet"))
    facts_df, documents_df = facts.extract_paths([str(perturbed)])
    local = facts.validate(facts_df, documents_df)
    pd.testing.assert_frame_equal(on_spark.facts, local.facts)
    pd.testing.assert_frame_equal(on_spark.documents, local.documents)
    pd.testing.assert_frame_equal(on_spark.claims, local.claims)
    pd.testing.assert_frame_equal(on_spark.pairs, local.pairs)
    assert [(r.suite, r.expectation, r.success, r.unexpected_rows) for r in on_spark.expectations] == \
        [(r.suite, r.expectation, r.success, r.unexpected_rows) for r in local.expectations]
    if which == "mixed":  # the same stories, found on the driver by the same function
        assert on_spark.documents["story"].nunique() >= 6  # the story cases hold (tests/test_stories.py)
        assert on_spark.documents["story"].tolist() == local.documents["story"].tolist()
        return
    assert not on_spark.success and (tmp_path / "mentions.parquet").exists()
    if which == "roundup":  # the victim named on both sides ties the roundup's paragraph to the story
        reasons = " | ".join(on_spark.claims.loc[on_spark.claims["verdict"] == "conflict", "reason"])
        assert "names Marcus Hale" in reasons
        return
    if which == "tolls":  # the toll and the worded pair are compared on both engines
        reasons = " | ".join(on_spark.claims.loc[on_spark.claims["verdict"] == "conflict", "reason"])
        assert "Two (a.txt) vs Three (b.txt)" in reasons and "10 years (a.txt) vs 20 years (b.txt)" in reasons


def test_extract_a_spark_dataframe(spark):
    from facts.engines import spark as facts_spark

    sdf = spark.createDataFrame(pd.DataFrame({"id": ["a", "b"], "body": [
        "Turkey has 12 military posts in Idlib.", "More than 1,800 civilians were killed."]}))
    rows = facts_spark.extract(sdf, text_col="body", id_col="id").orderBy("doc_id", "row_in_doc").toPandas()
    assert list(rows["surface"]) == ["12", "More than 1,800"]
    assert list(rows["concept"]) == ["military posts", "civilians"]


def test_extract_names_a_missing_column(spark):
    from facts.engines import spark as facts_spark

    sdf = spark.createDataFrame(pd.DataFrame({"id": ["a"], "body": ["x"]}))
    with pytest.raises(FactsError, match="no column 'text' in the Spark DataFrame; columns are body, id"):
        facts_spark.extract(sdf, id_col="id")


def test_cli_engine_spark(spark, seeds_dir):
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "--engine", "spark", "--master", "local[2]",
                                      "--conf", "spark.sql.shuffle.partitions=4", "-q"])
    assert result.exit_code == 0, result.output
    n = library_counts(seeds_dir)
    assert result.stdout.strip() == f"PASS: 0 conflicts, {n['claims']} claims, {n['facts']} facts, 5 documents"


def test_missing_pyspark_gives_install_advice(monkeypatch):
    from facts.engines import spark as facts_spark

    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(FactsError, match=r'pip install "facts\[spark\]"'):
        facts_spark.session("local[1]")


def test_quiet_spark_run_prints_only_the_verdict(seeds_dir):
    """-q on Spark: no JVM banner, no log4j warnings on stderr; the verdict on stdout."""
    import subprocess

    done = subprocess.run([sys.executable, "-m", "facts", "check", str(seeds_dir), "--engine", "spark",
                           "--master", "local[1]", "-q"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("PASS: 0 conflicts,") and len(done.stdout.splitlines()) == 1


def _same_result(a, b):
    for table in ("facts", "documents", "claims", "pairs"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))
    assert [(r.suite, r.expectation, r.success, r.unexpected_rows) for r in a.expectations] == \
        [(r.suite, r.expectation, r.success, r.unexpected_rows) for r in b.expectations]


def test_spark_and_the_local_engine_share_the_cache(spark, perturbed, tmp_path):
    """One key per document for both engines (`cache.document_key`): the rows Spark extracts are
    stored in the cache and answer a local run; rows the local engine stored keep those documents
    away from Spark. The results are those without a cache, and the mentions carry the keys."""
    from facts.engines import spark as facts_spark
    from facts.engines.cache import Cache
    from facts.inputs.documents import load_documents

    local = facts.validate(*facts.extract_paths([str(perturbed)]))
    mentions = str(tmp_path / "mentions.parquet")
    with Cache(tmp_path / "a") as cache:
        cold = facts_spark.check([str(perturbed)], master="local[2]", out=mentions, cache=cache)
        assert (cache.hits, cache.misses, cache.stored) == (0, 5, 5)
    with Cache(tmp_path / "a") as cache:
        facts_df, _ = facts.extract_paths([str(perturbed)], cache=cache)
        assert (cache.hits, cache.misses) == (5, 0)
        keys = {d.doc_id: cache.key(d) for d in load_documents([str(perturbed)])}
    pd.testing.assert_frame_equal(facts_df, local.facts)
    with Cache(tmp_path / "b") as cache:
        facts.extract_paths([str(perturbed)], cache=cache)
    with Cache(tmp_path / "b") as cache:
        warm = facts_spark.check([str(perturbed)], master="local[2]", cache=cache)
        assert (cache.hits, cache.misses, cache.stored) == (5, 0, 0)
    _same_result(cold, local)
    _same_result(warm, local)
    written = spark.read.parquet(mentions).select("doc_id", "cache_key").distinct().toPandas()
    assert len(written) == 5 and dict(zip(written["doc_id"], written["cache_key"])) == keys


def test_the_facts_gx_expectation_says_it_needs_pandas(spark, seeds_dir, tmp_path):
    """facts.gx on a Spark batch: that expectation fails, saying so; the suite's others run."""
    import great_expectations as gx

    import facts.gx

    assert CliRunner().invoke(cli, ["extract", str(seeds_dir), "-o", str(tmp_path / "f.parquet"), "-q"]).exit_code == 0
    sdf = spark.read.parquet(str(tmp_path / "f.parquet"))
    context = gx.get_context(mode="ephemeral")
    batch = context.data_sources.add_spark("s").add_dataframe_asset("facts").add_batch_definition_whole_dataframe(
        "all").get_batch(batch_parameters={"dataframe": sdf})
    suite = gx.ExpectationSuite(name="s", expectations=[
        facts.gx.ExpectFiguresToAgreeAcrossSources(column="same_time_gap", max_value=0.05),
        gx.expectations.ExpectTableRowCountToBeBetween(min_value=1)])
    ours, theirs = batch.validate(suite).results
    assert not ours.success and "runs on pandas batches only, not on a SparkDFExecutionEngine batch" in \
        ours.exception_info["exception_message"]
    assert theirs.success
