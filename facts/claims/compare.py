"""Comparing the figures of one claim: which mentions of two sources state the same thing, how
far apart they are, and whether that is a disagreement, a doubt or an update.

`pairs_of` is the one entry both engines call per claim (the local engine in `group`, Spark in
`engines.spark`); `source_notes` reads what each source says of the story as a whole (sums,
revisions, roundups) from the whole keyed table, once.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..figures.frames import age_name
from ..figures.numbers import format_number
from ..types import TOLL_ROLES, MentionRole, Position, Qualifier
from .features import ClaimSide, MentionInput, PairInput, has_cue, toll_candidate, toll_sure
from .intervals import compared_interval, statement_gap
from .keys import AGE_KEY, STRONG_POSITIONS, is_total, person_name
from .samefact import vector_of


@dataclass(frozen=True)
class AlignOptions:
    """`same_time_days`: publication dates further apart than this are different times.
    `all_pairs_up_to`: claims with more sources than this are checked against their two
    extreme figures instead of pairing every two sources (linear instead of quadratic).
    `conflict_at`, `possible_at`: the same-fact probabilities from which a disagreement is a
    conflict, and below which two mentions are not compared at all (between the two: a possible
    conflict); they come from the cross-source suite's `meta.facts.same_fact` (the defaults are
    the shipped suite's, so that `facts.gx` and the library give `facts check`'s verdicts).
    `agree_margin`: two sources of a toll agree when some two of their mentions agree and are
    nearly as likely (within this margin) to state the same fact as their likeliest disagreeing
    two: "one" and "one" (two parts) do not hide "nine" against "29" in two headlines.
    `model`: the same-fact model (`samefact.default_model()` when None)."""

    same_time_days: int = 7
    all_pairs_up_to: int = 8
    conflict_at: float = 0.8
    possible_at: float = 0.4
    agree_margin: float = 0.15
    model: object = None

    def same_fact(self):
        from .samefact import default_model

        return self.model if self.model is not None else default_model()


def _days_apart(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0.0


_MENTION_COLUMNS = ("doc_id", "base_low", "base_high", "published", "actor", "base_value", "step_b", "qualifier",
                    "low_w", "high_w", "context_link", "role", "position", "place", "sentence_id",
                    "sentence", "surface", "concept_key", "measure", "event", "entities", "cues", "unit",
                    "time_scope", "dimension")
"""The columns a `ClaimMention` is made from, in its fields' order (a missing one reads as "")."""
_NUMBERS = {"base_low", "base_high", "base_value", "step_b", "low_w", "high_w"}


def mention_columns(df) -> list:
    """The columns `claim_mentions` reads, as arrays, taken once for many claims (each array is
    a view of the table: nothing is copied)."""
    return [df[c].to_numpy() if c in df.columns else None for c in _MENTION_COLUMNS]


def claim_mentions(df, rows: list[int], columns: list | None = None) -> list:
    """The rows of one claim as the `ClaimMention` records `claim_pairs` compares; `columns` from
    `mention_columns` when many claims of one table are read."""
    columns = columns if columns is not None else mention_columns(df)
    index = df.index
    out = []
    for p in rows:
        values = []
        for name, column in zip(_MENTION_COLUMNS, columns):
            if name in _NUMBERS:
                values.append(float(column[p]))
            elif name == "sentence_id":
                values.append(int(column[p]) if column is not None else -1)
            elif name in ("doc_id", "published", "qualifier"):
                values.append(column[p] if column is not None else "")
            else:
                values.append(_text(column[p]) if column is not None else "")
        out.append(ClaimMention(index[p], *values))
    return out


def _text(value) -> str:
    return value if isinstance(value, str) else ""


PAIR_TYPES = {"claim_id": "string", "a": "long", "b": "long", "a_doc": "string", "b_doc": "string",
              "a_low": "double", "a_high": "double", "b_low": "double", "b_high": "double", "same_time": "boolean",
              "relative_gap": "double", "confident": "boolean", "confidence": "double", "why": "string"}
"""The columns a claim's pairs are made with (`claim_pairs`), and their types (Spark's schema).
`confidence`: the same-fact model's probability that the two mentions state the same fact;
`confident`: it is at least the suite's conflict threshold; `why`: how each source states its
figure (or, for an update, which source says it changed)."""


PAIR_COLUMNS = [*PAIR_TYPES, "same_time_gap", "doubtful_gap", "other_time_gap"]


def pairs_frame(rows: list[dict]):
    """The pairs table; the three gap columns split `relative_gap` by `same_time` and
    `confident`, so that a suite can bound each without engine-specific row conditions."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(PAIR_TYPES)).sort_values(["claim_id", "a", "b"], kind="stable")
    df = df.reset_index(drop=True)
    df["confident"] = [c is None or c != c or bool(c) for c in df["confident"]]
    df["why"] = df["why"].fillna("").astype(str)
    same, sure = df["same_time"].astype(bool), df["confident"]
    df["same_time_gap"] = df["relative_gap"].where(same & sure, 0.0).astype(float)
    df["doubtful_gap"] = df["relative_gap"].where(same & ~sure, 0.0).astype(float)
    df["other_time_gap"] = df["relative_gap"].where(~same, 0.0).astype(float)
    return df


@dataclass(frozen=True)
class ClaimMention:
    index: object
    doc_id: str
    low: float
    high: float
    published: str
    actor: str = ""
    value: float = 0.0
    step: float = 0.0
    qualifier: str = Qualifier.EXACT
    low_w: float = 0.0
    high_w: float = 0.0
    context: str = ""
    role: str = ""
    position: str = ""
    place: str = ""
    sentence_id: int = -1
    sentence: str = ""
    surface: str = ""
    concept_key: str = ""
    measure: str = ""
    event: str = ""
    entities: str = ""
    cues: str = ""
    unit: str = ""  # for a count, the noun it counts ("sister"); else the unit ("kilometre")
    time_scope: str = ""
    dimension: str = ""
    summed: str = ""  # for the sum of a list of counts ("two juveniles and eight adults"): its words

    @property
    def toll(self) -> bool:
        """Can state its source's toll: not a part, other people or an earlier count."""
        return self.role in TOLL_ROLES

    @property
    def strong(self) -> bool:
        """Stated where a story states its totals: the headline, the lead, or with "in total"."""
        return self.position in STRONG_POSITIONS or self.role == MentionRole.TOTAL

    def against(self, other: ClaimMention) -> tuple[float, float]:
        return compared_interval(self.low, self.high, self.value, self.step, self.qualifier, other.step,
                                 same_unit=self.unit == other.unit or self.dimension in ("count", ""))


def same_actor(a: str, b: str) -> bool:
    """Two figures can state the same fact unless both name who holds it and the names differ
    ("Britain has 4,100 troops" vs "the United States has 142,500 troops")."""
    a, b = a.lower().strip(), b.lower().strip()
    return not a or not b or a in b or b in a


def same_place(a: str, b: str) -> bool:
    """Two figures can state the same fact unless both say where and the places differ ("served
    10 years at Wallkill Correctional Facility" vs "four years at Queensboro Correctional
    Facility"); one place may name the other ("Idlib" in "Idlib province")."""
    a, b = a.lower().strip(), b.lower().strip()
    return not a or not b or a in b or b in a


def pair_gap(a: ClaimMention, b: ClaimMention) -> float:
    return statement_gap(a.against(b), b.against(a), a.qualifier, b.qualifier,
                         worded=bool(a.context) and a.context == b.context)


@dataclass(frozen=True)
class SourceNotes:
    """What each source says about the story as a whole, read from all its figures: `sums`, the
    killed plus injured totals it gives (a source's "four victims" agrees with another's "1 dead,
    3 injured"); `earlier`, the counts it says came first and were revised ("initially had said
    four"); `revised`, per claim key, the words by which it says that count changed ("have since
    died", "police now say")."""

    sums: dict = field(default_factory=dict)      # doc_id -> frozenset of killed + injured
    earlier: dict = field(default_factory=dict)   # doc_id -> frozenset of values it calls earlier counts
    revised: dict = field(default_factory=dict)   # (doc_id, claim_key) -> the revision cue
    roundups: frozenset = frozenset()             # documents whose headline or lead tallies several events
    shootings: dict = field(default_factory=dict)  # roundup doc_id -> how many shootings it says it covers
    people: dict = field(default_factory=dict)     # doc_id -> {sentence_id: frozenset of people named with an age}
    added: dict = field(default_factory=dict)      # (doc_id, sentence_id) -> (total, words) of its list of counts
    counts: dict = field(default_factory=dict)     # (doc_id, "killed" | "injured") -> frozenset of its toll values
    grown: dict = field(default_factory=dict)      # (doc_id, claim_key) -> (words saying its count grew, by how much)

    def named(self, doc: str, sentences=None) -> frozenset:
        """The people `doc` names with their age ("Bobbie Odneal III, 23"): in all its sentences,
        or in those of `sentences`."""
        found = self.people.get(doc, {})
        return frozenset().union(*(names for s, names in found.items() if sentences is None or s in sentences))

    def roundup(self, doc_a: str, doc_b: str) -> str | None:
        """The roundup of the two sources whose figures may be about another event, or None.
        Two roundups of the same number of shootings ("1 Dead, 5 Injured in 2 Shootings", "in two
        shootings") cover the same events: their tolls compare like those of single events."""
        if doc_a in self.roundups and doc_b in self.roundups \
                and self.shootings.get(doc_a) is not None and self.shootings.get(doc_a) == self.shootings.get(doc_b):
            return None
        return next((d for d in (doc_a, doc_b) if d in self.roundups), None)


SUMMED_EVENTS = ("injured", "shot")
"""Toll events a source may state as the sum of killed and injured ("all four victims")."""


def source_notes(df) -> SourceNotes:
    """`SourceNotes` of the keyed fact table (`with_keys`), from its counts of people."""
    from ..figures.roles import growth_cue, revision_cue

    if not len(df):
        return SourceNotes()
    tolls: dict[tuple, list] = {}
    earlier: dict[str, set] = {}
    revised: dict[tuple, str] = {}
    grown: dict[tuple, str] = {}
    cues: dict[str, tuple] = {}  # sentence -> (revision cue, (growth cue, how much it explains))
    keys, docs = df["claim_key"].to_numpy(), df["doc_id"].to_numpy()
    roles = df["role"].fillna("").to_numpy() if "role" in df.columns else [""] * len(df)
    values, sentences = df["base_value"].to_numpy(float), df["sentence"].to_numpy()
    dimensions = df["dimension"].to_numpy() if "dimension" in df.columns else ["count"] * len(df)
    found_roundups = _roundups(df)
    roundups = frozenset(found_roundups)
    for key, doc, role, value, sentence, dimension in zip(keys, docs, roles, values, sentences, dimensions):
        if not is_total(key, dimension):
            continue
        if role == MentionRole.EARLIER:
            earlier.setdefault(doc, set()).add(value)
        if (doc, key) not in revised or (doc, key) not in grown:
            said = cues.get(sentence)
            if said is None:
                said = cues[sentence] = (revision_cue(sentence), growth_cue(sentence))
            if said[0]:
                revised.setdefault((doc, key), said[0])
            if said[1][0]:
                grown.setdefault((doc, key), said[1])
        noun, _, event = key.partition("|")
        if role in TOLL_ROLES and noun == "person" and event in ("killed", "injured"):
            tolls.setdefault((doc, event), []).append(value)
    sums = {}
    counts = {where: frozenset(_toll_values(values)) for where, values in tolls.items()}
    for doc in {d for d, _ in tolls}:
        killed, injured = counts.get((doc, "killed"), ()), counts.get((doc, "injured"), ())
        if killed and injured:
            sums[doc] = frozenset(k + i for k in killed for i in injured)
    return SourceNotes(sums, {doc: frozenset(v) for doc, v in earlier.items()}, revised, roundups,
                       {doc: n for doc, n in found_roundups.items() if n is not None}, _people(df), _added(df),
                       counts, grown)


def _added(df) -> dict:
    """(doc_id, sentence_id) -> (total, words) of the one list of counts of people a sentence
    gives as a group ("two juveniles and eight adults were wounded": 10), for the sentences
    whose figures are addends (`roles.added_counts`)."""
    from ..figures.roles import added_counts

    if not {"role", "sentence_id"} <= set(df.columns):
        return {}
    out = {}
    rows = df[df["role"] == MentionRole.ADDEND]
    for doc, sentence_id, sentence in zip(rows["doc_id"], rows["sentence_id"], rows["sentence"]):
        if (doc, int(sentence_id)) not in out:
            lists = added_counts(sentence)
            if len(lists) == 1:
                out[(doc, int(sentence_id))] = (lists[0][2], lists[0][3])
    return out


def _people(df) -> dict:
    """doc_id -> {sentence_id: the people named in it with their age}: "Bobbie Odneal III, 23"
    is a person; a holder of one word ("man", "Cincinnati") is not a name."""
    if not {"measure", "holder", "sentence_id"} <= set(df.columns):
        return {}
    out: dict[str, dict] = {}
    ages = df[df["measure"] == "age"]
    for doc, sentence, holder in zip(ages["doc_id"], ages["sentence_id"], ages["holder"].fillna("")):
        name = person_name(holder)
        if name:
            found = out.setdefault(doc, {})
            found[int(sentence)] = found.get(int(sentence), frozenset()) | {name}
    return out


def _roundups(df) -> dict:
    """Documents whose headline or lead covers several events ("Violent weekend in Detroit: 17
    scenes, 7 dead", "4 injured in 2 Daytona Beach shootings"): a roundup, whose other figures
    may be about any of its events; each with how many shootings it says it covers (None when
    it names no number, or two different ones)."""
    from ..figures.roles import events_counted, several_events

    if "position" not in df.columns:
        return {}
    lead = df[df["position"].isin(STRONG_POSITIONS)]
    found: dict[str, bool] = {}
    for sentence in dict.fromkeys(lead["sentence"]):
        found[sentence] = bool(several_events(sentence))
    out: dict[str, set] = {}
    for doc, sentence in zip(lead["doc_id"], lead["sentence"]):
        if found[sentence]:
            out.setdefault(doc, set()).add(events_counted(sentence))
    return {doc: next(iter(counts - {None})) if len(counts - {None}) == 1 else None for doc, counts in out.items()}


def _toll_values(values: list[float]) -> set[float]:
    """The values a source gives as a toll: the one stated most often and the largest."""
    if not values:
        return set()
    counts: dict[float, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return {max(counts, key=lambda v: (counts[v], v)), max(values)}


def pairs_of(claim_id: str, df, rows: list[int], claim_key: str, dimension: str, notes: SourceNotes,
             options: AlignOptions = AlignOptions(), columns: list | None = None) -> list[dict]:
    """The pairs of one claim: its `rows` (positions in the keyed table `df`) read as mentions
    and compared (`claim_pairs`), as a toll when the claim counts people in an event. The one
    comparison both engines run; `columns` from `mention_columns` when many claims of one table
    are compared."""
    return claim_pairs(claim_id, claim_mentions(df, rows, columns), options,
                       totals=is_total(claim_key, dimension), notes=notes, key=claim_key)


@dataclass(frozen=True)
class Scored:
    """Two mentions of two sources, how likely they state the same fact (`p`), and how far
    apart their figures are (`gap`, 0 when they agree)."""

    p: float
    gap: float
    a: ClaimMention
    b: ClaimMention
    doubt: str = ""  # why a disagreement is at most a possible conflict, whatever `p` says
    tied: str = ""   # what ties the two to one fact whatever `p` says: the holder and place both name


class _Scorer:
    """The same-fact probability of two mentions of one claim, each pair computed once."""

    def __init__(self, options: AlignOptions, by_doc: dict, notes: SourceNotes, toll: bool):
        self.model = options.same_fact()
        self.sides = {doc: ClaimSide.of(rows) for doc, rows in by_doc.items()}
        self.by_doc, self.notes, self.toll = by_doc, notes, toll
        self.anchors: dict[tuple, tuple] = {}
        self.cache: dict[tuple, float] = {}
        self.statements: dict[tuple, float] = {}

    def statement(self, m: ClaimMention) -> float:
        """The log-odds that `m` is its source's statement of the toll (0 for other claims)."""
        if not self.toll:
            return 0.0
        key = (m.index, m.summed)
        if key not in self.statements:
            roundup = m.doc_id in self.notes.roundups
            self.statements[key] = self.model.statement(MentionInput(m, self.sides[m.doc_id], roundup))
        return self.statements[key]

    def anchored(self, doc_a: str, doc_b: str) -> tuple[str | None, frozenset, str]:
        """(the roundup of the two, its mentions tied to the other's shooting by a name, the name)."""
        roundup = self.notes.roundup(doc_a, doc_b)
        if roundup is None:
            return None, frozenset(), ""
        single = doc_b if roundup == doc_a else doc_a
        key = (roundup, single)
        if key not in self.anchors:
            rows, name = _anchored(roundup, self.by_doc[roundup], self.notes.named(single), self.notes) \
                if single not in self.notes.roundups else ([], "")
            self.anchors[key] = (frozenset(r.index for r in rows), name)
        tied, name = self.anchors[key]
        return roundup, tied, name

    def vector(self, a: ClaimMention, b: ClaimMention) -> list[float]:
        roundup, tied, _ = self.anchored(a.doc_id, b.doc_id)
        pair = PairInput(a, b, self.sides[a.doc_id], self.sides[b.doc_id], toll=self.toll,
                         roundup=roundup is not None,
                         anchored=roundup is not None and (a.index in tied or b.index in tied),
                         statement_a=self.statement(a), statement_b=self.statement(b))
        return vector_of(self.model, pair)

    def p(self, a: ClaimMention, b: ClaimMention) -> float:
        key = (a.index, b.index, a.summed, b.summed)
        if key not in self.cache:
            self.cache[key] = self.model.probability(self.vector(a, b))
        return self.cache[key]


def by_source(mentions) -> dict[str, list]:
    """`mentions` grouped by their document, documents and mentions in first-seen order."""
    out: dict[str, list] = {}
    for m in mentions:
        out.setdefault(m.doc_id, []).append(m)
    return out


def candidate_vectors(rows: list[ClaimMention], options: AlignOptions, totals: bool = False,
                      notes: SourceNotes | None = None) -> list[tuple]:
    """(a, b, gap, feature vector) for every two mentions of two sources of one claim, read as
    `claim_pairs` reads them: what the same-fact model is trained on (`train/same_fact.py`)."""
    notes = notes or SourceNotes()
    if totals:
        rows = [*rows, *sums_of_addends(rows, notes)]
    by_doc = by_source(rows)
    scorer = _Scorer(options, by_doc, notes, totals)
    docs = list(by_doc)
    return [(a, b, pair_gap(a, b), scorer.vector(a, b))
            for i, doc_a in enumerate(docs) for doc_b in docs[i + 1:] for a in by_doc[doc_a] for b in by_doc[doc_b]]


def same_fact_probabilities(rows: list[ClaimMention], pairs: list[tuple], options: AlignOptions,
                            totals: bool = False, notes: SourceNotes | None = None) -> list[float]:
    """How likely each of `pairs` (two mentions of two sources, among `rows`: the mentions of
    one claim) is to state the same fact, as `claim_pairs` scores them: what a draft's figure is
    judged by against its sources (`checks.draft`)."""
    by_doc = by_source(rows)
    scorer = _Scorer(options, by_doc, notes or SourceNotes(), totals)
    return [scorer.p(a, b) for a, b in pairs]


def claim_pairs(claim_id: str, rows: list[ClaimMention], options: AlignOptions, totals: bool = False,
                notes: SourceNotes | None = None, key: str = "") -> list[dict]:
    """For every two sources of a claim, the pair of mentions its verdict rests on. Every two
    mentions of the two sources are scored by the same-fact model (`samefact`); mentions less
    likely than `options.possible_at` to state the same fact are not compared at all. For a toll
    (`totals`: a count of people in an event) the two sources agree when any two such mentions
    agree, and otherwise the most likely same-fact disagreement decides; two headlines that both
    state the toll must agree whatever the bodies say, and so must a lead that contradicts its own
    headline where the other source gives the headline's figure. For any other claim, each
    mention of the source with fewer mentions is paired with its most likely counterpart that
    agrees, else with its most likely one ("4 and 5 ft/s" for two walkers agrees with ">1 and
    5 ft/s"); mentions that name different holders or places are never paired."""
    notes = notes or SourceNotes()
    if totals:
        rows = [*rows, *sums_of_addends(rows, notes)]
    by_doc = by_source(rows)
    docs = list(by_doc)
    order = {doc: i for i, doc in enumerate(docs)}
    scorer = _Scorer(options, by_doc, notes, totals)
    out: list[tuple] = []
    for doc_a, doc_b in _source_pairs(rows, docs, order, options):
        if totals:
            found = _toll_pair(by_doc, doc_a, doc_b, scorer, options, notes, key)
            out += [found] if found else []
        elif key.startswith(AGE_KEY):
            out.append(_age_pair(by_doc[doc_a], by_doc[doc_b], key))
        else:
            out += _figure_pairs(by_doc, doc_a, doc_b, scorer, options)
    return [_pair_row(claim_id, s, options, why, revised, order)
            for s, why, revised in sorted(out, key=lambda t: (order[t[0].a.doc_id], order[t[0].b.doc_id],
                                                                _index(t[0].a), _index(t[0].b)))]


def _best(items: list[Scored]) -> Scored | None:
    """The most likely same-fact pair; of equals the closer, then the first."""
    return min(items, key=lambda s: (-s.p, s.gap, _index(s.a), _index(s.b))) if items else None


def _figure_pairs(by_doc: dict, doc_a: str, doc_b: str, scorer: _Scorer, options: AlignOptions) -> list[tuple]:
    a_rows, b_rows = by_doc[doc_a], by_doc[doc_b]
    directions = [(a_rows, b_rows)] if len(a_rows) <= len(b_rows) else []
    directions += [(b_rows, a_rows)] if len(b_rows) <= len(a_rows) else []
    out, seen = [], set()
    for side, other in directions:
        for m in side:
            if not m.toll:  # a part, other people or an earlier count is never compared
                continue
            peers = [_ordered(m, o, doc_a) for o in other if o.toll
                     if same_actor(m.actor, o.actor) and same_place(m.place, o.place)]
            scored = [Scored(scorer.p(a, b), pair_gap(a, b), a, b) for a, b in peers]
            scored = [s for s in scored if s.p >= options.possible_at]
            best = _best([s for s in scored if s.gap == 0] or scored)
            if best is None or (best.a.index, best.b.index) in seen:
                continue
            seen.add((best.a.index, best.b.index))
            if best.gap > 0:
                best = _with_doubt(_with_tie(best), scorer)
            out.append((best, _why(best, by_doc) if best.gap > 0 else "", ""))
    return out


def _age_pair(a_rows: list, b_rows: list, key: str) -> tuple:
    """Two sources' ages of one named person (`keys.AGE_KEY`): one fact whatever the model says,
    decided by the two closest ages (a source that gives two ages agrees when one of them does)."""
    a, b = min(((a, b) for a in a_rows for b in b_rows), key=lambda ab: (pair_gap(*ab), _index(ab[0]), _index(ab[1])))
    name = age_name(key)
    undated = [m.doc_id for m in (a, b) if not str(m.published or "").strip()]
    doubt = (f"{' and '.join(dict.fromkeys(undated))} {'give' if len(set(undated)) > 1 else 'gives'} no publication "
             "date: the two ages may be of two times") if undated else ""
    return Scored(1.0, pair_gap(a, b), a, b, tied=f"both give the age of {name}", doubt=doubt), "", ""


def _with_tie(s: Scored) -> Scored:
    """`s`, confident whatever its probability when both figures name the same holder and the same
    place ("Turkey has 12 military posts inside Idlib" and "Turkey has reinforced 20 military posts
    inside the Idlib region"): one noun, one owner, one place is one fact."""
    a, b = s.a, s.b
    if a.actor.strip() and b.actor.strip() and a.place.strip() and b.place.strip() \
            and same_actor(a.actor, b.actor) and same_place(a.place, b.place):
        return replace(s, tied=f"both name {a.actor.strip()} and {a.place.strip()}")
    return s


def _prominent(m: ClaimMention, side: ClaimSide) -> bool:
    """A figure its source states as the story's: in its headline, lead or caption, as a total,
    or more than once."""
    return m.position in STRONG_POSITIONS or m.role == MentionRole.TOTAL or side.counts.get(m.value, 0) >= 2


def _with_doubt(s: Scored, scorer: _Scorer, only: tuple[str, ...] = ()) -> Scored:
    """`s` with why it can be at most a possible conflict, if it can (`DOUBTS`; `only` those rows
    when given)."""
    for name, test, words in DOUBTS:
        if only and name not in only:
            continue
        said = test(s, scorer)
        if said:
            return replace(s, doubt=words.format(said=said))
    return s


def _roundup_doubt(s: Scored, scorer: _Scorer) -> str:
    roundup, tied, _ = scorer.anchored(s.a.doc_id, s.b.doc_id)
    return roundup if roundup and not (s.a.index in tied or s.b.index in tied) else ""


def _growing_doubt(s: Scored, scorer: _Scorer) -> str:
    return s.a.event if scorer.toll and s.a.event in _growing() else ""


def _toll_doubt(s: Scored, scorer: _Scorer) -> str:
    sure = toll_sure(s.a, scorer.sides[s.a.doc_id]) and toll_sure(s.b, scorer.sides[s.b.doc_id])
    return "yes" if scorer.toll and not sure else ""


def _prominence_doubt(s: Scored, scorer: _Scorer) -> str:
    if scorer.toll or (s.a.context and s.a.context == s.b.context) or _identified(s.a, s.b):
        return ""
    return "" if _prominent(s.a, scorer.sides[s.a.doc_id]) and _prominent(s.b, scorer.sides[s.b.doc_id]) else "yes"


def _earlier_doubt(s: Scored, scorer: _Scorer) -> str:
    """One of the two sentences sets its figures at an earlier time ("three years ago", "last
    season": the `earlier_time` cue of `data/cues.json`) and the other does not."""
    return "yes" if has_cue(s.a, ("earlier_time",)) != has_cue(s.b, ("earlier_time",)) else ""


PART_ROLES = (MentionRole.PART, MentionRole.ADDEND)
"""Roles of a figure that a source gives as a part of its toll ("including two children", "three
other men", "two women and a boy")."""


def _part_doubt(s: Scored, scorer: _Scorer) -> str:
    """The source of the larger toll gives the smaller one too, as a part of it ("Seven men were
    wounded ... Three other men were wounded on a corner" against "Three wounded"): the two may be
    the whole and its part. A part in the smaller toll's source excuses nothing."""
    if not scorer.toll or s.a.value == s.b.value:
        return ""
    large, small = (s.a, s.b) if s.a.value > s.b.value else (s.b, s.a)
    part = next((m for m in scorer.by_doc[large.doc_id] if m.role in PART_ROLES and m.value == small.value), None)
    return (f"{large.doc_id} gives {format_number(small.value)} too, as a part of its "
            f"{format_number(large.value)} ('{part.surface}')") if part is not None else ""


def _undated_doubt(s: Scored, scorer: _Scorer) -> str:
    """A count of people that grows while a story is reported (`GROWING_TOLLS`), from a source
    that gives no publication date: whether the two figures are of the same time is not known."""
    if not scorer.toll or s.a.event not in GROWING_TOLLS:
        return ""
    return " and ".join(dict.fromkeys(m.doc_id for m in (s.a, s.b) if not str(m.published or "").strip()))


def _identified(a: ClaimMention, b: ClaimMention) -> bool:
    """Both name whose figure it is, or where, and the same one ("Turkey has 12 military posts
    inside Idlib" and "Turkey has 20 military posts in Idlib")."""
    return any(x.strip() and y.strip() and (x.lower() in y.lower() or y.lower() in x.lower())
               for x, y in ((a.actor, b.actor), (a.place, b.place)))


DOUBTS = (
    ("roundup", _roundup_doubt, "{said} is a roundup of several events (its headline or lead covers them)"),
    ("part_named", _part_doubt, "{said}"),
    ("growing", _growing_doubt, "counts of people {said} grow and mix groups"),
    ("toll_not_sure", _toll_doubt, "not sure both give it as the toll (each in a headline, lead or total, more "
                                   "than once, or as its only or largest figure stated as the toll)"),
    ("undated", _undated_doubt, "counts of people grow while a story is reported: a source with no publication "
                                "date ({said}) may give a later count"),
    ("earlier_time", _earlier_doubt, "one of them is set at an earlier time (\"years ago\", \"last season\")"),
    ("not_prominent", _prominence_doubt, "not sure both state it as the story's fact (each in a headline or lead, "
                                         "as a total or more than once, in the other's words, or naming the same "
                                         "holder or place)"),
)
"""Why a disagreement is at most a possible conflict, whatever the same-fact model says: one row
per kind of doubtful evidence (name, test of the pair, the reason's words), tried in order.
Cases in tests/data/toll_cases.json."""


def _growing() -> frozenset:
    from ..figures.roles import growing_events

    return growing_events()


def _ordered(m: ClaimMention, o: ClaimMention, doc_a: str) -> tuple:
    return (m, o) if m.doc_id == doc_a else (o, m)


def _index(m: ClaimMention) -> tuple:
    return (0, m.index, "") if isinstance(m.index, int) else (1, 0, str(m.index))


def _toll_pair(by_doc: dict, doc_a: str, doc_b: str, scorer: _Scorer, options: AlignOptions,
               notes: SourceNotes, key: str) -> tuple | None:
    """The pair a toll's two sources are judged by (see `claim_pairs`), with why and, for an
    update, which source says so; None when no two of their mentions are likely enough to state
    the same fact. Some evidence is never more than a possible conflict, whatever the model says:
    each row of `DOUBTS` (a roundup's figure not tied to the other source's shooting by a name,
    a toll whose source gives the other's as a part of it, counts that grow by nature, figures
    one source does not surely give as its toll, ...). Two headlines that state the toll are one
    fact whatever the model says, unless one speaks of several events in the plural
    (`roles.plural_events`); such a pair, or a lead against its own headline, is still doubted
    by the rows `part_named` and `undated` only."""
    from ..figures.roles import plural_events

    event = key.partition("|")[2]
    summed = event in SUMMED_EVENTS
    perpetrator = {doc: {r.value for r in rows if r.role == MentionRole.WITH_PERPETRATOR}
                   for doc, rows in by_doc.items()}

    def gap(a: ClaimMention, b: ClaimMention) -> float:
        if summed and (a.value in notes.sums.get(b.doc_id, ()) or b.value in notes.sums.get(a.doc_id, ())):
            return 0.0
        if any(x.value in perpetrator.get(x.doc_id, ()) and x.value - 1 == y.value for x, y in ((a, b), (b, a))):
            return 0.0  # "six killed, including the suspect" and "five killed"
        return pair_gap(a, b)

    # A part, other people or an earlier count is in the claim but never compared as a toll.
    scored = [Scored(scorer.p(a, b), gap(a, b), a, b) for a in by_doc[doc_a] for b in by_doc[doc_b]
              if (a.toll or a.summed) and (b.toll or b.summed)]
    likely = [s for s in scored if s.p >= options.possible_at]
    forced, how = None, ""
    # Two headlines that state the toll must agree, whatever the bodies say.
    heads = [s for s in likely if s.a.position == Position.HEADLINE and s.b.position == Position.HEADLINE
             and toll_candidate(s.a, scorer.sides[s.a.doc_id]) and toll_candidate(s.b, scorer.sides[s.b.doc_id])]
    if heads and not any(s.gap == 0 for s in heads):
        forced, how = _best(heads), "the two headlines give different tolls: "
        if not any(plural_events(m.sentence) for m in (forced.a, forced.b)):
            # one fact whatever the model says, unless a headline may total several events
            forced = replace(forced, tied="both headlines state the toll")
    if forced is None:
        # A lead that gives another toll than its own headline, where the other source gives the
        # headline's: "1 shot dead" over "Five people were killed", against "1 Dead".
        for x, y in ((doc_a, doc_b), (doc_b, doc_a)):
            headlines = [r for r in by_doc[x] if r.position == Position.HEADLINE]
            split = {r.index for r in _split_lead(by_doc[x], headlines)}
            if not split:
                continue
            confirm = {r.index for r in by_doc[y] if r.position in STRONG_POSITIONS
                       and any(gap(h, r) == 0 for h in headlines)}
            lead = [s for s in likely if s.gap > 0 and ((s.a.index in split and s.b.index in confirm)
                                                         or (s.b.index in split and s.a.index in confirm))]
            if lead:
                forced = _best(lead)
                caption = (forced.a if forced.a.doc_id == x else forced.b).position == Position.CAPTION
                how = ("a caption gives another toll than its own headline: " if caption
                       else "a lead gives another toll than its own headline, which the other source confirms: ")
                break
    agree = _best([s for s in likely if s.gap == 0])
    against = forced or _best([s for s in likely if s.gap > 0])
    if agree is not None and (against is None or (forced is None and agree.p >= against.p - options.agree_margin)):
        return agree, "", ""
    deciding = against
    if deciding is None and agree is None:
        deciding = _stated_tolls(scored, scorer)
    if deciding is None:
        return None
    roundup, tied, name = scorer.anchored(doc_a, doc_b)
    why = (how or "both give it as the toll: ") + _why(deciding, by_doc)
    if roundup and name and (deciding.a.index in tied or deciding.b.index in tied):
        why = (f"{roundup} is a roundup, and its paragraph with this figure names {name}, as the other source "
               f"does; " + why)
    elif not how or roundup or event in _growing():
        deciding = _with_doubt(deciding, scorer)
    else:  # two headlines or a lead: one fact, but of when?
        deciding = _with_doubt(deciding, scorer, only=("part_named", "undated"))
    stated = {doc: {r.value for r in by_doc[doc] if r.toll or r.role == MentionRole.EARLIER} for doc in (doc_a, doc_b)}
    lead_case = how.startswith(("a lead", "a caption"))
    revised = _revision(deciding.a, deciding.b, notes, key, {} if lead_case else stated)
    return deciding, why, revised


def _stated_tolls(scored: list[Scored], scorer: _Scorer) -> Scored | None:
    """Two tolls that each source surely gives (`toll_sure`) in its headline, lead or caption and
    that disagree, where the model puts every pair of the two sources below `possible_at`: at
    most a possible conflict, never left uncompared (two outlets' leading tolls for one event
    that differ are what a reader sees first); None when any two such tolls agree."""
    sure = [s for s in scored if s.a.position in STRONG_POSITIONS and s.b.position in STRONG_POSITIONS
            and toll_sure(s.a, scorer.sides[s.a.doc_id]) and toll_sure(s.b, scorer.sides[s.b.doc_id])]
    if not sure or any(s.gap == 0 for s in sure):
        return None
    return replace(_best(sure), doubt="the same-fact model doubts that they state one fact, but each source "
                                      "states its figure as the toll in its headline, lead or caption")


def _why(s: Scored, by_doc: dict) -> str:
    """How each source states its figure, and how likely the two state the same fact."""
    return _how_both(s.a, s.b, by_doc) + f" (same fact: {s.p:.2f})"


def _pair_row(claim_id: str, s: Scored, options: AlignOptions, why: str, revised: str, order: dict) -> dict:
    a, b = sorted((s.a, s.b), key=lambda r: (order[r.doc_id], _index(r)))
    (a_low, a_high), (b_low, b_high) = a.against(b), b.against(a)
    return {
        "claim_id": claim_id, "a": a.index, "b": b.index, "a_doc": a.doc_id, "b_doc": b.doc_id,
        "a_low": a_low, "a_high": a_high, "b_low": b_low, "b_high": b_high,
        "same_time": _days_apart(a.published, b.published) <= options.same_time_days and not revised,
        "relative_gap": s.gap, "confident": (s.p >= options.conflict_at or bool(s.tied)) and not s.doubt,
        "confidence": round(s.p, 6),
        "why": revised or "; ".join(w for w in (s.doubt, s.tied, why) if w),
    }


def sums_of_addends(rows: list[ClaimMention], notes: SourceNotes) -> list[ClaimMention]:
    """A toll figure for each list of counts that add up ("two juveniles and eight adults were
    wounded": 10), stated where the list is and standing on its first figure."""
    out, seen = [], set()
    for row in rows:
        where = (row.doc_id, row.sentence_id)
        if row.role != MentionRole.ADDEND or where in seen or where not in notes.added:
            continue
        seen.add(where)
        total, words = notes.added[where]
        out.append(replace(row, low=total, high=total, value=total, step=0.0, qualifier=Qualifier.EXACT,
                           low_w=total, high_w=total, context="", role=MentionRole.STATED, summed=words))
    return out


def _anchored(roundup: str, rows: list[ClaimMention], named: frozenset, notes: SourceNotes) -> tuple[list, str]:
    """The toll figures of a roundup about another source's event, and the first name that ties
    them to it: a figure whose sentence, or one of the two after it (before the roundup's next
    figure of the claim), names a person the other source names with an age."""
    wanted = {n.lower() for n in named}
    if not wanted:
        return [], ""
    starts = sorted({r.sentence_id for r in rows})
    out, name = [], ""
    for r in rows:
        stop = min(r.sentence_id + 3, next((s for s in starts if s > r.sentence_id), r.sentence_id + 3))
        shared = sorted(n for n in notes.named(roundup, range(r.sentence_id, stop)) if n.lower() in wanted)
        if shared:
            out.append(r)
            name = name or shared[0]
    return out, name


def _split_lead(rows: list[ClaimMention], headlines: list[ClaimMention]) -> list[ClaimMention]:
    """The lead figures of a source stated as the toll that its own headline contradicts: the
    headline gives a toll and the lead a different one, neither a part, an earlier count nor a
    sum ("1 shot dead, 5 wounded" over "Five people were killed"). Empty when the headline
    gives two tolls for the event, or the lead repeats the headline's too. A caption above the
    lead is read the same way, on its own, unless its credit dates it before the headline (it gives
    its own day's count: `extract._earlier_caption`)."""
    heads = {r.value for r in headlines}
    if len(heads) != 1:
        return []
    day = str(headlines[0].published)[:10]
    out = []
    for place in (Position.LEAD, Position.CAPTION):
        leads = [r for r in rows if r.position == place and r.role in (MentionRole.STATED, MentionRole.PLAIN)
                 and str(r.published)[:10] >= day]
        if not any(r.value in heads for r in leads):
            out += [r for r in leads if r.qualifier == Qualifier.EXACT]
    return out


def _how(m: ClaimMention, rows: list[ClaimMention]) -> str:
    """How a source gives a figure: "the headline", "the lead", "a total", "stated 3 times",
    "its only figure" or "the body"."""
    if m.summed:
        return f"the sum of '{m.summed}' ({format_number(m.value)})" + (
            f" in the {m.position}" if m.position in STRONG_POSITIONS else "")
    if m.position in STRONG_POSITIONS:
        return f"the {m.position}"
    if m.role == MentionRole.TOTAL:
        return "a total"
    times = sum(r.value == m.value for r in rows)
    if times >= 2:
        return f"stated {times} times"
    if m.role in (MentionRole.STATED, MentionRole.WITH_PERPETRATOR):
        return "its only figure, stated as the toll" if len({r.value for r in rows}) == 1 \
            else "its largest figure, stated as the toll"
    return "once in the body"


def _how_both(a: ClaimMention, b: ClaimMention, by_doc: dict) -> str:
    """How the two sources give their figures: "the headline and the lead", or once when they
    give them alike ("the lead in each", not "once in the body and once in the body")."""
    how = [_how(r, by_doc[r.doc_id]) for r in (a, b)]
    return f"{how[0]} in each" if how[0] == how[1] else " and ".join(how)


def _revision(a: ClaimMention, b: ClaimMention, notes: SourceNotes, key: str, stated: dict) -> str:
    """Why a disagreement is an update, or "": a source, not older than the other, that calls
    the other's figure an earlier count, or says in a sentence of this claim that its count
    changed, or gives a higher count and says it grew ("UPDATE:", "later died"); or a source a
    day or more later that gives a higher toll and states the earlier figure too (it knows of it:
    "three dead and seven more injured" in a recap), or that gives more dead and as many fewer
    injured (`_moved`). A later, higher toll with no such sign is not an update: two outlets a day
    apart that disagree are a conflict."""
    for x, y in ((a, b), (b, a)):
        if x.published and y.published and str(x.published)[:10] < str(y.published)[:10]:
            continue
        if y.value in notes.earlier.get(x.doc_id, ()):
            return f"{x.doc_id} calls {format_number(y.value)} an earlier count"
        cue = notes.revised.get((x.doc_id, key))
        if cue:
            return f"{x.doc_id} says the count changed ('{cue}')"
        cue, explains = notes.grown.get((x.doc_id, key), ("", 0.0))
        if cue and 0 < x.value - y.value <= explains:
            return f"{x.doc_id} gives a higher count and says it grew ('{cue}')"
        if key.partition("|")[2] in GROWING_TOLLS and x.published and y.published \
                and str(x.published)[:10] > str(y.published)[:10] and x.value > y.value \
                and y.value in stated.get(x.doc_id, ()):
            return (f"{x.doc_id}, a day or more later, gives a higher count and states the earlier "
                    f"{format_number(y.value)} too")
        later = bool(x.published and y.published and str(x.published)[:10] > str(y.published)[:10])
        moved = _moved(x, y, key, notes) if later else ""
        if moved:
            return moved
    return ""


def _moved(x: ClaimMention, y: ClaimMention, key: str, notes: SourceNotes) -> str:
    """Why `x`, not older than `y`, gives an update in which injured victims died: more dead and
    as many fewer injured, the same people shot ("2 dead, 2 injured" after "1 dead, 3 injured"),
    or ""."""
    noun, _, event = key.partition("|")
    if noun != "person" or event not in ("killed", "injured"):
        return ""
    other = "injured" if event == "killed" else "killed"
    died = x.value - y.value if event == "killed" else y.value - x.value
    if died <= 0:
        return ""
    for x_other in notes.counts.get((x.doc_id, other), ()):
        for y_other in notes.counts.get((y.doc_id, other), ()):
            if (y_other - x_other if event == "killed" else x_other - y_other) == died:
                shot = format_number(x.value + x_other)
                return (f"{x.doc_id} gives {format_number(died)} more dead and as many fewer injured than "
                        f"{y.doc_id}, of the same {shot} people shot: injured victims died")
    return ""


GROWING_TOLLS = ("killed", "injured", "shot")
"""Tolls that grow while a story is reported (victims die, are found or reach a hospital): a
higher figure a day or more later is an update, not a disagreement."""


def _source_pairs(rows: list[ClaimMention], docs: list[str], order: dict, options: AlignOptions) -> list:
    """Which sources of a claim to compare. Up to `all_pairs_up_to` sources: every two. Beyond:
    every source with the two that hold the extreme figures (the highest low bound, the lowest
    high bound), since if any two intervals are apart, those two extremes are apart too: no
    disagreement is missed, and a claim stated by 2,000 sources costs 4,000 pairs, not 2 million."""
    if len(docs) <= options.all_pairs_up_to:
        return [(a, b) for i, a in enumerate(docs) for b in docs[i + 1:]]
    top = max(rows, key=lambda r: (r.low_w, -r.index)).doc_id
    bottom = min(rows, key=lambda r: (r.high_w, r.index)).doc_id
    pairs = {tuple(sorted((doc, ref), key=order.get)) for ref in (top, bottom) for doc in docs if doc != ref}
    return sorted(pairs, key=lambda p: (order[p[0]], order[p[1]]))
