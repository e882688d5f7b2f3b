"""The CLI in-process with pinned output, plus one subprocess smoke test."""
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import library_counts

from facts.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_extract_csv(tmp_path, seeds_dir):
    out = tmp_path / "facts.csv"
    result = run("extract", str(seeds_dir), "-o", str(out))
    assert result.exit_code == 0
    n = library_counts(seeds_dir)["facts"]
    assert result.stderr.splitlines()[0] == f"{n} facts from 5 documents (5 ok, 0 skipped, 0 failed)"
    df = pd.read_csv(out)
    assert len(df) == n


def test_extract_terminal_table():
    result = run("extract", "-", "-q", input="Turkey has 12 military posts in Idlib.")
    assert result.exit_code == 0
    assert "military posts" in result.stdout and "12" in result.stdout


def test_extract_jsonl_writes_null_for_open_bounds(tmp_path):
    out = tmp_path / "facts.jsonl"
    run("extract", "-", "-q", "-o", str(out), input="More than 1,800 civilians were killed.")
    assert '"high":null' in out.read_text()


def test_missing_path_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert f"Error: {tmp_path / 'missing'}: no such file or directory" in result.stderr


def test_bad_output_suffix_exits_2(tmp_path, seeds_dir):
    result = CliRunner().invoke(cli, ["extract", str(seeds_dir), "-q", "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2
    assert "unknown output type '.txt'; expected one of .csv, .parquet, .jsonl, .xlsx" in result.stderr


def test_python_dash_m_smoke():
    done = subprocess.run([sys.executable, "-m", "facts", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "facts extract seeds/ -o facts.csv" in done.stdout


def test_explain_lists_kept_and_dropped_candidates_with_reasons():
    from click.testing import CliRunner

    from facts.cli import cli

    out = CliRunner().invoke(cli, ["explain", "The Big 12 title went to Texas on Sept. 14, 2018; "
                                              "Chelsea won 3-2 and 430 vehicles crossed in 2019."]).output
    lines = dict(line.split(": ", 1) for line in out.splitlines())
    assert lines["dropped  '12'"].startswith("a label, a name")
    assert lines["dropped  '14'"].startswith("a day or year of a date")
    assert lines["dropped  '3-2'"].startswith("a sports score")
    assert lines["dropped  '2019'"].startswith("a year")
    assert lines["kept     '430'"].startswith("430 vehicle exact [430, 430] vehicles")


def test_explain_two_texts_prints_the_features_that_decided():
    """`facts explain A B`: the verdict, then per pair of figures under one claim key the
    same-fact probability and the features that moved it; the contributions and the intercept
    add up to the probability's log-odds."""
    import math
    import re

    from click.testing import CliRunner

    from facts.checks.audit import explain_pair
    from facts.cli import cli

    a = "A magnitude 6.1 earthquake struck Aceh on Tuesday, killing 24 people."
    b = "A magnitude 6.4 earthquake struck Aceh on Tuesday. In 2004, a tsunami killed 170,000 people."
    verdict, pairs = explain_pair(a, b)
    assert verdict.verdict == "conflict" and "6.1" in verdict.reason and "6.4" in verdict.reason
    quake = next(e for e in pairs if (e.a, e.b) == ("6.1", "6.4"))
    log_odds = quake.intercept + sum(part for _, _, part in quake.contributions)
    assert 1 / (1 + math.exp(-log_odds)) == quake.probability
    assert all(abs(x[2]) >= abs(y[2]) for x, y in zip(quake.contributions, quake.contributions[1:]))
    assert not any("170,000" in (e.a, e.b) and "24" in (e.a, e.b) and e.probability >= 0.8 for e in pairs)

    out = CliRunner().invoke(cli, ["explain", a, b, "--features", "3"]).output
    assert out.splitlines()[0].startswith("conflict: 6.1 (A) vs 6.4 (B)")
    block = out.split("'6.1' (A) and '6.4' (B)")[1].split("\n\n")[0].splitlines()
    assert re.fullmatch(r", \S+: same fact \d\.\d\d", block[0])
    assert block[1].endswith("(intercept)") and len(block) <= 6  # intercept, 3 features, the rest summed


def _feature_cases():
    import json
    from pathlib import Path

    return json.loads((Path(__file__).parent / "data" / "feature_cases.json").read_text())["cases"]



@pytest.mark.parametrize("case", _feature_cases(), ids=lambda c: c["id"])
def test_same_fact_feature_case(case):
    """Each named feature of the same-fact model reads what its name says (feature_cases.json)."""
    from facts.checks.audit import explain_pair
    from facts.claims.features import FEATURE_NAMES

    _, pairs = explain_pair(case["a_text"], case["b_text"])
    pair = next((e for e in pairs if (e.a, e.b) == (case["a"], case["b"])), None)
    assert pair is not None, [(e.a, e.b) for e in pairs]
    values = dict(pair.features)
    assert set(values) == set(FEATURE_NAMES)
    for name, expected in case["expected"].items():
        assert values[name] == pytest.approx(expected), name
