"""Check a draft against its sources: which of the draft's figures are supported,
contradicted, outdated, or unsupported by the sources.

The same machinery as `facts check`: claim keys from `claims.keys`, intervals from `claims.compare`, compatibility
decided by the `cross_source` suite (so its tolerance applies) over a table of draft-figure x
source-figure pairs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..claims.compare import claim_mentions, pair_gap, pairs_frame, same_actor
from ..claims.keys import OUTSIDE_ROLES, TOLL_ROLES, is_total, with_keys
from ..types import DraftStatus

STATUSES = tuple(DraftStatus)
DRAFT_ID = "draft"
_OPEN_WINDOWS = ("", "since then")


@dataclass(frozen=True)
class DraftResult:
    draft: dict            # the draft's documents-table row
    figures: object        # DataFrame: one row per draft figure with status, reason, evidence
    not_in_draft: object   # DataFrame: source figures whose fact the draft does not state
    sources: object        # documents table of the sources
    facts: object          # fact table of draft and sources
    expectations: tuple    # results of the suites over the draft pairs
    strict: bool = False
    story: str = ""        # the story of the sources closest to the draft ("" when the sources hold one)
    story_title: str = ""
    stories: tuple = ()    # every story the draft was compared with, closest first

    @property
    def success(self) -> bool:
        statuses = set(self.figures["status"]) if len(self.figures) else set()
        return DraftStatus.CONTRADICTED not in statuses and not (self.strict and DraftStatus.UNSUPPORTED in statuses)


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


def draft_key(key: str, concept: str, holder: str) -> str:
    """The key a draft figure is matched by: the claim key, or for an age, the person it
    belongs to ("age|marcus hale"): ages stay out of claims across sources, but a draft's
    "Marcus Hale, 26" is checked against the sources' age of Marcus Hale."""
    if key or concept != "age" or not holder.strip():
        return key
    return "age|" + " ".join(holder.lower().split())


def _gap(key: str, a, b) -> float:
    """How far apart a draft figure and a source figure are: an age is a whole number of years
    that any tolerance would blur (25 is not 26), every other figure as the suite compares it."""
    if key.startswith("age|"):
        return 0.0 if a.value == b.value else 1.0
    return pair_gap(a, b)


def _windows_match(a: str, b: str) -> bool:
    """"since then" or no window matches anything; two stated windows must be the same."""
    return a == b or a in _OPEN_WINDOWS or b in _OPEN_WINDOWS


def check_draft(draft_doc, source_docs, suites_dir=None, strict: bool = False, stories: str = "auto",
                cache=None) -> DraftResult:
    """Every figure of `draft_doc` (a Document) judged against the figures of `source_docs`: of
    the story the draft is about, when the sources hold several (`stories.draft_stories`). With
    a `cache` (`engines.cache.Cache`), only documents it does not hold are extracted."""
    import pandas as pd

    from ..claims.headings import story_headings
    from ..claims.stories import StoryDocument, assign, draft_stories
    from ..engines.local import extract_documents
    from ..types import Document
    from .suites import load_suites, run_suites

    draft_doc = Document(**{**draft_doc.__dict__, "doc_id": DRAFT_ID})
    source_docs = assign(list(source_docs), stories)
    readable = [d for d in source_docs if d.status == "ok"]
    compared = draft_stories(StoryDocument(DRAFT_ID, draft_doc.title, draft_doc.text, draft_doc.published),
                             [StoryDocument(d.doc_id, d.title, d.text, d.published) for d in readable],
                             [d.story for d in readable])
    story = compared[0] if compared else ""
    facts_df, documents_df = extract_documents([draft_doc, *source_docs], cache=cache)
    df = with_keys(facts_df)
    df["claim_key"] = [draft_key(key, concept, holder) for key, concept, holder in
                       zip(df["claim_key"], df["concept"], df["holder"].fillna(""))]
    is_draft = df["doc_id"] == DRAFT_ID
    draft_rows, source_rows = df[is_draft], df[~is_draft]
    if compared:  # the other stories' figures are read (every input is accounted for), not compared
        source_rows = source_rows[source_rows["story"].isin(compared)]
    by_key: dict[tuple, list] = {}
    by_unit: dict[tuple, list] = {}
    for row in source_rows.itertuples():
        if row.claim_key:
            by_key.setdefault((row.claim_key, row.dimension, row.base_unit), []).append(row)
        elif row.base_unit and row.role not in OUTSIDE_ROLES:
            by_unit.setdefault((row.dimension, row.base_unit), []).append(row)

    mention = dict(zip(df.index, claim_mentions(df, list(range(len(df))))))
    pairs = []
    for d in draft_rows.itertuples():
        if d.claim_key:
            candidates = by_key.get((d.claim_key, d.dimension, d.base_unit), [])
        else:  # "in business for 35 years": no key; a source figure of the unit said in the same words
            candidates = [s for s in by_unit.get((d.dimension, d.base_unit), []) if same_words(d, s)] \
                if d.base_unit else []
        for s in candidates:
            if _windows_match(d.time_window, s.time_window) and same_actor(d.actor, s.actor):
                a, b = mention[d.Index], mention[s.Index]
                (a_low, a_high), (b_low, b_high) = a.against(b), b.against(a)
                pairs.append({"claim_id": d.Index, "a": d.Index, "b": s.Index, "a_doc": DRAFT_ID, "b_doc": s.doc_id,
                              "a_low": a_low, "a_high": a_high, "b_low": b_low, "b_high": b_high,
                              "same_time": True, "relative_gap": _gap(d.claim_key, a, b)})
    pairs_df = pairs_frame(pairs)
    suites = [s for s in load_suites(suites_dir) if s.table == "pairs"]
    results = tuple(run_suites(suites, {"pairs": pairs_df})) if suites else ()
    incompatible = {row for r in results if not r.success for row in r.unexpected_rows}

    figures = []
    for d in draft_rows.itertuples():
        mine = pairs_df[pairs_df["a"] == d.Index]
        good = [source_rows.loc[b] for i, b in zip(mine.index, mine["b"]) if i not in incompatible]
        bad = [source_rows.loc[b] for i, b in zip(mine.index, mine["b"]) if i in incompatible]
        if is_total(d.claim_key, d.dimension):  # "one of the men killed" neither contradicts nor outdates a toll
            bad = [r for r in bad if r["role"] in TOLL_ROLES]
        status, evidence, reason = _judge(d, good, bad, mention)
        figures.append({"line": int(d.line), "start": int(d.start), "end": int(d.end), "surface": d.surface,
                        "sentence": d.sentence, "value": d.value, "low": d.low, "high": d.high, "unit": d.unit,
                        "concept": d.concept, "status": status, "reason": reason, "evidence": evidence})
    matched = set(pairs_df["b"])
    draft_keys = {(r.claim_key, r.dimension, r.base_unit) for r in draft_rows.itertuples() if r.claim_key}
    not_in_draft = source_rows[[i not in matched and (r.claim_key, r.dimension, r.base_unit) not in draft_keys
                                for i, r in zip(source_rows.index, source_rows.itertuples())]]
    draft_record = documents_df[documents_df["doc_id"] == DRAFT_ID].iloc[0].to_dict()
    draft_record["path"] = draft_doc.path
    return DraftResult(draft_record, pd.DataFrame(figures, columns=[
        "line", "start", "end", "surface", "sentence", "value", "low", "high", "unit", "concept", "status",
        "reason", "evidence"]), not_in_draft, documents_df[documents_df["doc_id"] != DRAFT_ID], df, results, strict,
        story, story_headings(documents_df).get(story, "") if story else "", tuple(compared))


def _evidence(row) -> dict:
    return {"doc_id": row["doc_id"], "sentence": row["sentence"], "surface": row["surface"], "value": row["value"],
            "low": row["low"], "high": row["high"], "published": row["published"]}


def _judge(d, good: list, bad: list, mention: dict) -> tuple[str, list[dict], str]:
    """supported / outdated / contradicted / unsupported, the deciding source rows, and why."""
    if not good and not bad:
        what = d.concept or "this figure"
        return DraftStatus.UNSUPPORTED, [], f"no source states a figure for {what}"
    if good:
        latest_good = max(r["published"] or "" for r in good)
        newer = [r for r in bad if (r["published"] or "") > latest_good and latest_good]
        if newer:
            r = max(newer, key=lambda r: r["published"])
            return (DraftStatus.OUTDATED, [_evidence(r)] + [_evidence(g) for g in good[:1]],
                    f"{r['doc_id']} ({r['published']}) gives a newer figure, {r['surface']}, than "
                    f"{good[0]['doc_id']} ({good[0]['published']}), which agrees with {d.surface}")
        best = good[0]
        return (DraftStatus.SUPPORTED, [_evidence(r) for r in good],
                f"{best['doc_id']} states {best['surface']} ({len(good)} source figure"
                f"{'s agree' if len(good) > 1 else ' agrees'})")
    closest = min(bad, key=lambda r: pair_gap(mention[d.Index], mention[r.name]))
    what = closest["concept"] if closest["concept"] not in closest["surface"] else ""
    return (DraftStatus.CONTRADICTED, [_evidence(closest)] + [_evidence(r) for r in bad if r is not closest],
            f"{closest['doc_id']} states {closest['surface']} {what}".rstrip() + f"; the draft's {d.surface} "
            f"does not fit")
