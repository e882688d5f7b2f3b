"""Terminal rendering with rich: colours only on a TTY."""
from __future__ import annotations

import math

from rich.console import Console
from rich.table import Table


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


def render_audit(result, console: Console | None = None, quiet: bool = False) -> None:
    """Conflicts first with both sentences, then counts by verdict, then suite results."""
    console = console or Console()
    counts = result.claims["verdict"].value_counts() if len(result.claims) else {}
    conflicts = result.claims[result.claims["verdict"] == "conflict"] if len(result.claims) else []
    verdict = "PASS" if result.success else "FAIL"
    line = (f"{verdict}: {len(conflicts)} conflicts, {len(result.claims)} claims, {len(result.facts)} facts, "
            f"{len(result.documents)} documents")
    if quiet:
        console.print(line, highlight=False)
        return
    for claim in conflicts.itertuples() if len(conflicts) else ():
        console.print(f"[bold red]conflict[/] {claim.claim_id} {claim.concept}: {claim.reason}", highlight=False)
        for i in claim.mentions:
            f = result.facts.loc[i]
            console.print(f"    {f['doc_id']}: {f['sentence']}", highlight=False)
    for name in ("conflict", "changed_over_time", "corroborated", "single_source"):
        console.print(f"{name:18} {int(counts.get(name, 0)) if len(result.claims) else 0}", highlight=False)
    for r in result.expectations:
        mark = "ok  " if r.success else ("FAIL" if r.severity == "error" else "warn")
        console.print(f"{mark} {r.suite}: {r.expectation}({r.column}) unexpected={r.unexpected_count}",
                      highlight=False)
    console.print(line, highlight=False)
