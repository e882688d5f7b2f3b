"""The library's entry points, what the CLI and users call: text or paths in, tables out
(`extract_text`, `extract_paths`, `iter_extract`); paths in, a checked result out (`check_arguments`,
`audit_paths`, `with_references`, `check_draft`, `carry_reviews`, `diff`). The CLI adds only
arguments, progress and exit codes."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .engines.local import extract_documents, extract_paths, extract_text, extractor, iter_extract
from .inputs.documents import load_documents
from .parse.options import ExtractOptions

__all__ = ["ExtractOptions", "extract_documents", "extract_paths", "extract_text", "extractor", "iter_extract"]


ENGINES = ("local", "spark")


@dataclass(frozen=True)
class CheckOptions:
    """What `check` does besides extracting and running the suites. Options that need another
    (`--strict` without `--against` or `--baseline`) are refused by `check_arguments`, from the
    rules in `OPTION_RULES`."""

    suites_dir: str | None = None
    stories: str = "auto"
    jobs: int = 1
    engine: str = "local"
    master: str | None = None
    conf: tuple[str, ...] = ()  # Spark settings, KEY=VALUE
    mentions_out: str | None = None
    against: tuple[str, ...] = ()  # sources of a draft: the paths are one draft
    strict: bool = False
    baseline: str | None = None
    reviews: str | None = None
    accept_confirmed: bool = False
    quiet: bool = False
    gx_context: str | None = None  # a folder: run the suites through this GX file context
    show: tuple[str, ...] = ()  # what the report lists (--show); for a draft, "all": every main fact not in it
    cache: str | None = None  # the extraction cache's folder (`engines.cache`); None: extract every document


@dataclass(frozen=True)
class OptionRule:
    """One "X goes with Y" rule of `check`'s options, as data: `option`, when set, needs one of
    `needs` set (or, with `engine`, that engine); with `excludes`, it may not be set with that
    option. `message` is what a user reads."""

    options: tuple[str, ...]
    message: str
    needs: tuple[str, ...] = ()
    engine: str = ""
    excludes: str = ""
    drafts: bool = False  # the rule holds for a draft check (--against) too


OPTION_RULES = (
    OptionRule(("baseline",), "--baseline goes with a check of sources, not with --against", excludes="against",
               drafts=True),
    OptionRule(("strict",), "--strict goes with --against or --baseline", needs=("against", "baseline")),
    OptionRule(("master", "conf", "mentions_out"), "--master, --conf and --out go with --engine spark",
               engine="spark"),
    OptionRule(("accept_confirmed",), "--accept-confirmed goes with --reviews", needs=("reviews",)),
    OptionRule(("gx_context",), "--gx-context goes with a check of sources, not with --against", excludes="against",
               drafts=True),
    OptionRule(("gx_context",), "--gx-context goes with --engine local (the Spark engine validates in Spark)",
               engine="local"),
)


class OptionError(ValueError):
    """Options of `check` that do not go together (the CLI shows it as a usage error, exit 2)."""


def check_arguments(options: CheckOptions) -> None:
    """Refuse options that do not go together (`OPTION_RULES`), before any slow work. A draft
    check (`against`) reads only the rules that hold for drafts."""
    for rule in OPTION_RULES:
        if options.against and not rule.drafts:
            continue
        if not any(getattr(options, o) for o in rule.options):
            continue
        if rule.excludes and getattr(options, rule.excludes):
            raise OptionError(rule.message)
        if rule.needs and not any(getattr(options, o) for o in rule.needs):
            raise OptionError(rule.message)
        if rule.engine and options.engine != rule.engine:
            raise OptionError(rule.message)


def spark_conf(items) -> dict:
    """`--conf KEY=VALUE` settings as a dict; OptionError names a setting that is not KEY=VALUE."""
    conf = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise OptionError(f"{item!r}: expected KEY=VALUE")
        conf[key] = value
    return conf


def require_readable(documents_df, paths) -> None:
    """A check that read no document has checked nothing: that is bad input, not a pass."""
    from .errors import DocumentError
    from .types import DocumentStatus

    if not (documents_df["status"] == DocumentStatus.OK).any():
        reasons = "; ".join(f"{r.doc_id}: {r.reason}" for r in documents_df.head(5).itertuples()) or "no files"
        raise DocumentError(f"no readable document in {', '.join(paths)} ({reasons})")


def audit_paths(paths, options: CheckOptions = CheckOptions(), progress: Callable[[dict], None] | None = None,
                require: bool = True):
    """Extract `paths` with the options' engine and validate them: the AuditResult, before any
    baseline or reviews. With `require`, no readable document is an error (DocumentError)."""
    from .checks.audit import validate

    if options.engine == "spark":
        from .engines import spark

        with open_cache(options.cache) as cache:
            return spark.check(paths, master=options.master, conf=spark_conf(options.conf), out=options.mentions_out,
                               suites_dir=options.suites_dir, quiet=options.quiet, stories=options.stories,
                               cache=cache)
    with open_cache(options.cache) as cache:
        facts_df, documents_df = extract_paths(paths, progress=progress, jobs=options.jobs, stories=options.stories,
                                               cache=cache)
        if require:
            require_readable(documents_df, paths)
        return validate(facts_df, documents_df, options.suites_dir, gx_context=options.gx_context, memo=cache)


def open_cache(folder: str | None, options: ExtractOptions = ExtractOptions()):
    """The extraction cache in `folder` (`engines.cache.Cache`) as a context manager; with no
    folder, a context that gives None (every document is extracted)."""
    from contextlib import nullcontext

    if folder is None:
        return nullcontext()
    from .engines.cache import Cache

    return Cache(folder, options)


def default_cache(paths) -> str:
    """Where the cache of a run over `paths` lives by default: `.facts-cache/` beside the inputs'
    common folder (`engines.cache.default_folder`)."""
    from .engines.cache import default_folder

    return str(default_folder(list(paths)))


def load_references(options: CheckOptions):
    """(baseline, reviews) the options name, read before any slow work (None where not given):
    a bad file fails the run at once."""
    from .checks import baseline
    from .checks import reviews as review_decisions

    old = baseline.load(options.baseline) if options.baseline else None
    decisions = review_decisions.load(options.reviews) if options.reviews else None
    return old, decisions


def with_references(result, options: CheckOptions, old, decisions):
    """`result` compared with the baseline (what changed, only new conflicts fail) and with a
    reviewer's decisions applied."""
    from .checks import baseline
    from .checks import reviews as review_decisions

    if old is not None:
        result = baseline.apply(result, old, options.baseline, options.strict)
    if decisions is not None:
        result = review_decisions.apply(result, decisions, options.accept_confirmed)
    return result


def load_draft(paths, against):
    """(the draft, its sources) as Documents: exactly one readable draft and at least one
    readable source, else DocumentError naming what was read."""
    from .errors import DocumentError
    from .types import DocumentStatus

    drafts = list(load_documents(paths))
    if len(drafts) != 1 or drafts[0].status != DocumentStatus.OK:
        reasons = "; ".join(f"{d.doc_id}: {d.reason or d.status}" for d in drafts) or "no document"
        raise DocumentError(f"{paths[0]}: expected one readable draft ({reasons})")
    sources = list(load_documents(against))
    if not any(d.status == DocumentStatus.OK for d in sources):
        reasons = "; ".join(f"{d.doc_id}: {d.reason}" for d in sources[:5]) or "no files"
        raise DocumentError(f"no readable source in {', '.join(against)} ({reasons})")
    return drafts[0], sources


def check_draft(paths, options: CheckOptions):
    """Every figure of the draft `paths` (one document) against the sources `options.against`
    (`checks.draft.check_draft`): supported, contradicted, outdated, disputed or unsupported."""
    from .checks.draft import check_draft as judge

    draft, sources = load_draft(paths, options.against)
    with open_cache(options.cache) as cache:
            return judge(draft, sources, options.suites_dir, options.strict, options.stories, cache,
                         show_all="all" in options.show)


def carry_reviews(result, output: str, force: bool):
    """Writing a workbook onto one that holds a reviewer's decisions: the decisions are carried
    into the new one (matched to its claims); if some match no claim, nothing is written without
    `force` (OutputError), so that no reviewer's work is lost silently."""
    from pathlib import Path

    from .checks import reviews as review_decisions
    from .errors import OutputError

    if not Path(output).exists():
        return result
    try:
        earlier = review_decisions.from_workbook(output)
    except review_decisions.ReviewsError:
        return result  # not a workbook of ours: nothing to carry (check_target guards the rest)
    if not earlier:
        return result
    claims = review_decisions.json_claims(result)
    lost = review_decisions.unmatched(claims, earlier)
    if lost and not force:
        raise OutputError(f"{output}: {len(lost)} of {len(earlier)} review decisions match no claim of this run "
                          f"(first: {lost[0].status!r} on {lost[0].claim.get('concept') or lost[0].claim.get('claim_key')}); "
                          "keep them with `facts reviews " + output + " -o reviews.json`, or write anyway with --force")
    if result.reviews is not None:
        return result  # --reviews given: those decisions are the ones shown
    return review_decisions.apply(result, earlier, decide=False, claims=claims)


def diff(old: str, new: str, strict: bool = False):
    """What changed from `old` to `new`, two saved `check --format json` results
    (`checks.baseline.compare`); no extraction is run."""
    from .checks import baseline

    return baseline.compare(baseline.load(old), baseline.load(new), old, strict)
