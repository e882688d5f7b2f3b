"""The fact-checker workbook: Summary, Conflicts, Claims, Facts, Documents, Expectations.

What a checker expects in Excel or LibreOffice: frozen header rows, autofilters on every sheet,
wrapped sentences with the figure in bold, verdict colours as conditional formatting (they
survive re-sorting), one Conflicts row per conflicting mention with its side (majority /
outlier), source title, outlet, URL and date, linked to its fact row; Status (a drop-down),
Reviewer and Notes columns to fill in; numbers stored as numbers (open bounds as empty cells: a
spreadsheet has no infinity) and dates as dates.
"""
from __future__ import annotations

import datetime
import json

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink

from ..checks.audit import by_confidence
from ..checks.contract import number as _number
from ..checks.reviews import STATUSES  # the review states a checker picks from in the Status column (a drop-down)
from ..checks.standing import NOT_COMPARED, claim_sides
from ..inputs.metadata import without_site_name
from ..types import DocumentStatus, Verdict
from . import around, details_words
from .safe import secure_workbook, xml_row, xml_text
from .text import claim_label

VERDICT_FILLS = {
    Verdict.CONFLICT: "F8D7DA", Verdict.POSSIBLE_CONFLICT: "F3E0F7", Verdict.CHANGED: "FFF3CD", Verdict.CORROBORATED: "D4EDDA", Verdict.SINGLE_SOURCE: "E2E3E5",
    DocumentStatus.FAILED: "F8D7DA", DocumentStatus.SKIPPED: "FFF3CD", DocumentStatus.OK: "D4EDDA", "FAIL": "F8D7DA", "pass": "D4EDDA", "warning": "FFF3CD",
}
HEADER_FONT = Font(bold=True)
_ONE_PAGE_COLUMNS = 12
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


def _sheet(wb, title: str, headers: list[str], widths: dict[str, int]):
    ws = wb.create_sheet(title)
    _append(ws, headers)
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(header, max(10, len(header) + 2))
    return ws


WIDEST_WORD = 40
"""A column is at least as wide as its longest word (up to this many characters), so that no
word is cut in two on screen or on paper ("cross_sourc/e")."""


def _fit_words(ws) -> None:
    """Widen each column to its longest word (header included), at most `WIDEST_WORD` characters."""
    for i, column in enumerate(ws.iter_cols(min_row=1, max_row=ws.max_row), 1):
        longest = max((len(word) for cell in column if cell.value is not None
                       for word in str(cell.value).split()), default=0)
        letter = get_column_letter(i)
        current = ws.column_dimensions[letter].width or 10
        ws.column_dimensions[letter].width = max(current, min(longest + 2, WIDEST_WORD))


def _finish(ws, colour_column: str | None = None, title_columns: str = "") -> None:
    """Autofilter over the data, wrapped text, and verdict colours by formula on whole rows.
    `title_columns` ("A:A"): columns printed on every page of a sheet wider than one, so that
    the second page of a row still says which claim it is."""
    if ws.max_row < 1:
        return
    last = get_column_letter(ws.max_column)
    ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 2)}"
    _fit_words(ws)
    widths = [ws.column_dimensions[get_column_letter(i)].width or 10 for i in range(1, ws.max_column + 1)]
    for row in ws.iter_rows(min_row=2):
        lines = 1
        for cell, width in zip(row, widths):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            text = str(cell.value) if cell.value is not None else ""
            lines = max(lines, sum(-(-max(len(part), 1) // max(int(width) - 1, 1)) for part in text.split("\n")))
        # Spreadsheet programs keep the default height for rows written by a library.
        ws.row_dimensions[row[0].row].height = min(15 * lines, 300)
    ws.page_setup.orientation = "landscape"
    # Wide sheets print across two pages: at one page their 6-point text could not be read.
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = (2 if ws.max_column > _ONE_PAGE_COLUMNS else 1), 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if title_columns and ws.max_column > _ONE_PAGE_COLUMNS:
        ws.print_title_cols = title_columns
    if colour_column:
        headers = [c.value for c in ws[1]]
        letter = get_column_letter(headers.index(colour_column) + 1)
        area = f"A2:{last}{max(ws.max_row, 2)}"
        for value, colour in VERDICT_FILLS.items():
            ws.conditional_formatting.add(
                area, FormulaRule(formula=[f'${letter}2="{value}"'], fill=PatternFill("solid", bgColor=colour)))


def _append(ws, values) -> None:
    """A row of cells; article text is cleaned of the characters XML forbids first (openpyxl
    refuses them with an exception). Formula-like text is made a string by `secure_workbook`."""
    ws.append(xml_row(values))


def _emphasised(sentence: str, surface: str) -> CellRichText | str:
    sentence, surface = xml_text(sentence), xml_text(surface)
    parts = around(sentence, surface)
    if parts is None:
        return sentence
    before, figure, after = parts
    blocks = [before, TextBlock(InlineFont(b=True, color="C00000"), figure), after]
    return CellRichText([b for b in blocks if not isinstance(b, str) or b])


REVIEW_HEADERS = ["Status", "Reviewer", "Notes"]
REVIEW_WIDTHS = {"Status": 13, "Reviewer": 16, "Notes": 30}
BAND_FILL = PatternFill("solid", fgColor="F2F4F7")
LINK_FONT = Font(color="0563C1", underline="single")


def _date(text):
    """A publication date as a date cell ("2018-09-14"), or the text as it is."""
    try:
        return datetime.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return str(text)


def _review_columns(ws) -> None:
    """Status gets a drop-down of `STATUSES` (every data row starts "unchecked")."""
    headers = [c.value for c in ws[1]]
    letter = get_column_letter(headers.index("Status") + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Status",
                                error="Pick one of: " + ", ".join(STATUSES))
    ws.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{max(ws.max_row, 2) + 1000}")


def _review(result, claim_id: str) -> list:
    """Status, Reviewer and Notes of a claim's rows: the decision carried from an earlier review
    (`reviews`), or "unchecked". A decision whose figures changed since is not carried as a
    status: the Notes say what it was and what changed."""
    from ..checks.reviews import CHANGED, UNCHECKED

    outcome = (getattr(result, "reviews", None) or {}).get(claim_id) if claim_id else None
    if outcome is None:
        return [UNCHECKED, None, None]
    if outcome.state == CHANGED:
        was = f"{outcome.status} by {outcome.reviewer or 'a reviewer'}" + (f": {outcome.note}" if outcome.note else "")
        return [UNCHECKED, None, f"changed since review ({was}); " + "; ".join(outcome.changes)]
    return [outcome.status, outcome.reviewer or None, outcome.note or None]


def _claims_identity_sheet(wb, result) -> None:
    """The hidden sheet that says what each claim is, so that a reviewer's decisions can be
    matched to a later run's claims (`reviews.from_workbook`)."""
    from ..checks.contract import audit_to_dict
    from ..checks.reviews import CLAIMS_SHEET, claim_identity

    ws = wb.create_sheet(CLAIMS_SHEET)
    ws.append(["claim_id", "claim"])
    for claim in audit_to_dict(result)["claims"]:
        identity = claim_identity(claim)
        text = json.dumps(identity, ensure_ascii=False, sort_keys=True)
        while len(text) > 30_000 and len(identity["mentions"]) > 1:  # a cell holds 32,767 characters
            identity = {**identity, "mentions": identity["mentions"][: len(identity["mentions"]) // 2], "truncated": True}
            text = json.dumps(identity, ensure_ascii=False, sort_keys=True)
        ws.append([claim["claim_id"], text])
    ws.sheet_state = "hidden"


def _link(cell, sheet: str, row: int) -> None:
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A{row}")
    cell.font = LINK_FONT


def _summary(wb, result) -> None:
    """Counts, then the result as the run that wrote the workbook gives it (`standing`: the exit
    code's word); with decisions carried from an earlier review that this run did not apply
    (`facts export`, `check -o` without --reviews), also what `check --reviews` on this workbook
    would give."""
    from dataclasses import replace

    from ..checks.standing import FAIL, PASS, expectation_state, standing

    where = standing(result)
    summary = _sheet(wb, "Summary", ["item", "count"], {"item": 34, "count": 70})
    statuses = result.documents["status"].value_counts() if len(result.documents) else {}
    rows: list[tuple] = [("documents", len(result.documents))]
    rows += [(f"documents {s}", int(statuses.get(s, 0))) for s in (DocumentStatus.OK, DocumentStatus.SKIPPED, DocumentStatus.FAILED)]
    rows += [("facts", len(result.facts)), ("claims", where.claims)]
    rows += [(f"claims {v}", where.counts.get(v, 0)) for v in Verdict]
    if result.reviews:
        rows.append(("conflicts dismissed by review", sum(o.state == "dismissed" for o in result.reviews.values())))
    states = [expectation_state(result, r, where)[0] for r in result.expectations]
    rows += [("expectations passed", states.count(PASS)), ("expectations failed", states.count(FAIL)),
             ("expectations warning", len(states) - states.count(PASS) - states.count(FAIL)),
             ("result", where.word), ("verdict", where.line)]
    if result.reviews and not result.reviews_decide:
        decided = standing(replace(result, reviews_decide=True))
        rows.append(("result with these decisions (check --reviews)", decided.word))
    for row in rows:
        _append(summary, row)
    _finish(summary)
    result_row = next(n for n, row in enumerate(rows, 2) if row[0] == "result")
    summary[f"B{result_row}"].font = Font(bold=True, color="006100" if result.success else "9C0006")


FACT_HEADERS = ["fact", "claim_id", "verdict", "doc_id", "title", "source", "url", "published", "line", "sentence",
                "surface", "value", "low", "high", "qualifier", "unit", "dimension", "concept", *REVIEW_HEADERS]


def _facts_sheet(wb, result, verdict_of) -> dict:
    """The Facts sheet; returns the sheet row of each fact."""
    ws = _sheet(wb, "Facts", FACT_HEADERS, {"sentence": 70, "doc_id": 28, "title": 36, "url": 30, "concept": 24,
                                            "surface": 22, "verdict": 16, "fact": 7, "line": 7, "published": 12,
                                            "value": 14, "low": 14, "high": 14, **REVIEW_WIDTHS})
    fact_row = {}
    for n, (i, f) in enumerate(result.facts.iterrows(), 2):
        claim_id, verdict = verdict_of.get(i, ("", ""))
        _append(ws, [i, claim_id, verdict, f["doc_id"], without_site_name(str(f.get("title") or "")), f.get("source", ""), f.get("url", ""),
                   _date(f["published"]), int(f["line"]), _emphasised(f["sentence"], f["surface"]), f["surface"],
                   _number(f["value"]), _number(f["low"]), _number(f["high"]), f["qualifier"], f["unit"],
                   f["dimension"], f["concept"], *_review(result, claim_id)])
        fact_row[i] = n
    _finish(ws, "verdict", title_columns="A:B")
    _formats(ws, FACT_HEADERS)
    _review_columns(ws)
    return fact_row


def _formats(ws, headers) -> None:
    """Number and date formats by column name; numeric headers aligned with their numbers."""
    for header, cell in zip(headers, ws[1]):
        if header in ("value", "low", "high", "published", "line"):
            cell.alignment = Alignment(horizontal="right" if header != "line" else "center")
    for row in ws.iter_rows(min_row=2):
        for header, cell in zip(headers, row):
            if header in ("value", "low", "high"):
                cell.number_format = "#,##0.###"
            elif header == "published" and isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif header == "line":
                cell.alignment = Alignment(horizontal="center", vertical="top")


CONFLICT_HEADERS = ["claim_id", "claim", "side", "figure", "value", "low", "high", "unit", "sentence", "Status",
                    "why", "title", "source", "url", "published", "doc_id", "line", "fact", "Reviewer", "Notes"]
"""The Status a reviewer picks sits next to the sentence they read, and the claim's reason (why
it was flagged) beside it; Reviewer and Notes at the end. The claim id is printed on every page."""


def _conflicts_sheet(wb, result, fact_row) -> None:
    """One row per mention of a conflicting claim, the claim's rows together and banded, each
    linked to its own fact row."""
    facts, claims = result.facts, result.claims
    ws = _sheet(wb, "Conflicts", CONFLICT_HEADERS,
                {"claim": 22, "side": 10, "figure": 18, "sentence": 60, "why": 50, "title": 36, "url": 30, "doc_id": 24,
                 "published": 13, "value": 12, "low": 12, "high": 12, "fact": 8, **REVIEW_WIDTHS})
    banded = []
    conflicts = claims[claims["verdict"] == Verdict.CONFLICT] if len(claims) else claims
    for n, claim in enumerate(by_confidence(conflicts)):
        sides = claim_sides(facts, claim)
        for i in claim.mentions:
            f = facts.loc[i]
            status, reviewer, notes = _review(result, claim.claim_id)
            _append(ws, [claim.claim_id, claim_label(claim), sides.get(i) or NOT_COMPARED, f["surface"], _number(f["value"]),
                         _number(f["low"]), _number(f["high"]), f["unit"], _emphasised(f["sentence"], f["surface"]),
                         status, claim.reason, without_site_name(str(f.get("title") or "")), f.get("source", ""), f.get("url", ""),
                         _date(f["published"]), f["doc_id"], int(f["line"]), f"row {fact_row[i]}", reviewer, notes])
            _link(ws.cell(ws.max_row, CONFLICT_HEADERS.index("fact") + 1), "Facts", fact_row[i])
            if n % 2:
                banded.append(ws.max_row)
    _finish(ws, title_columns="A:A")
    _formats(ws, CONFLICT_HEADERS)
    for row in banded:
        for cell in ws[row]:
            cell.fill = BAND_FILL
    side = get_column_letter(CONFLICT_HEADERS.index("side") + 1)
    area = f"{side}2:{side}{max(ws.max_row, 2)}"
    ws.conditional_formatting.add(area, FormulaRule(formula=[f'${side}2="outlier"'],
                                                    fill=PatternFill("solid", bgColor="F8D7DA")))
    ws.conditional_formatting.add(area, FormulaRule(formula=[f'${side}2="majority"'],
                                                    fill=PatternFill("solid", bgColor="D4EDDA")))
    _review_columns(ws)


def _claims_sheet(wb, result, fact_row) -> None:
    headers = ["claim_id", "verdict", "claim", "concept", "unit", "time_window", "sources", "mentions", "facts",
               "reason", *REVIEW_HEADERS]
    ws = _sheet(wb, "Claims", headers, {"verdict": 18, "claim": 24, "concept": 20, "sources": 34, "reason": 60,
                                        "time_window": 18, "facts": 14, **REVIEW_WIDTHS})
    for claim in result.claims.itertuples():
        rows = sorted(fact_row[i] for i in claim.mentions)
        _append(ws, [claim.claim_id, claim.verdict, claim_label(claim), claim.concept, claim.unit, claim.time_window,
                   "\n".join(claim.sources), len(claim.mentions), ", ".join(map(str, rows)), claim.reason,
                   *_review(result, claim.claim_id)])
        _link(ws.cell(ws.max_row, headers.index("facts") + 1), "Facts", rows[0])
    _finish(ws, "verdict", title_columns="A:A")
    _review_columns(ws)


def _stories_sheet(wb, result) -> None:
    """One row per story: id, title, first and last publication dates, sources, claims,
    conflicts and possible conflicts (only when the input holds more than one story)."""
    from ..claims.headings import story_headings

    titles = story_headings(result.documents, result.claims)
    if len(titles) < 2:
        return
    headers = ["story", "title", "first published", "last published", "sources", "claims", "conflicts",
               "possible conflicts"]
    ws = _sheet(wb, "Stories", headers, {"story": 14, "title": 60, "first published": 14, "last published": 14})
    docs = result.documents[result.documents["story"].astype(str) != ""]
    claims = result.claims
    for story in dict.fromkeys(docs["story"]):
        mine = docs[docs["story"] == story]
        dates = sorted(str(d) for d in mine["published"] if d == d and str(d))
        held = claims[claims["story"] == story] if len(claims) and "story" in claims.columns else claims.iloc[:0]
        _append(ws, [story, titles.get(story, ""), _date(dates[0]) if dates else None,
                     _date(dates[-1]) if dates else None, len(mine), len(held),
                     int((held["verdict"] == Verdict.CONFLICT).sum()) if len(held) else 0,
                     int((held["verdict"] == Verdict.POSSIBLE_CONFLICT).sum()) if len(held) else 0])
    _finish(ws)


def _timeline_sheet(wb, result) -> None:
    """A dated row group per claim that conflicts or changed: its figures in order of publication,
    one row per source and figure, so that "6 shot -> 7 shot -> 5 wounded" reads down a column."""
    flagged = [c for c in result.claims.itertuples()
               if c.verdict in (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT, Verdict.CHANGED)] if len(result.claims) else []
    if not flagged:
        return
    headers = ["claim_id", "claim", "verdict", "published", "figure", "value", "source", "title", "doc_id", "line"]
    ws = _sheet(wb, "Timeline", headers, {"claim": 24, "verdict": 18, "published": 12, "figure": 16, "source": 22,
                                          "title": 48, "doc_id": 24})
    facts = result.facts
    for n, claim in enumerate(flagged):
        name = claim_label(claim)
        seen = set()
        rows = sorted(claim.mentions, key=lambda i: (str(facts.loc[i, "published"] or "9999"), facts.loc[i, "doc_id"],
                                                     int(facts.loc[i, "start"])))
        for i in rows:
            f = facts.loc[i]
            if (f["doc_id"], f["base_value"]) in seen:
                continue
            seen.add((f["doc_id"], f["base_value"]))
            _append(ws, [claim.claim_id, name, claim.verdict, _date(f["published"]), f["surface"], _number(f["value"]),
                         f.get("source", ""), without_site_name(str(f.get("title") or "")), f["doc_id"], int(f["line"])])
            if n % 2:
                for cell in ws[ws.max_row]:
                    cell.fill = BAND_FILL
    _finish(ws, "verdict")
    _formats(ws, headers)


def write_workbook(result, path: str) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    verdict_of = {i: (claim.claim_id, claim.verdict) for claim in result.claims.itertuples() for i in claim.mentions}
    _summary(wb, result)
    fact_row = _facts_sheet(wb, result, verdict_of)  # first: the other sheets link into it
    _conflicts_sheet(wb, result, fact_row)
    _claims_sheet(wb, result, fact_row)
    _stories_sheet(wb, result)
    _timeline_sheet(wb, result)
    wb.move_sheet("Facts", offset=wb.sheetnames.index("Claims") - wb.sheetnames.index("Facts"))
    if result.baseline is not None:
        _changed_sheet(wb, result.baseline)
        wb.move_sheet("Changed", offset=1 - wb.sheetnames.index("Changed"))  # right after Summary
    _documents_sheet(wb, result)
    _expectations_sheet(wb, result)
    _claims_identity_sheet(wb, result)
    secure_workbook(wb)
    wb.save(path)


CHANGED_HEADERS = ["change", "claim_id", "claim", "doc_id", "line", "old figure", "old value", "new figure",
                   "new value", "sentence", "reason", *REVIEW_HEADERS]


def _changed_sheet(wb, b) -> None:
    """What changed since the baseline: one row per new or resolved conflict and per changed figure."""
    ws = _sheet(wb, "Changed", CHANGED_HEADERS, {"change": 18, "claim": 22, "doc_id": 26, "sentence": 60,
                                                 "reason": 50, "old figure": 14, "new figure": 14, **REVIEW_WIDTHS})
    for c in b.new_conflicts:
        _append(ws, ["new conflict", c["claim_id"], c.get("label") or c["concept"], "", None, "", None, "", None, "", c["reason"],
                   "unchecked", None, None])
    for f in b.changed_figures:
        _append(ws, ["changed figure", f["claim_id"], f.get("label") or f["concept"], f["doc_id"], f["new"]["line"], f["old"]["surface"],
                   _number(f["old"]["value"]), f["new"]["surface"], _number(f["new"]["value"]),
                   _emphasised(f["new"]["sentence"], f["new"]["surface"]), "", "unchecked", None, None])
    for c in b.resolved_conflicts:
        _append(ws, ["resolved conflict", c["claim_id"], c.get("label") or c["concept"], "", None, "", None, "", None, "", c["reason"],
                   "unchecked", None, None])
    _finish(ws)
    _review_columns(ws)


def _documents_sheet(wb, result) -> None:
    headers = ["doc_id", "path", "title", "source", "url", "published", "status", "reason", "facts"]
    ws = _sheet(wb, "Documents", headers, {"doc_id": 28, "path": 40, "title": 50, "url": 30, "reason": 40,
                                           "published": 12})
    for d in result.documents.to_dict("records"):
        _append(ws, [d["doc_id"], d["path"], d["title"], d.get("source", ""), d.get("url", ""), _date(d["published"]),
                   d["status"], d["reason"], int(d.get("facts") or 0)])
    _finish(ws, "status")
    _formats(ws, headers)


def _expectations_sheet(wb, result) -> None:
    """Each check in words ("Same claim, same time: intervals may be at most 5% apart."), its
    result as the exit code has it (a conflict dismissed by review passes, and says so), and what
    it observed with plain numbers; the GX expectation and column last, for whoever edits suites."""
    from ..checks.standing import expectation_state, standing

    where = standing(result)
    headers = ["check", "suite", "severity", "result", "why", "unexpected", "details", "expectation", "column"]
    ws = _sheet(wb, "Expectations", headers, {"check": 60, "why": 24, "details": 40, "expectation": 30,
                                              "column": 20, "unexpected": 12})
    for r in result.expectations:
        state, why = expectation_state(result, r, where)
        _append(ws, [r.about or f"{r.expectation}({r.column})", r.suite, r.severity, state, why, r.unexpected_count,
                     details_words(r) if not r.success else "", r.expectation, r.column])
    _finish(ws, "result")
