"""Text from articles is untrusted: what each kind of output needs done to it before it is
written. Pure functions over strings, one per sink; the writers call them on every text they
take from an article (titles, sources, sentences, surfaces, concepts, reasons).

- Spreadsheets (CSV, xlsx) evaluate a cell that starts with "=", "+", "-", "@", a tab or a
  carriage return as a formula (OWASP, "CSV Injection"): such text gets a leading apostrophe in
  CSV and is written as an explicit string cell in xlsx. Numbers stay numbers.
- XML 1.0 (JUnit, the parts of an xlsx file) forbids most control characters: they become
  U+FFFD, so the file is always well-formed.
- A terminal obeys escape sequences: control characters become U+FFFD in the text report.
"""
from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP's list)."""
REPLACEMENT = "\ufffd"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 does not allow in a document (tab, LF and CR are allowed)."""
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a terminal acts on (ESC starts colour, cursor and title sequences); tab and
line feed stay."""


def formula_like(text: str) -> bool:
    """Would a spreadsheet evaluate this text? "=HYPERLINK(...)", "@SUM(A1)", "-2+3"."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def csv_cell(text):
    """A CSV field no spreadsheet evaluates: formula-like text gets a leading apostrophe (which
    spreadsheets hide and read as "this is text"); anything else, numbers included, as it is."""
    return "'" + text if formula_like(text) else text


def csv_text(text):
    """The text a `csv_cell` stands for: the apostrophe it put before formula-like text taken
    off ("'=1+2" -> "=1+2"); anything else as it is. (A text that itself began with an apostrophe
    and a formula sign comes back without the apostrophe.)"""
    return text[1:] if isinstance(text, str) and text.startswith("'") and formula_like(text[1:]) else text


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _XML_ILLEGAL.sub(REPLACEMENT, text) if isinstance(text, str) else text


def terminal_text(text: str) -> str:
    """`text` with the control characters a terminal obeys replaced by U+FFFD."""
    return _TERMINAL_CONTROLS.sub(REPLACEMENT, text) if isinstance(text, str) else text


def _text_columns_mapped(df, clean):
    """A copy of a table with `clean` applied to its text columns (number columns untouched)."""
    text_columns = [c for c in df.columns if df[c].dtype == object]
    return df.assign(**{c: df[c].map(clean) for c in text_columns}) if text_columns else df


def safe_frame_for_csv(df):
    """A copy of a table whose text cells are `csv_cell`s (number columns untouched)."""
    return _text_columns_mapped(df, csv_cell)


def xml_row(values) -> list:
    """A row for a spreadsheet: its text values cleaned of the characters XML forbids (openpyxl
    refuses them), anything else as it is."""
    return [xml_text(v) if isinstance(v, str) else v for v in values]


def safe_frame_for_xml(df):
    """A copy of a table whose text cells hold no character XML forbids (for xlsx)."""
    return _text_columns_mapped(df, xml_text)


def secure_workbook(wb) -> None:
    """Every text cell of an openpyxl workbook made safe in place: characters XML forbids
    replaced, and formula-like text stored as an explicit string (openpyxl makes any text that
    starts with "=" a formula on assignment). Rich-text cells are cleaned block by block."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, CellRichText):
                    blocks = [TextBlock(b.font, xml_text(b.text)) if isinstance(b, TextBlock) else xml_text(b)
                              for b in value]
                    cell.value = CellRichText(blocks)
                    continue
                if isinstance(value, str):  # facts writes no formulas: every "f" cell is article text
                    clean = xml_text(value)
                    if clean != value:
                        cell.value = clean
                    if cell.data_type == "f" or formula_like(clean):
                        cell.data_type = "s"
