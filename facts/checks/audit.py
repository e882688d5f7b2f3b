"""extract -> claims -> validate -> verdicts: the result object every renderer formats."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..claims.compare import AlignOptions
from ..claims.group import group_claims
from ..figures.numbers import format_number
from ..types import CompareVerdict, Verdict


@dataclass(frozen=True)
class AuditResult:
    facts: object       # DataFrame: the fact table
    documents: object   # DataFrame: every input with status and reason
    claims: object      # DataFrame: one row per claim with verdict and reason
    pairs: object       # DataFrame: cross-source mention pairs
    expectations: tuple  # ExpectationResult per expectation
    seconds: float = 0.0  # how long the check took, reading and extraction included (0 when unknown)
    baseline: object = None  # baseline.Baseline: what changed since an earlier result, when given
    reviews: object = None   # claim_id -> reviews.ReviewOutcome, when decisions were given (--reviews)
    accept_confirmed: bool = False  # with reviews: a confirmed conflict does not fail the run
    reviews_decide: bool = True  # False: reviews carried into a workbook for display only (no --reviews)
    gx: object = None  # suites.ContextRun: where the GX results and Data Docs went (--gx-context)

    @property
    def success(self) -> bool:
        """Every expectation of severity error passed; with a baseline, conflicts already in it
        do not count (a new conflict does, and with --strict a changed figure); with reviews, a
        conflict dismissed as a false alarm (or confirmed, with accept_confirmed) does not count,
        unless its figures changed since the review."""
        if self.baseline is None and (self.reviews is None or not self.reviews_decide):
            return all(r.success or r.severity != "error" for r in self.expectations)
        others = all(r.success or r.severity != "error" or r.verdict for r in self.expectations)
        if self.reviews is None or not self.reviews_decide:
            return not self.baseline.failed and others
        from .reviews import still_fails

        if self.baseline is not None and self.baseline.strict and self.baseline.changed_figures:
            return False
        failing = [claim_id for claim_id, verdict in zip(self.claims["claim_id"], self.claims["verdict"])
                   if still_fails(verdict, self.reviews.get(claim_id), self.accept_confirmed)
                   and not (self.baseline is not None and self.baseline.known(claim_id))]
        return others and not failing


def align_options(suites, options: AlignOptions | None = None, **overrides) -> AlignOptions:
    """The comparison's options with the same-fact thresholds of the suites (`meta.facts.same_fact`
    of a suite over the pairs table), then `overrides`."""
    from dataclasses import fields, replace

    options = options or AlignOptions()
    known = {f.name for f in fields(AlignOptions)}  # draft_at is the draft check's (`checks.draft`)
    for suite in suites:
        if suite.table == "pairs" and suite.same_fact:
            options = replace(options, **{k: v for k, v in suite.same_fact if k in known})
    return replace(options, **overrides) if overrides else options


def validate(facts_df, documents_df=None, suites_dir=None, options: AlignOptions | None = None,
             overrides: dict | None = None, gx_context=None, memo=None) -> AuditResult:
    """Group the fact table into claims, run the suites, and give every claim a verdict. The
    same-fact thresholds come from the suites unless `options` or `overrides` set them. With
    `gx_context` (a folder), the suites run through that GX file context (`suites.run_in_context`):
    the results are stored there as GX validation results, with Data Docs. `memo` (the extraction
    cache) keeps each story's claims between runs (`group_claims`)."""
    import pandas as pd

    from ..types import DOCUMENT_COLUMNS
    from .suites import facts_batch, load_suites, run_in_context, run_suites

    if documents_df is None:
        documents_df = pd.DataFrame(columns=list(DOCUMENT_COLUMNS))
    suites = load_suites(suites_dir)
    options = align_options(suites, options, **(overrides or {}))
    claims_df, pairs_df = group_claims(facts_df, options, memo)
    tables = {"facts": facts_batch(facts_df), "pairs": pairs_df}
    stored = None
    if gx_context is not None:
        found, stored = run_in_context(suites, tables, gx_context, row_meta(facts_df, claims_df, pairs_df))
        results = tuple(found)
    else:
        results = tuple(run_suites(suites, tables))
    return AuditResult(facts_df, documents_df, with_verdicts(facts_df, claims_df, pairs_df, results), pairs_df,
                       results, gx=stored)


PAIR_MENTIONS = ("a", "b")
"""The pairs table's columns that hold the two mentions' row ids in the fact table."""
PAIR_META = ("confidence",)
"""The pairs table's columns a stored GX result repeats per unexpected pair, when the table has
them (the probability that the two mentions state the same fact)."""


def row_meta(facts_df, claims_df, pairs_df) -> dict:
    """Per table, a function from a row id to what a stored GX result says of that row: its
    claim and its mentions (row id in the fact table, document, place in the text), and for a
    pair the `PAIR_META` columns it has."""
    import math

    claim_of = {i: claim.claim_id for claim in claims_df.itertuples() for i in claim.mentions}
    doc, start, end = facts_df["doc_id"], facts_df["start"], facts_df["end"]
    carried = [c for c in PAIR_META if c in pairs_df.columns]

    def mention(i) -> dict:
        return {"id": int(i), "doc_id": str(doc[i]), "start": int(start[i]), "end": int(end[i])}

    def number(x):
        x = float(x)
        return x if math.isfinite(x) else None

    def pair(row) -> dict:
        found = pairs_df.loc[row]
        out = {"claim_id": str(found["claim_id"]), "mentions": [mention(found[c]) for c in PAIR_MENTIONS]}
        out.update({c: number(found[c]) for c in carried})
        return out

    def fact(row) -> dict:
        return {"claim_id": claim_of.get(row, ""), "mentions": [mention(row)]}

    return {"facts": fact, "pairs": pair}


def with_verdicts(facts_df, claims_df, pairs_df, results):
    """The claims table with `verdict` and `reason`, from the pairs the suites flagged; `pair`, the
    pair that decided a flagged claim, and `compared`, the mentions its pairs rest on with the
    figure each was compared by (the figures that agree or disagree; a part or another group
    beside them is in no pair)."""
    failed_pairs: dict[int, str] = {}
    for r in results:
        if not r.success and r.verdict:
            for row in r.unexpected_rows:
                failed_pairs.setdefault(row, r.verdict)
    # Pair rows per claim, grouped once: filtering the pairs table per claim was quadratic.
    by_claim: dict[str, list] = {}
    for i, claim_id in zip(pairs_df.index, pairs_df["claim_id"]):
        by_claim.setdefault(claim_id, []).append(i)
    # Columns read by label as plain lookups (a Series read value by value cost most of this step);
    # the values are the same numpy scalars.
    a_docs, b_docs = _by_label(pairs_df, "a_doc"), _by_label(pairs_df, "b_doc")
    confidence = _by_label(pairs_df, "confidence") if "confidence" in pairs_df.columns else None
    verdicts, reasons, deciding, sure, compared = [], [], [], [], []
    own_low, own_high, own_value = (_by_label(facts_df, c) for c in ("base_low", "base_high", "base_value"))
    sides = [tuple(_by_label(pairs_df, c) for c in side) for side in (("a", "a_low", "a_high"), ("b", "b_low", "b_high"))]

    def compared_value(row, low: float, high: float) -> float:
        """The figure a pair compared for a mention: its own, or the sum of a list ("two men and two
        women": 4) that stands on the list's first count, whose own figure (2) the pair's interval
        does not hold."""
        slack = 1e-9 * max(1.0, abs(low), abs(high))
        own = low - slack <= own_low[row] and own_high[row] <= high + slack
        return float(own_value[row]) if own else (low + high) / 2

    for claim in claims_df.itertuples():
        pair_rows = by_claim.get(claim.claim_id, [])
        if not pair_rows and claim.n_sources < 2:  # most claims of a large collection
            verdicts.append(Verdict.SINGLE_SOURCE)
            reasons.append(f"only {claim.sources[0]} states it")
            deciding.append(None)
            sure.append(None)
            compared.append({})
            continue
        compared.append({rows[i]: compared_value(rows[i], lows[i], highs[i]) for rows, lows, highs in sides
                         for i in pair_rows})
        flagged = [(i, failed_pairs[i]) for i in pair_rows if i in failed_pairs]
        verdict = next((v for rank in FLAGGED_ORDER for _, v in flagged if v == rank), None)
        deciding.append(None)
        sure.append(None)
        if verdict:
            # of the claim's flagged pairs of that verdict, the one most likely to state one fact
            i = max((i for i, v in flagged if v == verdict),
                    key=lambda i: (float(confidence[i]) if confidence is not None else 0.0, -i))
            reasons.append(_reason(facts_df, pairs_df.loc[i], claim.label, verdict))
            deciding[-1] = (pairs_df.at[i, "a"], pairs_df.at[i, "b"])
            sure[-1] = float(confidence[i]) if confidence is not None else None
        elif pair_rows:
            agreeing = {a_docs[i] for i in pair_rows} | {b_docs[i] for i in pair_rows}
            verdict = Verdict.CORROBORATED
            reasons.append(f"{len(agreeing)} sources agree on {claim.label or claim.claim_key}"
                           + _left_apart(facts_df, claim.mentions, agreeing))
        else:  # two sources or more, and no pair
            verdict = Verdict.SINGLE_SOURCE
            actors = sorted({facts_df.loc[i, "actor"] for i in claim.mentions if "actor" in facts_df.columns} - {""})
            reasons.append(f"{claim.n_sources} sources, each about a different actor ({', '.join(actors)})" if actors
                           else f"{claim.n_sources} sources, but no two of their figures are likely enough to state "
                                "the same fact to be compared (parts, other people, earlier counts, or figures of "
                                "something else under the same words)")
        verdicts.append(verdict)
    return claims_df.assign(verdict=verdicts, reason=reasons, pair=deciding, confidence=sure, compared=compared)


def _left_apart(facts_df, mentions, agreeing: set) -> str:
    """What the sources of a corroborated claim that agree with no one give: "; D also gives 5,
    compared with none of them" (a part of a toll, another group, a figure the model did not take
    for the same fact), so that "3 sources agree" never hides a fourth that says otherwise."""
    apart: dict[str, list[str]] = {}
    for i in mentions:
        doc = facts_df.at[i, "doc_id"]
        if doc not in agreeing:
            apart.setdefault(str(doc), []).append(str(facts_df.at[i, "surface"]))
    if not apart:
        return ""
    said = "; ".join(f"{doc} also gives {', '.join(dict.fromkeys(surfaces))}" for doc, surfaces in apart.items())
    return f"; {said}, compared with none of them"


def _by_label(df, column: str):
    """`df[column]` as a dict from row label to value (the numpy scalars `df[column][label]`
    gives) when the labels are unique, else the column itself."""
    return dict(zip(df.index, df[column].to_numpy())) if df.index.is_unique else df[column]


def by_confidence(claims) -> list:
    """Claims (rows of a claims table) most likely first to state one fact: the order every report
    lists flagged claims in (the deciding pair's `confidence`; claims without one last, in claim
    order)."""
    rows = list(claims.itertuples()) if hasattr(claims, "itertuples") else list(claims)
    return sorted(rows, key=lambda c: (-(getattr(c, "confidence", None) or 0.0), c.claim_id))


FLAGGED_ORDER = (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT, Verdict.CHANGED)
"""Which verdict a claim takes when its pairs were flagged with several: the strongest first."""
_VERDICT_WORDS = {Verdict.CONFLICT: "do not overlap", Verdict.POSSIBLE_CONFLICT: "do not overlap",
                  Verdict.CHANGED: "differ over time"}


def stated_interval(row, low: float, high: float) -> str:
    """An interval compared in base units, said in the unit its figure was stated in, with plain
    numbers: "[25, ∞] years", "[13.5, 16.5]", "[35, 35] miles" (not "[5.68e+07, ...] second")."""
    from ..figures.frames import unit_plural

    value, base = float(row["value"]), float(row["base_value"])
    factor = value / base if base and value and row["unit"] != row["base_unit"] else 1.0
    # a count's unit is the noun it counts, which the claim's label names already
    unit = f" {unit_plural(str(row['unit']))}" if row["unit"] and row.get("dimension") != "count" else ""
    return f"[{format_number(low * factor)}, {format_number(high * factor)}]{unit}"


def _reason(facts_df, pair, label: str, verdict: str) -> str:
    """Why a claim was flagged: the two figures, their sources and intervals (each in its stated
    unit, and in the base unit too when the two were stated in different units), and how each
    source gives it."""
    a, b = facts_df.loc[pair["a"]], facts_df.loc[pair["b"]]
    word = _VERDICT_WORDS.get(verdict, "differ")
    undated = list(dict.fromkeys(row["doc_id"] for row in (a, b) if not str(row["published"] or "").strip()))
    note = (f" ({' and '.join(undated)} {'give' if len(undated) > 1 else 'gives'} no publication date: compared as "
            "if published at the same time)") if undated else ""
    intervals = (f"{stated_interval(a, pair['a_low'], pair['a_high'])} and "
                 f"{stated_interval(b, pair['b_low'], pair['b_high'])}")
    if a["unit"] != b["unit"] and a["base_unit"] and a.get("dimension") != "count":
        from ..figures.frames import unit_plural

        intervals += (f" (= [{format_number(pair['a_low'])}, {format_number(pair['a_high'])}] and "
                      f"[{format_number(pair['b_low'])}, {format_number(pair['b_high'])}] "
                      f"{unit_plural(str(a['base_unit']))})")
    return (f"{a['surface']} ({a['doc_id']}) vs {b['surface']} ({b['doc_id']}) {label}: intervals {intervals} "
            f"{word}{note}" + (f"; {pair['why']}" if pair.get("why") else ""))


COMPARE_VERDICTS = tuple(CompareVerdict)


@dataclass(frozen=True)
class Comparison:
    verdict: str  # conflict, consistent or unrelated
    reason: str


def compare_pairs(pairs, suites_dir=None, options: AlignOptions | None = None) -> list[Comparison]:
    """Compare many (text A, text B) pairs in one extraction and one validation run."""

    facts_df, documents_df = _pair_tables(pairs)
    return _compared(facts_df, documents_df, len(pairs), suites_dir, options)


def _pair_tables(pairs):
    """The fact and document tables of (text A, text B) pairs: documents "i/A" and "i/B", each
    pair its own story."""
    from ..engines.local import extract_documents
    from ..types import Document

    docs = [Document(f"{i}/{side}", "", text=text)
            for i, pair in enumerate(pairs) for side, text in zip("AB", pair)]
    facts_df, documents_df = extract_documents(docs)
    return facts_df.assign(cluster=facts_df["doc_id"].str.split("/").str[0]), documents_df


def _compared(facts_df, documents_df, count: int, suites_dir=None, options: AlignOptions | None = None) -> list[Comparison]:
    """The verdict of each of `count` pairs of `_pair_tables`."""
    result = validate(facts_df, documents_df, suites_dir, options)
    shared = {}
    for claim in result.claims.itertuples():
        if claim.n_sources == 2 and claim.verdict != Verdict.SINGLE_SOURCE:
            shared.setdefault(int(claim.sources[0].split("/")[0]), []).append(claim)
    out = []
    for i in range(count):
        found = shared.get(i, [])
        # Two snippets have no headline or lead to tell a toll from a detail: a possible conflict
        # is a conflict here.
        conflict = next((c for c in found if c.verdict in (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT)), None)
        if conflict is not None:
            out.append(Comparison(CompareVerdict.CONFLICT, _plain(conflict.reason, i)))
        elif found:
            out.append(Comparison(CompareVerdict.CONSISTENT, "; ".join(_plain(c.reason, i) for c in found)))
        else:
            out.append(Comparison(CompareVerdict.UNRELATED, "no figure in A states the same fact as a figure in B"))
    return out


def _plain(reason: str, pair: int) -> str:
    """A reason about pair `pair` with its internal document ids shown as A and B."""
    return re.sub(rf"\b{pair}/([AB])\b", r"\1", reason)


@dataclass(frozen=True)
class PairExplanation:
    """Why the same-fact model gives two figures (one of text A, one of text B, under one claim
    key) the probability it does: `contributions` are (feature, value, weight x value), largest
    first; `intercept` is the model's prior log-odds."""

    claim_key: str
    a: str
    b: str
    probability: float
    intercept: float
    contributions: tuple
    features: tuple = ()  # (feature, value) of every feature, in the model's order


def explain_pair(text_a: str, text_b: str, suites_dir=None) -> tuple[Comparison, list[PairExplanation]]:
    """The verdict of `compare_texts` and, for every figure of A and figure of B that share a
    claim key, the same-fact probability and the features that decided it (`facts explain A B`),
    most likely pair first. The pairs are `claims.group.candidate_table`'s, what the model is
    trained on."""
    from ..claims.features import FEATURE_NAMES
    from ..claims.group import candidate_table
    from .suites import load_suites

    facts_df, documents_df = _pair_tables([(text_a, text_b)])
    options = align_options([s for s in load_suites(suites_dir) if s.table == "pairs"])
    model = options.same_fact()
    out = []
    if not facts_df.empty:
        table = candidate_table(facts_df, options)
        vectors = table[list(FEATURE_NAMES)].to_numpy(float).tolist()
        for row, vector in zip(table.itertuples(), vectors):
            if row.a_summed or row.b_summed:
                continue
            first, second = (row.a, row.b) if facts_df.loc[row.a, "doc_id"].endswith("/A") else (row.b, row.a)
            out.append(PairExplanation(row.claim_key, facts_df.loc[first, "surface"], facts_df.loc[second, "surface"],
                                       model.probability(vector), getattr(model, "intercept", 0.0),
                                       tuple(model.contributions(vector)),
                                       tuple(zip(getattr(model, "features", ()), vector))))
    out.sort(key=lambda e: (-e.probability, e.claim_key, e.a, e.b))
    return _compared(facts_df, documents_df, 1, suites_dir)[0], out


def compare_texts(a: str, b: str, suites_dir=None) -> Comparison:
    """Do two snippets state the same facts compatibly? conflict, consistent or unrelated."""
    return compare_pairs([(a, b)], suites_dir)[0]
