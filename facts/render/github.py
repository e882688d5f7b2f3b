"""`--format github`: workflow-command annotations on the source line of each conflicting
figure: ::error file=PATH,line=N,title=T::MESSAGE"""
from __future__ import annotations


def escape_data(text: str) -> str:
    """GitHub's escaping for the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping for a property value (file, title)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _majority(rows) -> float | None:
    """The value most sources of a claim state, when one value has more sources than any other;
    None on a tie (then every figure is an error)."""
    sources: dict[float, set] = {}
    for f in rows:
        sources.setdefault(f["base_value"], set()).add(f["doc_id"])
    ranked = sorted(((len(docs), value) for value, docs in sources.items()), reverse=True)
    if len(ranked) < 2 or ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


def render(result) -> str:
    paths = dict(zip(result.documents["doc_id"], result.documents["path"]))
    lines = []
    conflicts = result.claims[result.claims["verdict"] == "conflict"] if len(result.claims) else result.claims
    for claim in conflicts.itertuples():
        rows = [result.facts.loc[i] for i in claim.mentions]
        majority = _majority(rows)
        for f in rows:
            agrees = majority is not None and f["base_value"] == majority
            level, what = ("notice", "figure agreeing with the majority") if agrees else ("error", "conflicting figure")
            lines.append(f"::{level} file={escape_property(paths.get(f['doc_id'], f['doc_id']))},line={f['line']},"
                         f"title={escape_property(f'facts: {what} ' + claim.claim_id)}::"
                         f"{escape_data(f['surface'] + ' — ' + claim.reason)}")
    for d in result.documents[result.documents["status"] == "failed"].itertuples():
        lines.append(f"::warning file={escape_property(str(d.path))},title={escape_property('facts: input not read')}::"
                     f"{escape_data(f'{d.doc_id}: {d.reason}')}")
    for r in result.expectations:
        if not r.success and not r.verdict:
            level = "error" if r.severity == "error" else "warning"
            lines.append(f"::{level} title={escape_property('facts: ' + r.suite)}::"
                         f"{escape_data(f'{r.expectation}({r.column}): {r.unexpected_count} unexpected. {r.details}')}")
    return "".join(line + "\n" for line in lines)



DRAFT_LEVELS = {"contradicted": "error", "outdated": "warning", "unsupported": "warning"}


def render_draft(result) -> str:
    """Annotations on the draft's own lines: errors for contradicted figures, warnings for
    outdated and unsupported ones (errors with --strict)."""
    path = escape_property(result.draft["path"])
    lines = []
    for f in result.figures.to_dict("records"):
        level = DRAFT_LEVELS.get(f["status"])
        if level is None:
            continue
        if f["status"] == "unsupported" and result.strict:
            level = "error"
        lines.append(f"::{level} file={path},line={f['line']},title={escape_property('facts: ' + f['status'])}::"
                     f"{escape_data(f['surface'] + ' — ' + f['reason'])}")
    return "".join(line + "\n" for line in lines)
