"""How a run stands, said once for every report: which conflicts fail it and why the others do
not (dismissed by review, accepted, known in the baseline, a warning), the claims by verdict, the
one-line verdict, each expectation's result as the exit code has it, and each mention's side.
Imports nothing of the other checks, so that the JSON contract, the baseline and the reviews can
all read it."""
from __future__ import annotations

from dataclasses import dataclass

from ..types import Qualifier, Verdict


def failed_claims(result, expectation) -> list[str]:
    """The claims an expectation failed on: through the pairs it flagged (cross-source
    expectations, which give verdicts) or the fact rows it flagged (fact-table expectations)."""
    rows = set(expectation.unexpected_rows)
    if not rows:
        return []
    if expectation.verdict:
        return sorted(set(result.pairs.loc[result.pairs.index.isin(rows), "claim_id"]))
    return sorted(c.claim_id for c in result.claims.itertuples() if rows.intersection(c.mentions))


MAJORITY, OUTLIER, DISPUTED = "majority", "outlier", "disputed"
CONFLICT_SIDES = (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT)
"""The verdicts whose mentions have a side (`mention_sides`)."""


NOT_COMPARED = "not compared"
"""What the workbook and the HTML page say of a conflict's mention that has no side."""


def mention_sides(facts_df, mentions, compared=None) -> dict:
    """Which side of a conflict each mention is on, by what its figure stands for rather than its
    bare value (`intervals.compared_interval`, as pairs are compared): "more than 100,000" sides
    with 120,000 against 90,000, and "3 million" with 3.2 million against 5 million.

    A figure's backers are the sources with a figure that agrees with it (the intervals overlap).
    Of the figures stated as a value or a range ("120,000", "about 12", "3 million"; a bound such
    as "more than 100,000" or "up to 90" only when no figure is more than a bound), the one with
    the most backers is the majority's when every figure that disagrees with it has fewer: each
    mention that agrees with it is `majority`, any other `outlier`; else every mention is
    `disputed` (12 vs 20), as when all agree.

    Only the `compared` mentions (all by default; a mention -> the figure it was compared by, the
    sum of its list for a list's first count) vote; another mention takes the side of a voting
    figure it repeats (the same interval), and else none (None): a part or another group beside a
    toll ("Three of the victims were shot in the head" beside "4 killed") was in no pair the
    verdict rests on."""
    from ..claims.intervals import LOWER_BOUNDS, UPPER_BOUNDS, base_step, compared_interval

    mentions = list(mentions)
    order = {i: k for k, i in enumerate(mentions)}
    rows = facts_df.loc[mentions]
    bounds = {*LOWER_BOUNDS, *UPPER_BOUNDS}
    figure = {}  # mention -> (low, high, value, rounding step, qualifier, unit)
    for i, low, high, value, step, qualifier, unit in zip(
            mentions, rows["base_low"], rows["base_high"], rows["base_value"], base_step(rows), rows["qualifier"],
            rows["base_unit"].fillna("")):
        said = value if compared is None else compared.get(i, value)
        same = said == value or (said != said and value != value)  # NaN is its own figure
        # compared by another figure (a list's sum): that figure, as stated
        figure[i] = (low, high, value, step, qualifier, unit) if same else (said, said, said, 0.0, Qualifier.EXACT, unit)
    voters = [i for i in mentions if compared is None or i in compared]
    doc = dict(zip(mentions, rows["doc_id"]))

    def agree(i, j) -> bool:
        (lo_i, hi_i, v_i, step_i, q_i, u_i), (lo_j, hi_j, v_j, step_j, q_j, u_j) = figure[i], figure[j]
        a = compared_interval(lo_i, hi_i, v_i, step_i, q_i, step_j, u_i == u_j)
        b = compared_interval(lo_j, hi_j, v_j, step_j, q_j, step_i, u_i == u_j)
        return a[0] <= b[1] and b[0] <= a[1]

    backing = {i: {doc[j] for j in voters if agree(i, j)} for i in voters}
    positions = [i for i in voters if figure[i][4] not in bounds] or voters
    # most sources first; then the narrowest figure, then the first stated
    best = min(positions, key=lambda i: (-len(backing[i]), figure[i][1] - figure[i][0], order[i]),
               default=None)
    apart = [j for j in voters if not agree(j, best)] if best is not None else []
    if not apart or any(len(backing[j]) >= len(backing[best]) for j in apart):
        side = dict.fromkeys(voters, DISPUTED)
    else:
        side = {i: MAJORITY if agree(i, best) else OUTLIER for i in voters}
    by_figure: dict = {}
    for i in voters:
        by_figure.setdefault(figure[i][:3], side[i])
    return {i: side[i] if i in side else by_figure.get(figure[i][:3]) for i in mentions}


def claim_sides(facts_df, claim) -> dict:
    """`mention_sides` of a claim (a row of the claims table with its verdict): {} unless it is a
    conflict or a possible conflict; its `compared` mentions (`audit.with_verdicts`) take sides."""
    if claim.verdict not in CONFLICT_SIDES:
        return {}
    return mention_sides(facts_df, claim.mentions, getattr(claim, "compared", None))


DISMISSED_BY_REVIEW = "dismissed by review"
ACCEPTED_BY_REVIEW = "confirmed by review, accepted"
KNOWN_IN_BASELINE = "known, in the baseline"
AS_A_WARNING = "a warning (its check's severity)"


@dataclass(frozen=True)
class Standing:
    """How a run stands, said once for every report: whether it passes, which conflicts fail it
    and why the others do not, the claims by verdict and the one-line verdict. The text report,
    the JSON summary, JUnit, GitHub annotations, the HTML page and the workbook all read it, so
    that none of them contradicts the exit code."""

    success: bool
    word: str                   # PASS, PASS with warnings or FAIL
    failing: tuple              # claim ids of the conflicts that fail the run
    passed: dict                # claim id -> why that conflict does not fail (DISMISSED_BY_REVIEW, ...)
    counts: dict                # claims by verdict (as the claims table gives them)
    conflicts: int              # conflicts still standing: every conflict not dismissed by review
    possible_conflicts: int
    claims: int
    facts: int
    documents: int
    dismissed: int              # conflicts dismissed by review
    line: str                   # "PASS: 0 conflicts (1 dismissed by review), 25 claims, 33 facts, 5 documents"

    def to_dict(self) -> dict:
        return {"verdict": self.line, "result": self.word, "documents": self.documents, "facts": self.facts,
                "claims": self.claims, "conflicts": self.conflicts, "possible_conflicts": self.possible_conflicts,
                "dismissed_by_review": self.dismissed, "failing_conflicts": len(self.failing),
                "claims_by_verdict": dict(self.counts)}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def standing(result) -> Standing:
    """How `result` stands after its baseline and a reviewer's decisions (`AuditResult.success`
    decides; this says why, claim by claim)."""
    claims = result.claims
    counts = {str(v): int((claims["verdict"] == v).sum()) if len(claims) else 0 for v in Verdict}
    flagged: set[str] = set()
    for r in result.expectations:
        if not r.success and r.severity == "error" and r.verdict:
            flagged.update(failed_claims(result, r))
    deciding = result.reviews if result.reviews is not None and result.reviews_decide else {}
    failing, passed = [], {}
    conflict_ids = list(claims.loc[claims["verdict"] == Verdict.CONFLICT, "claim_id"]) if len(claims) else []
    for claim_id in conflict_ids:
        outcome = deciding.get(claim_id)
        if outcome is not None and outcome.dismissed:
            passed[claim_id] = DISMISSED_BY_REVIEW
        elif outcome is not None and outcome.state == "confirmed" and result.accept_confirmed:
            passed[claim_id] = ACCEPTED_BY_REVIEW
        elif result.baseline is not None and result.baseline.known(claim_id):
            passed[claim_id] = KNOWN_IN_BASELINE
        elif claim_id not in flagged:
            passed[claim_id] = AS_A_WARNING
        else:
            failing.append(claim_id)
    dismissed = sum(why == DISMISSED_BY_REVIEW for why in passed.values())
    standing_conflicts = len(conflict_ids) - dismissed
    possible = counts[Verdict.POSSIBLE_CONFLICT]
    warned = any(not r.success and r.severity == "warning" and not r.verdict for r in result.expectations)
    success = bool(result.success)
    word = "FAIL" if not success else "PASS with warnings" if standing_conflicts or possible or warned else "PASS"
    reviewed = f" ({dismissed} dismissed by review)" if dismissed else ""
    doubt = f"{_plural(possible, 'possible conflict')}, " if possible else ""
    line = (f"{word}: {_plural(standing_conflicts, 'conflict')}{reviewed}, {doubt}{_plural(len(claims), 'claim')}, "
            f"{_plural(len(result.facts), 'fact')}, {_plural(len(result.documents), 'document')}")
    return Standing(success, word, tuple(failing), passed, counts, standing_conflicts, possible, len(claims),
                    len(result.facts), len(result.documents), dismissed, line)


PASS, FAIL, WARNING = "pass", "FAIL", "warning"


def expectation_state(result, r, where: Standing | None = None) -> tuple[str, str]:
    """(state, why) of one expectation as every report shows it: "pass", "FAIL" or "warning",
    agreeing with the exit code. A cross-source check of severity error whose conflicts were all
    dismissed by review or are known in the baseline passes: ("pass", "dismissed by review")."""
    if r.success:
        return PASS, ""
    if r.severity != "error":
        return WARNING, ""
    if not r.verdict:
        return FAIL, ""
    where = where or standing(result)
    claims = failed_claims(result, r)
    if any(c in where.failing for c in claims):
        return FAIL, ""
    whys = sorted({where.passed[c] for c in claims if c in where.passed})
    return (PASS, "; ".join(whys)) if whys else (FAIL, "")
