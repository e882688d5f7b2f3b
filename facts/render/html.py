"""`--format html`: one self-contained page (inline CSS and JS, no network at view time).

Summary counts, conflicts first, every claim with its mentions and source sentences (figure
highlighted), filters by verdict and by source, and the validation results. The filter state
lives in the URL hash (#verdict=conflict&source=...), so a filtered view can be linked.
"""
from __future__ import annotations

import html

from ..audit import failed_claims, mention_sides
from . import marked
from ..numbers import format_number
from ..types import DocumentStatus, DraftStatus, Verdict

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
.fail{color:#a61b1b;font-weight:700}.pass{color:#2e7d32;font-weight:700}
[hidden]{display:none!important}
.count{cursor:pointer;border:0;border-left:6px solid #999;font:inherit;text-align:left}
.count.active{outline:2px solid #1f3a5f}
.filters select{max-width:22em}#f-search{min-width:12em;padding:3px 6px}.nw{white-space:nowrap}
.filters label{display:inline-block;margin:2px 14px 2px 0}.title{font-weight:600}.title a{color:#1f4e8c}
.side-outlier{color:#a61b1b;font-weight:700}.side-majority{color:#2e7d32}
.count.conflict,.claim.conflict{border-left-color:#c0392b}
.count.changed_over_time,.claim.changed_over_time{border-left-color:#e0a800}
.count.possible_conflict,.claim.possible_conflict{border-left-color:#8e44ad}
.count.corroborated,.claim.corroborated{border-left-color:#2e8b57}
.count.single_source,.claim.single_source{border-left-color:#8a939b}
@media (max-width:640px){main{padding:10px}header{padding:12px}
table,tbody,tr,td{display:block;width:auto}thead,th{display:none}td{border-top:none;padding:2px 0}
tr{border-top:1px solid #e3e6ea;padding:6px 0}.src{white-space:normal}
.filters select,#f-search{max-width:calc(100vw - 9em);min-width:0}.filters label{display:block}
main,td,.reason,h3{overflow-wrap:anywhere}}
"""
JS = """
(function(){
  function $(id){return document.getElementById(id);}
  function state(){var s={verdict:'all',source:'all',q:''};location.hash.slice(1).split('&').forEach(function(p){
    var kv=p.split('=');if(kv.length==2)s[kv[0]]=decodeURIComponent(kv[1]);});return s;}
  function apply(){var s=state();$('f-verdict').value=s.verdict;$('f-source').value=s.source;
    if(document.activeElement!==$('f-search'))$('f-search').value=s.q;var shown=0,q=s.q.toLowerCase();
    document.querySelectorAll('.claim').forEach(function(el){
      var ok=(s.verdict=='all'||el.dataset.verdict==s.verdict)&&
             (s.source=='all'||el.dataset.sources.split('|').indexOf(s.source)>=0)&&
             (!q||el.textContent.toLowerCase().indexOf(q)>=0);
      el.hidden=!ok;if(ok)shown++;});
    document.querySelectorAll('.count').forEach(function(el){
      el.classList.toggle('active',el.dataset.verdict==s.verdict);});
    $('shown').textContent=shown;}
  function update(){location.hash='verdict='+encodeURIComponent($('f-verdict').value)+
    '&source='+encodeURIComponent($('f-source').value)+'&q='+encodeURIComponent($('f-search').value);}
  $('f-verdict').addEventListener('change',update);$('f-source').addEventListener('change',update);
  $('f-search').addEventListener('input',update);
  document.querySelectorAll('.count').forEach(function(el){el.addEventListener('click',function(){
    $('f-verdict').value=(state().verdict==el.dataset.verdict)?'all':el.dataset.verdict;update();});});
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
                   f'onclick="location.hash=\'verdict=all\';">{_e(c["claim_id"])}</a> {_e(c["concept"])}: '
                   f'{_e(c["reason"])}</li>')
    for f in b.changed_figures:
        out.append(f'<li><b>changed</b> {_e(f["doc_id"])}:{_e(f["new"]["line"])} {_e(f["concept"])}: '
                   f'<s>{_e(f["old"]["surface"])}</s> &rarr; <mark>{_e(f["new"]["surface"])}</mark></li>')
    for c in b.resolved_conflicts:
        out.append(f'<li><b class="pass">resolved</b> {_e(c["concept"])} (was {_e(c["claim_id"])})</li>')
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
    title = f.get("title") or f["doc_id"]
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


def render(result) -> str:
    claims, facts = result.claims, result.facts
    counts = claims["verdict"].value_counts() if len(claims) else {}
    docs = result.documents
    read = docs[docs["status"] == DocumentStatus.OK] if len(docs) else docs
    titles = {d["doc_id"]: d["title"] or d["doc_id"] for d in read.to_dict("records")}
    sources = sorted(titles, key=lambda d: (titles[d].lower(), d))
    order = {v: i for i, v in enumerate(VERDICT_ORDER)}
    ranked = sorted(claims.itertuples(), key=lambda c: (order.get(c.verdict, 9), c.claim_id)) if len(claims) else []
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="generator" content="facts">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>facts report</title><style>{CSS}</style></head><body>",
           f'<header><h1>facts report: <span class="{"pass" if result.success else "fail"}" '
           f'style="color:inherit">{"PASS" if result.success else "FAIL"}</span></h1>'
           f"{len(result.documents)} documents · {len(facts)} facts · {len(claims)} claims</header><main>",
           '<div class="counts">']
    for verdict in VERDICT_ORDER:
        out.append(f'<button type="button" class="count {verdict}" data-verdict="{verdict}" '
                   f'title="show only {verdict.replace("_", " ")} claims">'
                   f'<b>{int(counts.get(verdict, 0)) if len(claims) else 0}</b>{verdict.replace("_", " ")}</button>')
    out.append("</div>")
    if result.baseline is not None:
        out.append(_baseline_section(result.baseline))
    out.append('<div class="filters"><label>Verdict <select id="f-verdict"><option value="all">all</option>')
    out += [f'<option value="{v}">{v.replace("_", " ")}</option>' for v in VERDICT_ORDER]
    out.append('</select></label><label>Source <select id="f-source"><option value="all">all</option>')
    out += [f'<option value="{_e(s)}">{_e(titles[s])}</option>' for s in sources]
    out.append('</select></label><label>Search <input id="f-search" type="search" placeholder="words in a claim">'
               '</label> showing <span id="shown"></span> claims</div><section id="claims">')
    for claim in ranked:
        out.append(f'<div class="claim {claim.verdict}" data-verdict="{claim.verdict}" '
                   f'data-sources="{_e("|".join(claim.sources))}" id="{claim.claim_id}">'
                   f'<h3><span class="verdict">{claim.verdict.replace("_", " ")}</span>{_e(claim.concept)} '
                   f'<small>{claim.claim_id}{(" · " + _e(claim.unit)) if claim.unit else ""}</small></h3>'
                   f'<div class="reason">{_e(claim.reason)}</div>{_review_line(result, claim.claim_id)}<table>'
                   "<tr><th>source</th><th>figure</th><th>interval</th><th>sentence</th></tr>")
        sides = mention_sides(facts, claim.mentions) \
            if claim.verdict in (Verdict.CONFLICT, Verdict.POSSIBLE_CONFLICT) else {}
        for i in claim.mentions:
            f = facts.loc[i]
            side = sides.get(i, "")
            out.append(f'<tr><td class="src">{_source(f)}</td>'
                       f'<td>{_e(f["surface"])}<br><small>{_e(f["qualifier"])}</small>'
                       + (f'<br><small class="side-{side}">{side}</small>' if side else "") + "</td>"
                       f'<td>{_interval(f)}</td>'
                       f'<td>{_highlight(f["sentence"], f["surface"])}</td></tr>')
        out.append("</table></div>")
    out.append('</section><h2>Validation</h2><table id="expectations"><tr><th>suite</th><th>expectation</th>'
               "<th>result</th><th>unexpected</th><th>claims</th><th>details</th></tr>")
    for r in result.expectations:
        status = "pass" if r.success else ("FAIL" if r.severity == "error" else "warning")
        links = ", ".join(f'<a href="#{_e(c)}" onclick="location.hash=\'verdict=all\';">{_e(c)}</a>'
                          for c in failed_claims(result, r)) if not r.success else ""
        out.append(f'<tr><td>{_e(r.suite)}</td><td>{_e(r.expectation)}({_e(r.column)})</td>'
                   f'<td class="{"pass" if r.success else "fail"}">{status}</td><td>{r.unexpected_count}</td>'
                   f"<td>{links}</td><td>{_e(r.details)}</td></tr>")
    out.append('</table><h2>Documents</h2><table id="documents"><tr><th>doc_id</th><th>status</th><th>reason</th>'
               "<th>published</th><th>title</th></tr>")
    for d in result.documents.to_dict("records"):
        out.append(f"<tr><td>{_e(d['doc_id'])}</td><td>{_e(d['status'])}</td><td>{_e(d['reason'])}</td>"
                   f"<td>{_e(d['published'])}</td><td>{_e(d['title'])}</td></tr>")
    out.append(f"</table></main><script>{JS}</script></body></html>\n")
    return "".join(out)


DRAFT_ORDER = (DraftStatus.CONTRADICTED, DraftStatus.OUTDATED, DraftStatus.UNSUPPORTED, DraftStatus.SUPPORTED)
DRAFT_CLASS = {DraftStatus.CONTRADICTED: Verdict.CONFLICT, DraftStatus.OUTDATED: Verdict.CHANGED, DraftStatus.UNSUPPORTED: Verdict.SINGLE_SOURCE,
               DraftStatus.SUPPORTED: Verdict.CORROBORATED}


def render_draft(result) -> str:
    """The draft's figures, worst first, each with the source sentence that decided it."""
    figures = sorted(result.figures.to_dict("records"), key=lambda f: (DRAFT_ORDER.index(f["status"]), f["start"]))
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
                   f'<h3><span class="verdict">{f["status"]}</span>line {f["line"]}: {_e(f["surface"])} '
                   f'{_e(f["concept"])}</h3><div class="reason">{_e(f["reason"])}</div>'
                   f'<p>{_highlight(f["sentence"], f["surface"])}</p><table>')
        for e in f["evidence"]:
            out.append(f'<tr><td class="src">{_e(e["doc_id"])}</td><td>{_highlight(e["sentence"], e["surface"])}'
                       "</td></tr>")
        out.append("</table></div>")
    out.append("</section><h2>Not in the draft</h2><table>")
    for r in result.not_in_draft.to_dict("records"):
        out.append(f'<tr><td class="src">{_e(r["doc_id"])}</td><td>{_highlight(r["sentence"], r["surface"])}'
                   "</td></tr>")
    out.append("</table></main></body></html>\n")
    return "".join(out)
