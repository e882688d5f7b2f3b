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
