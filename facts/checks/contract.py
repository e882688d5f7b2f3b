"""The `facts check --format json` result as a dict: the contract other tools (and `--baseline`)
read. JSON has no Infinity: open bounds are null. Values are given in the claim's unit."""
from __future__ import annotations

import math

FORMAT = "facts check"
FORMAT_VERSION = 2
"""Raised when the meaning of a field changes; `--baseline` refuses results it cannot read.
Version 2: `published` is null when a document does not date itself (it was ""), and an
expectation's `details` is an object of what GX observed (it was a printed string); added
without changing any other field's meaning: `verdict` and `summary` at the top level, a claim's
`label`, a mention's `side`, a document's `dated_by`."""
READABLE_VERSIONS = (1, 2)
"""Versions `--baseline` and `facts diff` compare with: the fields they read (claims, their
keys, mentions, figures and verdicts; documents' ids) mean the same in both."""


def number(x):
    if x is None or (isinstance(x, float) and (math.isinf(x) or math.isnan(x))):
        return None
    return float(x)


def plain(value):
    """`value` with every number that is not finite made null, at any depth (JSON has none)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _text(x) -> str:
    return x if isinstance(x, str) else ""


def date_or_null(x) -> str | None:
    """A publication date, or null when the document does not date itself."""
    return x if isinstance(x, str) and x.strip() else None


_MENTION_COLUMNS = ("doc_id", "surface", "sentence", "line", "start", "end", "value", "low", "high", "qualifier",
                    "published", "base_value", "unit", "position", "role", "role_reason")


def _fact_rows(facts):
    """A function from a fact row's label to the row's values that a mention shows, as a dict
    (a column the table lacks is left out: `.get` gives None). The columns are read once, not a
    row at a time (`facts.loc[i]` makes a Series per mention)."""
    columns = {c: facts[c].tolist() for c in _MENTION_COLUMNS if c in facts.columns}
    at = {label: n for n, label in enumerate(facts.index)}

    def row(label) -> dict:
        n = at[label]
        return {c: values[n] for c, values in columns.items()}

    return row


def audit_to_dict(result) -> dict:
    from ..claims.headings import story_headings
    from .standing import claim_sides, expectation_state, standing

    where = standing(result)
    titles = story_headings(result.documents, result.claims)
    docs = [{k: (row.get(k) if row.get(k) == row.get(k) and row.get(k) is not None else "")
             for k in ("doc_id", "path", "title", "published", "dated_by", "status", "reason", "story")}
            for row in result.documents.to_dict("records")]
    for doc in docs:
        doc["published"] = date_or_null(doc["published"])
        doc["story_title"] = titles.get(doc["story"], "")
    claims = []
    rows = _fact_rows(result.facts)
    for claim in result.claims.itertuples():
        sides = claim_sides(result.facts, claim)
        mentions = []
        for i in claim.mentions:
            f = rows(i)
            scale = f["base_value"] / f["value"] if f["value"] else 1.0
            same_unit = f["unit"] == claim.unit or not f["unit"]
            factor = 1.0 if same_unit else scale
            mentions.append({"doc_id": f["doc_id"], "surface": f["surface"], "sentence": f["sentence"],
                             "line": int(f["line"]), "start": int(f["start"]), "end": int(f["end"]),
                             "value": number(f["value"] * factor), "low": number(f["low"] * factor),
                             "high": number(f["high"] * factor), "qualifier": f["qualifier"],
                             "published": date_or_null(f["published"]), "position": _text(f.get("position")),
                             "role": _text(f.get("role")), "role_reason": _text(f.get("role_reason")),
                             "side": sides.get(i)})
        entry = {"claim_id": claim.claim_id, "claim_key": claim.claim_key, "label": _text(getattr(claim, "label", "")),
                 "concept": claim.concept, "unit": claim.unit, "time_window": claim.time_window,
                 "verdict": claim.verdict, "reason": claim.reason, "story": _text(getattr(claim, "story", "")),
                 "story_title": titles.get(_text(getattr(claim, "story", "")), ""), "mentions": mentions}
        sure = getattr(claim, "confidence", None)
        if sure is not None and sure == sure:
            entry["confidence"] = round(float(sure), 4)  # the deciding pair's same-fact probability
        outcomes = getattr(result, "reviews", None)
        if outcomes is not None:
            outcome = outcomes.get(claim.claim_id)
            entry["review"] = outcome.to_dict() if outcome is not None else None
        pair = getattr(claim, "pair", None)
        if isinstance(pair, tuple):
            entry["pair"] = [{"doc_id": result.facts.at[i, "doc_id"], "surface": result.facts.at[i, "surface"],
                              "start": int(result.facts.at[i, "start"]), "end": int(result.facts.at[i, "end"])}
                             for i in pair]
        claims.append(entry)
    expectations = []
    for r in result.expectations:
        state, why = expectation_state(result, r, where)
        expectations.append({"suite": r.suite, "index": r.index, "expectation": r.expectation, "kwargs": dict(r.kwargs),
                             "severity": r.severity, "success": r.success, "result": state, "result_why": why,
                             "unexpected_count": r.unexpected_count, "details": plain(dict(r.observed))})
    out = {"format": FORMAT, "format_version": FORMAT_VERSION, "success": result.success, "verdict": where.line,
           "summary": where.to_dict(), "documents": docs, "claims": claims, "expectations": expectations}
    if result.baseline is not None:
        out["baseline"] = result.baseline.to_dict()
    return out
