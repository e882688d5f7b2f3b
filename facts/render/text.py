"""Terminal rendering with rich: colours only on a TTY."""
from __future__ import annotations

import math

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import marked


def format_number(value: float) -> str:
    """1500000.0 -> "1,500,000"; 0.5 -> "0.5"; inf -> "∞"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1 else f"{value:.4g}"


def interval(low: float, high: float) -> str:
    return f"[{format_number(low)}, {format_number(high)}]"


def print_facts(df, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(show_lines=False, header_style="bold")
    for column in ("doc_id", "surface", "value", "interval", "qualifier", "unit", "concept"):
        table.add_column(column, overflow="fold")
    for row in df.itertuples():
        table.add_row(row.doc_id, row.surface, format_number(row.value), interval(row.low, row.high),
                      row.qualifier, row.unit, row.concept)
    console.print(table)


def _marked(sentence: str, surface: str) -> str:
    return marked(sentence, surface, escape, "[bold yellow]", "[/]")


def plural(n: int, word: str) -> str:
    """"1 conflict", "2 conflicts", "0 conflicts"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render_audit(result, console: Console | None = None, quiet: bool = False) -> None:
    """Conflicts first with their sentences, then counts by verdict, then suite results."""
    console = console or Console()
    claims = result.claims
    counts = claims["verdict"].value_counts() if len(claims) else {}
    conflicts = list(claims[claims["verdict"] == "conflict"].itertuples()) if len(claims) else []
    colour = "green" if result.success else "red"
    verdict = "FAIL" if not result.success else "PASS with warnings" if conflicts else "PASS"
    line = (f"[bold {colour}]{verdict}[/]: {plural(len(conflicts), 'conflict')}, {plural(len(claims), 'claim')}, "
            f"{plural(len(result.facts), 'fact')}, {plural(len(result.documents), 'document')}")
    if quiet:
        console.print(line, highlight=False)
        return
    if conflicts:
        console.rule("[bold red]Conflicts", align="left")
    for claim in conflicts:
        console.print(f"[bold red]{claim.claim_id}[/] [bold]{escape(claim.concept)}[/]: {escape(claim.reason)}",
                      highlight=False)
        for i in claim.mentions:
            f = result.facts.loc[i]
            console.print(f"  [dim]{escape(f['doc_id'])}:{int(f['line'])}[/] {_marked(f['sentence'], f['surface'])}",
                          highlight=False)
    console.rule("[bold]Claims by verdict", align="left")
    styles = {"conflict": "red", "changed_over_time": "yellow", "corroborated": "green", "single_source": "dim"}
    for name, style in styles.items():
        console.print(f"[{style}]{name:18}[/] {int(counts.get(name, 0)) if len(claims) else 0}", highlight=False)
    console.rule("[bold]Suites", align="left")
    for r in result.expectations:
        mark = "[green]ok  [/]" if r.success else ("[bold red]FAIL[/]" if r.severity == "error" else "[yellow]warn[/]")
        console.print(f"{mark} {escape(r.suite)}: {escape(r.expectation)}({escape(r.column)}) "
                      f"unexpected={r.unexpected_count}", highlight=False)
    unread = result.documents[result.documents["status"] != "ok"] if len(result.documents) else result.documents
    if len(unread):
        console.rule("[bold]Inputs not read", align="left")
        for d in unread.itertuples():
            style = "red" if d.status == "failed" else "dim"
            console.print(f"[{style}]{d.status:8}[/] {escape(str(d.doc_id))}: {escape(str(d.reason))}", highlight=False)
    console.print(line, highlight=False)


DRAFT_STYLES = {"supported": "green", "contradicted": "bold red", "outdated": "yellow", "unsupported": "magenta"}


def render_draft(result, console: Console | None = None, quiet: bool = False) -> None:
    """Each draft figure with its status and the source sentence that decided it."""
    console = console or Console()
    counts = result.figures["status"].value_counts() if len(result.figures) else {}
    summary = ", ".join(f"{int(counts.get(s, 0))} {s}" for s in DRAFT_STYLES)
    colour = "green" if result.success else "red"
    line = f"[bold {colour}]{'PASS' if result.success else 'FAIL'}[/]: {result.draft['path']}: {summary}"
    if quiet:
        console.print(line, highlight=False)
        return
    console.rule(f"[bold]Figures in {escape(result.draft['path'])}", align="left")
    for f in result.figures.to_dict("records"):
        style = DRAFT_STYLES[f["status"]]
        concept = "" if f["concept"] in f["surface"] else f["concept"]
        console.print(f"[{style}]{f['status']:12}[/] line {f['line']}: [bold]{escape(f['surface'])}[/] "
                      f"{escape(concept)} — {escape(f['reason'])}", highlight=False)
        for e in f["evidence"][:1]:
            console.print(f"    [dim]{escape(e['doc_id'])}:[/] {_marked(e['sentence'], e['surface'])}", highlight=False)
    if len(result.not_in_draft):
        console.rule("[bold]Not in the draft", align="left")
        for r in result.not_in_draft.to_dict("records"):
            concept = "" if r["concept"] in r["surface"] else r["concept"]
            console.print(f"  {escape(r['doc_id'])}: [bold]{escape(r['surface'])}[/] {escape(concept)}",
                          highlight=False)
    console.print(line, highlight=False)
