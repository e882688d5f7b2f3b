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
GX_SEVERITIES = {"error": "critical", "warning": "warning"}
"""GX's own `severity` of an expectation (critical, warning, info) for each facts severity."""


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
    same_fact: tuple = ()
    """The same-fact thresholds of `meta.facts.same_fact`, as (name, value) pairs: from which
    probability a disagreement is a conflict (`conflict_at`), below which two mentions are not
    compared (`possible_at`), and from which a source figure states a draft figure's fact, to
    support, contradict or dispute it (`draft_at`, `facts check --against`)."""
    meta: dict = field(default_factory=dict)
    """The suite file's own `meta` (with `meta.facts`), carried into a GX context's suite."""


SAME_FACT_THRESHOLDS = ("conflict_at", "possible_at", "draft_at")


def _same_fact(value, path) -> tuple:
    """The checked `meta.facts.same_fact` of a suite: numbers from 0 to 1, possible_at at most
    conflict_at and draft_at."""
    where = f"{path}: meta.facts.same_fact"
    found = _object(value, where)
    out = {}
    for name, number in found.items():
        if name not in SAME_FACT_THRESHOLDS:
            raise SuiteError(f"{where}: unknown threshold {short(name)}; expected one of "
                             f"{', '.join(SAME_FACT_THRESHOLDS)}")
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 <= number <= 1:
            raise SuiteError(f"{where}.{name}: {short(number)} is not a probability; expected a number from 0 to 1")
        out[name] = float(number)
    if out.get("possible_at", 0.0) > out.get("conflict_at", 1.0):
        raise SuiteError(f"{where}: possible_at {out['possible_at']} is above conflict_at {out['conflict_at']}; "
                         "a possible conflict needs less certainty than a conflict")
    if out.get("possible_at", 0.0) > out.get("draft_at", 1.0):
        raise SuiteError(f"{where}: possible_at {out['possible_at']} is above draft_at {out['draft_at']}; "
                         "a figure that perhaps states a draft's fact needs less certainty than one that does")
    return tuple(sorted(out.items()))


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
        facts_meta = _object(meta.get("facts"), f"{path}: meta.facts")
        table = facts_meta.get("table", "facts")
        same_fact = _same_fact(facts_meta["same_fact"], path) if "same_fact" in facts_meta else ()
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
        suites.append(Suite(spec.get("name") or path.stem, str(path), table, tuple(spec["expectations"]),
                            same_fact=same_fact, meta=meta))
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
    from great_expectations.expectations.metadata_types import FailureSeverity
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
                                              meta={**(meta or {}), ENTRY_KEY: i},
                                              severity=FailureSeverity(GX_SEVERITIES[(meta or {}).get("severity", "error")]))
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
    _quiet_progress(context)
    source = (context.data_sources.add_spark("facts") if engine == "spark"
              else context.data_sources.add_pandas("facts"))
    results: list[ExpectationResult] = []
    for suite in suites:
        df = tables[suite.table]
        check_columns(suite, df.columns)
        expectations = list(suite.built) or _build(suite)
        if (df.isEmpty() if engine == "spark" else len(df) == 0):
            results += no_rows(suite)
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
        results += [result for result, _ in _collect(suite, outcome, id_column)]
    return results


def _quiet_progress(context) -> None:
    """GX's own progress bars would write to stdout, in the middle of a JSON or JUnit report. Set
    in memory only: a user's context file keeps its own setting."""
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False)


NO_ROWS = (("note", "no rows"),)
"""What an expectation over an empty table observed (the JSON's `details`)."""


def no_rows(suite: Suite) -> list[ExpectationResult]:
    """An empty table breaks no expectation."""
    return [expectation_result(suite, i, entry, True, 0, (), "no rows", NO_ROWS) for i, entry in enumerate(suite.entries)]


def _collect(suite: Suite, outcome, id_column: str | None = None) -> list[tuple[ExpectationResult, object]]:
    """(our result, GX's ExpectationValidationResult) per entry of `suite`, in entry order, from
    GX's validation result of the suite; an entry that failed to run is a SuiteError."""
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
    collected = []
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
        collected.append((expectation_result(suite, i, entry, bool(r.success), int(res.get("unexpected_count") or 0),
                                             rows, details, observed(res)), r))
    return collected


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


# A GX file context (`facts check --gx-context DIR`): the suites run as a checkpoint there, and
# the results stay as GX validation results with Data Docs. facts owns the objects named here
# and replaces them on each run; a user's own objects in the same context are left alone.
GX_SOURCE = "facts"
"""The context's data source that holds the fact table and the claim pairs (Parquet files)."""
GX_PREFIX = "facts."
"""Names of the suites and validation definitions facts writes: `facts.cross_source`."""
GX_CHECKPOINT = "facts"
GX_DATA = Path("uncommitted") / "facts"
"""Where the tables of the last run are written, inside the context's own folder (gx/): GX's
`uncommitted/` is kept out of version control by the .gitignore GX writes there."""
GX_RUN_NAME = "facts check"
GX_META = "facts"
"""Meta key under which each stored result carries what facts knows about it."""


@dataclass(frozen=True)
class ContextRun:
    """Where a run's GX results went: the context folder, the run's time, the stored results
    (one per suite, as GX names them) and the Data Docs index."""

    root: str
    run_time: str
    results: tuple[str, ...]
    docs: str


def open_context(directory: str | Path):
    """The GX file context in `directory` (a project folder holding gx/, or the gx/ folder
    itself), created when missing. A path that is a file, or a context GX cannot read, is a
    ContextError naming it."""
    from ..errors import ContextError

    gx = _gx()
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ContextError(f"{directory}: expected a folder for the GX context, found a file")
    own = (directory / "great_expectations.yml").is_file()  # the gx/ folder itself
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if own:
                return gx.get_context(mode="file", context_root_dir=str(directory))
            return gx.get_context(mode="file", project_root_dir=str(directory))
    except OSError as e:
        raise ContextError(f"{directory}: cannot create the GX context there: {e.strerror or e}") from e
    except Exception as e:  # GX raises many types for a broken great_expectations.yml
        problem = " ".join(str(e).split())[:300]
        raise ContextError(f"{directory}: Great Expectations cannot open the context there "
                           f"({type(e).__name__}: {problem})") from e


def run_in_context(suites: list[Suite], tables: dict, directory: str | Path,
                   row_meta: dict | None = None) -> tuple[list[ExpectationResult], ContextRun]:
    """Validate the suites through the GX file context in `directory` (`open_context`): the
    tables written as Parquet batches of the data source `GX_SOURCE`, each suite stored as
    `facts.<name>` with a validation definition, and one checkpoint `GX_CHECKPOINT` run once,
    which stores a validation result per suite. Each expectation's stored result is then
    escaped for Data Docs (`_escape_result`) and carries under `meta.facts` its entry, severity,
    verdict and, per unexpected row, what `row_meta[table](row)` says of it (claim ids, mention
    ids, confidence); then Data Docs are built, their index with a list of the results that needs
    no script (`_list_runs_in_index`). The results are ours from GX's, as `run_suites`
    gives them; an entry that failed to run is a SuiteError, raised once everything is stored."""
    for suite in suites:
        check_columns(suite, tables[suite.table].columns)
    gx = _gx()
    context = open_context(directory)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            checkpoint = _checkpoint(gx, context, suites, tables)
            # Set after the objects are saved, which writes the context's config: in memory only.
            _quiet_progress(context)
            outcome = checkpoint.run(run_id=_run_id())
    except OSError as e:
        from ..errors import ContextError

        raise ContextError(f"{context.root_directory}: cannot write the GX context: {e.strerror or e}") from e
    by_name = {GX_PREFIX + suite.name: suite for suite in suites}
    collected: dict[str, list[ExpectationResult]] = {}
    keys, failed = [], []
    for key, suite_result in outcome.run_results.items():
        suite = by_name[key.expectation_suite_identifier.name]
        try:
            results = _collect(suite, suite_result)  # before the escaping: our reports escape for themselves
        except SuiteError as e:
            failed.append(e)
            results = []
        if results and len(tables[suite.table]) == 0:
            results = list(zip(no_rows(suite), [r for _, r in results]))
        for result, gx_result in results:
            gx_result.meta = {**(gx_result.meta or {}), GX_META: _result_meta(result, suite, row_meta)}
        for gx_result in suite_result.results:  # every result, also of a suite that failed to run
            _escape_result(gx_result)
        suite_result.meta[GX_META] = {"suite": suite.path, "table": suite.table, "rows": len(tables[suite.table])}
        context.validation_results_store.set(key, suite_result)  # stored again: escaped, with the meta
        collected[suite.name] = [result for result, _ in results]
        keys.append(key)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # This run's result pages and its suites' pages; the index lists every stored result.
        context.build_data_docs(resource_identifiers=[*keys, *{key.expectation_suite_identifier for key in keys}])
    _list_runs_in_index(context)
    if failed:
        raise failed[0]
    ordered = [result for suite in suites for result in collected[suite.name]]
    docs = next((site["site_url"] for site in context.get_docs_sites_urls() if site.get("site_url")), "")
    run_time = outcome.run_id.run_time
    stored = tuple("/".join(key.to_tuple()) for key in keys)
    return ordered, ContextRun(str(context.root_directory), run_time.isoformat() if run_time else "", stored, docs)


def _list_runs_in_index(context) -> None:
    """Each local Data Docs site's index.html lists every stored validation result without
    scripts (`docs_index`): its suite, run, success and, when it exists, its result page. GX's
    own table needs jQuery and bootstrap-table from public CDNs and is empty offline."""
    from urllib.parse import quote, unquote, urlparse

    from .docs_index import StoredRun, with_runs

    def local(url: str | None) -> Path | None:
        parsed = urlparse(url or "")
        return Path(unquote(parsed.path)) if parsed.scheme == "file" else None

    store = context.validation_results_store
    results = [(key, store.get(key)) for key in store.list_keys()]
    for site in context.get_docs_sites_urls():
        index = local(site.get("site_url"))
        if index is None or not index.is_file():
            continue  # a site that is not a folder here (S3, GCS, Azure), or not built
        runs = []
        for key, result in results:
            (found,) = context.get_docs_sites_urls(resource_identifier=key, site_name=site["site_name"])
            page = local(found.get("site_url"))
            link = ""
            if page is not None and page.is_file() and page.is_relative_to(index.parent):
                link = quote(page.relative_to(index.parent).as_posix())
            batch = (result.meta or {}).get("active_batch_definition") or {}
            run_time = key.run_id.run_time
            runs.append(StoredRun(suite=key.expectation_suite_identifier.name, run_name=key.run_id.run_name or "",
                                  run_time=run_time.isoformat() if run_time else "", success=bool(result.success),
                                  asset=str(batch.get("data_asset_name") or ""), link=link))
        tmp = index.with_name(f".{index.name}.partial")
        tmp.write_text(with_runs(index.read_text(encoding="utf-8"), runs), encoding="utf-8")
        os.replace(tmp, index)


def _run_id():
    import datetime

    from great_expectations.core.run_identifier import RunIdentifier

    return RunIdentifier(run_name=GX_RUN_NAME, run_time=datetime.datetime.now(datetime.UTC))


def _checkpoint(gx, context, suites: list[Suite], tables: dict):
    """The checkpoint `GX_CHECKPOINT` over this run's tables and suites, added or updated in the
    context. Objects that exist are reused as they are, so that an unchanged suite keeps its
    ids and files from run to run."""
    data = Path(context.root_directory) / GX_DATA
    data.mkdir(parents=True, exist_ok=True)
    for table, df in sorted(tables.items()):
        _write_parquet(df, data / f"{table}.parquet")
    source = context.data_sources.all().get(GX_SOURCE)
    if source is None or Path(str(getattr(source, "base_directory", ""))) != data:
        source = context.data_sources.add_or_update_pandas_filesystem(GX_SOURCE, base_directory=data)
    batches = {}
    for table in sorted(tables):
        asset = next((a for a in source.assets if a.name == table), None) or source.add_parquet_asset(table)
        batches[table] = next((b for b in asset.batch_definitions if b.name == table), None) \
            or asset.add_batch_definition_path(table, path=f"{table}.parquet")
    definitions = []
    for suite in suites:
        gx_suite = gx.ExpectationSuite(name=GX_PREFIX + suite.name, expectations=_build(suite),
                                       meta=json.loads(json.dumps(suite.meta)))
        _keep_ids(context, gx_suite)
        definitions.append(gx.ValidationDefinition(name=GX_PREFIX + suite.name, data=batches[suite.table],
                                                   suite=gx_suite))
    # No Data Docs action: GX would render the unexpected values before `_escape_result` runs.
    return context.checkpoints.add_or_update(gx.Checkpoint(
        name=GX_CHECKPOINT, validation_definitions=definitions, actions=[],
        result_format={"result_format": "COMPLETE"}))


def _keep_ids(context, gx_suite) -> None:
    """Each expectation of `gx_suite` takes the id it has in the context's stored suite of that
    name when it is unchanged there, so that an unchanged suite file stays byte for byte the same
    from run to run. (GX's own add_or_update means to keep them, but compares the ids too.)"""
    if gx_suite.name not in {s.name for s in context.suites.all()}:
        return
    stored = context.suites.get(gx_suite.name).expectations
    ignored = {"id", "rendered_content"}
    taken: set[str] = set()
    for expectation in gx_suite.expectations:
        same = next((old for old in stored if old.id not in taken and type(old) is type(expectation)
                     and old.dict(exclude=ignored) == expectation.dict(exclude=ignored)), None)
        if same is not None:
            expectation.id = same.id
            taken.add(same.id)


def _write_parquet(df, path: Path) -> None:
    """`df` with its index (the row ids GX reports) at `path`, replaced whole: written beside it
    and renamed, so that a reader never sees half a table."""
    tmp = path.with_name(f".{path.name}.partial")
    df.to_parquet(tmp)
    os.replace(tmp, path)


def _escape_result(gx_result) -> None:
    """Every text of a GX expectation result that Data Docs shows (the unexpected values, the
    observed value, an exception's message) HTML-escaped, in place: GX 1.x puts them into its
    pages as they are, and they can be article text (`<img onerror=...>` in a sentence)."""
    import html

    def escaped(value):
        if isinstance(value, str):
            return html.escape(value)
        if isinstance(value, dict):
            return {k: escaped(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [escaped(v) for v in value]
        return value

    gx_result.result = escaped(gx_result.result or {})
    gx_result.exception_info = escaped(gx_result.exception_info or {})


def _result_meta(result: ExpectationResult, suite: Suite, row_meta: dict | None) -> dict:
    """What facts adds to a stored expectation result: the entry, its severity and verdict, and
    per unexpected row its ids (`row_meta`)."""
    describe = (row_meta or {}).get(suite.table)
    rows = [{"row": row, **(describe(row) if describe else {})} for row in result.unexpected_rows]
    meta = {"suite": suite.name, "entry": result.index, "severity": result.severity, "verdict": result.verdict,
            "unexpected": rows}
    claims = sorted({row["claim_id"] for row in rows if row.get("claim_id")})
    if claims:
        meta["claims"] = claims
    return meta
