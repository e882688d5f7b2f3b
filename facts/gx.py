"""facts as a Great Expectations plugin: `ExpectFiguresToAgreeAcrossSources`, an expectation a
user adds to a suite of their own GX project over a fact table (what `facts extract` writes).

Importing this module registers the expectation (`expect_figures_to_agree_across_sources`) and
its metric with GX, as a GX plugin does; it imports great_expectations for that, so import it
only where GX is wanted:

    import great_expectations as gx
    import facts.gx
    suite.add_expectation(facts.gx.ExpectFiguresToAgreeAcrossSources(column="same_time_gap", max_value=0.05))

The expectation takes the arguments of an entry of `expectations/cross_source.json`: `column`
names a column of the claim pairs table that facts builds from the batch (`same_time_gap`,
`doubtful_gap`, `other_time_gap`, or any number column the pairs table has), and `min_value`,
`max_value`, `strict_min`, `strict_max` and `mostly` mean what they mean for GX's
`expect_column_values_to_be_between` on that column. `cross_source_expectations()` builds one per
entry of a suites folder. The batch is grouped into claims by `facts.claims.group.group_claims`,
the code `facts check` runs, so the verdicts are the same. Pandas batches only: on Spark or SQL
the expectation fails with an error that says so (`facts check --engine spark` checks on Spark).
"""
from __future__ import annotations

import math
import os
import warnings
from pathlib import Path
from typing import Any, ClassVar

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import great_expectations as gx  # noqa: F401  (registers GX's own expectations first)
    from great_expectations.compatibility import pydantic
    from great_expectations.core.metric_domain_types import MetricDomainTypes
    from great_expectations.execution_engine import PandasExecutionEngine
    from great_expectations.expectations.expectation import BatchExpectation
    from great_expectations.expectations.metrics.metric_provider import metric_value
    from great_expectations.expectations.metrics.table_metric_provider import TableMetricProvider
    from great_expectations.expectations.model_field_types import ConditionParser, MostlyField
    from great_expectations.expectations.row_conditions import RowConditionType
    from great_expectations.render import LegacyRendererType, RenderedStringTemplateContent
    from great_expectations.render.renderer.renderer import renderer

__all__ = ["BETWEEN_TYPE", "PAIRS_METRIC", "ClaimPairs", "ExpectFiguresToAgreeAcrossSources", "between",
           "claim_pairs", "cross_source_expectations", "fact_table"]

PAIRS_METRIC = "facts.claim_pairs"
BETWEEN_TYPE = "expect_column_values_to_be_between"
"""The entries of a pairs suite that become `ExpectFiguresToAgreeAcrossSources`."""
SHOWN_VALUES = 20
"""How many unexpected values a result lists in `partial_unexpected_list` (GX's own default)."""


def fact_table(df):
    """A fact table from a file or a GX batch with the types `facts extract` gives it
    (`parse.table.typed`), CSV's escaping of formula-like text undone (`render.safe.csv_text`).
    A missing column or a bad number is a ValueError that names it."""
    from .parse.table import TEXT_COLUMNS, typed
    from .render.safe import csv_text

    df = typed(df)
    return df.assign(**{c: df[c].map(csv_text) for c in TEXT_COLUMNS})


def claim_pairs(df):
    """The claim pairs table of a fact table, as `facts check` builds it."""
    from .claims.group import group_claims

    return group_claims(fact_table(df))[1]


def between(values, min_value=None, max_value=None, strict_min: bool = False, strict_max: bool = False):
    """(unexpected, considered): which values lie outside the bounds, and which count at all
    (not null), as GX's `expect_column_values_to_be_between` decides: a bound left out (None)
    does not bound, `strict_*` excludes the bound itself."""
    considered = values.notna()
    outside = considered & False
    if min_value is not None:
        outside |= (values <= min_value) if strict_min else (values < min_value)
    if max_value is not None:
        outside |= (values >= max_value) if strict_max else (values > max_value)
    return outside & considered, considered


def mostly_success(considered: int, unexpected: int, mostly: float) -> bool:
    """GX's rule: no value counted is a success, else the share of expected values reaches `mostly`."""
    return considered == 0 or (considered - unexpected) / considered >= mostly


class ClaimPairs(TableMetricProvider):
    """The claim pairs table of the batch (a fact table): the metric the expectation reads."""

    metric_name = PAIRS_METRIC

    @metric_value(engine=PandasExecutionEngine)
    def _pandas(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics, runtime_configuration):
        df, _, _ = execution_engine.get_compute_domain(metric_domain_kwargs, domain_type=MetricDomainTypes.TABLE)
        return claim_pairs(df)


class ExpectFiguresToAgreeAcrossSources(BatchExpectation):
    """Expect the figures that state the same claim in different sources to agree: facts groups
    the batch (a fact table from `facts extract`) into claims and pairs each claim's sources, and
    `column` of every pair (how far apart the two figures are, see `expectations/cross_source.json`)
    must lie between `min_value` and `max_value`, at least `mostly` of the time.

    Args:
        column: a number column of the claim pairs table: same_time_gap, doubtful_gap, other_time_gap.
        min_value, max_value: the bounds (either may be left out).
        strict_min, strict_max: exclude the bound itself.
        mostly: the share of pairs that must lie within the bounds (1.0: every pair).

    The result lists the unexpected pairs (`unexpected_index_list`: claim id, the two mentions'
    row ids in the fact table, the value, and `confidence` when the pairs table has it) and the
    claims they belong to (`details.claims`). Pandas batches only.
    """

    column: str
    min_value: float | None = None
    max_value: float | None = None
    strict_min: bool = False
    strict_max: bool = False
    mostly: MostlyField = 1.0
    row_condition: RowConditionType = None
    condition_parser: ConditionParser | None = None

    metric_dependencies = (PAIRS_METRIC,)
    domain_keys: ClassVar[tuple[str, ...]] = ("batch_id", "row_condition", "condition_parser")
    success_keys = ("column", "min_value", "max_value", "strict_min", "strict_max", "mostly")
    args_keys = ("column", "min_value", "max_value")
    library_metadata: ClassVar[dict[str, str | list | bool]] = {
        "maturity": "experimental", "tags": ["facts", "cross-source"], "contributors": ["facts"],
        "requirements": ["facts"], "has_full_test_suite": True, "manually_reviewed_code": True,
    }

    @pydantic.root_validator
    def _a_bound(cls, values: dict) -> dict:
        if values.get("min_value") is None and values.get("max_value") is None:
            raise ValueError("min_value and max_value cannot both be None")
        return values

    def get_validation_dependencies(self, execution_engine=None, runtime_configuration=None):
        dependencies = super().get_validation_dependencies(execution_engine, runtime_configuration)
        if not _on_pandas(execution_engine):  # no metric asked for: `_validate` says why, for this entry alone
            dependencies.remove_metric_configuration(PAIRS_METRIC)
        return dependencies

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None, execution_engine=None):
        if not _on_pandas(execution_engine):
            raise TypeError(f"{type(self).__name__} runs on pandas batches only, not on a "
                            f"{type(execution_engine).__name__} batch: read the fact table with a pandas data "
                            "source, or check on Spark with `facts check --engine spark`")
        pairs = metrics[PAIRS_METRIC]
        column = self.column
        if column not in pairs.columns:
            raise ValueError(f"column {column!r} is not a column of the claim pairs table; columns are "
                             f"{', '.join(map(str, pairs.columns))}")
        values = pairs[column].astype(float)
        unexpected, considered = between(values, self.min_value, self.max_value, self.strict_min, self.strict_max)
        rows = pairs[unexpected]
        found = [_pair(row, column) for row in rows.to_dict("records")]
        total, count, nonnull = len(pairs), int(unexpected.sum()), int(considered.sum())
        claims = sorted(set(rows["claim_id"]))
        counts = values[unexpected].value_counts(sort=False)
        return {
            "success": mostly_success(nonnull, count, float(self.mostly)),
            "result": {
                "observed_value": f"{count} of {total} pairs outside the bounds"
                                  + (f" (claims {', '.join(claims[:SHOWN_VALUES])})" if claims else ""),
                "element_count": total,
                "missing_count": total - nonnull,
                "unexpected_count": count,
                "unexpected_percent": 100.0 * count / nonnull if nonnull else 0.0,
                "unexpected_list": [p[column] for p in found],
                "partial_unexpected_list": [p[column] for p in found[:SHOWN_VALUES]],
                "partial_unexpected_counts": [{"value": _number(v), "count": int(n)} for v, n in
                                              sorted(counts.items(), key=lambda c: (-c[1], c[0]))[:SHOWN_VALUES]],
                "unexpected_index_column_names": list(PAIR_KEYS),
                "unexpected_index_list": found,
                "details": {"claims": claims},
            },
        }

    @classmethod
    @renderer(renderer_type=LegacyRendererType.PRESCRIPTIVE)
    def _prescriptive_renderer(cls, configuration=None, result=None, runtime_configuration=None):
        kwargs = configuration.kwargs if configuration is not None else {}
        bounds = []
        if kwargs.get("min_value") is not None:
            bounds.append(("more than" if kwargs.get("strict_min") else "at least") + " $min_value")
        if kwargs.get("max_value") is not None:
            bounds.append(("less than" if kwargs.get("strict_max") else "at most") + " $max_value")
        template = "Figures of the same claim in different sources agree: $column of each pair " + " and ".join(bounds)
        mostly = kwargs.get("mostly", 1.0)
        if isinstance(mostly, (int, float)) and mostly < 1.0:
            template += ", for at least $mostly_pct % of pairs"
        params = {k: kwargs.get(k) for k in ("column", "min_value", "max_value")}
        params["mostly_pct"] = f"{100 * mostly:g}" if isinstance(mostly, (int, float)) else mostly
        styling = (runtime_configuration or {}).get("styling", {})
        return [RenderedStringTemplateContent(content_block_type="string_template",
                                              string_template={"template": template + ".", "params": params,
                                                               "styling": styling})]


PAIR_KEYS = ("claim_id", "a", "b")
"""What names an unexpected pair in a result: its claim and its two mentions' row ids."""


def _on_pandas(execution_engine) -> bool:
    return execution_engine is None or isinstance(execution_engine, PandasExecutionEngine)


def _pair(row: dict, column: str) -> dict:
    """An unexpected pair as a result lists it: its claim, its two mentions' row ids in the fact
    table, the value, and the `PAIR_META` columns the pairs table has (`confidence`)."""
    from .checks.audit import PAIR_MENTIONS, PAIR_META

    out: dict[str, Any] = {"claim_id": str(row["claim_id"]), **{c: int(row[c]) for c in PAIR_MENTIONS},
                           column: _number(row[column])}
    out.update({c: _number(row[c]) for c in PAIR_META if c in row})
    return out


def _number(x):
    x = float(x)
    return x if math.isfinite(x) else None


def cross_source_expectations(suites_dir: str | Path | None = None) -> list[ExpectFiguresToAgreeAcrossSources]:
    """One `ExpectFiguresToAgreeAcrossSources` per entry of the pairs suites in `suites_dir`
    (default: the suites `facts check` reads), with the entry's arguments and meta. An entry of
    another type is a SuiteError naming it: only `expect_column_values_to_be_between` entries
    have a meaning over a fact table."""
    from .checks.suites import GX_SEVERITIES, load_suites
    from .errors import SuiteError

    found = []
    for suite in load_suites(suites_dir):
        if suite.table != "pairs":
            continue
        for i, entry in enumerate(suite.entries):
            if entry.get("type") != BETWEEN_TYPE:
                raise SuiteError(f"{suite.path}: expectation {i} ({entry.get('type')}): only {BETWEEN_TYPE} entries "
                                 "become ExpectFiguresToAgreeAcrossSources")
            meta = dict(entry.get("meta") or {})
            found.append(ExpectFiguresToAgreeAcrossSources(**entry.get("kwargs", {}), meta=meta,
                                                           severity=GX_SEVERITIES[meta.get("severity", "error")]))
    return found
