"""A reviewer's decisions on claims, read back: from a workbook a person edited (`facts export`,
`check -o audit.xlsx`) or from a reviews file (`facts reviews audit.xlsx -o reviews.json`).

A decision is per claim and is matched to the claims of a new run by what the claim is (story,
claim key, unit, time window and the masked sentences it is stated in, as `--baseline` matches),
never by claim id or row number. A decision whose figures have changed since (a mention added or
gone, a value changed) no longer applies: the claim is "changed since review".
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FactsError

FORMAT = "facts reviews"
FORMAT_VERSION = 1

UNCHECKED = "unchecked"
STATUSES = (UNCHECKED, "open", "confirmed", "false alarm", "fixed", "needs source")
"""What a reviewer can say of a claim: unchecked (no decision yet), open (being looked at),
confirmed (a real disagreement), false alarm (not one: the figures do not state the same fact),
fixed (the article or the draft was corrected), needs source (a newsroom's "ask the outlet")."""
DISMISSED = "false alarm"
DISMISSED_STATE = "dismissed"
"""The state of a conflict whose decision is a false alarm, unchanged since: it no longer fails."""
STRICTEST_FIRST = ("confirmed", "needs source", "open", "fixed", DISMISSED)
"""When the rows of one claim carry different decisions, the strictest wins: the one that keeps
a conflict failing before the ones that let it pass (a false alarm is the least strict)."""

CLAIMS_SHEET = "Claim keys"
"""The workbook's hidden sheet that says what each claim is (JSON per claim id), so that a
decision made on a row can be matched to the claims of a later run."""


class ReviewsError(FactsError):
    """A reviews file or workbook that cannot be read (exit 2)."""


@dataclass(frozen=True)
class Review:
    """One decision on one claim."""

    status: str
    claim: dict                 # what the claim was: story, claim_key, unit, time_window, concept, mentions
    reviewer: str = ""
    date: str = ""
    note: str = ""
    disagreement: str = ""      # the claim's rows said different things: what each said, and which won

    def to_dict(self) -> dict:
        out = {"status": self.status, "reviewer": self.reviewer, "date": self.date, "note": self.note,
               "claim": self.claim}
        if self.disagreement:
            out["disagreement"] = self.disagreement
        return out


@dataclass(frozen=True)
class ReviewOutcome:
    """What a decision means for a claim of this run."""

    claim_id: str
    status: str                 # the reviewer's status
    state: str                  # dismissed, confirmed, open, fixed, needs source, or "changed since review"
    reviewer: str = ""
    date: str = ""
    note: str = ""
    changes: tuple = field(default_factory=tuple)  # what changed since the review
    disagreement: str = ""      # the claim's rows said different things (`Review.disagreement`)

    @property
    def dismissed(self) -> bool:
        """A false alarm whose figures have not changed since: the conflict no longer fails."""
        return self.state == DISMISSED_STATE

    def to_dict(self) -> dict:
        return {"status": self.status, "state": self.state, "reviewer": self.reviewer, "date": self.date,
                "note": self.note, "changes": list(self.changes), "disagreement": self.disagreement}


CHANGED = "changed since review"


def claim_identity(claim: dict) -> dict:
    """What a claim is, from its `--format json` entry: enough to find it again."""
    return {"story": claim.get("story", ""), "claim_key": claim.get("claim_key", ""), "label": claim.get("label", ""),
            "concept": claim.get("concept", ""),
            "unit": claim.get("unit", ""), "time_window": claim.get("time_window", ""),
            "mentions": [{"doc_id": m["doc_id"], "sentence": m["sentence"], "surface": m["surface"],
                          "value": m["value"], "start": m.get("start", 0)} for m in claim.get("mentions", [])]}


def _status(value, where: str) -> str:
    text = " ".join(str(value or "").strip().lower().split())
    if not text:
        return UNCHECKED
    if text not in STATUSES:
        raise ReviewsError(f"{where}: status {value!r} is not one of {', '.join(STATUSES)}")
    return text


def load(path: str) -> list[Review]:
    """The decisions of a workbook (.xlsx) or a reviews file (.json); ReviewsError names the
    file, the row or field, and what was expected."""
    p = Path(path)
    if not p.exists():
        raise ReviewsError(f"{path}: no such reviews file; expected a workbook written by `facts export` "
                           "or a reviews file written by `facts reviews`")
    if p.suffix.lower() == ".xlsx":
        return from_workbook(path)
    return from_json(path)


def from_json(path: str) -> list[Review]:
    expected = f"expected a reviews file written by `facts reviews` (format version {FORMAT_VERSION})"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ReviewsError(f"{path}: cannot read the reviews ({e}); {expected}") from None
    except json.JSONDecodeError as e:
        raise ReviewsError(f"{path}: not JSON (line {e.lineno}, column {e.colno}: {e.msg}); {expected}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReviewsError(f"{path}: not a reviews file (no \"format\": \"{FORMAT}\"); {expected}")
    if data.get("format_version") != FORMAT_VERSION:
        raise ReviewsError(f"{path}: format version {data.get('format_version')!r} is not {FORMAT_VERSION}; {expected}")
    if not isinstance(data.get("reviews"), list):
        raise ReviewsError(f"{path}: field 'reviews' missing or not a list; {expected}")
    out = []
    for n, r in enumerate(data["reviews"], 1):
        where = f"{path}: review {n}"
        if not isinstance(r, dict) or not isinstance(r.get("claim"), dict) \
                or not isinstance(r["claim"].get("mentions"), list):
            raise ReviewsError(f"{where}: expected an object with 'status' and 'claim' (with 'mentions')")
        status = _status(r.get("status"), where)
        if status != UNCHECKED:
            out.append(Review(status, r["claim"], str(r.get("reviewer") or ""), str(r.get("date") or ""),
                              str(r.get("note") or ""), str(r.get("disagreement") or "")))
    return out


def from_workbook(path: str) -> list[Review]:
    """The decisions of a workbook: Status, Reviewer and Notes of the Conflicts and Claims
    sheets, matched to what each claim is by the hidden sheet `CLAIMS_SHEET`. A claim whose rows
    say different things (one row "confirmed", the others "false alarm") takes the strictest
    (`STRICTEST_FIRST`), and the decision says so (`Review.disagreement`). The date is the
    workbook's last save."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a file that is not a workbook
        raise ReviewsError(f"{path}: not a workbook facts can read ({type(e).__name__}: {e}); expected an .xlsx "
                           "written by `facts export` or `facts check -o audit.xlsx`") from None
    if CLAIMS_SHEET not in wb.sheetnames:
        raise ReviewsError(f"{path}: no sheet {CLAIMS_SHEET!r}; expected a workbook written by this facts "
                           "(`facts export` or `facts check -o audit.xlsx`)")
    identities = {}
    for row in wb[CLAIMS_SHEET].iter_rows(min_row=2, values_only=True):
        if row and row[0]:
            try:
                identities[str(row[0])] = json.loads(row[1])
            except (TypeError, json.JSONDecodeError):
                raise ReviewsError(f"{path}: sheet {CLAIMS_SHEET!r}, claim {row[0]}: unreadable; the sheet is "
                                   "written by facts and must not be edited") from None
    modified = wb.properties.modified
    date = modified.date().isoformat() if modified else ""
    rows_of: dict[str, list[tuple[str, str, str, str]]] = {}  # claim -> (status, where, reviewer, notes)
    for sheet in ("Conflicts", "Claims"):
        if sheet not in wb.sheetnames:
            continue
        rows = wb[sheet].iter_rows(values_only=True)
        headers = [str(h) if h is not None else "" for h in next(rows, ())]
        if "claim_id" not in headers or "Status" not in headers:
            continue
        at = {h: headers.index(h) for h in ("claim_id", "Status", "Reviewer", "Notes") if h in headers}
        for line, row in enumerate(rows, 2):
            claim_id = str(row[at["claim_id"]] or "")
            if not claim_id or claim_id not in identities:
                continue
            status = _status(row[at["Status"]], f"{path}: sheet {sheet}, row {line}")
            if status == UNCHECKED:
                continue
            reviewer, notes = (str(row[at[name]] or "") if name in at else "" for name in ("Reviewer", "Notes"))
            rows_of.setdefault(claim_id, []).append((status, f"{sheet} row {line}", reviewer, notes))
    wb.close()
    out = []
    for claim_id in sorted(rows_of):
        status, _, reviewer, notes = strictest(rows_of[claim_id])
        out.append(Review(status, identities[claim_id], reviewer, date, notes,
                          disagreement(rows_of[claim_id], status)))
    return out


def strictest(rows: list[tuple]) -> tuple:
    """The row whose status is strictest (`STRICTEST_FIRST`), the first such row in sheet order."""
    return min(rows, key=lambda r: STRICTEST_FIRST.index(r[0]) if r[0] in STRICTEST_FIRST else len(STRICTEST_FIRST))


def disagreement(rows: list[tuple], applied: str) -> str:
    """"" when a claim's decided rows agree; else what each said and which was applied:
    "rows disagree: confirmed (Conflicts row 2), false alarm (Conflicts rows 3, 4); the strictest,
    confirmed, applies"."""
    said: dict[str, list[str]] = {}
    for status, where, *_ in rows:
        said.setdefault(status, []).append(where)
    if len(said) < 2:
        return ""

    def places(wheres: list[str]) -> str:
        by_sheet: dict[str, list[str]] = {}
        for where in wheres:
            sheet, _, line = where.partition(" row ")
            by_sheet.setdefault(sheet, []).append(line)
        return "; ".join(f"{sheet} row{'s' if len(lines) > 1 else ''} {', '.join(lines)}"
                         for sheet, lines in by_sheet.items())

    parts = [f"{status} ({places(said[status])})" for status in sorted(said, key=STRICTEST_FIRST.index)]
    return f"rows disagree: {', '.join(parts)}; the strictest, {applied}, applies"


def to_dict(reviews: list[Review]) -> dict:
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "reviews": [r.to_dict() for r in sorted(reviews, key=_order)]}


def _order(r: Review) -> tuple:
    m = r.claim.get("mentions") or [{}]
    return (r.claim.get("story", ""), r.claim.get("claim_key", ""), str(m[0].get("doc_id", "")), m[0].get("start", 0))


def outcomes(claims: list[dict], reviews: list[Review]) -> dict[str, ReviewOutcome]:
    """claim_id -> the outcome of the decision on it, for the claims (`--format json` entries) of
    a run. Unmatched decisions are dropped (their claim is gone)."""
    from .baseline import match_claims, mention_keys

    reviewed = [r.claim for r in reviews]
    matched = match_claims(reviewed, claims)
    out = {}
    for i, j in matched.items():
        claim, review = claims[i], reviews[j]
        before, now = mention_keys(review.claim), mention_keys(claim)
        changes = []
        for key in sorted(set(before) | set(now), key=str):
            a, b = before.get(key), now.get(key)
            if a is None:
                changes.append(f"{b['doc_id']}: {b['surface']} added")
            elif b is None:
                changes.append(f"{a['doc_id']}: {a['surface']} gone")
            elif a["surface"] != b["surface"] or a["value"] != b["value"]:
                changes.append(f"{b['doc_id']}: {a['surface']} -> {b['surface']}")
        state = CHANGED if changes else (DISMISSED_STATE if review.status == DISMISSED else review.status)
        out[claim["claim_id"]] = ReviewOutcome(claim["claim_id"], review.status, state, review.reviewer, review.date,
                                               review.note, tuple(changes), review.disagreement)
    return out


def still_fails(claim_verdict: str, outcome: ReviewOutcome | None, accept_confirmed: bool) -> bool:
    """Whether a claim still fails the run after review: a conflict fails unless it was dismissed
    as a false alarm (or confirmed, with `accept_confirmed`) and has not changed since."""
    from ..types import Verdict

    if claim_verdict != Verdict.CONFLICT:
        return False
    if outcome is None or outcome.state == CHANGED:
        return True
    return not (outcome.state == DISMISSED_STATE or (accept_confirmed and outcome.state == "confirmed"))


def apply(result, reviews: list[Review], accept_confirmed: bool = False, decide: bool = True, claims=None):
    """`result` (an AuditResult) with the outcome of each decision on its claims; with `decide`
    false, the outcomes are shown (carried into a new workbook) but do not change the exit.
    `claims`: the result's claims as `--format json` gives them, when already made."""
    from dataclasses import replace

    claims = claims if claims is not None else json_claims(result)
    return replace(result, reviews=outcomes(claims, reviews), accept_confirmed=accept_confirmed,
                   reviews_decide=decide)


def unmatched(claims: list[dict], reviews: list[Review]) -> list[Review]:
    """The decisions that match none of `claims` (`json_claims`): a new workbook would lose them."""
    from .baseline import match_claims

    matched = set(match_claims([r.claim for r in reviews], claims).values())
    return [r for j, r in enumerate(reviews) if j not in matched]


def json_claims(result) -> list[dict]:
    """The claims of an AuditResult as the JSON contract gives them (what decisions match)."""
    from .contract import audit_to_dict

    return audit_to_dict(result)["claims"]
