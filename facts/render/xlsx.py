"""The fact-checker workbook: Summary, Conflicts, Claims, Facts, Documents, Expectations.

What a checker expects in Excel or LibreOffice: frozen header rows, autofilters, wrapped
sentences with the figure in bold, verdict colours as conditional formatting (they survive
re-sorting), links from each conflict to its fact rows, an empty Notes column, and numbers
stored as numbers (open bounds as empty cells: a spreadsheet has no infinity).
"""
from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from . import around

VERDICT_FILLS = {
    "conflict": "F8D7DA", "changed_over_time": "FFF3CD", "corroborated": "D4EDDA", "single_source": "E2E3E5",
    "failed": "F8D7DA", "skipped": "FFF3CD", "ok": "D4EDDA", "FAIL": "F8D7DA", "pass": "D4EDDA",
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


def _number(x):
    if x is None or (isinstance(x, float) and (math.isinf(x) or math.isnan(x))):
        return None
    return float(x)


def _sheet(wb, title: str, headers: list[str], widths: dict[str, int]):
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(header, max(10, len(header) + 2))
    return ws


def _finish(ws, colour_column: str | None = None) -> None:
    """Autofilter over the data, wrapped text, and verdict colours by formula on whole rows."""
    if ws.max_row < 1:
        return
    last = get_column_letter(ws.max_column)
    ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 2)}"
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
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if colour_column:
        headers = [c.value for c in ws[1]]
        letter = get_column_letter(headers.index(colour_column) + 1)
        area = f"A2:{last}{max(ws.max_row, 2)}"
        for value, colour in VERDICT_FILLS.items():
            ws.conditional_formatting.add(
                area, FormulaRule(formula=[f'${letter}2="{value}"'], fill=PatternFill("solid", bgColor=colour)))


def _emphasised(sentence: str, surface: str) -> CellRichText | str:
    parts = around(sentence, surface)
    if parts is None:
        return sentence
    before, figure, after = parts
    blocks = [before, TextBlock(InlineFont(b=True, color="C00000"), figure), after]
    return CellRichText([b for b in blocks if not isinstance(b, str) or b])


def write_workbook(result, path: str) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    facts, claims = result.facts, result.claims
    verdict_of = {}
    for claim in claims.itertuples():
        for i in claim.mentions:
            verdict_of[i] = (claim.claim_id, claim.verdict)

    summary = _sheet(wb, "Summary", ["item", "count"], {"item": 34, "count": 12})
    counts = claims["verdict"].value_counts() if len(claims) else {}
    statuses = result.documents["status"].value_counts() if len(result.documents) else {}
    rows = [("documents", len(result.documents))]
    rows += [(f"documents {s}", int(statuses.get(s, 0))) for s in ("ok", "skipped", "failed")]
    rows += [("facts", len(facts)), ("claims", len(claims))]
    rows += [(f"claims {v}", int(counts.get(v, 0))) for v in ("conflict", "changed_over_time", "corroborated",
                                                              "single_source")]
    passed = sum(r.success for r in result.expectations)
    rows += [("expectations passed", passed), ("expectations failed", len(result.expectations) - passed),
             ("result", "PASS" if result.success else "FAIL")]
    for row in rows:
        summary.append(row)
    summary["B" + str(summary.max_row)].font = Font(bold=True, color="006100" if result.success else "9C0006")

    # Facts first (other sheets link into it), then placed after Claims in the tab order.
    fact_headers = ["fact", "claim_id", "verdict", "doc_id", "line", "sentence", "surface", "value", "low", "high",
                    "qualifier", "unit", "dimension", "concept", "published", "Notes"]
    fact_ws = _sheet(wb, "Facts", fact_headers, {"sentence": 70, "doc_id": 28, "concept": 24, "surface": 22,
                                                 "Notes": 30, "verdict": 16, "fact": 7, "line": 7,
                                                 "value": 14, "low": 14, "high": 14})
    fact_row = {}
    for n, (i, f) in enumerate(facts.iterrows(), 2):
        claim_id, verdict = verdict_of.get(i, ("", ""))
        fact_ws.append([i, claim_id, verdict, f["doc_id"], int(f["line"]), _emphasised(f["sentence"], f["surface"]),
                        f["surface"], _number(f["value"]), _number(f["low"]), _number(f["high"]), f["qualifier"],
                        f["unit"], f["dimension"], f["concept"], f["published"], None])
        fact_row[i] = n
    _finish(fact_ws, "verdict")
    for row in fact_ws.iter_rows(min_row=2):
        row[4].alignment = Alignment(horizontal="center", vertical="top")  # line
        for cell in row[7:10]:  # value, low, high
            cell.number_format = "#,##0.###"

    conflict_ws = _sheet(wb, "Conflicts", ["claim_id", "concept", "figures", "sources", "reason", "facts", "Notes"],
                         {"concept": 24, "figures": 30, "sources": 34, "reason": 60, "facts": 16, "Notes": 30})
    for claim in claims[claims["verdict"] == "conflict"].itertuples() if len(claims) else ():
        figures = " | ".join(f"{facts.loc[i, 'surface']} ({facts.loc[i, 'doc_id']})" for i in claim.mentions)
        conflict_ws.append([claim.claim_id, claim.concept, figures, "\n".join(claim.sources), claim.reason,
                            f"go to fact row {fact_row[claim.mentions[0]]}", None])
        link = conflict_ws.cell(conflict_ws.max_row, 6)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'Facts'!A{fact_row[claim.mentions[0]]}")
        link.font = Font(color="0563C1", underline="single")
    _finish(conflict_ws)

    claim_ws = _sheet(wb, "Claims", ["claim_id", "verdict", "concept", "unit", "time_window", "sources", "mentions",
                                     "reason", "Notes"],
                      {"verdict": 18, "concept": 24, "sources": 34, "reason": 60, "Notes": 30, "time_window": 18})
    for claim in claims.itertuples():
        claim_ws.append([claim.claim_id, claim.verdict, claim.concept, claim.unit, claim.time_window,
                         "\n".join(claim.sources), len(claim.mentions), claim.reason, None])
    _finish(claim_ws, "verdict")
    wb.move_sheet("Facts", offset=wb.sheetnames.index("Claims") - wb.sheetnames.index("Facts"))

    doc_ws = _sheet(wb, "Documents", ["doc_id", "path", "title", "published", "status", "reason", "facts"],
                    {"doc_id": 28, "path": 40, "title": 50, "reason": 40})
    for d in result.documents.to_dict("records"):
        doc_ws.append([d["doc_id"], d["path"], d["title"], d["published"], d["status"], d["reason"],
                       int(d.get("facts") or 0)])
    _finish(doc_ws, "status")

    exp_ws = _sheet(wb, "Expectations", ["suite", "expectation", "column", "severity", "result", "unexpected_count",
                                         "details"], {"expectation": 44, "details": 50, "column": 28})
    for r in result.expectations:
        exp_ws.append([r.suite, r.expectation, r.column, r.severity, "pass" if r.success else "FAIL",
                       r.unexpected_count, r.details])
    _finish(exp_ws, "result")
    wb.save(path)
