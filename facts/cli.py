"""The `facts` command: a thin layer over the library; FactsError becomes exit code 2."""
from __future__ import annotations

import sys
import time
import warnings
from dataclasses import replace

import click

from .errors import CacheWarning, FactsError, SetupError
from .render.formats import TEXT_FORMATS
from .render.output import check_target, replaced
from .types import CompareVerdict, DocumentStatus

EXIT_PASS, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_SETUP = 0, 1, 2, 3, 4
"""Exit codes: 0 every check passed, 1 a check failed (and nothing else), 2 bad input, arguments,
suite or output path, 3 an internal error (a bug: rerun with --debug for the traceback), 4 facts
is not installed completely (the spaCy model is missing; the message says how to install it)."""


def _show_warning(message, category, filename, lineno, file=None, line=None, *, default=warnings.showwarning):
    """The cache's warnings as one line ("Warning: ..."); others as Python shows them."""
    if issubclass(category, CacheWarning):
        click.echo(f"Warning: {message}", err=True)
    else:
        default(message, category, filename, lineno, file, line)


OWN_PROCESS = "facts: the process ends with the command"
"""`main` runs the command as its process's whole life: what `_read_suites` froze stays frozen
(giving a million objects back to the collector just before exit costs a full pass for nothing).
Called from Python (a test, a notebook), the heap goes back to the collector after the command."""


class _Group(click.Group):
    def invoke(self, ctx):
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            try:
                return self._invoke(ctx)
            finally:
                if ctx.obj != OWN_PROCESS:
                    import gc

                    gc.unfreeze()

    def _invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SetupError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(EXIT_SETUP)
        except FactsError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except Exception as e:
            if ctx.meta.get("facts.debug"):
                raise
            message = " ".join(str(e).split())[:300]
            click.echo(f"Error: internal error ({type(e).__name__}: {message}); rerun with --debug for the "
                       "traceback, and please report it", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="facts")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error (exit 3) instead of one line.")
@click.pass_context
def cli(ctx, debug):
    """Numeric fact extraction and cross-source consistency checks for news.

    Exit codes: 0 pass, 1 a check failed, 2 bad input, arguments or suite, 3 internal error.

    \b
    Example:
        facts extract seeds/ -o facts.csv
    """
    ctx.meta["facts.debug"] = debug


JOBS_HELP = "Worker processes [default: all cores]; the output is the same for any number."
STORIES_HELP = ("How documents are grouped into stories (claims never cross stories): auto (found from "
                "dates, names and wording), folder (each sub-folder one story), none (the whole input is one "
                "story). A `story` or `event` field of a JSONL/CSV row always wins, except with none.")


def stories_option(more_help: str = ""):
    """`--stories`, with the choices of `stories.STORY_MODES` (auto first: the default)."""
    from .claims.stories import STORY_MODES

    return click.option("--stories", "stories", type=click.Choice(list(STORY_MODES)), default=STORY_MODES[0],
                        show_default=True, help=STORIES_HELP + more_help)


CACHE_HELP = ("The extraction cache's folder: the fact rows of every document read, kept under a key of its "
              "text, metadata, facts' code and options, so that a re-run extracts only new or changed documents "
              "[default: .facts-cache/ beside the inputs' common folder].")


def cache_options(command):
    """`--cache DIR` and `--no-cache`."""
    command = click.option("--no-cache", is_flag=True,
                           help="Extract every document; the cache is neither read nor written.")(command)
    return click.option("--cache", "cache_dir", type=click.Path(file_okay=False), help=CACHE_HELP)(command)


def _cache_folder(paths, cache_dir: str | None, no_cache: bool) -> str | None:
    """The cache folder a run uses (None: no cache)."""
    if cache_dir and no_cache:
        raise click.UsageError("--cache and --no-cache exclude each other")
    if no_cache:
        return None
    from .api import default_cache

    return cache_dir or default_cache(paths)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", help="Write the fact table here: .csv, .parquet, .jsonl or .xlsx.")
@click.option("--documents", "documents_out", help="Also write the documents table (status, reason) here.")
@click.option("--no-entities", is_flag=True, help="Leave the entities and place columns empty.")
@click.option("--ner", is_flag=True,
              help="Fill entities and place from spaCy's NER: only places, organisations and nationalities "
                   "(names of people left out), about 1.6x slower.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help=JOBS_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary line.")
@stories_option(" auto and folder read every document before the first row is written; none keeps memory flat.")
@cache_options
def extract(paths, output, documents_out, no_entities, ner, jobs, quiet, stories, cache_dir, no_cache):
    """Extract every figure in PATHS into a fact table.

    PATHS are files or folders of .txt, .md, .html, .jsonl or .csv articles; "-" reads stdin.
    Without -o, prints a table on the terminal. With -o, rows are written as they come; with
    --stories none, memory stays flat however large the input.

    \b
    Example:
        facts extract seeds/ -o facts.csv
        facts extract articles.jsonl -o facts.parquet --documents docs.csv --jobs 2
        facts extract feed/ -o facts.csv --stories none   # no story column, flat memory
        facts extract archive/ -o facts.csv --cache /tmp/facts-cache
    """
    import pandas as pd

    from .api import iter_extract, open_cache
    from .engines.local import effective_jobs
    from .inputs.documents import load_documents
    from .inputs.paths import check_paths, count_documents
    from .parse.options import ExtractOptions
    from .parse.table import frame
    from .progress import Progress
    from .render.output import TableWriter, check_output
    from .types import DOCUMENT_COLUMNS

    check_paths(paths)
    for path in (output, documents_out):
        if path:
            check_output(path, inputs=paths)
    cache_folder = _cache_folder(paths, cache_dir, no_cache)
    options = ExtractOptions(entities=not no_entities, ner=ner)
    records, held, total_facts = [], [], 0
    writer = TableWriter(output, empty=frame([])) if output else None
    total = count_documents(paths)
    try:
        with Progress(enabled=not quiet, total=total) as progress, open_cache(cache_folder, options) as cache:
            documents = load_documents(paths)
            if stories != "none":
                from .claims.stories import assign

                documents = assign(list(documents), stories)
            for chunk_records, rows in iter_extract(documents, options, effective_jobs(jobs, total, options),
                                                    progress.advance, cache):
                records.extend(chunk_records)
                total_facts += len(rows)
                if writer:
                    writer.write(frame(rows))
                else:
                    held.extend(rows)
    except BaseException:
        if writer:
            writer.abort()  # the previous file stays as it was; no half-written one
        raise
    if writer:
        writer.close()
    documents_df = pd.DataFrame(records, columns=list(DOCUMENT_COLUMNS))
    if documents_out:
        from .render.output import write_table

        write_table(documents_df, documents_out, sheet="documents")
    if not output:
        from .render.text import print_facts

        print_facts(frame(held))
    if not quiet:
        counts = documents_df["status"].value_counts()
        summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in (DocumentStatus.OK, DocumentStatus.SKIPPED, DocumentStatus.FAILED))
        read = f"; {cache.hits} read from the cache in {cache_folder}" if cache is not None and cache.hits else ""
        click.echo(f"{total_facts} facts from {len(documents_df)} documents ({summary}{read})", err=True)
        for row in documents_df[documents_df["status"] != DocumentStatus.OK].itertuples():
            click.echo(f"  {row.status}: {row.doc_id}: {row.reason}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--suites", "suites_dir", type=click.Path(), help="Folder of expectation suites (default: expectations/).")
@click.option("--format", "fmt", type=click.Choice(TEXT_FORMATS), default=None,
              help="Report format [default: text, or from the -o suffix: .json, .xml, .html, .xlsx]")
@click.option("-o", "--output", help="Write the report here instead of stdout; .xlsx writes the workbook.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the one-line verdict.")
@click.option("--against", "against", multiple=True,
              help="Check the draft PATH against these sources (files or folders; repeatable).")
@click.option("--strict", is_flag=True,
              help="With --against: unsupported figures fail the check too. With --baseline: so do changed figures.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="An earlier `--format json` result: report what changed since, and fail only on new conflicts.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help=JOBS_HELP)
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: this machine's cores (--jobs); spark: Apache Spark (pip install 'facts[spark]').")
@click.option("--master", help="Spark master (local[2], yarn, k8s://...); default: the active session.")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE", help="Spark setting (repeatable).")
@click.option("--out", "mentions_out", help="With --engine spark: keep the mentions table at this Parquet path.")
@click.option("--strict-inputs", is_flag=True, help="Exit 2 when any input failed to be read (after the report).")
@click.option("--show", "show", type=click.Choice(["conflicts", "changed", "all"]), multiple=True,
              help="Text report: list the claims of these verdicts with their figures (repeatable) "
                   "[default: conflicts, then changed]. With --against: all lists every main fact of the story "
                   "that the draft does not state (default: the first 10).")
@stories_option()
@click.option("--reviews", "reviews_path", type=click.Path(dir_okay=False),
              help="A reviewer's decisions: a workbook written by `facts export` (or -o audit.xlsx) and edited, "
                   "or a file written by `facts reviews`. A conflict reviewed as false alarm does not fail the run.")
@click.option("--accept-confirmed", is_flag=True, help="With --reviews: confirmed conflicts do not fail the run either.")
@click.option("--force", is_flag=True,
              help="With -o onto a reviewed workbook: write it even if some decisions match no claim of this run.")
@click.option("--gx-context", "gx_context", type=click.Path(), metavar="DIR",
              help="Run the suites through the Great Expectations file context in DIR (created when missing): "
                   "results stored there as GX validation results, Data Docs updated.")
@cache_options
def check(paths, suites_dir, fmt, output, quiet, against, strict, baseline_path, jobs, engine, master, confs,
          mentions_out, strict_inputs, show, stories, reviews_path, accept_confirmed, force, gx_context, cache_dir,
          no_cache):
    """Extract figures, group them into claims across sources, and run the suites.

    Exit 0 when every suite passes, 1 when an expectation fails (a conflict), 2 for bad
    input or a broken suite. With --baseline OLD.json (an earlier --format json result), the
    report says what changed since, and only a conflict that is not in OLD.json fails (exit 1).

    With --against, PATH is a draft (.txt, .md, .html or - for stdin) and every figure in it is
    supported, contradicted, outdated, disputed or unsupported by the sources: supported only by
    a source figure that states the same fact and agrees to its stated precision. Exit 1 when a
    figure is contradicted (or disputed or unsupported, with --strict).

    \b
    Example:
        facts check seeds/
        facts check seeds/ --show all        # every claim with its figures
        facts check seeds/ --format json -o audit.json
        facts check seeds/ --baseline audit.json   # only new conflicts fail
        facts check seeds/ --format junit -o facts-junit.xml
        facts check articles/ --format github   # annotations in a GitHub Actions step
        facts check draft.md --against sources/ --format github
        facts check archive/ --engine spark --master local[2] --out mentions.parquet
        facts check feed/ --stories folder    # each sub-folder is one story
        facts check seeds/ --reviews audit.xlsx   # a reviewer's "false alarm" no longer fails
        facts check seeds/ --gx-context gx-project   # GX validation results and Data Docs
        facts check archive/ --cache ~/.cache/facts   # only new or changed articles are read
        facts check archive/ --no-cache               # every article read again
    """
    from . import api
    from .engines.local import effective_jobs
    from .inputs.paths import check_paths, count_documents
    from .progress import Progress

    started = time.monotonic()
    cache = _cache_folder([*paths, *against], cache_dir, no_cache)
    options = api.CheckOptions(suites_dir=suites_dir, stories=stories, jobs=jobs or 1, engine=engine, master=master,
                               conf=tuple(confs), mentions_out=mentions_out, against=tuple(against), strict=strict,
                               baseline=baseline_path, reviews=reviews_path, accept_confirmed=accept_confirmed,
                               quiet=quiet, gx_context=gx_context, show=tuple(show), cache=cache)
    try:
        api.check_arguments(options)
    except api.OptionError as e:
        raise click.UsageError(str(e)) from None
    if against:
        _check_draft(paths, options, fmt, output)
        return
    try:
        api.spark_conf(confs)
    except api.OptionError as e:
        raise click.BadParameter(str(e), param_hint="--conf") from None
    # Everything that can be wrong with the arguments fails before the slow part.
    old, decisions = api.load_references(options)
    fmt = _format_for(fmt, output)
    check_paths(paths)
    if output:
        check_target(output, inputs=paths)
    _read_suites(suites_dir, quiet, gx_context)
    if engine == "spark":
        result = api.audit_paths(paths, options)
    else:
        total = count_documents(paths)
        with Progress(enabled=not quiet, total=total) as progress:
            result = api.audit_paths(paths, replace(options, jobs=effective_jobs(jobs, total)), progress.advance)
    result = replace(result, seconds=time.monotonic() - started)
    result = api.with_references(result, options, old, decisions)
    if output and fmt == "xlsx":
        result = api.carry_reviews(result, output, force)
    _write_report(result, fmt, output, quiet, show)
    if result.gx is not None and not quiet:
        click.echo(f"GX: {len(result.gx.results)} validation results stored in {result.gx.root}; "
                   f"Data Docs: {result.gx.docs}", err=True)
    failed = result.documents[result.documents["status"] == DocumentStatus.FAILED]
    if strict_inputs and len(failed):
        click.echo(f"Error: {len(failed)} input(s) failed to be read (--strict-inputs): "
                   + "; ".join(f"{d.doc_id}: {d.reason}" for d in failed.head(5).itertuples()), err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_PASS if result.success else EXIT_FAILED)


def _read_suites(suites_dir, quiet: bool, gx_context: str | None = None) -> None:
    """Build the suites before any slow work, so that a broken one fails at once (and open the GX
    context of `--gx-context`: created now, or a broken one refused). Loading GX takes
    seconds: a status line says so (on a terminal). Its import makes about a million objects and
    no garbage, so the cyclic garbage collector is paused while it runs (its passes over them cost
    0.5 s of the import), and what exists then is frozen (`gc.freeze`): later passes skip it (a
    full pass over it cost 0.2 s of a small check). The CLI owns its process; the library leaves
    the collector alone."""
    import gc

    from .checks.suites import load_suites

    with _status("reading the suites", quiet):
        gc.disable()
        try:
            load_suites(suites_dir)
            if gx_context:
                from .checks.suites import open_context

                open_context(gx_context)
        finally:
            gc.enable()
            gc.freeze()


def _status(message: str, quiet: bool = False):
    """A transient status line on stderr while a slow step runs (on a terminal only)."""
    import contextlib

    if quiet or not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(message)


@cli.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Changed figures fail too (exit 1), not only new conflicts.")
def diff(old, new, fmt, strict):
    """What changed from OLD to NEW, two saved `facts check --format json` results: new and
    resolved conflicts, changed figures, claims and documents that came or went. No extraction
    is run. Exit 1 when NEW has a conflict that OLD does not (or, with --strict, a changed figure).

    \b
    Example:
        facts check archive/ --format json -o yesterday.json
        facts check archive/ --format json -o today.json
        facts diff yesterday.json today.json
    """
    import json

    from .api import diff as compare_results

    result = compare_results(old, new, strict)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        from .render.text import render_baseline

        render_baseline(result, Console())
    sys.exit(EXIT_FAILED if result.failed else EXIT_PASS)


def _check_draft(paths, options, fmt, output) -> None:
    """`check PATH --against SOURCES`: the draft's figures against the sources; exit 1 when one
    is contradicted (or, with --strict, unsupported)."""
    from . import api
    from .inputs.paths import check_paths
    from .render.formats import require_drafts, write

    if len(paths) != 1:
        raise click.UsageError(f"--against checks one draft; got {len(paths)} paths: {', '.join(paths)}")
    if set(options.show) - {"all"}:
        raise click.UsageError(f"with --against, --show takes only 'all' (every main fact of the story the draft "
                               f"does not state); got {', '.join(sorted(set(options.show) - {'all'}))}")
    fmt = _format_for(fmt, output)
    require_drafts(fmt)
    check_paths([*paths, *options.against])
    if output:
        check_target(output, inputs=[*paths, *options.against])
    _read_suites(options.suites_dir, options.quiet)
    result = api.check_draft(paths, options)
    write(result, fmt, output, draft=True, quiet=options.quiet)
    sys.exit(0 if result.success else 1)


def _format_for(fmt: str | None, output: str | None) -> str:
    from .render.formats import format_for

    return format_for(fmt, output)


def _write_report(result, fmt: str, output: str | None, quiet: bool, show=()) -> None:
    from .render.formats import write

    write(result, fmt, output, quiet=quiet, show=show)
    if output:  # the report went to a file: the verdict still reaches the terminal
        from rich.console import Console

        from .render.text import summary_line

        Console(stderr=True).print(f"{summary_line(result)} ({output})", highlight=False)


@cli.command()
@click.argument("text")
@click.argument("text_b", required=False)
@click.option("--suites", "suites_dir", type=click.Path(), help="Folder of expectation suites (default: expectations/).")
@click.option("--features", "shown", type=click.IntRange(min=1), default=8, show_default=True,
              help="With two texts: how many of the deciding features to print per pair.")
def explain(text, text_b, suites_dir, shown):
    """List every candidate figure in TEXT and what became of it: kept, with its value,
    interval, qualifier, unit and concept, or dropped, and why. For tuning the number grammar.

    With a second text, print the verdict of `facts compare TEXT TEXT_B` and, for every two
    figures of the two texts under one claim key, how likely the same-fact model finds that
    they state the same fact and the features that decided it (weight x value, on the log-odds
    scale; the suite's conflict_at and possible_at set what the probability makes of a
    disagreement).

    \b
    Example:
        facts explain "The Big 12 title went to Texas after 3 overtimes."
        facts explain "A 6.1-magnitude quake struck Aceh." "A 6.4-magnitude quake struck Aceh."
    """
    from .api import extractor
    from .figures.numbers import format_number

    if text_b is not None:
        from .checks.audit import explain_pair

        verdict, pairs = explain_pair(text, text_b, suites_dir)
        click.echo(f"{verdict.verdict}: {verdict.reason}")
        if not pairs:
            click.echo("the same-fact model weighed no figure of A against one of B: it weighs figures under one "
                       "claim key, except the ages of a person named in both, which are compared by the name")
        for e in pairs:
            click.echo(f"\n{e.a!r} (A) and {e.b!r} (B), {e.claim_key}: same fact {e.probability:.2f}")
            click.echo(f"  {e.intercept:+.2f}  (intercept)")
            for name, value, part in e.contributions[:shown]:
                click.echo(f"  {part:+.2f}  {name} = {format_number(value)}")
            if len(e.contributions) > shown:
                rest = sum(part for _, _, part in e.contributions[shown:])
                click.echo(f"  {rest:+.2f}  ({len(e.contributions) - shown} more features)")
        return
    for e in extractor().explain(text):
        if e["kept"]:
            unit = f" {e['unit']}" if e["unit"] else ""
            click.echo(f"kept     {e['surface']!r}: {format_number(e['value'])}{unit} {e['qualifier']} "
                       f"[{format_number(e['low'])}, {format_number(e['high'])}] {e['concept']}".rstrip())
            if e["role"]:
                click.echo(f"         {e['role']}: {e['role_reason']}")
        else:
            click.echo(f"dropped  {e['surface']!r}: {e['reason']}")


@cli.command()
@click.argument("text_a")
@click.argument("text_b")
@click.option("--suites", "suites_dir", type=click.Path(), help="Folder of expectation suites (default: expectations/).")
def compare(text_a, text_b, suites_dir):
    """Compare the figures of two snippets: conflict, consistent or unrelated.

    Exit 1 on a conflict, 0 otherwise.

    \b
    Example:
        facts compare "Turkey has 12 posts in Idlib." "Turkey has 20 posts in Idlib."
    """
    from .checks.audit import compare_texts

    result = compare_texts(text_a, text_b, suites_dir)
    click.echo(f"{result.verdict}: {result.reason}")
    sys.exit(EXIT_FAILED if result.verdict == CompareVerdict.CONFLICT else EXIT_PASS)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The workbook to write (.xlsx).")
@click.option("--suites", "suites_dir", type=click.Path(), help="Folder of expectation suites (default: expectations/).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary line.")
@click.option("--force", is_flag=True,
              help="Onto a reviewed workbook: write it even if some decisions match no claim of this run.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help=JOBS_HELP)
@stories_option()
@cache_options
def export(paths, output, suites_dir, quiet, force, jobs, stories, cache_dir, no_cache):
    """Write the fact-checker workbook for PATHS: Summary, Conflicts, Claims, Facts,
    Documents and Expectations sheets. Always exits 0 when the workbook is written. Onto a
    workbook a reviewer has marked, the decisions (Status, Reviewer, Notes) are carried into
    the new one; if some match no claim any more, nothing is written without --force.

    \b
    Example:
        facts export seeds/ -o audit.xlsx --jobs 2
    """
    from pathlib import Path

    from .api import CheckOptions, audit_paths, carry_reviews
    from .engines.local import effective_jobs
    from .errors import OutputError
    from .inputs.paths import check_paths, count_documents
    from .progress import Progress
    from .render.xlsx import write_workbook

    if Path(output).suffix.lower() != ".xlsx":
        raise OutputError(f"{output}: the workbook must be an .xlsx file")
    check_paths(paths)
    check_target(output, inputs=paths)
    _read_suites(suites_dir, quiet)
    total = count_documents(paths)
    options = CheckOptions(suites_dir=suites_dir, stories=stories, jobs=effective_jobs(jobs, total), quiet=quiet,
                           cache=_cache_folder(paths, cache_dir, no_cache))
    with Progress(enabled=not quiet, total=total) as progress:
        result = audit_paths(paths, options, progress.advance, require=False)
    result = carry_reviews(result, output, force)
    with replaced(output) as tmp:
        write_workbook(result, tmp)
    if not quiet:
        click.echo(f"wrote {output}: {len(result.claims)} claims, {len(result.facts)} facts", err=True)


@cli.command("reviews")
@click.argument("workbook")
@click.option("-o", "--output", help="Write the reviews file here (.json) instead of stdout.")
def reviews_command(workbook, output):
    """Turn a reviewed workbook's decisions (Status, Reviewer, Notes) into a small reviews
    file that a repository can keep and diff, for `facts check --reviews`.

    \b
    Example:
        facts export sources/ -o audit.xlsx       # a reviewer marks Status in the workbook
        facts reviews audit.xlsx -o reviews.json
        facts check sources/ --reviews reviews.json
    """
    import json as json_module

    from .checks import reviews as review_decisions
    from .render.output import replaced

    decisions = review_decisions.from_workbook(workbook)
    for d in decisions:  # rows of one claim that say different things: said, never silently settled
        if d.disagreement:
            what = d.claim.get("label") or d.claim.get("concept") or d.claim.get("claim_key")
            click.echo(f"{workbook}: {what}: {d.disagreement}", err=True)
    text = json_module.dumps(review_decisions.to_dict(decisions), indent=2, ensure_ascii=False) + "\n"
    if output:
        check_target(output, inputs=(workbook,))
        with replaced(output) as tmp, open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        click.echo(text, nl=False)


@cli.group("cache")
def cache_command():
    """Show or clear the extraction cache: the fact rows of every document read, kept so that a
    re-run extracts only new or changed documents (see `facts check --cache` and --no-cache).
    PATHS are the inputs a run is given: the cache is the one beside their common folder; without
    PATHS, ./.facts-cache; --cache DIR names it.

    \b
    Example:
        facts cache info articles/
        facts cache clear --cache ~/.cache/facts
    """


def _cache_at(paths, cache_dir):
    from .api import default_cache
    from .engines.cache import Cache

    return Cache(cache_dir or default_cache(paths or ["."]))


@cache_command.command("info")
@click.argument("paths", nargs=-1)
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), help="The cache's folder.")
def cache_info(paths, cache_dir):
    """Where the cache is, how many documents and fact rows it holds, and how many of them this
    version of facts reads (with default options); exit 0.

    \b
    Example:
        facts cache info articles/
    """
    info = _cache_at(paths, cache_dir).info()
    if not info.exists:
        click.echo(f"{info.path}: no cache yet")
        return
    click.echo(f"{info.path}: {info.size / 1e6:.1f} MB")
    if info.problem:
        click.echo(f"  unusable: {info.problem} (the next run rebuilds it)")
        return
    click.echo(f"  {info.entries:,} documents, {info.rows:,} fact rows; the claims of {info.stories:,} stories; "
               f"{info.tables:,} whole fact table{'' if info.tables == 1 else 's'} of recent runs")
    click.echo(f"  {info.current:,} documents of this version of facts (default options); "
               f"{info.entries - info.current:,} of others (`facts cache clear --stale` removes them)")


@cache_command.command("clear")
@click.argument("paths", nargs=-1)
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), help="The cache's folder.")
@click.option("--stale", is_flag=True,
              help="Remove only the entries of other versions of facts or other options (default options).")
def cache_clear(paths, cache_dir, stale):
    """Remove the cache (every document is extracted on the next run), or with --stale only what
    this version of facts no longer reads.

    \b
    Example:
        facts cache clear articles/
        facts cache clear --stale
    """
    cache = _cache_at(paths, cache_dir)
    removed = cache.clear(stale_only=stale)
    click.echo(f"{cache.path}: {removed:,} documents removed")


def main(argv=None):
    """Entry point of the `facts` script and `python -m facts`. SIGTERM unwinds like Ctrl-C, so
    that partial outputs are removed and the previous ones stay (`output.replaced`)."""
    import signal

    def terminated(signum, frame):
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)
    return cli.main(args=argv, prog_name="facts", obj=OWN_PROCESS)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
