"""`--format github`: workflow-command annotations on the source line of each conflicting
figure: ::error file=PATH,line=N,title=T::MESSAGE"""
from __future__ import annotations

from ..checks.audit import by_confidence
from ..checks.standing import (
    ACCEPTED_BY_REVIEW,
    AS_A_WARNING,
    DISMISSED_BY_REVIEW,
    KNOWN_IN_BASELINE,
    MAJORITY,
    claim_sides,
    standing,
)
from ..types import DocumentStatus, DraftStatus, Verdict


def escape_data(text: str) -> str:
    """GitHub's escaping for the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping for a property value (file, title)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _position(f, row_line: int) -> str:
    """line (and columns) of a figure in its file: for a JSONL/CSV row, the row's line (the
    article is one JSON string there, so a column would not point at the figure)."""
    if row_line:
        return f"line={row_line}"
    end_column = int(f["column"]) + int(f["end"]) - int(f["start"])
    return f"line={int(f['line'])},col={int(f['column'])},endColumn={end_column}"


def _by(f) -> str:
    """" (Outlet)" or " (Title)": who states the figure, as a person names the source."""
    from .text import source_name

    name = source_name(f)
    return f" ({name})" if name and name != f["doc_id"] else ""


def _in_story(claim, titles) -> str:
    from ..claims.stories import story_name

    name = story_name(claim, titles)
    return f" — {name}" if name and len(titles) > 1 else ""


def render(result) -> str:
    paths = dict(zip(result.documents["doc_id"], result.documents["path"]))
    row_lines = dict(zip(result.documents["doc_id"], result.documents["row_line"])) \
        if "row_line" in result.documents.columns else {}
    from ..claims.headings import story_headings

    titles = story_headings(result.documents, result.claims)
    lines = []
    baseline = result.baseline
    conflicts = result.claims[result.claims["verdict"] == Verdict.CONFLICT] if len(result.claims) else result.claims
    where = standing(result)
    for claim in by_confidence(conflicts):
        sides = claim_sides(result.facts, claim)
        why = where.passed.get(claim.claim_id)
        outcome = (getattr(result, "reviews", None) or {}).get(claim.claim_id)
        for i in claim.mentions:
            if sides.get(i) is None:
                continue  # a part or another group beside the toll: not one of the figures that disagree
            f = result.facts.loc[i]
            agrees = sides[i] == MAJORITY
            level, what = ("notice", "figure agreeing with the majority") if agrees else ("error", "conflicting figure")
            if why == KNOWN_IN_BASELINE:  # already in the baseline: reviewed, not a new failure
                level, what = "notice", "known conflict (in the baseline)"
            elif why in (DISMISSED_BY_REVIEW, ACCEPTED_BY_REVIEW) and outcome is not None:
                level, what = "notice", f"reviewed as {outcome.status}"
            elif why == AS_A_WARNING and not agrees:
                level = "warning"
            position = _position(f, int(row_lines.get(f["doc_id"]) or 0))
            lines.append(f"::{level} file={escape_property(paths.get(f['doc_id'], f['doc_id']))},{position},"
                         f"title={escape_property(f'facts: {what} ' + claim.claim_id + _by(f))}::"
                         f"{escape_data(f['surface'] + ' — ' + claim.reason + _in_story(claim, titles))}")
    possible = result.claims[result.claims["verdict"] == Verdict.POSSIBLE_CONFLICT] if len(result.claims) \
        else result.claims
    for claim in by_confidence(possible):  # warnings on the two figures the doubt rests on
        for i in claim.pair if isinstance(claim.pair, tuple) else claim.mentions:
            f = result.facts.loc[i]
            position = _position(f, int(row_lines.get(f["doc_id"]) or 0))
            lines.append(f"::warning file={escape_property(paths.get(f['doc_id'], f['doc_id']))},{position},"
                         f"title={escape_property('facts: possible conflict ' + claim.claim_id)}::"
                         f"{escape_data(f['surface'] + ' — ' + claim.reason + _in_story(claim, titles))}")
    for f in baseline.changed_figures if baseline is not None else ():
        level = "error" if baseline.strict else "warning"
        lines.append(f"::{level} file={escape_property(paths.get(f['doc_id'], f['doc_id']))},line={f['new']['line']},"
                     f"title={escape_property('facts: changed since the baseline ' + f['claim_id'])}::"
                     f"{escape_data(f['old']['surface'] + ' -> ' + f['new']['surface'] + ' (' + f['concept'] + ')')}")
    for d in result.documents[result.documents["status"] == DocumentStatus.FAILED].itertuples():
        lines.append(f"::warning file={escape_property(str(d.path))},title={escape_property('facts: input not read')}::"
                     f"{escape_data(f'{d.doc_id}: {d.reason}')}")
    for r in result.expectations:
        if not r.success and not r.verdict:
            level = "error" if r.severity == "error" else "warning"
            lines.append(f"::{level} title={escape_property('facts: ' + r.suite)}::"
                         f"{escape_data(f'{r.expectation}({r.column}): {r.unexpected_count} unexpected. {r.details}')}")
    return "".join(line + "\n" for line in lines)



DRAFT_LEVELS = {DraftStatus.CONTRADICTED: "error", DraftStatus.DISPUTED: "warning", DraftStatus.OUTDATED: "warning",
                DraftStatus.UNSUPPORTED: "warning"}


def render_draft(result) -> str:
    """Annotations on the draft's own lines: errors for the figures that fail the check
    (contradicted; with --strict disputed and unsupported too), warnings for the other ones that
    are not supported."""
    path = escape_property(result.draft["path"])
    lines = []
    for f in result.figures.to_dict("records"):
        level = DRAFT_LEVELS.get(f["status"])
        if level is None:
            continue
        if result.fails(f["status"]):
            level = "error"
        lines.append(f"::{level} file={path},line={f['line']},title={escape_property('facts: ' + f['status'])}::"
                     f"{escape_data(f['surface'] + ' — ' + f['reason'])}")
    return "".join(line + "\n" for line in lines)
