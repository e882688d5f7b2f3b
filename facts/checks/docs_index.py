"""The Data Docs index without its scripts: a static list of the stored validation results,
written into GX's index.html, for a reader who has no network. Pure functions over strings;
suites.py (the GX boundary) finds the results and their pages and writes the file.

GX's index draws its table of validation results with jQuery and bootstrap-table loaded from
public CDNs; offline the page shows an empty table. The list sits between two comments
(`BEGIN`, `END`) beside that table; it is replaced whole on every run (never added twice), and
hidden by its own script once GX's table has been drawn. Every text in it is HTML-escaped: a suite
or run name is shown as text, never as markup.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

BLOCK_ID = "facts-validation-results"
BEGIN = "<!-- facts: validation results without scripts (begin) -->"
END = "<!-- facts: validation results without scripts (end) -->"
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
_GX_TABLE = re.compile(r"<table\b[^>]*\bge-index-page-validation-results-table\b[^>]*>\s*</table>\s*", re.S)
"""GX 1.24's empty table of validation results, which its scripts fill."""
_BODY = re.compile(r"<body\b[^>]*>\s*", re.I)

# Hides the list when GX's scripts did load: bootstrap-table wraps its table in div.bootstrap-table.
_HIDE = ("<script>window.addEventListener('load', function () {"
         f" if (document.querySelector('.bootstrap-table')) document.getElementById('{BLOCK_ID}').hidden = true;"
         " });</script>")
_STYLE = (f"<style>#{BLOCK_ID} table {{ border-collapse: collapse; margin: 0.5em 0 1em; }}"
          f" #{BLOCK_ID} th, #{BLOCK_ID} td {{ border: 1px solid #ccc; padding: 2px 8px; text-align: left; }}</style>")


@dataclass(frozen=True)
class StoredRun:
    """One stored validation result as the index lists it. `link` is the result page relative
    to index.html, percent-encoded, or "" when the page does not exist."""

    suite: str
    run_name: str
    run_time: str
    success: bool
    asset: str = ""
    link: str = ""


def runs_block(runs: list[StoredRun]) -> str:
    """The marked block that lists `runs`, newest first (then by suite), every text escaped."""
    e = html.escape
    rows = []
    in_order = sorted(runs, key=lambda r: (r.suite, r.asset, r.link))
    for run in sorted(in_order, key=lambda r: r.run_time, reverse=True):
        status = "Succeeded" if run.success else "Failed"
        page = f'<a href="{e(run.link)}">result page</a>' if run.link else "(no page)"
        rows.append(f'<tr class="facts-run"><td>{status}</td><td>{e(run.run_time)}</td><td>{e(run.run_name)}</td>'
                    f"<td>{e(run.asset)}</td><td>{e(run.suite)}</td><td>{page}</td></tr>")
    count = f"{len(runs)} validation result{'' if len(runs) == 1 else 's'}"
    return "\n".join([
        BEGIN,
        f'<div id="{BLOCK_ID}">',
        _STYLE,
        f"<p><strong>{count}</strong>, newest first (listed by facts without scripts: GX's own table "
        "needs jQuery and bootstrap-table from public CDNs).</p>",
        '<table class="table table-sm"><thead><tr><th>Status</th><th>Run Time</th><th>Run Name</th>'
        "<th>Asset Name</th><th>Expectation Suite</th><th>Result</th></tr></thead>",
        "<tbody>", *rows, "</tbody></table>",
        "</div>",
        _HIDE,
        END,
    ]) + "\n"


def with_runs(page: str, runs: list[StoredRun]) -> str:
    """GX's index page `page` with the block of `runs` in place of any earlier one: after GX's
    table of validation results, or at the top of the body when that table is not found."""
    page = _BLOCK.sub("", page)
    block = runs_block(runs)
    for where in (_GX_TABLE, _BODY):
        found = where.search(page)
        if found:
            return page[:found.end()] + block + page[found.end():]
    return block + page
