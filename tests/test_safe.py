"""Safe outputs: article text never becomes a spreadsheet formula, markup, a terminal escape or a
CI command, and never breaks an XML file; suites with non-finite numbers, deep nesting or huge
strings are refused with a short message; a bad byte fails its row, not its file; written
files get an ordinary mode."""
import csv
import json
import os
import shutil
import stat
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import CHROMIUM, chromium_dom
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from facts.cli import cli
from facts.render.junit import _document
from facts.render.safe import (
    FORMULA_STARTS,
    csv_cell,
    csv_text,
    formula_like,
    secure_workbook,
    terminal_text,
    xml_row,
    xml_text,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak","Click for details")',
    "=cmd|' /C calc'!A0",
    "+1+1 plus",
    "-2+3 minus",
    "@SUM(A1:A9)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    "<script>alert('x')</script>",
    "::error file=x::pwned",
    "\x1b[31mred\x1b]0;title\x07",
    "bad\x00bytes\x08and\x0bcontrols\x1f",
    "[link=https://evil.example]click[/link]",
]


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Two articles per hostile string: it is the title, the outlet and part of the text, and
    the two disagree on a figure, so that it reaches every sheet and report."""
    folder = tmp_path_factory.mktemp("hostile")
    for n, text in enumerate(HOSTILE):
        for side, figure in (("a", 12), ("b", 20)):
            body = (f"{text}\nSource: {text}\nPublished: 2024-03-0{1 + n % 9}\n\n"
                    f"Turkey has {figure} military posts in Idlib. {text} said the posts were reinforced.\n")
            (folder / f"{n:02d}{side}.txt").write_text(body, encoding="utf-8")
    return folder


def _cells(path):
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws.title, cell


@pytest.mark.parametrize("command", [("export",), ("check",)])
def test_workbook_has_no_formula_and_keeps_the_text(hostile, tmp_path, command):
    out = tmp_path / "audit.xlsx"
    result = run(*command, str(hostile), "-o", str(out))
    assert result.exit_code in (0, 1), result.output  # written, whatever the verdicts
    texts = []
    for sheet, cell in _cells(out):
        assert cell.data_type != "f", f"{sheet}!{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert not any(c in cell.value for c in "\x00\x08\x0b\x1f\x1b"), (sheet, cell.coordinate)
            texts.append(cell.value)
    # the hostile text is still there, as text
    assert any(t.startswith('=HYPERLINK("http://evil.example') for t in texts)
    assert any(t.startswith("=cmd|") for t in texts)


def test_extract_csv_cells_are_never_evaluated(hostile, tmp_path):
    out = tmp_path / "facts.csv"
    assert run("extract", str(hostile), "-o", str(out)).exit_code == 0
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    body = rows[1:]
    assert body
    for row in body:
        for field in row:
            if field.startswith(FORMULA_STARTS):  # only a number may: "-2.0" in the value column
                float(field)
    # numbers stay numbers (negative ones too): the value column parses as floats
    values = pd.read_csv(out)["value"]
    assert values.dtype.kind == "f"


def test_extract_xlsx_works_and_holds_no_formula(hostile, tmp_path):
    out = tmp_path / "facts.xlsx"
    result = run("extract", str(hostile), "-o", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_excel(out)
    assert len(table) > 0 and {"value", "sentence", "title"} <= set(table.columns)
    assert all(cell.data_type != "f" for _, cell in _cells(out))
    assert pd.api.types.is_numeric_dtype(table["value"])


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_data_formats_keep_the_text_exactly(hostile, tmp_path, suffix):
    out = tmp_path / f"facts{suffix}"
    assert run("extract", str(hostile), "-o", str(out)).exit_code == 0
    table = pd.read_parquet(out) if suffix == ".parquet" else pd.read_json(out, lines=True)
    assert set(table["title"]) >= {HOSTILE[0], HOSTILE[1]}


def test_junit_is_well_formed_with_control_characters(hostile, tmp_path):
    out = tmp_path / "junit.xml"
    run("check", str(hostile), "--format", "junit", "-o", str(out))
    root = ET.parse(out).getroot()  # raises on a character XML forbids
    assert int(root.get("tests")) > 0
    assert "\ufffd" in out.read_text(encoding="utf-8")  # the controls were replaced, not dropped silently


def test_html_escapes_every_field(hostile, tmp_path):
    out = tmp_path / "report.html"
    run("check", str(hostile), "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html
    assert "javascript:" not in html.lower()


class _Markup(HTMLParser):
    """The elements, attributes and text an HTML page is made of, as a browser parses it."""

    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self.text, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


@pytest.fixture(scope="module")
def data_docs(hostile, tmp_path_factory):
    """`check --gx-context` on the hostile articles with suites that flag every title, outlet,
    sentence and document id, so that each reaches Data Docs as an unexpected value."""
    folder = tmp_path_factory.mktemp("gxdocs")
    suites = folder / "suites"
    shutil.copytree(Path(__file__).resolve().parent.parent / "expectations", suites)
    spec = json.loads((suites / "facts_table.json").read_text())
    spec["expectations"] += [{"type": "expect_column_values_to_be_in_set", "kwargs": {"column": c, "value_set": ["-"]},
                              "meta": {"severity": "warning"}} for c in ("title", "source", "sentence", "doc_id")]
    (suites / "facts_table.json").write_text(json.dumps(spec))
    run("check", str(hostile), "--suites", str(suites), "--gx-context", str(folder / "ctx"), "-q")
    pages = sorted((folder / "ctx" / "gx" / "uncommitted" / "data_docs").rglob("facts-facts.html"))
    assert len(pages) == 1
    return pages[0]


def test_data_docs_show_article_text_as_text(data_docs):
    """GX 1.x writes unexpected values into Data Docs as they are: facts escapes them first, so
    that a `<script>` in an article is text on the page, never an element."""
    page = _Markup()
    page.feed(data_docs.read_text(encoding="utf-8"))
    text = "".join(page.text)
    assert "<script>alert('x')</script>" in text  # shown, as text
    assert not any("alert('x')" in script for script in page.scripts)
    handlers = {value for _, attrs in page.tags for name, value in attrs.items() if name.startswith("on")}
    assert handlers <= {"showAllValidations()", "hideSucceededValidations()"}  # GX's own buttons only
    assert not any("evil.example" in str(value) for _, attrs in page.tags for value in attrs.values())
    assert all(attrs.get("src", "").startswith("https://") for tag, attrs in page.tags if tag in ("script", "img")
               and attrs.get("src"))


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
def test_data_docs_run_no_article_script_in_chromium(data_docs, tmp_path):
    dom = chromium_dom(data_docs.resolve().as_uri(), tmp_path / "p")
    assert "Unsuccessful Expectations" in dom
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in dom and "<script>alert('x')" not in dom


@settings(max_examples=200, deadline=None, derandomize=True)
@given(texts=st.lists(st.text(), min_size=5, max_size=5), success=st.booleans())
def test_the_data_docs_list_shows_any_text_as_text(texts, success):
    """The list facts writes into the Data Docs index (facts.checks.docs_index): whatever a suite,
    run, asset or link holds, the page parses to facts' own elements, with each text as it was."""
    from facts.checks.docs_index import StoredRun, runs_block

    suite, run_name, run_time, asset, link = texts
    page = _Markup()
    page.feed(runs_block([StoredRun(suite, run_name, run_time, success, asset, link)]))
    page.close()
    assert {tag for tag, _ in page.tags} <= {"div", "style", "p", "strong", "table", "thead", "tbody", "tr", "th",
                                             "td", "a", "script"}
    assert len([tag for tag, _ in page.tags if tag == "script"]) == 1  # the list's own, which hides it
    text = "".join(page.text)
    assert all(t in text for t in (suite, run_name, run_time, asset))
    assert [attrs.get("href") for tag, attrs in page.tags if tag == "a"] == ([link] if link else [])


@pytest.fixture(scope="module")
def hostile_suite_index(tmp_path_factory):
    """A Data Docs index after a run whose suite is named with markup (a file name can hold it)."""
    folder = tmp_path_factory.mktemp("gxname")
    (folder / "in").mkdir()
    (folder / "in" / "a.txt").write_text("Police said 12 people died.\n")
    (folder / "suites").mkdir()
    spec = json.loads((Path(__file__).resolve().parent.parent / "expectations" / "facts_table.json").read_text())
    spec["name"] = NAME_WITH_MARKUP
    (folder / "suites" / "x.json").write_text(json.dumps(spec))
    run("check", str(folder / "in"), "--suites", str(folder / "suites"), "--gx-context", str(folder / "ctx"), "-q")
    return folder / "ctx" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


NAME_WITH_MARKUP = "<img src=x onerror=alert(1)> & \"q\""


def _listed(page: str) -> str:
    from facts.checks.docs_index import BEGIN, END

    return page[page.index(BEGIN):page.index(END)]


def test_the_data_docs_index_lists_a_suite_name_as_text(hostile_suite_index):
    from urllib.parse import unquote

    page = _Markup()
    page.feed(_listed(hostile_suite_index.read_text(encoding="utf-8")))
    assert f"facts.{NAME_WITH_MARKUP}" in "".join(page.text) and "img" not in {tag for tag, _ in page.tags}
    (link,) = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert (hostile_suite_index.parent / unquote(link)).is_file() and "<" not in link and '"' not in link


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
def test_the_data_docs_index_list_runs_no_suite_markup_in_chromium(hostile_suite_index, tmp_path):
    dom = chromium_dom(hostile_suite_index.resolve().as_uri(), tmp_path / "p")
    listed = dom[dom.index('<div id="facts-validation-results"'):]
    listed = listed[:listed.index("</table>")]
    assert "facts.&lt;img src=x onerror=alert(1)&gt; &amp; \"q\"" in listed and "<img" not in listed


def test_github_lines_are_only_our_commands(hostile):
    result = run("check", str(hostile), "--format", "github")
    lines = result.stdout.splitlines()
    assert lines
    for line in lines:
        assert line.startswith(("::error ", "::warning ", "::notice ")), line
        # the only "::" that ends the properties is ours; an article's "::" is inside the message
        assert "\r" not in line and "\x1b" not in line


def test_terminal_report_holds_no_escape_sequence_or_markup(hostile):
    result = run("check", str(hostile), "--show", "all")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "[link=https://evil.example]click[/link]" in result.output  # markup shown, not obeyed


# property tests: for any text, each sink's function gives what that sink can take

@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text())
def test_no_text_becomes_a_formula_or_bad_xml(text):
    assert not formula_like(csv_cell(text)) or not text
    assert csv_cell(text).lstrip("'") == text.lstrip("'") or csv_cell(text) == "'" + text
    assert csv_text(csv_cell(text)) == text or (text.startswith("'") and formula_like(text[1:]))
    clean = xml_text(text)
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in clean)
    assert not any(c in clean for c in "\x1b\x07") and not any(c in terminal_text(text) for c in "\x1b\x07\x00")


@settings(max_examples=100, deadline=None, derandomize=True)
@given(texts=st.lists(st.text(), min_size=1, max_size=5))
def test_any_text_makes_a_safe_workbook_and_junit(texts, tmp_path_factory):
    wb = Workbook()
    ws = wb.active
    for text in texts:
        ws.append(xml_row([text, -3.5]))  # as every writer appends its rows
    secure_workbook(wb)
    path = tmp_path_factory.mktemp("wb") / "x.xlsx"
    wb.save(path)
    back = load_workbook(path).active
    for row in back.iter_rows():
        text_cell, number_cell = row
        assert text_cell.data_type != "f"
        assert number_cell.value == -3.5  # numbers stay numbers, negative ones too
    root = ET.Element("testsuites", name="x")
    for text in texts:
        ET.SubElement(root, "testcase", name=text).text = text
    ET.fromstring(_document(root).split("\n", 1)[1])


# suites

def _suite_with(tmp_path, mutate):
    from conftest import ROOT

    folder = tmp_path / "suites"
    folder.mkdir()
    for path in (ROOT / "expectations").glob("*.json"):
        (folder / path.name).write_text(path.read_text())
    target = folder / "cross_source.json"
    target.write_text(mutate(target.read_text()))
    return folder


def _deep(text):
    spec = json.loads(text)
    nested = {"leaf": 1}
    for _ in range(500):
        nested = {"x": nested}
    spec["expectations"][0]["meta"]["deep"] = nested
    return json.dumps(spec)


def _huge(text):
    spec = json.loads(text)
    spec["expectations"][0]["meta"]["about"] = "x" * 10_000_000
    return json.dumps(spec)


@pytest.mark.parametrize("name,mutate,expected", [
    ("NaN", lambda t: t.replace('"max_value": 0', '"max_value": NaN', 1), "kwargs.max_value: NaN is not a finite"),
    ("Infinity", lambda t: t.replace('"max_value": 0', '"max_value": Infinity', 1), "Infinity is not a finite"),
    ("1e999", lambda t: t.replace('"max_value": 0', '"max_value": 1e999', 1), "Infinity is not a finite"),
    ("deep", _deep, "nested more than"),
    ("huge", _huge, "a string of 10,000,000 characters"),
])
def test_bad_suite_values_exit_2_naming_file_entry_and_field(seeds_dir, tmp_path, name, mutate, expected):
    folder = _suite_with(tmp_path, mutate)
    result = run("check", str(seeds_dir), "--suites", str(folder), "-q")
    assert result.exit_code == 2
    message = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "cross_source.json" in message and "expectation 0" in message and expected in message
    assert len(message) < 1000  # a quoted value is cut to a readable length


# inputs

def test_a_nul_byte_fails_its_csv_row_not_the_file(tmp_path):
    (tmp_path / "feed.csv").write_bytes(b"id,text\n1,Turkey has 12 military posts.\n2,Bad \x00 row with 3 posts.\n"
                                        b"3,Russia has 7 bases.\n")
    out = tmp_path / "docs.csv"
    result = run("extract", str(tmp_path / "feed.csv"), "-o", str(tmp_path / "f.csv"), "--documents", str(out))
    assert result.exit_code == 0
    docs = pd.read_csv(out)
    assert list(docs["status"]).count("ok") == 2
    failed = docs[docs["status"] == "failed"]
    assert len(failed) == 1 and "line 3" in failed["reason"].iloc[0]


def test_a_nul_byte_in_a_jsonl_row_fails_that_row(tmp_path):
    (tmp_path / "feed.jsonl").write_bytes(b'{"id": "1", "text": "Turkey has 12 posts."}\n'
                                          b'{"id": "2", "text": "bad \x00 row"}\n'
                                          b'{"id": "3", "text": "Russia has 7 bases."}\n')
    out = tmp_path / "docs.csv"
    run("extract", str(tmp_path / "feed.jsonl"), "-o", str(tmp_path / "f.csv"), "--documents", str(out))
    docs = pd.read_csv(out)
    assert list(docs["status"]) == ["ok", "failed", "ok"] and "line 2" in docs["reason"].iloc[1]


# file modes

@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".html"])
def test_written_files_get_an_ordinary_mode(seeds_dir, tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    old = os.umask(0o022)
    try:
        command = ("extract",) if suffix == ".csv" else ("check",)
        run(*command, str(seeds_dir), "-o", str(out))
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_an_existing_target_keeps_its_mode(seeds_dir, tmp_path):
    out = tmp_path / "facts.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    run("extract", str(seeds_dir), "-o", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text() != "old\n"
