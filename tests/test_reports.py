"""What people see: the workbook (read back; rendered by LibreOffice) and the HTML report
(self-contained; rendered and filtered in headless Chromium)."""
import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CHROMIUM, CHROMIUM_FLAGS, chromium_dom, library_counts
from openpyxl import load_workbook

from facts.cli import cli
from facts.types import Verdict

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")




@pytest.fixture(scope="module")
def workbook(tmp_path_factory, perturbed) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "audit.xlsx"
    result = CliRunner().invoke(cli, ["check", str(perturbed), "-q", "-o", str(out)])
    assert result.exit_code == 1  # the conflict fails the check; the workbook is written all the same
    return out


@pytest.fixture(scope="module")
def report(tmp_path_factory, perturbed) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    CliRunner().invoke(cli, ["check", str(perturbed), "-q", "--format", "html", "-o", str(out)])
    return out


def test_workbook_sheets_and_layout(workbook):
    wb = load_workbook(workbook, rich_text=True)
    assert wb.sheetnames == ["Summary", "Conflicts", "Claims", "Facts", "Timeline", "Documents",
                             "Expectations", "Claim keys"]  # the seeds are one story: no Stories sheet
    # the conflict as a dated row group: its figures in order of publication (undated last)
    timeline = _rows(wb["Timeline"])
    dates = [r["published"].value for r in timeline]
    assert timeline and {r["verdict"].value for r in timeline} == {"conflict"}
    known = [d for d in dates if d is not None]
    assert known == sorted(known) and dates[:len(known)] == known
    assert wb["Claim keys"].sheet_state == "hidden"  # what each claim is, for reading decisions back
    for ws in wb.worksheets[:-1]:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["claims conflict"] == 1 and summary["documents ok"] == 5 and summary["result"] == "FAIL"



def _rows(ws) -> list[dict]:
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, row)) for row in ws.iter_rows(min_row=2)]


def test_workbook_conflicts_have_one_row_per_mention(workbook):
    wb = load_workbook(workbook, rich_text=True)
    rows = _rows(wb["Conflicts"])
    # the posts claim: 12 (000), a dozen and 12 (001), 20 (004): one row each, same claim id
    assert len({r["claim_id"].value for r in rows}) == 1
    figures = {(r["doc_id"].value[:3], r["figure"].value): r for r in rows}
    assert set(figures) == {("000", "12"), ("001", "a dozen"), ("001", "12"), ("004", "20")}
    outlier = figures[("004", "20")]
    assert outlier["side"].value == "outlier" and figures[("000", "12")]["side"].value == "majority"
    assert outlier["value"].value == 20 and outlier["low"].value == 20 and outlier["high"].value == 20
    assert isinstance(outlier["published"].value, datetime.datetime)  # a date cell, not text
    assert outlier["title"].value  # the article's title travels with the figure
    sentence = outlier["sentence"].value
    bold = [block for block in sentence if not isinstance(block, str)]
    assert bold and bold[0].font.b and bold[0].text == "20"
    assert outlier["Status"].value == "unchecked" and "Reviewer" in outlier and "Notes" in outlier
    # each row links to its own fact row
    facts = _rows(wb["Facts"])
    for r in rows:
        target = int(re.search(r"A(\d+)$", r["fact"].hyperlink.location).group(1))
        fact = facts[target - 2]
        assert fact["surface"].value == r["figure"].value and fact["doc_id"].value == r["doc_id"].value
        assert fact["verdict"].value == "conflict"


def test_workbook_status_is_a_drop_down_on_three_sheets(workbook):
    wb = load_workbook(workbook)
    for name in ("Conflicts", "Claims", "Facts"):
        ws = wb[name]
        headers = [c.value for c in ws[1]]
        status = headers.index("Status") + 1
        assert "Reviewer" in headers and "Notes" in headers
        if name == "Conflicts":  # where a reviewer works: the Status right after the sentence
            assert headers[status - 2] == "sentence"
        validations = ws.data_validations.dataValidation
        assert len(validations) == 1 and validations[0].type == "list"
        assert validations[0].formula1 == '"unchecked,open,confirmed,false alarm,fixed,needs source"'
        letter = chr(ord("A") + status - 1)
        assert str(validations[0].sqref).startswith(f"{letter}2:")


def test_workbook_claims_link_to_all_their_facts(workbook):
    wb = load_workbook(workbook)
    claims = _rows(wb["Claims"])
    conflict = next(r for r in claims if r["verdict"].value == "conflict")
    rows = [int(x) for x in conflict["facts"].value.split(", ")]
    assert len(rows) == conflict["mentions"].value == 4
    assert conflict["facts"].hyperlink.location == f"'Facts'!A{rows[0]}"


def test_workbook_facts_are_numbers_with_emphasis_and_colours(workbook):
    wb = load_workbook(workbook, rich_text=True)
    facts = wb["Facts"]
    headers = [c.value for c in facts[1]]
    values = [facts.cell(r, headers.index("value") + 1).value for r in range(2, facts.max_row + 1)]
    assert all(isinstance(v, (int, float)) for v in values)
    highs = [facts.cell(r, headers.index("high") + 1).value for r in range(2, facts.max_row + 1)]
    assert None in highs  # "more than ..." has no upper bound: an empty cell, not "inf"
    sentence = facts.cell(2, headers.index("sentence") + 1).value
    bold = [block for block in sentence if not isinstance(block, str)]
    assert bold and bold[0].font.b and bold[0].text == facts.cell(2, headers.index("surface") + 1).value
    rules = [rule for rng in facts.conditional_formatting for rule in rng.rules]
    assert any('"conflict"' in rule.formula[0] for rule in rules)
    assert "Notes" in headers


@pytest.mark.skipif(not (SOFFICE and PDFTOPPM), reason="LibreOffice (libreoffice-calc) or pdftoppm (poppler-utils) "
                                                      "not installed")
def test_workbook_renders_in_libreoffice(workbook, tmp_path):
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "audit.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    subprocess.run([PDFTOPPM, "-png", "-r", "50", "-f", "1", "-l", "4", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4 and all(p.stat().st_size > 2000 for p in pages)


@pytest.fixture(scope="module")
def n_claims(perturbed) -> int:
    return library_counts(perturbed)["claims"]


def test_html_is_self_contained(report, n_claims):
    html = report.read_text()
    assert "<style>" in html and "<script>" in html
    assert not re.search(r"""(src\s*=|<link[^>]*href\s*=)\s*["']?(https?:)?//""", html)
    assert "default-src 'none'" in html  # any request would be blocked by the page itself
    assert html.count('class="claim ') == n_claims
    first = html.index('class="claim ')
    assert html[first:first + 40].startswith('class="claim conflict"')  # conflicts first
    assert "<mark>20</mark>" in html


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
def test_html_filter_works_in_chromium(report, tmp_path, n_claims):
    url = report.resolve().as_uri()
    every = chromium_dom(url + "#verdict=all&single=1", tmp_path / "a")
    assert re.search(rf'id="shown">{n_claims}<', every)
    folded = chromium_dom(url, tmp_path / "d")  # by default single-source claims are folded away
    shown = int(re.search(r'id="shown">(\d+)<', folded).group(1))
    single = len(re.findall(r'<div class="claim single_source', folded))
    assert single and shown == n_claims - single
    only_conflicts = chromium_dom(url + "#verdict=conflict", tmp_path / "b")
    tags = re.findall(r'<div class="claim [^>]*>', only_conflicts)
    visible = [t for t in tags if "hidden" not in t]
    assert len(tags) == n_claims and len(visible) == 1 and "conflict" in visible[0]
    by_source = chromium_dom(url + "#verdict=all&source=002_2af608655d3e3a80.txt", tmp_path / "c")
    visible = [t for t in re.findall(r'<div class="claim [^>]*>', by_source) if "hidden" not in t]
    assert visible and all("002_2af608655d3e3a80.txt" in t for t in visible)


def test_html_styles_every_side_a_mention_can_take():
    """Each side a conflict's mention shows on the page (`side-<word>`) has a rule of its own in the
    page's style: "not compared" and "disputed" read apart from the outlier and the majority."""
    from facts.checks.standing import DISPUTED, MAJORITY, NOT_COMPARED, OUTLIER
    from facts.render.html import CSS

    rules = dict(re.findall(r"\.side-([a-z-]+)\{([^}]*)\}", CSS))
    assert set(rules) == {word.replace(" ", "-") for word in (MAJORITY, OUTLIER, DISPUTED, NOT_COMPARED)}
    assert len(set(rules.values())) == len(rules)


def test_html_names_sources_by_title_and_links_failures(report):
    html = report.read_text()
    # the source list and the mention rows show titles, not file names only
    assert "Turkey ‘talking to all sides’ in Syria conflict for Idlib cease-fire" in html
    assert '<span class="title">' in html
    # the failed cross-source expectation names the claim it failed on, with a link to its card
    conflict_id = re.search(r'<div class="claim conflict"[^>]* id="([^"]+)"', html).group(1)
    assert f'<a href="#{conflict_id}"' in html
    # summary cards are buttons that filter; a search box filters by text
    assert html.count('<button type="button" class="count') == len(Verdict) and 'id="f-search"' in html


def test_html_source_list_leaves_out_skipped_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("Police said 12 people died.\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "r.html"
    CliRunner().invoke(cli, ["check", str(tmp_path), "-q", "--format", "html", "-o", str(out)])
    html = out.read_text()
    source_list = html[html.index('id="f-source"'):html.index("</select>", html.index('id="f-source"'))]
    assert "a.txt" in source_list and "notes.pdf" not in source_list
    assert "notes.pdf" in html  # still listed among the documents, as skipped


PROBE = """<html><body><iframe id=f src="{src}" width={width} height=800></iframe><pre id=out></pre><script>
document.getElementById('f').onload=function(){{var d=this.contentDocument;
document.getElementById('out').textContent='scrollWidth='+d.documentElement.scrollWidth+';';}};</script></body></html>"""


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
@pytest.mark.parametrize("width", [400, 1280])
def test_html_fits_the_screen_width(report, tmp_path, width):
    """Nothing sticks out sideways: at 400 px the table stacks, at 1280 px it fits."""
    probe = report.parent / f"probe{width}.html"
    probe.write_text(PROBE.format(src=report.name, width=width))
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'p'}",
                          "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                          probe.resolve().as_uri()], capture_output=True, text=True, timeout=90).stdout
    scroll = int(re.search(r"scrollWidth=(\d+);", dom).group(1))
    assert scroll <= width


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
def test_html_search_filters_claims(report, tmp_path, n_claims):
    dom = chromium_dom(report.resolve().as_uri() + "#verdict=all&source=all&q=military%20posts", tmp_path / "s")
    tags = re.findall(r'<div class="claim [^>]*>', dom)
    visible = [t for t in tags if "hidden" not in t]
    assert len(tags) == n_claims and 1 <= len(visible) < n_claims


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
@pytest.mark.parametrize("width", [400, 1280])
def test_html_screenshot(report, tmp_path, width):
    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'p'}", f"--window-size={width},1000",
                    f"--screenshot={shot}", report.resolve().as_uri()], capture_output=True, timeout=90)
    assert shot.exists() and shot.stat().st_size > 20000


def test_a_warning_is_never_called_fail(tmp_path, perturbed):
    """The same severity words in every format: a failed warning-level check is "warning"."""
    import json
    import shutil

    suites = tmp_path / "suites"
    shutil.copytree(Path(__file__).resolve().parent.parent / "expectations", suites)
    spec = json.loads((suites / "cross_source.json").read_text())
    for e in spec["expectations"]:
        e.setdefault("meta", {})["severity"] = "warning"
    (suites / "cross_source.json").write_text(json.dumps(spec))
    out = tmp_path / "audit.xlsx"
    CliRunner().invoke(cli, ["check", str(perturbed), "-q", "--suites", str(suites), "-o", str(out)])
    rows = _rows(load_workbook(out)["Expectations"])
    failed = [r for r in rows if r["result"].value != "pass"]
    assert failed and all(r["severity"].value == "warning" and r["result"].value == "warning" for r in failed)
    html = CliRunner().invoke(cli, ["check", str(perturbed), "--suites", str(suites), "--format", "html"]).output
    assert "warning" in html


def test_html_a_journalist_reads_at_a_glance(report, perturbed, tmp_path):
    """The title names what was checked; tables sort; event and time facets beside verdict and
    source; single-source claims folded behind a toggle; a timeline (inline SVG, no script) for
    each conflicting or changed claim; checks in words with rounded numbers."""
    import re

    html = report.read_text()
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.startswith("facts: ") and title != "facts: facts report"
    assert 'class="sortable"' in html and "table.sortable th" in html
    assert 'id="f-event"' in html and 'id="f-window"' in html and 'id="f-single" type="checkbox"' in html
    conflict = html.split('<div class="claim conflict"', 1)[1].split("</table></div>", 1)[0]
    # one of its sources is dated (the seeds 000 and 001 do not date themselves): said, not drawn
    assert '<div class="timeline-box">' in conflict and "Not dated" in conflict and "2018-09-14" in conflict
    assert "<script" not in conflict
    assert "every figure has a value" in html  # the check in words, not expect_column_values_to_not_be_null
    assert not re.search(r"\d\.\d{6,}", html.split("<h2>Validation</h2>")[1])


@pytest.fixture(scope="module")
def draft_html(tmp_path_factory) -> str:
    """The HTML draft report of the barbershop draft (Markdown, ages and a duration) against its sources."""
    drafts = Path(__file__).resolve().parent / "data" / "drafts"
    out = tmp_path_factory.mktemp("draft") / "draft.html"
    CliRunner().invoke(cli, ["check", str(drafts / "barbershop.md"), "--against", str(drafts / "barbershop"),
                             "--format", "html", "-o", str(out)])
    return out.read_text()


def test_html_draft_is_text_not_markdown_and_units_are_not_doubled(draft_html):
    html = draft_html
    assert "**" not in html
    assert "35 years" in html and "years years" not in html


def test_workbook_stories_sheet(tmp_path):
    """A feed of two shootings: one row per story with its title, dates, sources and claims."""
    import json

    case = next(c for c in json.loads((Path(__file__).resolve().parent / "data" / "story_cases.json").read_text())
                if c["id"] == "same-city-same-weekend")
    for d in case["documents"]:
        (tmp_path / f"{d['id']}.txt").write_text(f"{d['title']}\nPublished: {d['published']}\n\n{d['text']}\n")
    out = tmp_path / "audit.xlsx"
    CliRunner().invoke(cli, ["check", str(tmp_path), "-q", "-o", str(out)])
    rows = _rows(load_workbook(out)["Stories"])
    assert sorted(r["sources"].value for r in rows) == [2, 2]
    assert {r["first published"].value.year for r in rows} == {2021} and all(r["title"].value for r in rows)
    assert all(r["claims"].value >= 1 for r in rows)


def test_html_draft_names_its_sources_by_title(draft_html):
    html = draft_html
    assert '<td class="src"><span class="title">Two killed, three wounded in shooting at Eastside barbershop' in html


def test_html_timeline_of_a_changed_claim(tmp_path):
    """A toll that rose between two reports a month apart: its card draws both figures against
    their dates."""
    (tmp_path / "a.txt").write_text("Flood kills 12 in Riverton\nPublished: March 1, 2021\n\n"
                                    "Twelve people were killed when the river flooded Riverton on Sunday.\n")
    (tmp_path / "b.txt").write_text("Riverton flood toll rises\nPublished: April 2, 2021\n\n"
                                    "Nineteen people were killed when the river flooded Riverton in March.\n")
    out = tmp_path / "r.html"
    CliRunner().invoke(cli, ["check", str(tmp_path), "-q", "--format", "html", "-o", str(out)])
    html = out.read_text()
    card = html.split('<div class="claim changed_over_time"', 1)[1].split("</table></div>", 1)[0]
    svg = card.split('<svg class="timeline"', 1)[1].split("</svg>", 1)[0]
    assert svg.count("<circle") == 2 and "2021-03-01" in svg and "2021-04-02" in svg
    assert "Nineteen" in svg and "Flood kills 12 in Riverton: 12" in svg  # each mark names its source


PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(not (SOFFICE and PDFTOPPM and PDFTOTEXT), reason="LibreOffice (libreoffice-calc) or poppler-utils "
                                                                    "(pdftoppm, pdftotext) not installed")
def test_workbook_on_paper(workbook, tmp_path):
    """Issue 33 item 6, as printed by LibreOffice: every printed page of the Conflicts sheet says
    which claim its rows are (print titles), the conflict says why, the checks are said in words
    with plain numbers, and no word is cut in two ("cross_sourc/e")."""
    wb = load_workbook(workbook)
    assert wb["Conflicts"].print_title_cols == "$A:$A" and wb["Claims"].print_title_cols == "$A:$A"
    assert wb["Facts"].print_title_cols == "$A:$B"
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        for column in ws.iter_cols(min_row=1, max_row=ws.max_row):
            width = ws.column_dimensions[column[0].column_letter].width
            longest = max((len(w) for c in column if c.value is not None for w in str(c.value).split()), default=0)
            assert width >= min(longest + 1, 40), (ws.title, column[0].value, width, longest)
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "audit.pdf"
    pages = []
    for n in range(1, 40):
        done = subprocess.run([PDFTOTEXT, "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, timeout=60)
        if done.returncode or not done.stdout.strip():
            break
        pages.append(done.stdout)
    headers = [page.lstrip().split("\n", 1)[0].split() for page in pages]
    conflicts = [page for page, h in zip(pages, headers) if h[:1] == ["claim_id"] and "verdict" not in h
                 and ("side" in h or {"doc_id", "fact", "Reviewer"} <= set(h))]
    claim_id = next(r[0].value for r in wb["Conflicts"].iter_rows(min_row=2))
    assert len(conflicts) == 2  # the wide sheet across two pages
    assert all(claim_id in page for page in conflicts)  # the second page too: print titles
    assert any("why" in page.split("\n", 1)[0] and "do not overlap" in page for page in conflicts)
    checks = next(p for p in pages if p.lstrip().startswith("check"))
    assert "Same fact, same time: the two figures must agree" in " ".join(checks.split())
    assert "cross_source" in checks and not re.search(r"\d\.\d{5,}", checks)
    subprocess.run([PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", str(len(pages)), str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    assert len(list(tmp_path.glob("page-*.png"))) == len(pages)
