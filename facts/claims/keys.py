"""Claim keys: what a figure states, so that figures stating the same fact share a key.

A key is the concept (synonyms merged; for people, the event: killed, displaced...), keyed
further by the figure's time window; figures of different documents whose sentences match but
for the figure share a key (`context`). Figures about another event, or that count nothing, get
no key: they stay in the table, each a claim of its own.
"""
from __future__ import annotations

from ..figures.frames import AGE_KEY, PART, distance_keys, frame_key, lexicon, scale_keys
from ..types import MentionRole, Position
from .context import contexts, linked_keys
from .intervals import base_step, widened

WINDOW_PREFIXES = ("this ", "last ", "past ", "since ", "within ", "in ")


def claim_key(concept_key: str, predicate: str, event: str = "") -> str:
    """"civilian" + "kill" -> "person|killed"; "observation point" -> "military post" (see
    `frames.frame_key`)."""
    return frame_key(concept_key, predicate, event, lexicon())


def window(scope: str, dimension: str = "") -> str:
    """The part of a time scope that separates claims: windows ("this week", "since September
    4"), not weekdays. Durations are never keyed by a window: the sentence's window is usually
    the duration itself ("in the last 24 hours") or another one ("in 40 days ... in 60 days")."""
    if dimension == "time" or not scope.startswith(WINDOW_PREFIXES):
        return ""
    return scope


def _merge_suffix_keys(keys) -> dict[str, str]:
    """"uprising turn civil war" and "war" name one thing, as do "suspected member|arrested"
    and "member|arrested": map a key to the shortest key with the same event whose concept
    its own concept ends with."""
    present = {k for k in keys if k}
    mapping = {}
    for k in present:
        if k.startswith(("other ", PART)):  # "the other four parties", "two of them": other sets
            mapping[k] = k
            continue
        concept, _, event = k.partition("|")
        words = concept.split()
        target = k
        for i in range(len(words) - 1, 0, -1):  # shortest suffix first
            candidate = " ".join(words[i:]) + (f"|{event}" if event else "")
            if candidate in present:
                target = candidate
                break
        mapping[k] = target
    return mapping


def claim_keys(triples) -> dict[tuple[str, str, str], str]:
    """(concept_key, predicate, event) -> claim key, synonyms and events applied and suffixes
    merged over all the keys given ("uprising turn civil war" -> "war")."""
    raw = {t: claim_key(*t) for t in set(triples)}
    merge = _merge_suffix_keys(raw.values())
    return {pair: merge.get(k, k) for pair, k in raw.items()}


def story_keys(stories, triples) -> dict[tuple[str, tuple[str, str, str]], str]:
    """(story, (concept_key, predicate, event)) -> claim key: `claim_keys` within each story, so
    that what one story's figures are keyed by never depends on the other stories of a run
    (adding an unrelated article changes no claim of a story)."""
    by_story: dict[str, set] = {}
    for story, triple in zip(stories, triples):
        by_story.setdefault(story, set()).add(triple)
    return {(story, t): k for story, found in by_story.items() for t, k in claim_keys(found).items()}


def story_column(df) -> list[str]:
    """The story of each row as text ("" when the table has no stories)."""
    return df["story"].fillna("").astype(str).tolist() if "story" in df.columns else [""] * len(df)


def link_values(ctx, dimensions, base_units, stories) -> list[str]:
    """What links two figures: the same context, dimension and base unit, in the same story (""
    for no link)."""
    return [f"{c}\u0001{d}\u0001{u}\u0001{s}" if c else "" for c, d, u, s in zip(ctx, dimensions, base_units, stories)]


def key_triples(df) -> list[tuple[str, str, str]]:
    """(concept_key, predicate, event) per row, as claim keys read them: a verb that changes a
    count of things only (`count_change_verbs`: "closes 30 of its stores") says nothing of a
    measure or a percentage ("shares closed up 5.8%")."""
    only = lexicon().count_change_verbs
    dimensions = df["dimension"] if "dimension" in df.columns else ["count"] * len(df)
    return [(c, "" if p in only and d not in ("count", "") else p, e)
            for c, p, e, d in zip(df["concept_key"], df["predicate"], df["event"], dimensions)]


def with_keys(facts_df, keys: dict | None = None, link_contexts: bool = True):
    """The fact table plus what grouping needs: claim_key, time_window and the widened
    interval (low_w, high_w). `keys` from `claim_keys` when computed elsewhere (Spark).
    Figures of different documents whose sentences match but for the figures share a key
    (`context.linked_keys`); Spark, which keys one batch at a time, links them itself and passes
    link_contexts=False."""
    triples = key_triples(facts_df)
    stories = story_column(facts_df)
    story_triples = list(zip(stories, triples))
    keys = keys if keys is not None else story_keys(stories, triples)
    missing = set(story_triples) - set(keys)
    if missing:  # keys computed elsewhere from the raw triples (Spark): those `key_triples` read otherwise
        keys = {**keys, **story_keys([s for s, _ in missing], [t for _, t in missing])}
    df = facts_df.copy()
    df["time_window"] = [window(s, d) for s, d in zip(df["time_scope"], df["dimension"])]
    outside = outside_story(df)
    # A reading on a named scale is keyed by the scale ("a magnitude 6.1 earthquake": magnitude).
    scales = scale_keys(*(df[c] if c in df.columns else [""] * len(df) for c in ("sentence", "surface", "measure",
                                                                                   "unit")))
    distances = distance_keys(df["sentence"] if "sentence" in df.columns else [""] * len(df), df["surface"],
                              df["dimension"])
    keyed = ["" if out else scale or distance or keys[t]
             for t, out, scale, distance in zip(story_triples, outside, scales, distances)]
    ages = person_ages(df)
    keyed = [age if age and not out else k for k, age, out in zip(keyed, ages, outside)]
    if link_contexts:
        ctx = contexts(df["doc_id"].to_numpy(), df["sentence_id"].to_numpy(), df["sentence"].to_numpy(),
                       df["start"].to_numpy(), df["surface"].to_numpy())
        linkable = ["" if out else link for link, out in zip(link_values(ctx, df["dimension"], df["base_unit"], stories),
                                                               outside)]
        keyed = linked_keys(keyed, df["doc_id"].to_numpy(), linkable)
        df["context_link"] = linkable
    df["claim_key"] = keyed
    df["low_w"], df["high_w"] = widened(df)
    df["step_b"] = base_step(df)
    return df


def person_name(holder) -> str:
    """A holder that names a person in full ("Alexis Malone", "Bobbie Odneal III"), its words as
    written: two capitalised words or more; "" for a holder of one word ("man", "Cincinnati") or
    none."""
    words = str(holder or "").split()
    return " ".join(words) if len(words) >= 2 and all(w[:1].isupper() for w in words) else ""


def person_ages(df) -> list[str]:
    """Per fact row: `AGE_KEY` and the person's name for an age the extractor gave to a named
    person ("Alexis Malone, 17"), else "". Ages of people not named stay out of claims (two
    articles' "a 17-year-old" may be two people)."""
    if not {"measure", "holder"} <= set(df.columns):
        return [""] * len(df)
    return [AGE_KEY + name.lower() if measure == "age" and (name := person_name(holder)) else ""
            for measure, holder in zip(df["measure"], df["holder"])]


OUTSIDE_ROLES = (MentionRole.OTHER_EVENT, MentionRole.NOT_COUNT)
"""Roles of figures that are kept out of the story's claims (each is a claim of its own)."""


STRONG_POSITIONS = (Position.HEADLINE, Position.LEAD, Position.CAPTION)


def outside_story(df) -> list[bool]:
    """Per fact row: a figure about another event or that counts nothing (`roles`)."""
    if "role" not in df.columns:
        return [False] * len(df)
    return [r in OUTSIDE_ROLES for r in df["role"].fillna("")]


def is_total(claim_key: str, dimension: str = "count") -> bool:
    """Counts of people in an event ("person|killed", "officer|killed"), compared by each source's
    toll (`_toll_pairs`). A duration or a distance keyed by the event ("arrested 4 days later") is
    no toll."""
    noun, _, event = claim_key.partition("|")
    return bool(noun) and not noun.startswith(PART) and event in lexicon().person_events \
        and dimension in ("count", "")
