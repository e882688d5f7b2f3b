"""The report formats: one registry that the CLI's `--format` choices, the `-o` suffixes and the
writing of every report come from. Adding a format is one entry here and one module."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from ..errors import OutputError


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]  # the -o suffixes that choose it
    workbook: bool = False  # writes a binary file (needs -o) instead of text
    drafts: bool = True  # also formats a draft check (`check --against`)


FORMATS = {f.name: f for f in (
    Format("text", (".txt",)),
    Format("json", (".json",)),
    Format("junit", (".xml",)),
    Format("github", ()),
    Format("html", (".html", ".htm")),
    Format("xlsx", (".xlsx",), workbook=True, drafts=False),
)}
TEXT_FORMATS = tuple(name for name, f in FORMATS.items() if not f.workbook)
"""The formats `--format` offers (the workbook is chosen by an .xlsx output)."""


def format_for(fmt: str | None, output: str | None) -> str:
    """The report format: a workbook for an .xlsx output, else --format if given, else the
    output's suffix, else text."""
    suffix = Path(output).suffix.lower() if output else ""
    by_suffix = {s: f.name for f in FORMATS.values() for s in f.suffixes}
    if output and by_suffix.get(suffix) and FORMATS[by_suffix[suffix]].workbook:
        return by_suffix[suffix]
    if fmt:
        return fmt
    if output and suffix not in by_suffix:
        raise OutputError(f"{output}: cannot tell the report format from {suffix or 'no suffix'!r}; use --format "
                          f"or one of {', '.join(by_suffix)}")
    return by_suffix.get(suffix, "text")


def require_drafts(fmt: str) -> None:
    """A UsageError unless `fmt` can format a draft check (`check --against`)."""
    import click

    if not FORMATS[fmt].drafts:
        raise click.UsageError(f"the {fmt} report is for `facts check` without --against; use --format html or json")


def write(result, fmt: str, output: str | None, *, draft: bool = False, quiet: bool = False,
          show: tuple[str, ...] = ()) -> None:
    """Write `result` in format `fmt` to `output` (atomically) or, for text formats, stdout."""
    import click

    from .output import replaced

    spec = FORMATS[fmt]
    if draft:
        require_drafts(fmt)
    module = import_module(f".{fmt}", __package__)
    if spec.workbook:
        with replaced(output) as tmp:
            module.write_workbook(result, tmp)
        return
    if fmt == "text":
        _write_text(module, result, output, draft, quiet, show)
        return
    text = (module.render_draft if draft else module.render)(result)
    if output:
        with replaced(output) as tmp, open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)


def _write_text(module, result, output, draft: bool, quiet: bool, show) -> None:
    from rich.console import Console

    from .output import replaced

    options = {} if draft else {"show": tuple(show) or module.DEFAULT_SHOW}
    render = module.render_draft if draft else module.render_audit
    if output:
        with replaced(output) as tmp, open(tmp, "w", encoding="utf-8") as f:
            render(result, Console(file=f, width=120, no_color=True, soft_wrap=draft), quiet, **options)
    else:
        render(result, Console(soft_wrap=draft), quiet, **options)
