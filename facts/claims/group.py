"""Grouping: the figures that state the same fact become one claim, and each claim's sources
are paired for checking.

Plain pandas. A claim is one key (`keys`), dimension, unit, time window and story. Within a
claim, every two sources are compared (`compare`); the GX suite decides which pairs disagree
(`checks.audit.validate`).
"""
from __future__ import annotations

import json
from collections import Counter

from ..figures.frames import AGE_KEY, claim_label, label
from ..types import TOLL_ROLES, Verdict
from .compare import (
    PAIR_TYPES,
    AlignOptions,
    by_source,
    candidate_vectors,
    claim_mentions,
    mention_columns,
    pairs_frame,
    pairs_of,
    source_notes,
)
from .keys import with_keys

VERDICTS = tuple(Verdict)


def claims(facts_df, options: AlignOptions = AlignOptions()):
    """The claims table: mentions grouped into claims across sources (no verdicts: those come
    from `facts.validate`)."""
    return group_claims(facts_df, options)[0]


CLAIM_COLUMNS = ["claim_id", "claim_key", "label", "concept", "dimension", "unit", "time_window", "mentions",
                 "sources", "n_sources", "story"]
"""`label` is the claim as a reader says it, the one name every report and the JSON give it
(`frames.claim_label`: "people injured", "epicenter (miles)", "military posts"); `concept` the
noun its figures count most often."""


def claim_members(claim_ids) -> dict[str, list[int]]:
    """Positions of each claim's rows, claims in id order (one pass: per-group pandas calls
    cost seconds per 100k rows)."""
    members: dict[str, list[int]] = {}
    for pos, claim_id in enumerate(claim_ids):
        members.setdefault(claim_id, []).append(pos)
    return dict(sorted(members.items()))


def claim_table(df, members: dict[str, list[int]]):
    """One row per claim from keyed rows in table order (index: the mention labels)."""
    import pandas as pd

    claim_of = {}
    for claim_id, rows in members.items():
        for p in rows:
            claim_of[p] = claim_id
    # A claim's label: the noun its figures count most often, those that can state a toll first
    # ("people" rather than the "adults" of "two juveniles and eight adults").
    roles = df["role"].fillna("").to_numpy() if "role" in df.columns else [""] * len(df)
    concepts = pd.DataFrame({"claim_id": [claim_of[p] for p in range(len(df))], "concept": df["concept"].to_numpy(),
                             "toll": [role in TOLL_ROLES for role in roles]})
    counts = concepts.groupby(["claim_id", "concept"]).agg(toll=("toll", "max"), n=("toll", "size")).reset_index()
    counts = counts[counts["concept"].fillna("") != ""]
    concept = dict(counts.sort_values(["claim_id", "toll", "n", "concept"], ascending=[True, False, False, True])
                   .drop_duplicates("claim_id")[["claim_id", "concept"]].itertuples(index=False))
    index, docs, surfaces = df.index.to_numpy(), df["doc_id"].to_numpy(), df["surface"].to_numpy()
    key, concept_key, dimension, base_unit, time_window, unit = (
        df[c].to_numpy() for c in ("claim_key", "concept_key", "dimension", "base_unit", "time_window", "unit"))
    story = df["story"].fillna("").astype(str).to_numpy() if "story" in df.columns else [""] * len(df)
    rows_out = []
    for claim_id, rows in members.items():
        first = rows[0]
        sources = list(dict.fromkeys(docs[p] for p in rows))
        # The stated unit when every mention uses it ("year"), else the base unit ("metre"); a
        # count's unit is the noun it counts, which the claim's concept names already.
        stated = {unit[p] if dimension[p] != "count" else base_unit[p] for p in rows}
        claim_key, noun = key[first] or concept_key[first], concept.get(claim_id) or label(key[first])
        claim_unit = stated.pop() if len(stated) == 1 else base_unit[first]
        # the label says the unit its figures are stated in most ("years" for 2 years, 2 1/2 years
        # and 9 months), never a base unit none of them states ("seconds")
        said = Counter(unit[p] for p in rows if dimension[p] != "count" and unit[p])
        label_unit = said.most_common(1)[0][0] if said else claim_unit
        rows_out.append({
            "claim_id": claim_id, "claim_key": claim_key,
            "label": claim_label(str(claim_key), str(noun), str(label_unit), str(surfaces[first]),
                                 str(dimension[first])),
            "concept": noun, "dimension": dimension[first], "unit": claim_unit, "time_window": time_window[first],
            "mentions": [index[p] for p in rows], "sources": sources, "n_sources": len(sources),
            "story": story[first],
        })
    return pd.DataFrame(rows_out, columns=CLAIM_COLUMNS)


def group_claims(facts_df, options: AlignOptions = AlignOptions(), memo=None):
    """(claims, pairs) tables. Claims: claim_id, claim_key, concept, dimension, unit,
    time_window, mentions (fact row labels), sources, n_sources. Pairs: for every two sources of
    a claim, the two mentions its verdict rests on (see `claim_pairs`), with their widened
    intervals, `same_time`, `relative_gap` and the same-fact `confidence`.

    `memo` (an `engines.cache.Cache`, or any object with its `fingerprint`, `story_claims` and
    `keep_story_claims`) keeps each story's claims and pairs between runs: a story whose rows are
    unchanged is read back, not grouped again (`memo_story_claims`). The tables are the same
    with or without it."""
    if memo is not None and "story" in facts_df.columns and len(facts_df) and facts_df.index.is_unique:
        return memo_story_claims(facts_df, options, memo)
    claims_df, pair_rows = _claims_and_pairs(facts_df, options)
    return claims_df, pairs_frame(pair_rows)


def _claims_and_pairs(facts_df, options: AlignOptions):
    """(claims table, pair rows as `claim_pairs` gives them)."""
    df, claims_df, members = keyed_claims(facts_df)
    notes = source_notes(df)
    columns = mention_columns(df)
    pair_rows = []
    for claim in claims_df[claims_df["n_sources"] >= 2].itertuples():
        pair_rows += pairs_of(claim.claim_id, df, members[claim.claim_id], claim.claim_key, claim.dimension,
                              notes, options, columns)
    return claims_df, pair_rows


_STORED_CLAIM = ("claim_key", "label", "concept", "dimension", "unit", "time_window", "sources", "n_sources", "story")
"""A claim's fields kept per story besides its mentions (`CLAIM_COLUMNS` but its id)."""
_STORED_PAIR = tuple(c for c in PAIR_TYPES if c not in ("claim_id", "a", "b"))


def story_memo_keys(facts_df, options: AlignOptions, fingerprint: str) -> dict[str, tuple[str, list[int]]]:
    """story -> (key, positions of its rows in table order). A story's claims depend on its own
    rows only (keys are decided within a story, `keys.story_keys`), so its key is a hash of its
    rows' values in order (`pandas.util.hash_pandas_object`, per row, labels left out), the
    table's columns, the extraction's `fingerprint` (facts' code and data), the options and the
    same-fact model."""
    import hashlib

    import pandas as pd

    from .keys import story_column

    options_text = repr({f: getattr(options, f) for f in options.__dataclass_fields__ if f != "model"})
    salt = hashlib.sha256("\0".join([fingerprint, options_text, repr(options.same_fact()),
                                      repr([(c, str(t)) for c, t in facts_df.dtypes.items()])]).encode()).digest()
    row_hashes = pd.util.hash_pandas_object(facts_df, index=False).to_numpy()
    positions: dict[str, list[int]] = {}
    for pos, story in enumerate(story_column(facts_df)):
        positions.setdefault(story, []).append(pos)
    out = {}
    for story, rows in positions.items():
        digest = hashlib.sha256(salt + story.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(row_hashes[rows].tobytes())
        out[story] = (digest.hexdigest(), rows)
    return out


def memo_story_claims(facts_df, options: AlignOptions, memo):
    """`group_claims` with each story's claims kept in `memo` under `story_memo_keys`: the stories
    not found are grouped together in one pass, split by story and kept; then every story's claims
    are numbered in order of first mention over the whole table, as `keyed_claims` numbers them."""
    import numpy as np
    import pandas as pd

    keyed = story_memo_keys(facts_df, options, memo.fingerprint)
    found = memo.story_claims(sorted({key for key, _ in keyed.values()}), valid_entry)
    missing = [story for story, (key, _) in keyed.items() if key not in found]
    if missing:
        computed = _by_story(facts_df, options, {story: keyed[story][1] for story in missing})
        # as a later run reads them back (plain JSON values), so that both runs build one table
        computed = json.loads(json.dumps(computed, allow_nan=True, default=lambda v: v.item()))
        memo.keep_story_claims({keyed[story][0]: computed[story] for story in missing})
        found = {**found, **{keyed[story][0]: computed[story] for story in missing}}
    # Every story's entry laid end to end, column by column (64,000 claims of 5,500 stories one by
    # one cost a second); places among a story's rows become positions in `every`.
    every: list[int] = []  # the stories' row positions, story after story
    places: list[int] = []  # each claim's mentions (places among its story's rows), claim after claim
    offsets, spread, counts = [], [], []  # per story its first row in `every` and its mentions; per claim its mentions
    stored: dict[str, list] = {f: [] for f in _STORED_CLAIM}
    for key, rows in keyed.values():
        claims = found[key]["claims"]
        offsets.append(len(every))
        spread.append(len(claims["places"]))
        every.extend(rows)
        places.extend(claims["places"])
        counts.extend(claims["counts"])
        for f in _STORED_CLAIM:
            stored[f].extend(claims[f])
    at = np.asarray(places, dtype=np.int64) + np.repeat(np.asarray(offsets, dtype=np.int64), spread)
    positions = np.asarray(every, dtype=np.int64)[at]
    counts_ = np.asarray(counts, dtype=np.int64)
    starts = np.cumsum(counts_) - counts_
    order = np.argsort(positions[starts], kind="stable")  # claims in order of first mention
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.arange(1, len(order) + 1)
    width = claim_id_width(len(order))
    index = facts_df.index.to_numpy()
    labels = index[positions]
    ids = [claim_id(int(n), width) for n in number]  # by claim, story after story
    columns: dict[str, list] = {"claim_id": [ids[k] for k in order]}
    for f in _STORED_CLAIM:
        columns[f] = [stored[f][k] for k in order]
    columns["mentions"] = [list(labels[starts[k]:starts[k] + counts_[k]]) for k in order]
    out_pairs, first = [], 0
    for key, rows in keyed.values():
        claims, pairs = found[key]["claims"], found[key]["pairs"]
        for n, a, b, *fields in zip(pairs["claim"], pairs["a"], pairs["b"], *(pairs[f] for f in _STORED_PAIR)):
            out_pairs.append({"claim_id": ids[first + n], "a": index[rows[a]], "b": index[rows[b]],
                              **dict(zip(_STORED_PAIR, fields))})
        first += len(claims["counts"])
    claims_df = pd.DataFrame({c: columns[c] for c in CLAIM_COLUMNS}, columns=CLAIM_COLUMNS)
    return claims_df, pairs_frame(out_pairs)


def valid_entry(entry) -> bool:
    """Whether a stored entry has the shape `_by_story` writes: columns of one length each for the
    claims and the pairs, mention places that are counted by the claims' `counts`."""
    def columns(part, names) -> bool:
        return (isinstance(part, dict) and all(isinstance(part.get(n), list) for n in names)
                and len({len(part[n]) for n in names}) == 1)

    if not isinstance(entry, dict):
        return False
    claims = entry.get("claims")
    return (columns(entry.get("pairs"), ("claim", "a", "b", *_STORED_PAIR))
            and columns(claims, ("counts", *_STORED_CLAIM)) and isinstance(claims.get("places"), list)
            and all(type(n) is int and n > 0 for n in claims["counts"])
            and sum(claims["counts"]) == len(claims["places"])
            and all(type(p) is int and p >= 0 for p in claims["places"]))


def _by_story(facts_df, options: AlignOptions, stories: dict[str, list[int]]) -> dict[str, dict]:
    """story -> {"claims": {"places": mention places, claim after claim, "counts": mentions per
    claim, and a list per `_STORED_CLAIM` field}, "pairs": {"claim": claim place, "a", "b": mention
    places, and a list per `_STORED_PAIR` field}} of the `stories` (story -> its row positions),
    grouped in one pass over their rows; places are positions among the story's rows (claims among
    its claims), so that the entry holds for the story wherever its rows sit in a later table."""
    every = sorted(p for rows in stories.values() for p in rows)
    claims_df, pair_rows = _claims_and_pairs(facts_df.iloc[every], options)
    place = {}  # row label -> (story, place among its rows)
    index = facts_df.index.to_numpy()
    for story, rows in stories.items():
        for n, p in enumerate(rows):
            place[index[p]] = (story, n)
    out: dict[str, dict] = {story: {"claims": {"places": [], "counts": [], **{f: [] for f in _STORED_CLAIM}},
                                    "pairs": {"claim": [], "a": [], "b": [], **{f: [] for f in _STORED_PAIR}}}
                            for story in stories}
    claim_place = {}
    for claim in claims_df.itertuples(index=False):
        entry = out[place[claim.mentions[0]][0]]["claims"]
        claim_place[claim.claim_id] = len(entry["counts"])
        entry["places"].extend(place[m][1] for m in claim.mentions)
        entry["counts"].append(len(claim.mentions))
        for f in _STORED_CLAIM:
            entry[f].append(getattr(claim, f))
    for row in pair_rows:
        entry = out[place[row["a"]][0]]["pairs"]
        for column, value in (("claim", claim_place[row["claim_id"]]), ("a", place[row["a"]][1]),
                              ("b", place[row["b"]][1]), *((f, row[f]) for f in _STORED_PAIR)):
            entry[column].append(value)
    return out


def keyed_claims(facts_df):
    """(keyed table, claims table, claim id -> row positions): the fact table keyed
    (`keys.with_keys`) and grouped into claims, before any comparison."""
    import numpy as np
    import pandas as pd

    df = with_keys(facts_df)
    # An optional `cluster` column keeps claims apart (one cluster per compared pair of texts).
    columns = ["claim_key", "dimension", "base_unit", "time_window"]
    columns += ["cluster"] if "cluster" in df.columns else []
    # Claims live inside a story (`stories`): a claim never holds mentions of two stories.
    columns += ["story"] if "story" in df.columns else []
    position = np.arange(len(df))
    keyed = (df["claim_key"] != "").to_numpy()
    group = np.empty(len(df), dtype=np.int64)
    group[keyed] = df[keyed].groupby(columns, sort=False).ngroup().to_numpy()
    group[~keyed] = group[keyed].max(initial=-1) + 1 + np.arange((~keyed).sum())  # each alone
    first = pd.Series(position).groupby(group).transform("min").to_numpy()
    order = pd.Series(first).rank(method="dense").astype(int).to_numpy()
    width = claim_id_width(order.max(initial=0))
    members = claim_members(claim_id(n, width) for n in order)
    return df, claim_table(df, members), members


def statement_table(facts_df):
    """Every mention of every toll claim (a count of people in an event; sums of lists of counts
    included), with the toll-statement features (one column per `features.MENTION_FEATURE_NAMES`),
    its `value`, `claim_key` and `story`: what `train/same_fact.py` fits the toll-statement model
    on, read as `claim_pairs` reads them. Claims of one source count too."""
    import pandas as pd

    from .compare import sums_of_addends
    from .features import MENTION_FEATURE_NAMES, ClaimSide, MentionInput, mention_vector
    from .keys import is_total

    df, claims_df, members = keyed_claims(facts_df)
    notes = source_notes(df)
    columns = mention_columns(df)
    out = []
    for claim in claims_df.itertuples():
        if not is_total(claim.claim_key, claim.dimension):
            continue
        rows = claim_mentions(df, members[claim.claim_id], columns)
        rows = [*rows, *sums_of_addends(rows, notes)]
        for doc, doc_rows in by_source(rows).items():
            side = ClaimSide.of(doc_rows)
            for m in doc_rows:
                vector = mention_vector(MentionInput(m, side, doc in notes.roundups))
                out.append([claim.claim_id, claim.claim_key, claim.story, doc, m.index, m.summed, m.value, *vector])
    return pd.DataFrame(out, columns=["claim_id", "claim_key", "story", "doc_id", "index", "sum_of", "value",
                                      *MENTION_FEATURE_NAMES])


def candidate_table(facts_df, options: AlignOptions = AlignOptions()):
    """Every two mentions of two sources of every claim, with their same-fact features (one
    column per `features.FEATURE_NAMES`), their `gap` and the fact row labels `a` and `b`: what
    `train/same_fact.py` labels and fits the model on, read as `group_claims` reads them."""
    import pandas as pd

    from .features import FEATURE_NAMES
    from .keys import is_total

    df, claims_df, members = keyed_claims(facts_df)
    notes = source_notes(df)
    columns = mention_columns(df)
    out = []
    for claim in claims_df[claims_df["n_sources"] >= 2].itertuples():
        if claim.claim_key.startswith(AGE_KEY):  # one person's ages: one fact by name, not by the model
            continue
        rows = claim_mentions(df, members[claim.claim_id], columns)
        for a, b, gap, vector in candidate_vectors(rows, options, is_total(claim.claim_key, claim.dimension), notes):
            out.append([claim.claim_id, claim.claim_key, claim.story, a.index, b.index, a.summed, b.summed, gap,
                        *vector])
    return pd.DataFrame(out, columns=["claim_id", "claim_key", "story", "a", "b", "a_summed", "b_summed", "gap",
                                      *FEATURE_NAMES])


def claim_id_width(claims: int) -> int:
    """Digits of the claim ids of a run with `claims` claims: at least three, so that ids sort
    in claim order as text too."""
    return max(3, len(str(int(claims))))


def claim_id(n: int, width: int) -> str:
    """The id of the n-th claim (in order of first mention): "C007"."""
    return f"C{int(n):0{width}d}"
