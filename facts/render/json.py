"""The `--format json` contract. JSON has no Infinity: open bounds are null."""
from __future__ import annotations

import json
import math


def _num(x):
    if x is None or (isinstance(x, float) and (math.isinf(x) or math.isnan(x))):
        return None
    return float(x)


def audit_to_dict(result) -> dict:
    docs = [{k: (row[k] if row[k] == row[k] else "") for k in ("doc_id", "path", "title", "published", "status", "reason")}
            for row in result.documents.to_dict("records")]
    claims = []
    for claim in result.claims.itertuples():
        mentions = []
        for i in claim.mentions:
            f = result.facts.loc[i]
            scale = f["base_value"] / f["value"] if f["value"] else 1.0
            same_unit = f["unit"] == claim.unit or not f["unit"]
            factor = 1.0 if same_unit else scale
            mentions.append({"doc_id": f["doc_id"], "surface": f["surface"], "sentence": f["sentence"],
                             "start": int(f["start"]), "end": int(f["end"]),
                             "value": _num(f["value"] * factor), "low": _num(f["low"] * factor),
                             "high": _num(f["high"] * factor), "qualifier": f["qualifier"],
                             "published": f["published"]})
        claims.append({"claim_id": claim.claim_id, "concept": claim.concept, "unit": claim.unit,
                       "verdict": claim.verdict, "reason": claim.reason, "mentions": mentions})
    expectations = [{"suite": r.suite, "expectation": r.expectation, "success": r.success,
                     "unexpected_count": r.unexpected_count, "details": r.details}
                    for r in result.expectations]
    return {"success": result.success, "documents": docs, "claims": claims, "expectations": expectations}


def render(result) -> str:
    return json.dumps(audit_to_dict(result), indent=2, ensure_ascii=False) + "\n"


def draft_to_dict(result) -> dict:
    figures = []
    for f in result.figures.to_dict("records"):
        figures.append({
            "surface": f["surface"], "line": f["line"], "start": f["start"], "end": f["end"],
            "value": _num(f["value"]), "low": _num(f["low"]), "high": _num(f["high"]), "unit": f["unit"],
            "concept": f["concept"], "status": f["status"], "reason": f["reason"],
            "evidence": [{"doc_id": e["doc_id"], "sentence": e["sentence"], "surface": e["surface"],
                          "value": _num(e["value"]), "low": _num(e["low"]), "high": _num(e["high"])}
                         for e in f["evidence"]],
        })
    not_in_draft = [{"doc_id": r["doc_id"], "surface": r["surface"], "sentence": r["sentence"],
                     "value": _num(r["value"]), "unit": r["unit"], "concept": r["concept"]}
                    for r in result.not_in_draft.to_dict("records")]
    draft = {k: (v if v == v else "") for k, v in result.draft.items() if k != "facts"}
    sources = [{k: (v if v == v else "") for k, v in row.items()} for row in result.sources.to_dict("records")]
    return {"success": result.success, "draft": draft, "figures": figures, "not_in_draft": not_in_draft,
            "sources": sources}


def render_draft(result) -> str:
    return json.dumps(draft_to_dict(result), indent=2, ensure_ascii=False, default=int) + "\n"
