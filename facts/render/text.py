"""Terminal rendering with rich: colours only on a TTY."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape as _escape_markup
from rich.table import Table

from ..checks.audit import by_confidence
from ..figures.numbers import format_number
from ..inputs.metadata import without_site_name
from ..types import DocumentStatus, DraftStatus, Verdict
from .safe import terminal_text


def escape(text) -> str:
    """Article text as rich shows it literally: no markup ("[link=...]") and no control
    characters (an escape sequence would drive the terminal)."""
    return _escape_markup(terminal_text(str(text)))


def interval(low: float, high: float) -> str:
    return f"[{format_number(low)}, {format_number(high)}]"


def print_facts(df, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(show_lines=False, header_style="bold")
    for column in ("doc_id", "surface", "value", "interval", "qualifier", "unit", "concept"):
        table.add_column(column, overflow="fold")
    for row in df.itertuples():
        table.add_row(escape(row.doc_id), escape(row.surface), format_number(row.value), interval(row.low, row.high),
                      row.qualifier, escape(row.unit), escape(row.concept))
    console.print(table)


def plural(n: int, word: str) -> str:
    """"1 conflict", "2 conflicts", "0 conflicts"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


SHOW = {"conflicts": (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT), "changed": (Verdict.CHANGED,),
        "all": (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT, Verdict.CHANGED, Verdict.CORROBORATED,
                Verdict.SINGLE_SOURCE)}
"""What `facts check --show` lists with figures; the default is conflicts (possible ones under their
own heading), then changed."""
DEFAULT_SHOW = ("conflicts", "changed")
STYLES = {Verdict.CONFLICT: "red", Verdict.POSSIBLE_CONFLICT: "magenta", Verdict.CHANGED: "yellow",
          Verdict.CORROBORATED: "green", Verdict.SINGLE_SOURCE: "dim"}
TITLES = {Verdict.CONFLICT: "Conflicts", Verdict.POSSIBLE_CONFLICT: "Possible conflicts (warnings)",
          Verdict.CHANGED: "Changed over time", Verdict.CORROBORATED: "Corroborated", Verdict.SINGLE_SOURCE: "Single source"}


def summary_line(result, where=None) -> str:
    """The one-line verdict, as rich markup: "FAIL: 1 conflict, 25 claims, 33 facts, 5 documents"
    (`checks.standing.standing`: the same words in every report)."""
    from ..checks.standing import standing

    where = where or standing(result)
    word, rest = where.line.split(":", 1)
    return f"[bold {'green' if where.success else 'red'}]{word}[/]:{escape(rest)}"


def source_name(f) -> str:
    """A figure's source as a person names it: the outlet, else the article's title (shortened),
    else its file; the file name is for machines."""
    outlet = " ".join(terminal_text(str(f.get("source") or "")).split())
    title = without_site_name(terminal_text(str(f.get("title") or "")))
    if outlet:
        return outlet
    if title:
        return title if len(title) <= 60 else title[:57].rstrip() + "..."
    return str(f["doc_id"])


def _where(f) -> str:
    """"Outlet or title, 2017-02-01 · file:line"."""
    date = str(f.get("published") or "")[:10]
    return f"{source_name(f)}" + (f", {date}" if date else "") + f" · {f['doc_id']}:{int(f['line'])}"


def _wrapped(console: Console, text: str, first: str, rest: str, style: str = "") -> None:
    """`text` wrapped to the console's width, the first line after `first`, the others indented
    by `rest`; never padded with trailing spaces (a piped report stays clean)."""
    import re
    import textwrap

    width = max(console.width, 40)
    # an interval ("[13.5, 16.5]") is never cut in two: its space is held while wrapping
    held = re.sub(r"\[([^\[\]\s]+), ([^\[\]\s]+)\]", "[\\1,\x00\\2]", " ".join(terminal_text(text).split()))
    lines = textwrap.wrap(held, width=width, initial_indent=first, subsequent_indent=rest,
                          break_on_hyphens=False) or [first.rstrip()]
    lines = [line.rstrip().replace("\x00", " ") for line in lines]
    for line in lines:
        body = escape(line)
        console.print(f"[{style}]{body}[/]" if style else body, highlight=False, soft_wrap=True)


def named_sources(reason: str, facts, mentions) -> str:
    """A reason with each file name of the claim's sources ("(004_fe….txt)", "44c9….txt is a
    roundup") shown as the source's name."""
    import re

    docs = {facts.loc[i, "doc_id"]: i for i in mentions}
    for doc_id in sorted(docs, key=len, reverse=True):
        name = source_name(facts.loc[docs[doc_id]])
        reason = re.sub(rf"(?<![\w./-]){re.escape(str(doc_id))}(?![\w])", lambda m, n=name: n, reason)
    return reason


def claim_label(claim) -> str:
    """A claim's label (the claims table's `label`: "people injured"), else its key."""
    return str(getattr(claim, "label", "") or claim.concept or claim.claim_key)


def _claim(result, claim, console: Console) -> None:
    """One claim as a short block: its label and verdict; for a conflict, the outlier with its
    source and sentence against the majority figure and its sources, then why; otherwise each
    figure with its sentence and source."""
    from ..checks.standing import MAJORITY, OUTLIER, claim_sides

    facts = result.facts
    style = STYLES.get(claim.verdict, "")
    name = claim_label(claim)
    console.print(f"[bold {style}]{claim.claim_id}[/] [bold]{escape(name)}[/] · {escape(claim.verdict.replace('_', ' '))}",
                  highlight=False, soft_wrap=True)
    if claim.verdict in (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT):
        sides = claim_sides(facts, claim)
        outliers = [i for i in claim.mentions if sides[i] == OUTLIER]
        majority = [i for i in claim.mentions if sides[i] == MAJORITY]
        if majority:
            for i in outliers:
                f = facts.loc[i]
                _wrapped(console, f"{f['surface']} — \"{f['sentence']}\"", "  outlier   ", " " * 12, "")
                _wrapped(console, _where(f), " " * 12, " " * 12, "dim")
            names = list(dict.fromkeys(source_name(facts.loc[i]) for i in majority))
            _wrapped(console, f"{facts.loc[majority[0], 'surface']} — {plural(len(names), 'source')}: "
                     + "; ".join(names), "  majority  ", " " * 12)
        else:
            for i in claim.mentions:
                f = facts.loc[i]
                _wrapped(console, f"{f['surface']} — \"{f['sentence']}\"", "  figure    ", " " * 12)
                _wrapped(console, _where(f), " " * 12, " " * 12, "dim")
        _wrapped(console, named_sources(claim.reason, facts, claim.mentions), "  why       ", " " * 12, "dim")
        outcome = (getattr(result, "reviews", None) or {}).get(claim.claim_id)
        if outcome is not None:
            state = f"{outcome.state}: " if outcome.state != outcome.status else ""
            _wrapped(console, f"{state}{review_words(outcome)}", "  review    ", " " * 12,
                     "red" if outcome.state == "changed since review" else "")
        return
    _wrapped(console, named_sources(claim.reason, facts, claim.mentions), "  ", "  ", "dim")
    for i in claim.mentions:
        f = facts.loc[i]
        _wrapped(console, f"{f['surface']} — \"{f['sentence']}\"", "  • ", "    ")
        _wrapped(console, _where(f), "    ", "    ", "dim")


def _print_summary(console: Console, line: str, result) -> None:
    """The one-line verdict, wrapped like every other line (no trailing spaces when piped)."""
    from rich.text import Text

    _wrapped(console, Text.from_markup(line).plain, "", "  ", "bold green" if result.success else "bold red")


def render_audit(result, console: Console | None = None, quiet: bool = False,
                 show: tuple[str, ...] = DEFAULT_SHOW) -> None:
    """The claims of the verdicts `show` names, each with its figures and sentences (conflicts
    first), then counts by verdict, suite results and the inputs not read."""
    from ..checks.standing import DISMISSED_BY_REVIEW, standing

    console = console or Console()
    claims = result.claims
    where = standing(result)
    line = summary_line(result, where)
    if quiet:
        _print_summary(console, line, result)
        return
    if result.baseline is not None:
        render_baseline(result.baseline, console)
    from ..claims.headings import story_headings
    from ..claims.stories import story_name

    titles = story_headings(result.documents, result.claims)
    order = {story: n for n, story in enumerate(dict.fromkeys(result.documents.get("story", [])))}
    verdicts = [v for v in SHOW["all"] if any(v in SHOW[name] for name in show)]
    for verdict in verdicts:
        listed = list(claims[claims["verdict"] == verdict].itertuples()) if len(claims) else []
        # a conflict dismissed by review is listed under "Reviewed", not among the conflicts
        listed = [c for c in listed if where.passed.get(c.claim_id) != DISMISSED_BY_REVIEW]
        if not listed:
            continue
        console.rule(f"[bold {STYLES[verdict]}]{TITLES[verdict]} ({len(listed)})", align="left")
        # Under their story, when the input holds several (stories in input order).
        # most likely to state one fact first (`audit.by_confidence`)
        listed = sorted(by_confidence(listed), key=lambda c: order.get(getattr(c, "story", ""), len(order)))
        heading = None
        for claim in listed:
            name = story_name(claim, titles)
            if name and name != heading and len(titles) > 1:
                _wrapped(console, name[0].upper() + name[1:], "", "  ", "bold")
                heading = name
            _claim(result, claim, console)
    _render_reviews(result, console)
    console.rule("[bold]Claims by verdict", align="left")
    for name, style in STYLES.items():
        dismissed = f" ({where.dismissed} dismissed by review)" if name == Verdict.CONFLICT and where.dismissed else ""
        console.print(f"[{style}]{name:18}[/] {where.counts.get(name, 0)}{dismissed}", highlight=False)
    console.rule("[bold]Suites", align="left")
    from ..checks.standing import FAIL, PASS, expectation_state

    for r in result.expectations:
        state, why = expectation_state(result, r, where)
        mark, style = {PASS: ("ok  ", ""), FAIL: ("FAIL", "bold red")}.get(state, ("warn", "yellow"))
        what = r.about or f"{r.expectation}({r.column})"
        why = f": {why}" if why else ""
        _wrapped(console, f"{what} ({r.suite}: {_unexpected(result, r)}{why})", f"{mark} ", "     ", style)
    unread = result.documents[result.documents["status"] != DocumentStatus.OK] if len(result.documents) else result.documents
    if len(unread):
        console.rule(f"[bold]Inputs not read ({len(unread)})", align="left")
        for d in unread.itertuples():
            style = "red" if d.status == DocumentStatus.FAILED else "dim"
            _wrapped(console, f"{d.doc_id}: {d.reason}", f"{d.status:8} ", " " * 9, style)
    _print_summary(console, line, result)


def review_words(outcome) -> str:
    """A decision as a line says it: "false alarm by Ana Ruiz on 2024-05-02: 12 is the count
    before the reinforcement", with what changed since and any disagreement between its rows."""
    who = " ".join(x for x in (f"by {outcome.reviewer}" if outcome.reviewer else "",
                               f"on {outcome.date}" if outcome.date else "") if x)
    words = " ".join(x for x in (outcome.status, who) if x) + (f": {outcome.note}" if outcome.note else "")
    if outcome.changes:
        words += f" (changed since: {'; '.join(outcome.changes)})"
    if outcome.disagreement:
        words += f" ({outcome.disagreement})"
    return words


def _render_reviews(result, console: Console) -> None:
    """The "Reviewed" section: each reviewed claim of this run with its decision, conflicts
    dismissed as false alarms among them (they are not listed as conflicts), and the ones whose
    figures changed since the review (the decision no longer applies: they fail again)."""
    from ..checks.standing import claim_sides

    outcomes = getattr(result, "reviews", None)
    if not outcomes:
        return
    claims = {c.claim_id: c for c in result.claims.itertuples()}
    console.rule(f"[bold]Reviewed ({len(outcomes)})", align="left")
    for claim_id in sorted(outcomes):
        o = outcomes[claim_id]
        claim = claims.get(claim_id)
        what = ""
        if claim is not None:
            figures = list(dict.fromkeys(str(result.facts.loc[i, "surface"]) for i in (
                claim.pair if isinstance(claim.pair, tuple) else claim.mentions)))
            sides = " vs ".join(figures[:3]) if claim_sides(result.facts, claim) else ""  # {} but in a conflict
            what = f"{claim_label(claim)} ({claim.verdict.replace('_', ' ')}{': ' + sides if sides else ''})"
        style = "red" if o.state == "changed since review" else "dim"
        _wrapped(console, f"{claim_id} {what} — {review_words(o)}", f"{o.state:22} ", " " * 23, style)


def render_baseline(b, console: Console) -> None:
    """What changed since the baseline: new conflicts, changed figures, resolved conflicts, then
    counts of claims and documents that came or went."""
    console.rule(f"[bold]New since baseline ({escape(b.path)})", align="left")
    for c in b.new_conflicts:
        console.print(f"[bold red]new conflict[/] {escape(c['claim_id'])} [bold]{escape(c.get('label') or c['concept'])}[/]: "
                      f"{escape(c['reason'])}", highlight=False)
    for f in b.changed_figures:
        console.print(f"[yellow]changed[/] {escape(f['doc_id'])}:{f['new']['line']} {escape(f.get('label') or f['concept'])}: "
                      f"[bold]{escape(f['old']['surface'])}[/] -> [bold]{escape(f['new']['surface'])}[/] "
                      f"({format_number(f['old']['value'])} -> {format_number(f['new']['value'])})", highlight=False)
    for c in b.resolved_conflicts:
        console.print(f"[green]resolved[/] {escape(c['claim_id'])} {escape(c.get('label') or c['concept'])} (a conflict in the "
                      "baseline, no longer)", highlight=False)
    console.print(f"{plural(len(b.new_conflicts), 'new conflict')}, {plural(len(b.known_conflicts), 'known conflict')}"
                  f" (in the baseline), {plural(len(b.changed_figures), 'changed figure')}, "
                  f"{plural(len(b.resolved_conflicts), 'resolved conflict')}; {plural(len(b.new_claims), 'new claim')}, "
                  f"{plural(len(b.gone_claims), 'gone claim')}, {plural(len(b.new_documents), 'new document')}, "
                  f"{plural(len(b.gone_documents), 'gone document')}", highlight=False)
    for name in ("new_documents", "gone_documents"):
        for doc in getattr(b, name):
            console.print(f"  [dim]{name.replace('_', ' ')[:-1]}:[/] {escape(doc)}", highlight=False)


def _unexpected(result, r) -> str:
    """What an expectation flagged, in the unit the summary counts: "2 unexpected pairs in 1
    claim" for a cross-source one, "3 unexpected rows" for a fact-table one."""
    if not r.unexpected_count:
        return "0 unexpected"
    if r.verdict:
        from ..checks.standing import failed_claims

        return (f"{plural(r.unexpected_count, 'unexpected pair')} in "
                f"{plural(len(failed_claims(result, r)), 'claim')}")
    return plural(r.unexpected_count, "unexpected row")


DRAFT_STYLES = {DraftStatus.SUPPORTED: "green", DraftStatus.CONTRADICTED: "bold red", DraftStatus.OUTDATED: "yellow",
                DraftStatus.DISPUTED: "bold yellow", DraftStatus.UNSUPPORTED: "magenta"}


def render_draft(result, console: Console | None = None, quiet: bool = False) -> None:
    """Each draft figure with its status and the source sentence that decided it."""
    console = console or Console()
    counts = result.figures["status"].value_counts() if len(result.figures) else {}
    summary = ", ".join(f"{int(counts.get(s, 0))} {s}" for s in DRAFT_STYLES)
    colour = "green" if result.success else "red"
    plain = f"{'PASS' if result.success else 'FAIL'}: {result.draft['path']}: {summary}"
    if quiet:
        _wrapped(console, plain, "", "  ", f"bold {colour}")
        return
    console.rule(f"[bold]Figures in {escape(result.draft['path'])}", align="left")
    compared = getattr(result, "stories", ())
    held = {str(x) for x in result.sources.get("story", []) if str(x)} if len(result.sources) else set()
    if compared and len(held) > 1:  # only worth saying when the sources hold several stories
        others = f" and {plural(len(compared) - 1, 'other story')} as close" if len(compared) > 1 else ""
        _wrapped(console, f"Compared with story {result.story} «{result.story_title}», the sources' story closest "
                 f"to the draft{others}", "", "  ")
    names = {d["doc_id"]: source_name(d) for d in result.sources.to_dict("records")} if len(result.sources) else {}

    def named(text: str) -> str:
        for doc_id, name in names.items():
            text = text.replace(f"{doc_id} states", f"{name} states")
        return text

    for f in result.figures.to_dict("records"):
        style = DRAFT_STYLES[f["status"]]
        concept = "" if f["concept"] in f["surface"] else f["concept"]
        _wrapped(console, f"line {f['line']}: {f['surface']} {concept}", f"{f['status']:12} ", "    ", style)
        _wrapped(console, named(f["reason"]), "    ", "    ")
        for e in f["evidence"][:2 if f["status"] == DraftStatus.DISPUTED else 1]:
            _wrapped(console, f"\"{e['sentence']}\"", "    ", "    ")
            _wrapped(console, f"{names.get(e['doc_id'], e['doc_id'])} · {e['doc_id']}", "    ", "    ", "dim")
    if len(result.not_in_draft):
        console.rule("[bold]Not in the draft: the story's main facts", align="left")
        for r in result.not_in_draft.to_dict("records"):
            _wrapped(console, f"{r['label']}: {r['surface']} ({plural(int(r['n_sources']), 'source')}) — "
                     f"{names.get(r['doc_id'], r['doc_id'])} ({r['doc_id']})", "  ", "    ")
        if result.more_not_in_draft:
            _wrapped(console, f"{result.more_not_in_draft} more: --show all lists them", "  ", "    ", "dim")
    _wrapped(console, plain, "", "  ", f"bold {colour}")
