"""Check a draft against its sources: which of the draft's figures are supported,
contradicted, outdated, disputed or unsupported by the sources.

A draft figure is judged only by source figures that state the same fact: figures of its claim
key (`claims.keys`; for a figure without one, of its unit said in the same words) that the
same-fact model (`claims.samefact`, scored as `facts check` scores two sources) gives at least
the cross-source suite's `draft_at` (`DRAFT_AT`). For a toll, only what a source gives as its toll counts
(`features.toll_candidate`: the figure it states most often and its largest), never a part or a
lower bound from another sentence. Whether two figures agree is the `cross_source` suite's
decision over a table of pairs, each figure read to its stated precision (`claims.intervals`):
the draft's figure against each source's, and, where they split, the sources' among themselves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..claims.compare import (
    ClaimMention,
    by_source,
    claim_mentions,
    pair_gap,
    pairs_frame,
    same_actor,
    same_fact_probabilities,
    same_place,
    source_notes,
    sums_of_addends,
)
from ..claims.features import FEATURES, ClaimSide, PairInput, toll_candidate, toll_sure
from ..claims.keys import AGE_KEY, STRONG_POSITIONS, is_total, with_keys
from ..types import TOLL_ROLES, DraftStatus, MentionRole

STATUSES = tuple(DraftStatus)
DRAFT_ID = "draft"
_OPEN_WINDOWS = ("", "since then")
DRAFT_AT = 0.5
"""From which same-fact probability a source figure states a draft figure's fact (and so supports,
contradicts or disputes it), unless the cross-source suite's `meta.facts.same_fact.draft_at`
says otherwise (the shipped suite says 0.5). Lower than `conflict_at` (0.8): the model is
trained on disagreements between published sources, where most same-key pairs are a part and a
whole, while a draft figure is read against all its sources at once. Set on our own drafts
(tests/data/drafts), so a fitted figure."""
DRAFT_MARGIN = 0.2
"""How much less likely than the likeliest source figure another may be and still decide a draft
figure's status: a figure much less likely to state the draft's fact (a 2009 quake's magnitude
beside this one's) does not decide. Wider than the cross-source `agree_margin` (0.15): a draft is
read against every source at once, and a later source's revised figure ("raises job cuts to
1,500") is worded otherwise than the figure the draft followed. Set on the drafts of
tests/data/drafts/ (our own), so a fitted figure."""
MAIN_FACTS_SHOWN = 10
"""How many of the story's main facts the draft does not state are listed (`--show all`: every one)."""
FAILING = (DraftStatus.CONTRADICTED,)
STRICT_FAILING = (DraftStatus.CONTRADICTED, DraftStatus.DISPUTED, DraftStatus.UNSUPPORTED)
"""The statuses that fail a draft check, and with --strict (every figure must be supported or,
if a later source changed it, say so: outdated is reported, never a failure)."""


@dataclass(frozen=True)
class DraftResult:
    draft: dict            # the draft's documents-table row
    figures: object        # DataFrame: one row per draft figure with status, reason, evidence
    not_in_draft: object   # DataFrame: the story's main facts the draft does not state, most sources first
    sources: object        # documents table of the sources
    facts: object          # fact table of draft and sources
    expectations: tuple    # results of the suites over the draft pairs
    strict: bool = False
    story: str = ""        # the story of the sources closest to the draft ("" when the sources hold one)
    story_title: str = ""
    stories: tuple = ()    # every story the draft was compared with, closest first
    more_not_in_draft: int = 0  # main facts not in the draft beyond those listed (see `--show all`)

    def fails(self, status: str) -> bool:
        """Whether a figure of this status fails the check."""
        return status in (STRICT_FAILING if self.strict else FAILING)

    @property
    def success(self) -> bool:
        return not any(self.fails(s) for s in self.figures.get("status", ()))  # type: ignore[attr-defined]


SHARED_WORDS = 2
"""A draft figure without a claim key (a duration, a distance) is matched with source figures of
its unit whose sentences share this many content words with its own ("in business for 35
years")."""
_WORD = re.compile(r"[a-z]{4,}")
_COMMON = frozenset({"that", "this", "with", "from", "have", "been", "were", "said", "they", "their", "there",
                     "which", "when", "will", "would", "about", "after", "before", "more", "than", "years",
                     "year", "hours", "minutes", "days", "months", "weeks", "miles", "feet"})


NEAR_WORDS = 5
"""How many words before a figure say what it is about ("in business for | 35 years")."""


def content_words(text: str) -> set[str]:
    """The words of four letters or more of a text, less the commonest and unit words."""
    return set(_WORD.findall(text.lower())) - _COMMON


def same_words(a, b) -> bool:
    """Two figures of one unit stated in the same words: their sentences share `SHARED_WORDS`
    content words, or one of the words right before each figure."""
    if len(content_words(a.sentence) & content_words(b.sentence)) >= SHARED_WORDS:
        return True
    return bool(_near(a) & _near(b))


def _near(row) -> set[str]:
    """The content words among the `NEAR_WORDS` words before a figure in its sentence."""
    text = row.sentence[:max(0, row.sentence.find(row.surface))]
    return content_words(" ".join(text.split()[-NEAR_WORDS:]))


def _next(row) -> set[str]:
    """The content words among the `NEAR_WORDS` words after a figure in its sentence."""
    at = row.sentence.find(row.surface)
    text = row.sentence[at + len(row.surface):] if at >= 0 else ""
    return content_words(" ".join(text.split()[:NEAR_WORDS]))


def same_neighbours(a, b) -> bool:
    """Two figures of one unit said in the same words right around them: a word of the
    `NEAR_WORDS` before each, or of those after each ("35 miles | southwest of Bandar Abbas";
    not "1,500 kilometers | south of Tehran")."""
    return bool(_near(a) & _near(b)) or bool(_next(a) & _next(b))


def draft_key(key: str, concept: str, holder: str) -> str:
    """The key a draft figure is matched by: the claim key, or for an age keyed by nothing, the
    person it belongs to ("age|hale"): the age of a person named in full is keyed so already
    (`keys.person_ages`), and a draft's "Marcus Hale, 26" is checked against the sources' age of
    Marcus Hale."""
    if key or concept != "age" or not holder.strip():
        return key
    return AGE_KEY + " ".join(holder.lower().split())


def _windows_match(a: str, b: str) -> bool:
    """"since then" or no window matches anything; two stated windows must be the same."""
    return a == b or a in _OPEN_WINDOWS or b in _OPEN_WINDOWS


@dataclass(frozen=True)
class Evidence:
    """A source mention weighed against a draft figure: `p`, how likely the two state the same
    fact (the same-fact model)."""

    m: ClaimMention
    p: float


@dataclass(frozen=True)
class _Weighed:
    """What a draft figure is judged by: the source mentions that state the same fact, likeliest
    first, and those that may; `margin`: how much less likely than the likeliest a mention may be
    and still decide (`DRAFT_MARGIN`)."""

    same: list
    possible: list
    threshold: float  # `draft_at`: from it, a source figure states the draft figure's fact
    margin: float

    @property
    def deciding(self) -> list:
        """The same-fact mentions nearly as likely as the likeliest: a figure much less likely
        to state the draft's fact (a 2009 quake's magnitude beside this one's) does not decide."""
        return [e for e in self.same if e.p >= self.same[0].p - self.margin] if self.same else []


def check_draft(draft_doc, source_docs, suites_dir=None, strict: bool = False, stories: str = "auto",
                cache=None, show_all: bool = False) -> DraftResult:
    """Every figure of `draft_doc` (a Document) judged against the figures of `source_docs`: of
    the story the draft is about, when the sources hold several (`stories.draft_stories`). With
    a `cache` (`engines.cache.Cache`), only documents it does not hold are extracted.
    `show_all`: list every main fact of the story the draft does not state, not the first
    `MAIN_FACTS_SHOWN`."""
    import pandas as pd

    from ..claims.headings import story_headings
    from ..claims.stories import StoryDocument, assign, draft_stories
    from ..engines.local import extract_documents
    from ..types import Document
    from .audit import align_options
    from .suites import load_suites

    source_docs = assign(list(source_docs), stories)
    # An undated draft is read as written after its sources: "in 2009" in it is another, earlier event.
    stated_date = draft_doc.published
    newest = max((d.published for d in source_docs if d.status == "ok" and d.published), default="")
    draft_doc = Document(**{**draft_doc.__dict__, "doc_id": DRAFT_ID, "published": stated_date or newest})
    readable = [d for d in source_docs if d.status == "ok"]
    compared = draft_stories(StoryDocument(DRAFT_ID, draft_doc.title, draft_doc.text, draft_doc.published),
                             [StoryDocument(d.doc_id, d.title, d.text, d.published) for d in readable],
                             [d.story for d in readable])
    story = compared[0] if compared else ""
    facts_df, documents_df = extract_documents([draft_doc, *source_docs], cache=cache)
    # The draft is keyed with its sources as one collection: its figures are read against theirs,
    # whichever of their stories they belong to (keys are otherwise decided within a story).
    df = with_keys(facts_df.drop(columns=["story"], errors="ignore"))
    if "story" in facts_df.columns:
        df["story"] = facts_df["story"]
    df["claim_key"] = [draft_key(key, concept, holder) for key, concept, holder in
                       zip(df["claim_key"], df["concept"], df["holder"].fillna(""))]
    is_draft = df["doc_id"] == DRAFT_ID
    draft_rows, source_rows = df[is_draft], df[~is_draft]
    if compared:  # the other stories' figures are read (every input is accounted for), not compared
        source_rows = source_rows[source_rows["story"].isin(compared)]
    suites = [s for s in load_suites(suites_dir) if s.table == "pairs"]
    options = align_options(suites)
    draft_at = draft_threshold(suites)
    notes = source_notes(df)
    mention = dict(zip(df.index, claim_mentions(df, list(range(len(df))))))

    weighed = _weigh(draft_rows, source_rows, mention, notes, options, draft_at)
    listed = {i: w.same + w.possible for i, w in weighed.items()}
    results, flagged = _run(suites, [_pair(f"{i}/{k}", mention[i], e) for i, items in listed.items()
                                     for k, e in enumerate(items)])
    agrees = {i: [not flagged[f"{i}/{k}"] for k in range(len(items))] for i, items in listed.items()}
    split = {}
    for i, w in weighed.items():
        deciding = w.deciding
        split[i] = ([e for e, ok in zip(listed[i], agrees[i]) if ok and e in deciding],
                    [e for e, ok in zip(listed[i], agrees[i]) if not ok and e in deciding])
    # Where some same-fact sources fit the draft and others do not: do the sources disagree?
    source_pairs = [_pair(f"{i}/{g}/{b}", good.m, bad) for i, (fits, misses) in split.items()
                    for g, good in enumerate(fits) for b, bad in enumerate(misses)]
    opposed = _run(suites, source_pairs)[1] if source_pairs else {}

    figures = []
    for d in draft_rows.itertuples():
        fits, misses = split[d.Index]
        apart = {(g, b) for g in range(len(fits)) for b in range(len(misses)) if opposed.get(f"{d.Index}/{g}/{b}")}
        status, evidence, reason = _judge(d, fits, misses, apart, weighed[d.Index])
        given = {e for e, _ in evidence}  # then the other same-fact figures, agreeing or not
        evidence += [(e, ok) for e, ok in zip(listed[d.Index], agrees[d.Index])
                     if e not in given and e in weighed[d.Index].same]
        figures.append({"line": int(d.line), "start": int(d.start), "end": int(d.end), "surface": d.surface,
                        "sentence": d.sentence, "value": d.value, "low": d.low, "high": d.high, "unit": d.unit,
                        "concept": d.concept, "status": status, "reason": reason,
                        "evidence": [_evidence(df, e, ok) for e, ok in evidence]})
    stated = {e.m.index for w in weighed.values() for e in w.same + w.possible}
    draft_keys: set[tuple] = {(r.claim_key, r.dimension, r.base_unit) for r in draft_rows.itertuples() if r.claim_key}
    draft_keys |= {(_noun(r.claim_key), r.base_value) for r in draft_rows.itertuples() if r.claim_key}
    main = main_facts(source_rows, stated, draft_keys)
    shown = main if show_all else main.head(MAIN_FACTS_SHOWN)
    draft_record = documents_df[documents_df["doc_id"] == DRAFT_ID].iloc[0].to_dict()
    draft_record["path"], draft_record["published"] = draft_doc.path, stated_date
    return DraftResult(draft_record, pd.DataFrame(figures, columns=[
        "line", "start", "end", "surface", "sentence", "value", "low", "high", "unit", "concept", "status",
        "reason", "evidence"]), shown.reset_index(drop=True), documents_df[documents_df["doc_id"] != DRAFT_ID], df,
        results, strict, story, story_headings(documents_df).get(story, "") if story else "", tuple(compared),
        len(main) - len(shown))


def draft_threshold(suites) -> float:
    """`draft_at` of the cross-source suites (the last that sets it), else `DRAFT_AT`."""
    found = [dict(s.same_fact)["draft_at"] for s in suites if "draft_at" in dict(s.same_fact)]
    return found[-1] if found else DRAFT_AT


def _weigh(draft_rows, source_rows, mention: dict, notes, options, draft_at: float) -> dict:
    """Per draft figure (its row label), the source mentions that state or may state the same
    fact (`_Weighed`), most likely first."""
    from ..claims.keys import claim_keys

    # A figure about another event ("in 2009, a quake killed 1,200") is never evidence for the
    # story's, but a draft's figure about that event is checked against theirs, by the key it would have.
    past = [r for r in (*draft_rows.itertuples(), *source_rows.itertuples()) if r.role == MentionRole.OTHER_EVENT]
    inner = claim_keys((r.concept_key, r.predicate, r.event) for r in past)
    past_key = {r.Index: inner[(r.concept_key, r.predicate, r.event)] for r in past}
    by: dict[tuple, list] = {}
    for row in source_rows.itertuples():
        for index in _indexes(row, past_key):
            by.setdefault(index, []).append(row)
    out = {}
    for d in draft_rows.itertuples():
        totals = is_total(d.claim_key, d.dimension)
        if d.role == MentionRole.OTHER_EVENT:
            candidates = by.get(("past", past_key[d.Index], d.dimension, d.base_unit), []) \
                if past_key[d.Index] else []
        elif d.claim_key:  # a measure no source keys alike ("35 miles southwest of"): one of its unit said alike
            candidates = by.get(("key", d.claim_key, d.dimension, d.base_unit), []) or [
                s for s in by.get(("unit", d.dimension, d.base_unit), []) if d.base_unit and same_neighbours(d, s)]
        elif d.base_unit:  # "in business for 35 years": a source figure of the unit said in the same words
            candidates = [s for s in by.get(("unit", d.dimension, d.base_unit), []) if same_words(d, s)]
        else:  # "about 2,500 people spent the night in tents": a count of the same noun said alike
            candidates = [s for s in by.get(("noun", d.concept_key, d.dimension), []) if d.concept_key
                          and same_words(d, s)]
        candidates = [s for s in candidates if _windows_match(d.time_window, s.time_window)
                      and same_actor(d.actor, s.actor) and (totals or same_place(d.place, s.place))]
        a = mention[d.Index]
        theirs = [mention[s.Index] for s in candidates]
        if totals:
            theirs += sums_of_addends(theirs, notes)
        counted = (bool(d.claim_key) and not d.base_unit) or d.role == MentionRole.OTHER_EVENT
        out[d.Index] = _weighed(a, theirs, counted, totals, notes, options, draft_at)
    return out


def _indexes(row, past_key: dict) -> list[tuple]:
    """Where a source figure is looked up by a draft's: its claim key; its unit (a measure); the
    noun it counts when it has no key; the key it would have when it is about another event."""
    if row.role == MentionRole.OTHER_EVENT:
        return [("past", past_key[row.Index], row.dimension, row.base_unit)] if past_key[row.Index] else []
    out = [("key", row.claim_key, row.dimension, row.base_unit)] if row.claim_key else []
    if row.base_unit:
        out.append(("unit", row.dimension, row.base_unit))
    elif not row.claim_key and row.concept_key:
        out.append(("noun", row.concept_key, row.dimension))
    return out


def _weighed(a: ClaimMention, theirs: list, counted: bool, totals: bool, notes, options, draft_at: float) -> _Weighed:
    """The source mentions `theirs` that state, or may state, the fact of the draft's `a`, each
    scored as the draft's statement of it. A toll is weighed against what each source gives as
    its toll: the figures of its headline, lead, caption and totals, or when it states none
    there, the toll it surely gives (`features.toll_sure`), or else the figure it states most
    often and its largest. Another count (`counted`) is weighed against the sources' counts of
    its kind (a plain count against theirs; a part, other people or an earlier count against
    theirs); a measure ("35 miles southwest of") or a figure without a claim key against any
    figure of its unit."""
    by_doc = by_source(theirs)
    if not counted:
        comparable = theirs
    elif a.toll or a.summed:
        comparable = [m for m in theirs if m.toll or m.summed]
        if totals:
            comparable = [m for doc, rows in by_doc.items()
                          for m in _tolls([m for m in comparable if m.doc_id == doc], ClaimSide.of(rows))]
    else:
        comparable = [m for m in theirs if m.role == a.role]
    # A toll is scored as what its source gives as the toll: that source's side is its tolls alone.
    comparable = [m for m in comparable if not years_apart(a, m)]
    pairs = [(a, m) for m in comparable]
    scored = same_fact_probabilities([a, *(comparable if totals else theirs)], pairs, options, totals, notes)
    found = sorted((Evidence(m, p) for (_, m), p in zip(pairs, scored) if p >= options.possible_at),
                   key=lambda e: -e.p)
    return _Weighed([e for e in found if e.p >= draft_at], [e for e in found if e.p < draft_at], draft_at,
                    DRAFT_MARGIN)


def years_apart(a: ClaimMention, b: ClaimMention) -> bool:
    """The two figures are dated to different years (the same-fact model's `years_differ`: "in
    2009" beside a figure of this year's story): never each other's evidence."""
    feature = next(f for f in FEATURES if f.name == "years_differ")
    return bool(feature.compute(PairInput(a, b, ClaimSide.of([a]), ClaimSide.of([b]))))


def _tolls(rows: list, side: ClaimSide) -> list:
    """What one source gives as the toll (see `_weighed`)."""
    return ([m for m in rows if _prominent(m)] or [m for m in rows if toll_sure(m, side)]
            or [m for m in rows if toll_candidate(m, side)])


def _pair(claim_id: str, a: ClaimMention, e: Evidence) -> dict:
    """A row of the pairs table the cross-source suite reads: `a` against the evidence's mention."""
    b = e.m
    (a_low, a_high), (b_low, b_high) = a.against(b), b.against(a)
    return {"claim_id": claim_id, "a": a.index, "b": b.index, "a_doc": a.doc_id, "b_doc": b.doc_id,
            "a_low": a_low, "a_high": a_high, "b_low": b_low, "b_high": b_high, "same_time": True,
            "relative_gap": pair_gap(a, b), "confident": True, "confidence": round(e.p, 6), "why": ""}


def _run(suites, rows: list[dict]) -> tuple[tuple, dict]:
    """The suites' results over these pairs, and per pair (its claim_id) whether a suite flagged
    its two figures as disagreeing."""
    from .suites import run_suites

    table = pairs_frame(rows)
    results = tuple(run_suites(suites, {"pairs": table})) if suites else ()
    unexpected = {row for r in results if not r.success for row in r.unexpected_rows}
    return results, {claim_id: i in unexpected for i, claim_id in zip(table.index, table["claim_id"])}


def _split(w: _Weighed, flagged: list[bool]) -> tuple[list, list]:
    """The same-fact mentions whose figures fit the draft's, and those that do not."""
    return [e for e, bad in zip(w.same, flagged) if not bad], [e for e, bad in zip(w.same, flagged) if bad]


def _day(m: ClaimMention) -> str:
    return str(m.published or "")[:10]


def _prominent(m: ClaimMention) -> bool:
    return m.position in STRONG_POSITIONS or m.role == MentionRole.TOTAL


def _best(items: list) -> list:
    """Evidence, best first: what a source states in its headline, lead or as a total, then the
    newer, then the likelier to state the same fact."""
    likeliest_first = sorted(items, key=lambda e: -round(e.p, 6))
    newest_first = sorted(likeliest_first, key=lambda e: _day(e.m), reverse=True)
    return sorted(newest_first, key=lambda e: not _prominent(e.m))


def _what(d, m: ClaimMention) -> str:
    """What a source figure counts or measures, when its surface does not say it: "32 shell
    casings", "$310 million net income", a reading on a scale by the scale ("6.2 magnitude")."""
    from ..figures.frames import lexicon

    if d.claim_key in set(lexicon().scale_words.values()):
        return "" if d.claim_key in m.surface.lower() else d.claim_key
    return m.measure if m.measure and m.measure.lower() not in m.surface.lower() else ""


def _sources(items: list, verb: str = "") -> str:
    """"3 sources", or with a verb "3 sources agree" / "1 source agrees"."""
    n = len(dict.fromkeys(e.m.doc_id for e in items))
    said = f"{n} source{'s' if n != 1 else ''}"
    return f"{said} {verb}{'s' if n == 1 else ''}" if verb else said


def _said(e: Evidence) -> str:
    return f"{e.m.doc_id} states {e.m.summed or e.m.surface}"


def _judge(d, fits: list, misses: list, apart: set, w: _Weighed) -> tuple[str, list, str]:
    """The status of draft figure `d`, its evidence as (Evidence, agrees with the draft) pairs,
    and why. `fits`/`misses`: the same-fact source mentions whose figures fit the draft's or do
    not; `apart`: which (fit, miss) of them disagree with each other."""
    fits, misses = list(fits), list(misses)
    if not fits and not misses:
        if w.possible:
            e = w.possible[0]
            return (DraftStatus.UNSUPPORTED, [(x, None) for x in w.possible],
                    f"no source surely states it: {_said(e)}, perhaps the same fact (same fact: {e.p:.2f}, "
                    f"below {w.threshold:.2f})")
        return (DraftStatus.UNSUPPORTED, [], f"no source states a figure for {d.concept}" if d.concept
                else "no source states it (it names nothing it counts or measures)")
    if not misses:
        best = _best(fits)
        return (DraftStatus.SUPPORTED, [(e, True) for e in best],
                f"{_said(best[0])} ({_sources(best, 'agree')}; same fact: {best[0].p:.2f})")
    against = _best(misses)
    if not fits:
        what = _what(d, against[0].m)
        return (DraftStatus.CONTRADICTED, [(e, False) for e in against],
                f"{_said(against[0])} {what}".rstrip() + f" ({_sources(against)}); the draft's {d.surface} does not fit")
    # Some same-fact figures fit the draft's and others do not: the sources disagree only when
    # two of theirs do ("at least one" fits both 42 and the 24 every other source gives).
    torn_fits = [fits[g] for g in sorted({g for g, _ in apart})]
    torn_misses = [misses[b] for b in sorted({b for _, b in apart})]
    if not torn_fits:
        # Only a looser statement fits ("at least 60" both 60 and the 75 of a later source): the
        # draft took that earlier figure when it says what the looser one says, else it is wrong.
        echoed = [e for e in fits if e.m.value == d.base_value and _day(e.m)]
        if echoed and all(_day(e.m) for e in misses) and max(_day(e.m) for e in misses) > max(_day(e.m) for e in echoed):
            newer = max(against, key=lambda e: _day(e.m))
            return (DraftStatus.OUTDATED, [(newer, False)] + [(e, True) for e in _best(echoed)],
                    f"{newer.m.doc_id} ({_day(newer.m)}) gives a newer figure, {newer.m.summed or newer.m.surface}, "
                    f"than {echoed[0].m.doc_id} ({_day(echoed[0].m)}), which says {echoed[0].m.summed or echoed[0].m.surface}")
        loose = _best(fits)[0]
        return (DraftStatus.CONTRADICTED, [(e, False) for e in against] + [(e, True) for e in _best(fits)],
                f"{_said(against[0])} ({_sources(against)}); the draft's {d.surface} does not fit (only "
                f"{loose.m.doc_id}'s {loose.m.summed or loose.m.surface}, which fits both, does)")
    newest_fit = max(_day(e.m) for e in torn_fits)
    newest_miss = max(_day(e.m) for e in torn_misses)
    dated = all(_day(e.m) for e in torn_fits + torn_misses)
    evidence_fits, evidence_misses = _best(torn_fits), _best(torn_misses)
    if dated and newest_miss > newest_fit:
        newer = max(evidence_misses, key=lambda e: _day(e.m))
        older = max(evidence_fits, key=lambda e: _day(e.m))
        return (DraftStatus.OUTDATED, [(newer, False)] + [(e, True) for e in evidence_fits],
                f"{newer.m.doc_id} ({_day(newer.m)}) gives a newer figure, {newer.m.summed or newer.m.surface}, than "
                f"{older.m.doc_id} ({_day(older.m)}), which agrees with {d.surface}")
    if dated and newest_fit > newest_miss:
        best = evidence_fits[0]
        older = evidence_misses[0]
        return (DraftStatus.SUPPORTED, [(e, True) for e in evidence_fits] + [(e, False) for e in evidence_misses],
                f"{_said(best)} ({_sources(evidence_fits, 'agree')}, the latest on {newest_fit}; same fact: "
                f"{best.p:.2f}); {older.m.doc_id} gave {older.m.summed or older.m.surface} earlier ({_day(older.m)})")
    return (DraftStatus.DISPUTED, [(e, True) for e in evidence_fits] + [(e, False) for e in evidence_misses],
            f"the sources disagree: {_said(evidence_fits[0])} ({_sources(evidence_fits)}), "
            f"{_said(evidence_misses[0])} ({_sources(evidence_misses)}); the draft's {d.surface} agrees with the first")


def _evidence(df, e: Evidence, agrees) -> dict:
    """A source mention as the report shows it: its figure as stated (a sum of counts by its
    words and total), how likely it states the draft figure's fact, and whether it agrees."""
    row = df.loc[e.m.index]
    if e.m.summed:
        surface, value, low, high = e.m.summed, e.m.value, e.m.value, e.m.value
    else:
        surface, value, low, high = row["surface"], row["value"], row["low"], row["high"]
    return {"doc_id": e.m.doc_id, "sentence": e.m.sentence, "surface": surface, "value": value, "low": low,
            "high": high, "published": row["published"], "confidence": round(e.p, 4), "agrees": agrees}


def _noun(claim_key: str) -> str:
    """What a claim counts or measures, without its event: "village|damaged" -> "village"."""
    return claim_key.partition("|")[0]


def main_facts(source_rows, stated: set, draft_keys: set):
    """The story's main facts the draft does not state: claims of the sources (a claim key,
    dimension, unit, time window and story, as `facts check` groups them) that a source states in
    its headline, lead or as a total, or that two sources or more state; none the draft states
    (a figure of it weighed against a draft figure, in `stated`; its key among the draft's, as
    (key, dimension, base unit); or its noun and figure, as (noun, base value): the draft's "seven
    villages" flattened states the "7 villages damaged" of a headline).
    Each once, by its figure the most sources give; most sources first, then those stated in a
    headline or lead, then in order of first mention."""
    import pandas as pd

    from ..figures.frames import claim_label

    columns = ["label", "surface", "value", "unit", "concept", "doc_id", "sentence", "n_sources", "doc_ids",
               "claim_key"]
    rows = source_rows[(source_rows["claim_key"] != "") & source_rows["role"].fillna("").isin(TOLL_ROLES)]
    groups: dict[tuple, list] = {}
    for r in rows.itertuples():
        story = getattr(r, "story", "")
        groups.setdefault((r.claim_key, r.dimension, r.base_unit, r.time_window, story), []).append(r)
    out, seen = [], set()
    for (key, dimension, base_unit, _window, _story), members in groups.items():
        if (key, dimension, base_unit) in draft_keys or any(m.Index in stated or (_noun(key), m.base_value) in draft_keys
                                                            for m in members):
            continue
        docs = list(dict.fromkeys(m.doc_id for m in members))
        strong = [m for m in members if m.position in STRONG_POSITIONS or m.role == MentionRole.TOTAL]
        if len(docs) < 2 and not strong:
            continue
        backing: dict[float, set] = {}
        for m in members:
            backing.setdefault(m.value, set()).add(m.doc_id)
        value = max(backing, key=lambda v: (len(backing[v]), any(m.value == v for m in strong), -_first(members, v)))
        shown = next((m for m in strong if m.value == value), None) or next(m for m in members if m.value == value)
        label = claim_label(key, str(shown.concept or ""), str(shown.unit if dimension != "count" else ""),
                            shown.surface, dimension)
        if (label, value) in seen:
            continue
        seen.add((label, value))
        out.append({"label": label, "surface": shown.surface, "value": shown.value, "unit": shown.unit,
                    "concept": shown.concept, "doc_id": shown.doc_id, "sentence": shown.sentence,
                    "n_sources": len(docs), "doc_ids": docs, "claim_key": key,
                    "_order": (-len(docs), not strong, members[0].Index)})
    out.sort(key=lambda r: r.pop("_order"))
    return pd.DataFrame(out, columns=columns)


def _first(members: list, value: float) -> int:
    return next(i for i, m in enumerate(members) if m.value == value)
