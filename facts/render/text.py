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
