"""`--format html`: one self-contained page (inline CSS and JS, no network at view time).

Summary counts, conflicts first, every claim with its mentions and source sentences (figure
highlighted), filters by verdict and by source, and the validation results. The filter state
lives in the URL hash (#verdict=conflict&source=...), so a filtered view can be linked.
"""
from __future__ import annotations

import html

from ..checks.standing import NOT_COMPARED, claim_sides, failed_claims
from ..figures.numbers import format_number
from ..inputs.metadata import without_site_name
from ..types import DocumentStatus, DraftStatus, Verdict
from . import details_words, marked
from .text import named_sources, plural

VERDICT_ORDER = (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT, Verdict.CHANGED, Verdict.CORROBORATED,
                 Verdict.SINGLE_SOURCE)
CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2329;background:#f6f7f9}
header{background:#1f3a5f;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}
main{padding:18px 28px;max-width:1200px}
.counts{display:flex;gap:10px;flex-wrap:wrap;margin:12px 0}
.count{background:#fff;border-radius:6px;padding:8px 14px;border-left:6px solid #999;box-shadow:0 1px 2px #0002}
.count b{font-size:20px;display:block}
.filters{background:#fff;padding:10px 14px;border-radius:6px;margin:12px 0;box-shadow:0 1px 2px #0002}
.filters label{margin-right:14px;white-space:nowrap}
.claim{background:#fff;border-radius:6px;margin:10px 0;padding:10px 14px;border-left:6px solid #999;
box-shadow:0 1px 2px #0002}
.claim h3{margin:0 0 4px;font-size:16px}.verdict{text-transform:uppercase;font-size:12px;font-weight:700;
letter-spacing:.04em;padding:2px 6px;border-radius:4px;background:#eee;margin-right:8px}
.claim.conflict .verdict{background:#f8d7da;color:#8a1c1c}.claim.corroborated .verdict{background:#d4edda}
.claim.changed_over_time .verdict{background:#fff3cd}.claim.possible_conflict .verdict{background:#f3e0f7;color:#6a1b7a}
.reason{color:#444;margin:2px 0 8px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-top:1px solid #e3e6ea;
vertical-align:top}th{font-size:12px;color:#555}
mark{background:#ffe066;padding:0 2px;border-radius:2px;font-weight:600}
.src{color:#555;font-size:13px;max-width:20em}
.fail{color:#a61b1b;font-weight:700}.pass{color:#2e7d32;font-weight:700}.warn{color:#8a6d00;font-weight:700}
.count.dismissed,.claim.dismissed{border-left-color:#6c8ebf}.claim.dismissed .verdict{background:#e3ecf7;color:#2b4a75}
[hidden]{display:none!important}
.count{cursor:pointer;border:0;border-left:6px solid #999;font:inherit;text-align:left}
.count.active{outline:2px solid #1f3a5f}
.filters select{max-width:22em}#f-search{min-width:12em;padding:3px 6px}.nw{white-space:nowrap}
.filters label{display:inline-block;margin:2px 14px 2px 0}.title{font-weight:600}.title a{color:#1f4e8c}
.side-outlier{color:#a61b1b;font-weight:700}.side-majority{color:#2e7d32}.side-disputed{color:#8a5a00}
.side-not-compared{color:#555;font-style:italic}
.count.conflict,.claim.conflict{border-left-color:#c0392b}
.count.changed_over_time,.claim.changed_over_time{border-left-color:#e0a800}
.count.possible_conflict,.claim.possible_conflict{border-left-color:#8e44ad}
.count.corroborated,.claim.corroborated{border-left-color:#2e8b57}
.count.single_source,.claim.single_source{border-left-color:#8a939b}
.timeline-box{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:flex-start;margin:4px 0 8px}
svg.timeline{display:block;max-width:100%;height:auto;flex:0 1 420px;min-width:0}
svg.timeline text{font:12px system-ui,sans-serif;fill:#444}svg.timeline text.note{font-size:10px;fill:#888}
.undated{font-size:13px;color:#555;max-width:22em}.undated ul{margin:2px 0;padding-left:18px}
th.sort{cursor:pointer}th.sort:after{content:" \2195";color:#999}
@media (max-width:640px){main{padding:10px}header{padding:12px}
table,tbody,tr,td{display:block;width:auto}thead,th{display:none}td{border-top:none;padding:2px 0}
tr{border-top:1px solid #e3e6ea;padding:6px 0}.src{white-space:normal}
.filters select,#f-search{max-width:calc(100vw - 9em);min-width:0}.filters label{display:block}
main,td,.reason,h3{overflow-wrap:anywhere}}
"""
JS = """
(function(){
  function $(id){return document.getElementById(id);}
  var keys=['verdict','source','event','window','q','single'];
  function state(){var s={verdict:'all',source:'all',event:'all',window:'all',q:'',single:''};
    location.hash.slice(1).split('&').forEach(function(p){
    var kv=p.split('=');if(kv.length==2)s[kv[0]]=decodeURIComponent(kv[1]);});return s;}
  function apply(){var s=state();$('f-verdict').value=s.verdict;$('f-source').value=s.source;
    $('f-event').value=s.event;$('f-window').value=s.window;$('f-single').checked=s.single=='1';
    if(document.activeElement!==$('f-search'))$('f-search').value=s.q;var shown=0,q=s.q.toLowerCase();
    document.querySelectorAll('.claim').forEach(function(el){
      var single=el.dataset.verdict=='single_source';
      var ok=(s.verdict=='all'?(!single||s.single=='1'):el.dataset.verdict==s.verdict)&&
             (s.source=='all'||el.dataset.sources.split('|').indexOf(s.source)>=0)&&
             (s.event=='all'||el.dataset.event==s.event)&&(s.window=='all'||el.dataset.window==s.window)&&
             (!q||el.textContent.toLowerCase().indexOf(q)>=0);
      el.hidden=!ok;if(ok)shown++;});
    document.querySelectorAll('.count').forEach(function(el){
      el.classList.toggle('active',el.dataset.verdict==s.verdict);});
    $('shown').textContent=shown;}
  function update(){location.hash='verdict='+encodeURIComponent($('f-verdict').value)+
    '&source='+encodeURIComponent($('f-source').value)+'&event='+encodeURIComponent($('f-event').value)+
    '&window='+encodeURIComponent($('f-window').value)+'&single='+($('f-single').checked?'1':'')+
    '&q='+encodeURIComponent($('f-search').value);}
  ['f-verdict','f-source','f-event','f-window','f-single'].forEach(function(id){$(id).addEventListener('change',update);});
  $('f-search').addEventListener('input',update);
  document.querySelectorAll('.count').forEach(function(el){el.addEventListener('click',function(){
    $('f-verdict').value=(state().verdict==el.dataset.verdict)?'all':el.dataset.verdict;update();});});
  document.querySelectorAll('table.sortable th').forEach(function(th){var col=th.cellIndex;th.classList.add('sort');
    th.addEventListener('click',function(){var table=th.closest('table'),rows=[].slice.call(table.rows,1);
      var asc=th.dataset.dir!='asc';th.dataset.dir=asc?'asc':'desc';
      rows.sort(function(a,b){var x=a.cells[col].textContent.trim(),y=b.cells[col].textContent.trim();
        var nx=parseFloat(x),ny=parseFloat(y),c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
        return asc?c:-c;});
      rows.forEach(function(r){r.parentNode.appendChild(r);});});});
  window.addEventListener('hashchange',apply);apply();
})();
"""


def _e(text) -> str:
    return html.escape(str(text if text is not None else ""))


def _highlight(sentence: str, surface: str) -> str:
    return marked(sentence, surface, _e, "<mark>", "</mark>")


def _baseline_section(b) -> str:
    """"New since baseline": new conflicts (linked to their cards), changed figures, resolved
    conflicts, and counts of what came and went."""
    out = [f'<section id="baseline" class="filters"><h2>New since baseline <small>{_e(b.path)}</small></h2><ul>']
    for c in b.new_conflicts:
        out.append(f'<li><b class="fail">new conflict</b> <a href="#{_e(c["claim_id"])}" '
                   f'onclick="location.hash=\'verdict=all\';">{_e(c["claim_id"])}</a> {_e(c.get("label") or c["concept"])}: '
                   f'{_e(c["reason"])}</li>')
    for f in b.changed_figures:
        out.append(f'<li><b>changed</b> {_e(f["doc_id"])}:{_e(f["new"]["line"])} {_e(f.get("label") or f["concept"])}: '
                   f'<s>{_e(f["old"]["surface"])}</s> &rarr; <mark>{_e(f["new"]["surface"])}</mark></li>')
    for c in b.resolved_conflicts:
        out.append(f'<li><b class="pass">resolved</b> {_e(c.get("label") or c["concept"])} (was {_e(c["claim_id"])})</li>')
    out.append(f"</ul><p>{len(b.new_conflicts)} new, {len(b.known_conflicts)} known, {len(b.resolved_conflicts)} "
               f"resolved conflicts; {len(b.changed_figures)} changed figures; {len(b.new_claims)} new and "
               f"{len(b.gone_claims)} gone claims; {len(b.new_documents)} new and {len(b.gone_documents)} gone "
               "documents</p></section>")
    return "".join(out)


def _review_line(result, claim_id: str) -> str:
    """The reviewer's decision on a claim, when reviews were given."""
    outcome = (getattr(result, "reviews", None) or {}).get(claim_id)
    if outcome is None:
        return ""
    who = f" by {outcome.reviewer}" if outcome.reviewer else ""
    when = f" on {outcome.date}" if outcome.date else ""
    note = f": {outcome.note}" if outcome.note else ""
    changes = f" ({'; '.join(outcome.changes)})" if outcome.changes else ""
    return f'<div class="reason"><b>{_e(outcome.state)}</b> — {_e(outcome.status + who + when + note + changes)}</div>'


def _source(f) -> str:
    """Where a figure comes from: the article's title (a link when it has a URL), the outlet
    and date, then the file and line."""
    title = without_site_name(str(f.get("title") or "")) or f["doc_id"]
    url = str(f.get("url") or "")
    title_html = f'<a href="{_e(url)}">{_e(title)}</a>' if url.startswith(("http://", "https://")) else _e(title)
    outlet = " · ".join(_e(x) for x in (f.get("source"), f["published"]) if x)
    return (f'<span class="title">{title_html}</span>' + (f"<br>{outlet}" if outlet else "")
            + f'<br><small>{_e(f["doc_id"])}:{int(f["line"])}</small>')


def _interval(f) -> str:
    """The stated interval in its unit, and in the base unit when that differs: "[35, 35]
    kilometre (= [35,000, 35,000] metre)"."""
    stated = f'<span class="nw">[{format_number(f["low"])}, {format_number(f["high"])}]</span> {_e(f["unit"])}'
    if f["base_unit"] and f["base_unit"] != f["unit"]:
        stated += (f'<br><small>= <span class="nw">[{format_number(f["base_low"])}, '
                   f'{format_number(f["base_high"])}]</span> {_e(f["base_unit"])}</small>')
    return stated.rstrip()


TIMELINE_VERDICTS = (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT, Verdict.CHANGED)
"""Claims drawn as a timeline: the figure against publication time, one mark per source."""


def _input_name(result) -> str:
    """What the report is about: the story's title when the input is one story, else the folder
    the documents share, else "facts report"."""
    import os

    from ..claims.headings import story_headings

    titles = story_headings(result.documents, result.claims)
    if len(titles) == 1:
        return next(iter(titles.values()))
    paths = [str(p) for p in result.documents.get("path", []) if str(p) and p == p]
    try:
        common = os.path.commonpath(paths) if paths else ""
    except ValueError:
        common = ""
    name = os.path.basename(common.rstrip("/")) if common and not os.path.isfile(common) else ""
    return name or "facts report"


def _label(claim) -> str:
    """A claim's label as a reader says it (the claims table's `label`: "people injured")."""
    from .text import claim_label

    return claim_label(claim)


def _event(claim_key) -> str:
    """The event of a count of people ("killed" of "person|killed"), for the Event facet."""
    return str(claim_key).partition("|")[2] if "|" in str(claim_key) else ""




def _timeline(facts, claim) -> str:
    """The figure against publication time (`timeline.svg`): one mark per source and figure; the
    sources without a date listed beside the chart, not drawn at its first date."""
    from datetime import date

    from .timeline import Point, svg

    points: dict[tuple, Point] = {}
    for i in claim.mentions:
        f = facts.loc[i]
        try:
            day = date.fromisoformat(str(f["published"])[:10]).toordinal()
        except ValueError:
            day = None
        source = without_site_name(str(f.get("title") or "")) or str(f["doc_id"])
        points.setdefault((source, float(f["base_value"])), Point(day, float(f["base_value"]), str(f["surface"]),
                                                                 source))
    compared = tuple(float(facts.loc[i, "base_value"]) for i in claim.pair) if isinstance(claim.pair, tuple) else ()
    return svg(list(points.values()), _label(claim), compared)


DISMISSED = "dismissed"
"""The filter value of conflicts a reviewer dismissed as false alarms: listed apart, not as conflicts."""


def render(result) -> str:
    from ..checks.standing import DISMISSED_BY_REVIEW, FAIL, PASS, expectation_state, standing

    claims, facts = result.claims, result.facts
    where = standing(result)
    dismissed = {c for c, why in where.passed.items() if why == DISMISSED_BY_REVIEW}
    counts = dict(where.counts)
    counts[Verdict.CONFLICT] = where.conflicts
    counts[DISMISSED] = len(dismissed)
    docs = result.documents
    read = docs[docs["status"] == DocumentStatus.OK] if len(docs) else docs
    titles = {d["doc_id"]: without_site_name(str(d["title"] or "")) or d["doc_id"] for d in read.to_dict("records")}
    sources = sorted(titles, key=lambda d: (titles[d].lower(), d))
    shown_order = (Verdict.CONFLICT, DISMISSED, *VERDICT_ORDER[1:])
    order = {v: i for i, v in enumerate(shown_order)}

    def shown(claim) -> str:
        """The card's verdict: a conflict dismissed by review is shown apart."""
        return DISMISSED if claim.claim_id in dismissed else claim.verdict

    ranked = sorted(claims.itertuples(), key=lambda c: (order.get(shown(c), 9), -(getattr(c, "confidence", None) or 0.0),
                                                      c.claim_id)) if len(claims) else []
    buttons = [v for v in shown_order if v != DISMISSED or dismissed]
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="generator" content="facts">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>facts: {_e(_input_name(result))}</title><style>{CSS}</style></head><body>",
           f'<header><h1>{_e(_input_name(result))}: <span class="{"pass" if result.success else "fail"}" '
           f'style="color:inherit">{_e(where.word)}</span></h1>'
           f'<div class="verdict-line">{_e(where.line.split(": ", 1)[1])}</div></header><main>',
           '<div class="counts">']
    for verdict in buttons:
        words = "dismissed by review" if verdict == DISMISSED else verdict.replace("_", " ")
        out.append(f'<button type="button" class="count {verdict}" data-verdict="{verdict}" '
                   f'title="show only {words} claims">'
                   f'<b>{int(counts.get(verdict, 0))}</b>{words}</button>')
    out.append("</div>")
    if result.baseline is not None:
        out.append(_baseline_section(result.baseline))
    out.append('<div class="filters"><label>Verdict <select id="f-verdict"><option value="all">all</option>')
    out += [f'<option value="{v}">{"dismissed by review" if v == DISMISSED else v.replace("_", " ")}</option>'
            for v in buttons]
    out.append('</select></label><label>Source <select id="f-source"><option value="all">all</option>')
    out += [f'<option value="{_e(s)}">{_e(titles[s])}</option>' for s in sources]
    events = sorted({_event(c.claim_key) for c in ranked} - {""})
    windows = sorted({str(c.time_window) for c in ranked} - {""})
    out.append('</select></label><label>Event <select id="f-event"><option value="all">all</option>')
    out += [f'<option value="{_e(e)}">{_e(e)}</option>' for e in events]
    out.append('</select></label><label>Time <select id="f-window"><option value="all">all</option>')
    out += [f'<option value="{_e(w)}">{_e(w)}</option>' for w in windows]
    single = int(counts.get(Verdict.SINGLE_SOURCE, 0)) if len(claims) else 0
    out.append('</select></label><label>Search <input id="f-search" type="search" placeholder="words in a claim">'
               f'</label><label><input id="f-single" type="checkbox"> single-source claims ({single})</label>'
               ' showing <span id="shown"></span> claims</div><section id="claims">')
    for claim in ranked:
        verdict_words = claim.verdict.replace("_", " ") + (" · dismissed by review" if shown(claim) == DISMISSED else "")
        out.append(f'<div class="claim {shown(claim)}" data-verdict="{shown(claim)}" '
                   f'data-event="{_e(_event(claim.claim_key))}" data-window="{_e(claim.time_window)}" '
                   f'data-sources="{_e("|".join(claim.sources))}" id="{claim.claim_id}">'
                   f'<h3><span class="verdict">{verdict_words}</span>{_e(_label(claim))} '
                   f'<small>{claim.claim_id}{(" · " + _e(claim.unit)) if claim.unit else ""}</small></h3>'
                   f'<div class="reason">{_e(named_sources(claim.reason, facts, claim.mentions))}</div>'
                   f'{_review_line(result, claim.claim_id)}'
                   f'{_timeline(facts, claim) if claim.verdict in TIMELINE_VERDICTS else ""}<table>'
                   "<tr><th>source</th><th>figure</th><th>interval</th><th>sentence</th></tr>")
        sides = claim_sides(facts, claim)
        for i in claim.mentions:
            f = facts.loc[i]
            side = (sides.get(i) or NOT_COMPARED) if sides else ""
            out.append(f'<tr><td class="src">{_source(f)}</td>'
                       f'<td>{_e(f["surface"])}<br><small>{_e(f["qualifier"])}</small>'
                       + (f'<br><small class="side-{side.replace(" ", "-")}">{side}</small>' if side else "") + "</td>"
                       f'<td>{_interval(f)}</td>'
                       f'<td>{_highlight(f["sentence"], f["surface"])}</td></tr>')
        out.append("</table></div>")
    out.append('</section><h2>Validation</h2><table id="expectations" class="sortable"><tr><th>suite</th>'
               "<th>check</th><th>result</th><th>unexpected</th><th>claims</th><th>details</th></tr>")
    for r in result.expectations:
        state, why = expectation_state(result, r, where)
        links = ", ".join(f'<a href="#{_e(c)}" onclick="location.hash=\'verdict=all\';">{_e(c)}</a>'
                          for c in failed_claims(result, r)) if not r.success else ""
        check = r.about or f"{r.expectation}({r.column})"
        css = {PASS: "pass", FAIL: "fail"}.get(state, "warn")
        out.append(f'<tr><td>{_e(r.suite)}</td><td>{_e(check)}</td>'
                   f'<td class="{css}">{_e(state)}{"<br><small>" + _e(why) + "</small>" if why else ""}</td>'
                   f"<td>{r.unexpected_count}</td><td>{links}</td><td>{_e(details_words(r) if not r.success else '')}</td></tr>")
    out.append('</table><h2>Documents</h2><table id="documents" class="sortable"><tr><th>doc_id</th><th>status</th>'
               "<th>reason</th><th>published</th><th>title</th></tr>")
    for d in result.documents.to_dict("records"):
        out.append(f"<tr><td>{_e(d['doc_id'])}</td><td>{_e(d['status'])}</td><td>{_e(d['reason'])}</td>"
                   f"<td>{_e(d['published'])}</td><td>{_e(d['title'])}</td></tr>")
    out.append(f"</table></main><script>{JS}</script></body></html>\n")
    return "".join(out)


DRAFT_ORDER = (DraftStatus.CONTRADICTED, DraftStatus.DISPUTED, DraftStatus.OUTDATED, DraftStatus.UNSUPPORTED,
               DraftStatus.SUPPORTED)
DRAFT_CLASS = {DraftStatus.CONTRADICTED: Verdict.CONFLICT, DraftStatus.DISPUTED: Verdict.POSSIBLE_CONFLICT,
               DraftStatus.OUTDATED: Verdict.CHANGED, DraftStatus.UNSUPPORTED: Verdict.SINGLE_SOURCE,
               DraftStatus.SUPPORTED: Verdict.CORROBORATED}


EVIDENCE_WORDS = {True: "agrees", False: "disagrees", None: "perhaps the same fact"}
"""How a source figure stands to the draft's (the evidence's `agrees`)."""


def _named_source(names: dict, doc_id: str) -> str:
    """A draft's evidence source as a person names it, with the file below for machines."""
    name = names.get(doc_id, "")
    return (f'<span class="title">{_e(name)}</span><br>' if name and name != doc_id else "") + f"<small>{_e(doc_id)}</small>"


def _figure_words(f) -> str:
    """"35 years", not "35 years years": the concept only when the figure does not say it."""
    surface, concept = str(f["surface"]), str(f.get("concept") or "")
    words = surface.lower().split()
    if not concept or concept.lower() in surface.lower() or (words and concept.lower().split()[0] in words):
        return surface
    return f"{surface} {concept}"


def _plain(text: str) -> str:
    """A draft's Markdown sentence as a reader sees it: no **, __, backticks or heading marks."""
    import re

    text = re.sub(r"(\*\*|__|`)", "", str(text))
    return re.sub(r"^\s*(#{1,6}|>)\s*", "", text)


def render_draft(result) -> str:
    """The draft's figures, worst first, each with the source sentence that decided it."""
    from .text import source_name

    figures = sorted(result.figures.to_dict("records"), key=lambda f: (DRAFT_ORDER.index(f["status"]), f["start"]))
    names = {d["doc_id"]: source_name(d) for d in result.sources.to_dict("records")} if len(result.sources) else {}
    counts = {s: sum(f["status"] == s for f in figures) for s in DRAFT_ORDER}
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="generator" content="facts">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">',
           f"<title>facts: {_e(result.draft['path'])}</title><style>{CSS}</style></head><body>",
           f"<header><h1>{_e(result.draft['path'])}: {'PASS' if result.success else 'FAIL'}</h1>"
           f"{len(figures)} figures checked against {len(result.sources)} sources</header><main>"
           '<div class="counts">']
    for status in DRAFT_ORDER:
        out.append(f'<div class="count {DRAFT_CLASS[status]}"><b>{counts[status]}</b>{status}</div>')
    out.append('</div><section id="claims">')
    for f in figures:
        out.append(f'<div class="claim {DRAFT_CLASS[f["status"]]}" data-verdict="{f["status"]}" data-sources="">'
                   f'<h3><span class="verdict">{f["status"]}</span>line {f["line"]}: {_e(_figure_words(f))}'
                   f'</h3><div class="reason">{_e(f["reason"])}</div>'
                   f'<p>{_highlight(_plain(f["sentence"]), f["surface"])}</p><table>')
        for e in f["evidence"]:
            out.append(f'<tr><td class="src">{_named_source(names, e["doc_id"])}</td>'
                       f'<td>{_highlight(e["sentence"], e["surface"])}</td>'
                       f'<td>{_e(EVIDENCE_WORDS[e["agrees"]])}, same fact: {e["confidence"]:.2f}</td></tr>')
        out.append("</table></div>")
    out.append("</section><h2>Not in the draft: the story's main facts</h2><table>")
    for r in result.not_in_draft.to_dict("records"):
        out.append(f'<tr><td class="src">{_named_source(names, r["doc_id"])}</td><td>{_e(r["label"])}: '
                   f'{_highlight(r["sentence"], r["surface"])}</td><td>{_e(plural(int(r["n_sources"]), "source"))}</td></tr>')
    if result.more_not_in_draft:
        out.append(f'<tr><td></td><td>{result.more_not_in_draft} more (--show all)</td><td></td></tr>')
    out.append("</table></main></body></html>\n")
    return "".join(out)
