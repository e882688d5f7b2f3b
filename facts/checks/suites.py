"""Run the expectation suites in `expectations/` with Great Expectations. The only module that
imports great_expectations.

The suites are data (GX's own JSON); this module loads them, checks that every entry became an
expectation (GX drops what it cannot build), validates the fact table and the claim pairs, and
collects every result rather than stopping at the first failure.
"""
from __future__ import annotations

import difflib
import json
import os
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import SuiteError
from ..types import Qualifier

TABLES = ("facts", "pairs")
ENTRY_KEY = "facts_entry"
"""Meta key of a built expectation that holds the index of its entry in the suite file."""
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class ExpectationResult:
    suite: str
    expectation: str
    column: str
    success: bool
    severity: str
    verdict: str
    unexpected_count: int
    unexpected_rows: tuple[int, ...]
    details: str
    index: int = 0           # the entry's position in its suite file
    kwargs: tuple = ()       # the entry's arguments, as (name, value) pairs
    about: str = ""          # the entry's meta "about": what it checks, in plain words
    observed: tuple = ()     # what GX reported, as (name, value) pairs: unexpected values, counts, percent


@dataclass(frozen=True)
class Suite:
    name: str
    path: str
    table: str
    entries: tuple[dict, ...] = field(default_factory=tuple)
    built: tuple = ()
    """The GX expectation objects of `entries`, built once by `load_suites`."""


PACKAGED_SUITES = Path(__file__).resolve().parent.parent / "expectations"
"""The default suites, installed with the package (a copy of the checkout's `expectations/`)."""


def default_suites() -> Path:
    """`expectations/` in the current folder (your project's own suites), else the suites
    installed with facts."""
    for candidate in (Path.cwd() / "expectations", PACKAGED_SUITES):
        if candidate.is_dir() and any(candidate.glob("*.json")):
            return candidate
    raise SuiteError(f"no expectation suites found in {Path.cwd() / 'expectations'} or {PACKAGED_SUITES}; "
                     "pass --suites DIR")


def load_suites(directory: str | Path | None = None) -> list[Suite]:
    """Every *.json suite in `directory` (default: `default_suites()`), checked: valid JSON, a
    known table, known expectation types with arguments GX accepts."""
    directory = Path(directory) if directory is not None else default_suites()
    if not directory.is_dir():
        raise SuiteError(f"{directory}: suites folder not found")
    suites = []
    for path in sorted(directory.glob("*.json")):
        if not path.is_file():
            raise SuiteError(f"{path}: expected a suite file, found a {'folder' if path.is_dir() else 'special file'}")
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))  # NaN and Infinity load; check_values names them
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as e:
            where = f": {e.msg} at line {e.lineno}" if isinstance(e, json.JSONDecodeError) else ""
            raise SuiteError(f"{path}: not valid JSON{where}") from e
        except OSError as e:
            raise SuiteError(f"{path}: cannot be read: {e.strerror}") from e
        check_values(spec, str(path))
        if not isinstance(spec, dict) or not isinstance(spec.get("expectations"), list):
            raise SuiteError(f"{path}: expected an object with an 'expectations' list")
        meta = _object(spec.get("meta"), f"{path}: meta")
        table = _object(meta.get("facts"), f"{path}: meta.facts").get("table", "facts")
        if table not in TABLES:
            raise SuiteError(f"{path}: meta.facts.table is {table!r}; expected one of {', '.join(TABLES)}")
        for i, entry in enumerate(spec["expectations"]):
            if not isinstance(entry, dict):
                raise SuiteError(f"{path}: expectation {i}: expected an object with 'type' and 'kwargs', "
                                 f"found {type(entry).__name__}")
            _object(entry.get("kwargs"), f"{path}: expectation {i} ({entry.get('type')}): kwargs")
            severity = _object(entry.get("meta"), f"{path}: expectation {i} ({entry.get('type')}): meta") \
                .get("severity", "error")
            if severity not in SEVERITIES:
                raise SuiteError(f"{path}: expectation {i} ({entry.get('type')}): severity {severity!r}; "
                                 f"expected one of {', '.join(SEVERITIES)}")
        suites.append(Suite(spec.get("name") or path.stem, str(path), table, tuple(spec["expectations"])))
    if not suites:
        raise SuiteError(f"{directory}: no *.json suites found")
    # Built here so that a broken entry fails before any data is read; kept for the run.
    return [replace(suite, built=tuple(_build(suite))) for suite in suites]


MAX_DEPTH = 32
"""How deeply a suite's JSON may nest: GX builds expectations recursively, and no real suite
nests more than a few levels."""
MAX_STRING = 10_000
"""The longest string a suite may hold (a description, a row condition)."""
SHOWN = 60
"""How much of a bad value an error message quotes."""


def short(value) -> str:
    """`value` for an error message, cut to `SHOWN` characters: a string as it is, anything else
    as JSON."""
    text = value[:SHOWN + 1] if isinstance(value, str) else json.dumps(value)
    full = len(value) if isinstance(value, str) else len(text)
    return text if full <= SHOWN else f"{text[:SHOWN]}... ({full:,} characters)"


def check_values(spec, path: str) -> None:
    """Every value of a suite before anything runs: numbers finite (1e999 is infinity), strings
    at most `MAX_STRING` characters, nesting at most `MAX_DEPTH` levels. A SuiteError names the
    file, the entry and the field."""
    import math

    stack = [(spec, [], 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SuiteError(f"{path}: {_field(spec, where)}: nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            stack += [(v, where + [k], depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, where + [i], depth + 1) for i, v in enumerate(value)]
        elif isinstance(value, float) and not math.isfinite(value):
            said = "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
            raise SuiteError(f"{path}: {_field(spec, where)}: {said} is not a finite number; expected a finite "
                             "number (NaN and Infinity are not JSON, and a literal such as 1e999 overflows to "
                             "infinity)")
        elif isinstance(value, str) and len(value) > MAX_STRING:
            raise SuiteError(f"{path}: {_field(spec, where)}: a string of {len(value):,} characters ({short(value)}); "
                             f"expected at most {MAX_STRING:,}")


def _field(spec, where: list) -> str:
    """"expectation 0 (expect_column_values_to_be_between): kwargs.max_value" for a path in a suite."""
    if len(where) >= 2 and where[0] == "expectations" and isinstance(where[1], int):
        entry = spec["expectations"][where[1]]
        kind = entry.get("type") if isinstance(entry, dict) else None
        rest = ".".join(str(k) for k in where[2:]) or "the entry"
        return f"expectation {where[1]} ({short(kind)}): {rest}"
    return ".".join(str(k) for k in where) or "the suite"


def _object(value, where: str) -> dict:
    """`value` when it is an object (or absent: {}); a SuiteError naming `where` otherwise."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SuiteError(f"{where}: expected an object, found {type(value).__name__} {json.dumps(value)[:60]}")
    return value


def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
    return gx


def _build(suite: Suite) -> list:
    """The GX expectation objects of a suite; an entry GX cannot build is a SuiteError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _build_quietly(suite)


def _build_quietly(suite: Suite) -> list:
    _gx()  # importing GX registers its expectation types
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )
    from great_expectations.expectations.registry import list_registered_expectation_implementations

    registered = set(list_registered_expectation_implementations())
    built = []
    for i, entry in enumerate(suite.entries):
        kind = entry.get("type")
        where = f"{suite.path}: expectation {i} ({short(kind)})"
        if kind not in registered:
            close = difflib.get_close_matches(str(kind), sorted(registered), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise SuiteError(f"{where}: unknown expectation type{hint} "
                             f"({len(registered)} types are registered)")
        try:
            meta = entry.get("meta")
            if meta is not None and not isinstance(meta, dict):
                raise ValueError(f"meta must be an object, not {type(meta).__name__}")
            # GX returns results in its own order: the entry's index travels in the meta, so that
            # each result is credited to the entry it belongs to (see `run_suites`).
            config = ExpectationConfiguration(type=kind, kwargs=entry.get("kwargs", {}),
                                              meta={**(meta or {}), ENTRY_KEY: i})
            built.append(config.to_domain_obj())
        except Exception as e:  # GX raises many types here; all mean "these arguments are wrong"
            problem = " ".join(str(e).split())
            raise SuiteError(f"{where}: bad arguments {sorted(entry.get('kwargs', {}))}: {problem}") from e
    if len(built) != len(suite.entries):
        raise SuiteError(f"{suite.path}: {len(suite.entries)} expectations in the file, {len(built)} built")
    return built


def check_columns(suite: Suite, columns) -> None:
    """Every column a suite names must exist in its table; GX would only report a failure."""
    present = set(columns)
    for i, entry in enumerate(suite.entries):
        kwargs = entry.get("kwargs") or {}
        named = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
        named += list(kwargs.get("column_list") or [])
        for column in named:
            if column not in present:
                raise SuiteError(f"{suite.path}: expectation {i} ({entry.get('type')}): no column {column!r} in "
                                 f"the {suite.table} table; columns are {', '.join(sorted(present))}")


def derived_columns(col, length) -> dict:
    """The columns the facts_table suite checks besides the fact table's own, defined once for
    both engines: `col(name)` gives a column (pandas Series or Spark Column), `length(column)`
    the length of a text column."""
    return {
        "span_length": col("end") - col("start"),
        "surface_length": length(col("surface")),
        "low_le_value": (col("low") <= col("value")) | (col("qualifier") == Qualifier.VAGUE.value),
        "value_le_high": col("value") <= col("high"),
    }


def facts_batch(facts_df):
    """The fact table plus `derived_columns` (pandas)."""
    return facts_df.assign(**derived_columns(lambda name: facts_df[name], lambda text: text.str.len()))


def run_suites(suites: list[Suite], tables: dict, engine: str = "pandas",
               id_columns: dict | None = None) -> list[ExpectationResult]:
    """Validate each suite against its table; results for every expectation, in suite order.

    `engine` "spark" validates Spark DataFrames with GX's Spark datasource; there rows have no
    index, so `id_columns` names, per table, the column whose values identify unexpected rows.
    """
    gx = _gx()
    context = gx.get_context(mode="ephemeral")
    id_columns = id_columns or {}
    # GX's own progress bars would write to stdout, in the middle of a JSON or JUnit report.
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = (context.data_sources.add_spark("facts") if engine == "spark"
              else context.data_sources.add_pandas("facts"))
    results: list[ExpectationResult] = []
    for suite in suites:
        df = tables[suite.table]
        check_columns(suite, df.columns)
        expectations = list(suite.built) or _build(suite)
        if (df.isEmpty() if engine == "spark" else len(df) == 0):
            for i, entry in enumerate(suite.entries):
                results.append(expectation_result(suite, i, entry, True, 0, (), "no rows"))
            continue
        asset = source.add_dataframe_asset(f"{suite.name}_{len(results)}")
        batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={"dataframe": df})
        gx_suite = gx.ExpectationSuite(name=suite.name, expectations=expectations)
        result_format = {"result_format": "COMPLETE"}
        id_column = id_columns.get(suite.table)
        if id_column:
            result_format["unexpected_index_column_names"] = [id_column]
        with warnings.catch_warnings():
            # GX 1.9+ deprecates string row conditions, which users' own suites may still use.
            warnings.simplefilter("ignore", DeprecationWarning)
            outcome = batch.validate(gx_suite, result_format=result_format)
        by_entry = {}
        for r in outcome.results:
            index = (r.expectation_config.meta or {}).get(ENTRY_KEY)
            if index is None or index in by_entry:
                raise SuiteError(f"{suite.path}: Great Expectations returned a result that matches no single "
                                 f"entry of the suite ({r.expectation_config.type})")
            by_entry[int(index)] = r
        missing = [i for i in range(len(suite.entries)) if i not in by_entry]
        if missing:
            raise SuiteError(f"{suite.path}: Great Expectations returned no result for entries {missing}")
        for i, entry in enumerate(suite.entries):
            r = by_entry[i]
            res = r.result or {}
            rows = tuple(sorted(int(i[id_column]) if isinstance(i, dict) else int(i)
                                for i in (res.get("unexpected_index_list") or [])
                                if not isinstance(i, dict) or id_column in i))
            details = ""
            raised = _raised(r.exception_info)
            if raised:
                raise SuiteError(f"{suite.path}: expectation {i} ({entry.get('type')}) failed to run: {raised}")
            if not r.success:
                values = res.get("partial_unexpected_list") or []
                details = f"unexpected values: {values[:5]}" if values else json.dumps(res, default=str)[:200]
            results.append(expectation_result(suite, i, entry, bool(r.success), int(res.get("unexpected_count") or 0), rows,
                                              details, observed(res)))
    return results


def _raised(info) -> str:
    """The message of an exception GX caught while running an expectation, or "". GX 1.x keys
    `exception_info` by metric ({metric: {"raised_exception": ...}}); older releases put the
    fields at the top."""
    if not isinstance(info, dict):
        return ""
    candidates = [info] + [v for v in info.values() if isinstance(v, dict)]
    for c in candidates:
        if c.get("raised_exception"):
            return " ".join(str(c.get("exception_message") or "an exception").split())
    return ""


OBSERVED = ("element_count", "unexpected_count", "unexpected_percent", "missing_count", "observed_value",
            "partial_unexpected_list")
"""What of GX's result a report keeps (never the full lists of unexpected rows)."""


def observed(res: dict) -> tuple:
    """GX's result for one expectation as (name, value) pairs of plain JSON values: the counts,
    the percent unexpected, the observed value and at most 20 unexpected values."""
    out = []
    for name in OBSERVED:
        if name in res and res[name] is not None:
            value = res[name][:20] if name == "partial_unexpected_list" else res[name]
            out.append((name, json.loads(json.dumps(value, default=str))))
    return tuple(out)


def expectation_result(suite: Suite, index: int, entry: dict, success: bool, count: int, rows: tuple,
                       details: str, seen: tuple = ()) -> ExpectationResult:
    """The result of a suite's `index`-th expectation as reports show it (both engines build
    theirs with it)."""
    meta = entry.get("meta") or {}
    kwargs = entry.get("kwargs") or {}
    column = kwargs.get("column") or ",".join(str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs)
    return ExpectationResult(suite.name, entry.get("type", ""), column, success,
                             meta.get("severity", "error"), meta.get("verdict", ""), count, rows, details,
                             index, tuple(sorted(kwargs.items())), str(meta.get("about") or ""), seen)
