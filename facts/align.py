"""Mentions -> claims: group the figures that state the same fact, and pair them for checking.

Plain pandas. A claim is one concept (synonyms merged; for people, the event: killed,
displaced...), one dimension and one time window. Within a claim, every two mentions from
different sources form a pair; the GX suite decides which pairs disagree (`validate`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from importlib import resources

from .numbers import precision_interval

WINDOW_PREFIXES = ("this ", "last ", "past ", "since ", "within ")
VERDICTS = ("conflict", "changed_over_time", "corroborated", "single_source")


@dataclass(frozen=True)
class AlignOptions:
    """`same_time_days`: publication dates further apart than this are different times."""

    same_time_days: int = 7


def _rules() -> dict:
    return json.loads(resources.files("facts").joinpath("data/concepts.json").read_text("utf-8"))


def claim_key(concept_key: str, predicate: str, rules: dict) -> str:
    """"civilian" + "kill" -> "civilian|killed"; "observation point" -> "military post"."""
    key = concept_key.strip().lower()
    if not key or key in rules["unit_words"]:
        return ""
    key = rules["synonyms"].get(key, key)
    if key in rules["person_nouns"] or key.split()[-1] in rules["person_nouns"]:
        event = rules["events"].get(predicate, rules["change_verbs"].get(predicate, predicate))
        if event == "population":
            return "population"
        return f"{key}|{event}" if event else key
    if predicate in rules["change_verbs"]:
        return f"{key}|{rules['change_verbs'][predicate]}"
    return key


def window(scope: str) -> str:
    """The part of a time scope that separates claims: windows, not weekdays."""
    return scope if scope.startswith(WINDOW_PREFIXES) else ""


def _merge_suffix_keys(keys: list[str]) -> dict[str, str]:
    """"uprising turn civil war" and "war" name one thing, as do "suspected member|arrested"
    and "member|arrested": map a key to the shortest key with the same event whose concept
    its own concept ends with."""
    def split(key: str) -> tuple[str, str]:
        concept, _, event = key.partition("|")
        return concept, event

    distinct = sorted({k for k in keys if k}, key=lambda k: (len(split(k)[0].split()), k))
    mapping = {}
    for k in distinct:
        concept, event = split(k)
        mapping[k] = next((s for s in distinct if s != k and split(s)[1] == event
                           and concept.endswith(" " + split(s)[0])), k)
    return mapping


def widened(row) -> tuple[float, float]:
    """The interval a mention stands for in base units, its rounding included."""
    low, high = row.base_low, row.base_high
    if row.qualifier in ("exact", "approx") and row.rounding > 1:
        scale = row.base_value / row.value if row.value else 1.0
        p_low, p_high = precision_interval(row.value, row.rounding)
        low, high = min(low, p_low * scale), max(high, p_high * scale)
    return low, high


def relative_gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two intervals are, relative to the nearer bound; 0 when they overlap."""
    gap = max(a[0], b[0]) - min(a[1], b[1])
    if gap <= 0:
        return 0.0
    ref = max(abs(min(a[1], b[1])), abs(max(a[0], b[0])), 1e-9)
    return gap / ref


def _days_apart(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0.0


def claims(facts_df, options: AlignOptions = AlignOptions()):
    """(claims, pairs) tables. Claims: claim_id, concept, unit, dimension, time_window, mentions
    (fact row labels), sources, n_sources. Pairs: one row per two mentions of a claim from
    different sources, with their widened intervals, `same_time` and `relative_gap`."""
    import pandas as pd

    rules = _rules()
    df = facts_df.copy()
    keys = [claim_key(k, p, rules) for k, p in zip(df["concept_key"], df["predicate"])]
    merge = _merge_suffix_keys(keys)
    df["claim_key"] = [merge.get(k, k) for k in keys]
    df["time_window"] = [window(s) for s in df["time_scope"]]
    df["order"] = range(len(df))
    claim_rows, pair_rows = [], []
    # An optional `cluster` column keeps claims apart (one cluster per compared pair of texts).
    clusters = ["cluster"] if "cluster" in df.columns else []
    grouped = df[df["claim_key"] != ""].groupby(
        ["claim_key", "dimension", "base_unit", "time_window"] + clusters, sort=False)
    singles = df[df["claim_key"] == ""]
    groups = [(g["order"].min(), key, g) for key, g in grouped]
    groups += [(row.order, (row.concept_key, row.dimension, row.base_unit, row.time_window), singles.loc[[i]])
               for i, row in zip(singles.index, singles.itertuples())]
    for number, (_, key, g) in enumerate(sorted(groups, key=lambda t: t[0]), 1):
        claim_id = f"C{number:03d}"
        sources = list(dict.fromkeys(g["doc_id"]))
        concept = g["concept"].mode().sort_values().iloc[0] if g["concept"].any() else ""
        claim_rows.append({"claim_id": claim_id, "claim_key": key[0], "concept": concept,
                           "dimension": key[1], "unit": key[2], "time_window": key[3],
                           "mentions": list(g.index), "sources": sources, "n_sources": len(sources)})
        pair_rows += _pairs(claim_id, list(g.itertuples()), options)
    pair_columns = ["claim_id", "a", "b", "a_doc", "b_doc", "a_low", "a_high", "b_low", "b_high",
                    "same_time", "relative_gap"]
    return pd.DataFrame(claim_rows), pd.DataFrame(pair_rows, columns=pair_columns)


def _pairs(claim_id: str, rows: list, options: AlignOptions) -> list[dict]:
    """For every two sources of a claim, each mention of the source with fewer mentions paired
    with its closest counterpart in the other: a source giving "4 and 5 ft/s" for two walkers
    agrees with one giving ">1 and 5 ft/s", and "281 passengers" agrees with "281 of the 3,050
    passengers"; every mention against every mention would call both a conflict."""
    by_doc: dict[str, list] = {}
    for row in rows:
        by_doc.setdefault(row.doc_id, []).append(row)
    docs = list(by_doc)
    out, seen = [], set()
    for i, doc_a in enumerate(docs):
        for doc_b in docs[i + 1:]:
            a_rows, b_rows = by_doc[doc_a], by_doc[doc_b]
            directions = [(a_rows, b_rows)] if len(a_rows) <= len(b_rows) else []
            directions += [(b_rows, a_rows)] if len(b_rows) <= len(a_rows) else []
            for side, other in directions:
                for m in side:
                    best = min(other, key=lambda o: (relative_gap(widened(m), widened(o)), o.Index))
                    a, b = sorted((m, best), key=lambda r: (docs.index(r.doc_id), r.Index))
                    if (a.Index, b.Index) in seen:
                        continue
                    seen.add((a.Index, b.Index))
                    ia, ib = widened(a), widened(b)
                    out.append({
                        "claim_id": claim_id, "a": a.Index, "b": b.Index, "a_doc": a.doc_id, "b_doc": b.doc_id,
                        "a_low": ia[0], "a_high": ia[1], "b_low": ib[0], "b_high": ib[1],
                        "same_time": _days_apart(a.published, b.published) <= options.same_time_days,
                        "relative_gap": relative_gap(ia, ib),
                    })
    return out


def finite(x: float) -> float | None:
    return None if x is None or math.isinf(x) or math.isnan(x) else x
