"""`--format json`: the contract of `facts.contract`, and the draft check's result."""
from __future__ import annotations

import json

from ..checks.contract import audit_to_dict, date_or_null
from ..checks.contract import number as _num

DRAFT_FORMAT = "facts check --against"
DRAFT_FORMAT_VERSION = 1
"""The draft check's JSON (`check DRAFT --against SOURCES --format json`); raised when a field
changes meaning."""


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
    for doc in [draft, *sources]:
        if "published" in doc:
            doc["published"] = date_or_null(doc["published"])
    return {"format": DRAFT_FORMAT, "format_version": DRAFT_FORMAT_VERSION, "success": result.success, "draft": draft, "figures": figures, "not_in_draft": not_in_draft,
            "sources": sources, "story": getattr(result, "story", ""), "story_title": getattr(result, "story_title", ""),
            "stories": list(getattr(result, "stories", ()))}


def render_draft(result) -> str:
    return json.dumps(draft_to_dict(result), indent=2, ensure_ascii=False, default=int) + "\n"
