"""`--format json`: the contract of `facts.contract`, and the draft check's result."""
from __future__ import annotations

import json

from ..checks.contract import audit_to_dict, date_or_null
from ..checks.contract import number as _num

DRAFT_FORMAT = "facts draft"
DRAFT_FORMAT_VERSION = 2
"""The draft check's JSON (`check DRAFT --against SOURCES --format json`); raised when a field
changes meaning. Version 2: a figure's `status` may be `disputed` (the sources disagree among
themselves), its evidence is only source figures that state the same fact, each with its
`confidence` (the same-fact probability), `agrees` (with the draft's figure; null for a figure
that only perhaps states the same fact) and `published`; `not_in_draft` is the story's main
facts, one per claim (`label`, `n_sources`, `doc_ids`), and `not_in_draft_more` counts those not
listed (`--show all` lists them); `summary` counts the figures by status."""


def render(result) -> str:
    return json.dumps(audit_to_dict(result), indent=2, ensure_ascii=False) + "\n"


def draft_to_dict(result) -> dict:
    from ..checks.draft import STATUSES

    figures = []
    for f in result.figures.to_dict("records"):
        figures.append({
            "surface": f["surface"], "line": f["line"], "start": f["start"], "end": f["end"],
            "value": _num(f["value"]), "low": _num(f["low"]), "high": _num(f["high"]), "unit": f["unit"],
            "concept": f["concept"], "status": f["status"], "reason": f["reason"],
            "evidence": [{"doc_id": e["doc_id"], "sentence": e["sentence"], "surface": e["surface"],
                          "value": _num(e["value"]), "low": _num(e["low"]), "high": _num(e["high"]),
                          "published": date_or_null(e["published"]), "confidence": _num(e["confidence"]),
                          "agrees": e["agrees"]}
                         for e in f["evidence"]],
        })
    not_in_draft = [{"label": r["label"], "doc_id": r["doc_id"], "surface": r["surface"], "sentence": r["sentence"],
                     "value": _num(r["value"]), "unit": r["unit"], "concept": r["concept"],
                     "n_sources": int(r["n_sources"]), "doc_ids": list(r["doc_ids"])}
                    for r in result.not_in_draft.to_dict("records")]
    draft = {k: (v if v == v else "") for k, v in result.draft.items() if k != "facts"}
    sources = [{k: (v if v == v else "") for k, v in row.items()} for row in result.sources.to_dict("records")]
    for doc in [draft, *sources]:
        if "published" in doc:
            doc["published"] = date_or_null(doc["published"])
    statuses = [f["status"] for f in figures]
    return {"format": DRAFT_FORMAT, "format_version": DRAFT_FORMAT_VERSION, "success": result.success,
            "summary": {status: statuses.count(status) for status in STATUSES}, "draft": draft, "figures": figures,
            "not_in_draft": not_in_draft, "not_in_draft_more": int(result.more_not_in_draft), "sources": sources,
            "story": result.story, "story_title": result.story_title, "stories": list(result.stories)}


def render_draft(result) -> str:
    return json.dumps(draft_to_dict(result), indent=2, ensure_ascii=False, default=int) + "\n"
