"""The `facts check --format json` result as a dict: the contract other tools (and `--baseline`)
read. JSON has no Infinity: open bounds are null. Values are given in the claim's unit."""
from __future__ import annotations

import math

FORMAT = "facts check"
FORMAT_VERSION = 1
"""Raised when the meaning of a field changes; `--baseline` refuses results of another version."""


def number(x):
    if x is None or (isinstance(x, float) and (math.isinf(x) or math.isnan(x))):
        return None
    return float(x)


def _text(x) -> str:
    return x if isinstance(x, str) else ""


def audit_to_dict(result) -> dict:
    from ..claims.stories import story_titles

    titles = story_titles(result.documents)
    docs = [{k: (row.get(k) if row.get(k) == row.get(k) and row.get(k) is not None else "")
             for k in ("doc_id", "path", "title", "published", "status", "reason", "story")}
            for row in result.documents.to_dict("records")]
    for doc in docs:
        doc["story_title"] = titles.get(doc["story"], "")
    claims = []
    for claim in result.claims.itertuples():
        mentions = []
        for i in claim.mentions:
            f = result.facts.loc[i]
            scale = f["base_value"] / f["value"] if f["value"] else 1.0
            same_unit = f["unit"] == claim.unit or not f["unit"]
            factor = 1.0 if same_unit else scale
            mentions.append({"doc_id": f["doc_id"], "surface": f["surface"], "sentence": f["sentence"],
                             "line": int(f["line"]), "start": int(f["start"]), "end": int(f["end"]),
                             "value": number(f["value"] * factor), "low": number(f["low"] * factor),
                             "high": number(f["high"] * factor), "qualifier": f["qualifier"],
                             "published": f["published"], "position": _text(f.get("position")),
                             "role": _text(f.get("role")), "role_reason": _text(f.get("role_reason"))})
        entry = {"claim_id": claim.claim_id, "claim_key": claim.claim_key, "concept": claim.concept,
                 "unit": claim.unit, "time_window": claim.time_window, "verdict": claim.verdict,
                 "reason": claim.reason, "story": _text(getattr(claim, "story", "")),
                 "story_title": titles.get(_text(getattr(claim, "story", "")), ""), "mentions": mentions}
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
    expectations = [{"suite": r.suite, "index": r.index, "expectation": r.expectation, "kwargs": dict(r.kwargs),
                     "severity": r.severity, "success": r.success, "unexpected_count": r.unexpected_count,
                     "details": r.details}
                    for r in result.expectations]
    out = {"format": FORMAT, "format_version": FORMAT_VERSION, "success": result.success, "documents": docs,
           "claims": claims, "expectations": expectations}
    if result.baseline is not None:
        out["baseline"] = result.baseline.to_dict()
    return out
