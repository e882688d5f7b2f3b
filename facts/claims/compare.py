"""Comparing the figures of one claim: which mentions of two sources state the same thing, how
far apart they are, and whether that is a disagreement, a doubt or an update.

`pairs_of` is the one entry both engines call per claim (the local engine in `group`, Spark in
`engines.spark`); `source_notes` reads what each source says of the story as a whole (sums,
revisions, roundups) from the whole keyed table, once.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..figures.numbers import format_number
from ..types import MentionRole, Position, Qualifier
from .intervals import compared_interval, statement_gap
from .keys import STRONG_POSITIONS, TOLL_ROLES, is_total


@dataclass(frozen=True)
class AlignOptions:
    """`same_time_days`: publication dates further apart than this are different times.
    `all_pairs_up_to`: claims with more sources than this are checked against their two
    extreme figures instead of pairing every two sources (linear instead of quadratic)."""

    same_time_days: int = 7
    all_pairs_up_to: int = 8


def _days_apart(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0.0


_MENTION_COLUMNS = ("doc_id", "base_low", "base_high", "published", "actor", "base_value", "step_b", "qualifier",
                    "low_w", "high_w", "context_link", "role", "position", "place", "sentence_id")
"""The columns a `ClaimMention` is made from, in its fields' order (a missing one reads as "")."""


def mention_columns(df) -> list:
    """The columns `claim_mentions` reads, as arrays, taken once for many claims (each array is
    a view of the table: nothing is copied)."""
    return [df[c].to_numpy() if c in df.columns else None for c in _MENTION_COLUMNS]


def claim_mentions(df, rows: list[int], columns: list | None = None) -> list:
    """The rows of one claim as the `ClaimMention` records `claim_pairs` compares; `columns` from
    `mention_columns` when many claims of one table are read."""
    columns = columns if columns is not None else mention_columns(df)
    doc, low, high, published, actor, value, step, qualifier, low_w, high_w, link, role, position, place, sentence = \
        columns
    index = df.index
    out = []
    for p in rows:
        out.append(ClaimMention(index[p], doc[p], float(low[p]), float(high[p]), published[p],
                            _text(actor[p]) if actor is not None else "", float(value[p]), float(step[p]),
                            qualifier[p], float(low_w[p]), float(high_w[p]),
                            _text(link[p]) if link is not None else "",
                            _text(role[p]) if role is not None else "",
                            _text(position[p]) if position is not None else "",
                            _text(place[p]) if place is not None else "",
                            int(sentence[p]) if sentence is not None else -1))
    return out


def _text(value) -> str:
    return value if isinstance(value, str) else ""


PAIR_TYPES = {"claim_id": "string", "a": "long", "b": "long", "a_doc": "string", "b_doc": "string",
              "a_low": "double", "a_high": "double", "b_low": "double", "b_high": "double", "same_time": "boolean",
              "relative_gap": "double", "confident": "boolean", "why": "string"}
"""The columns a claim's pairs are made with (`claim_pairs`), and their types (Spark's schema).
`confident`: the two figures surely state the same fact (for tolls: both in a headline, lead or
total); `why`: why they were judged to (or, for an update, which source says it changed)."""


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
        return compared_interval(self.low, self.high, self.value, self.step, self.qualifier, other.step)


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


def _toll(rows: list[ClaimMention]) -> list[ClaimMention]:
    """The figures a source gives as the toll: the one it states most often (headline, lead and
    body repeat it) and the largest; sub-counts ("two of the victims") are neither."""
    counts: dict[float, int] = {}
    for r in rows:
        counts[r.value] = counts.get(r.value, 0) + 1
    # Of equal figures the sharpest: "5 wounded" rather than "at least five" (the first of equals).
    most = max(rows, key=lambda r: (counts[r.value], r.value, -r.high))
    largest = max(rows, key=lambda r: (r.value, -r.high))
    return [most] if largest is most else [most, largest]


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
        words = str(holder).split()
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            found = out.setdefault(doc, {})
            found[int(sentence)] = found.get(int(sentence), frozenset()) | {" ".join(words)}
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


def claim_pairs(claim_id: str, rows: list[ClaimMention], options: AlignOptions, totals: bool = False,
           notes: SourceNotes | None = None, key: str = "") -> list[dict]:
    """For every two sources of a claim, each mention of the source with fewer mentions paired
    with its closest counterpart in the other: a source giving "4 and 5 ft/s" for two walkers
    agrees with one giving ">1 and 5 ft/s", and "281 passengers" agrees with "281 of the 3,050
    passengers"; every mention against every mention would call both a conflict. A counterpart
    stated in the same words (see `context`) is preferred to any other. With `totals`
    (counts of people in an event), each source is represented by its largest figure."""
    if totals:
        return _toll_pairs(claim_id, rows, options, notes or SourceNotes(), key)
    rows = [r for r in rows if r.toll]  # a part, other people or an earlier count is never compared
    by_doc: dict[str, list] = {}
    for row in rows:
        by_doc.setdefault(row.doc_id, []).append(row)
    docs = list(by_doc)
    order = {doc: i for i, doc in enumerate(docs)}
    out, seen = [], set()
    for doc_a, doc_b in _source_pairs(rows, docs, order, options):
        a_rows, b_rows = by_doc[doc_a], by_doc[doc_b]
        directions = [(a_rows, b_rows)] if len(a_rows) <= len(b_rows) else []
        directions += [(b_rows, a_rows)] if len(b_rows) <= len(a_rows) else []
        for side, other in directions:
            for m in side:
                # The same sentence but for the figure is its counterpart, whatever the parser
                # made of either; otherwise the closest figure of a compatible holder.
                peers = [o for o in other if m.context and o.context == m.context] \
                    or [o for o in other if same_actor(m.actor, o.actor) and same_place(m.place, o.place)]
                if not peers:
                    continue
                best = min(peers, key=lambda o: (pair_gap(m, o), o.index))
                a, b = sorted((m, best), key=lambda r: (order[r.doc_id], r.index))
                if (a.index, b.index) in seen:
                    continue
                seen.add((a.index, b.index))
                out.append(_pair_row(claim_id, a, b, options, pair_gap(a, b)))
    return out


def _pair_row(claim_id: str, a: ClaimMention, b: ClaimMention, options: AlignOptions, gap: float, confident: bool = True,
              why: str = "", revised: str = "") -> dict:
    (a_low, a_high), (b_low, b_high) = a.against(b), b.against(a)
    return {
        "claim_id": claim_id, "a": a.index, "b": b.index, "a_doc": a.doc_id, "b_doc": b.doc_id,
        "a_low": a_low, "a_high": a_high, "b_low": b_low, "b_high": b_high,
        "same_time": _days_apart(a.published, b.published) <= options.same_time_days and not revised,
        "relative_gap": gap, "confident": confident, "why": revised or why,
    }


def _toll_pairs(claim_id: str, rows: list[ClaimMention], options: AlignOptions, notes: SourceNotes,
                key: str) -> list[dict]:
    """A toll (a count of people in an event) compared by what each source gives as the toll:
    of its figures that are not parts, other people or earlier counts, the one it states most
    often and its largest (`_toll`). Two sources agree when any of those agree (for injured and
    shot, a figure may also equal the other source's killed plus injured; a toll counting the
    perpetrator, one lower). A disagreement is a conflict only between figures each source
    surely gives as its toll (`_sure`), about an event whose counts do not grow by nature
    (arrests do), and with no roundup article on either side; otherwise it is a possible
    conflict. A source that says its count changed makes a disagreement an update (`_revision`:
    `same_time` false)."""
    from ..figures.roles import growing_events

    event = key.partition("|")[2]
    summed = event in SUMMED_EVENTS
    doubtful = event in growing_events()
    by_doc: dict[str, list] = {}
    stated: dict[str, set] = {}  # the values each source states as a toll or an earlier count
    rows = [*rows, *_sums_of_addends(rows, notes)]
    for row in rows:
        if row.toll or row.role == MentionRole.EARLIER:
            stated.setdefault(row.doc_id, set()).add(row.value)
        if row.toll:
            by_doc.setdefault(row.doc_id, []).append(row)
    candidates = {doc: _toll(doc_rows) for doc, doc_rows in by_doc.items()}
    sure = {doc: _sure(doc_rows, candidates[doc]) for doc, doc_rows in by_doc.items()}
    with_perpetrator = {doc: {r.value for r in doc_rows if r.role == MentionRole.WITH_PERPETRATOR}
                        for doc, doc_rows in by_doc.items()}
    docs = list(by_doc)
    order = {doc: i for i, doc in enumerate(docs)}
    flat = [r for doc_rows in candidates.values() for r in doc_rows]

    def gap(a: ClaimMention, b: ClaimMention) -> float:
        if summed and (a.value in notes.sums.get(b.doc_id, ()) or b.value in notes.sums.get(a.doc_id, ())):
            return 0.0
        if any(x.value in with_perpetrator.get(x.doc_id, ()) and x.value - 1 == y.value for x, y in ((a, b), (b, a))):
            return 0.0  # "six killed, including the suspect" and "five killed"
        return pair_gap(a, b)

    def closest(a_rows, b_rows):
        return min(((gap(a, b), a.index, b.index, a, b) for a in a_rows for b in b_rows), key=lambda t: t[:3])

    headlines = {doc: [r for r in doc_rows if r.position == Position.HEADLINE] for doc, doc_rows in by_doc.items()}
    split = {doc: _split_lead(doc_rows, headlines[doc]) for doc, doc_rows in by_doc.items()}
    out = []
    for doc_a, doc_b in _source_pairs(flat, docs, order, options):
        found, _, _, a, b = closest(candidates[doc_a], candidates[doc_b])
        headline, lead = False, ""
        if found == 0 and headlines[doc_a] and headlines[doc_b]:
            # Two headlines that state the toll must agree too: "11 Hurt" over a lead saying three
            # is a headline that misstates the toll, whatever the bodies say.
            headline_gap, _, _, ha, hb = closest(headlines[doc_a], headlines[doc_b])
            if headline_gap > 0:
                found, a, b, headline = headline_gap, ha, hb, True
        if found == 0:
            # A lead that gives another toll than its own headline, where the other source states
            # the headline's: "1 shot dead" over "Five people were killed", against "1 Dead".
            for x, other in ((doc_a, doc_b), (doc_b, doc_a)):
                agree = [o for o in candidates[other] if o.strong and any(gap(h, o) == 0 for h in headlines[x])]
                if split[x] and agree:
                    lead_gap, _, _, la, lo = closest(split[x], agree)
                    if lead_gap > 0:
                        found, a, b, lead = lead_gap, la, lo, x
                        break
        confident, why, revised = True, "", ""
        roundup, name = notes.roundup(doc_a, doc_b) if found > 0 else None, ""
        single = doc_b if roundup == doc_a else doc_a
        if roundup and single not in notes.roundups and sure[single]:
            # A roundup's paragraph on one shooting that names a victim the other source names
            # gives that shooting's toll ("... left two people dead. Bobbie Odneal III, 23, ...")
            anchored, name = _anchored(roundup, by_doc[roundup], notes.named(single), notes)
            if anchored:
                found, _, _, a, b = closest(anchored, sure[single])
        if found > 0 and name:
            why = (f"both give it as the toll of one shooting: {roundup} is a roundup, and its paragraph with "
                   f"this figure names {name}, as the other source does: ")
            why += _how_both(a, b, by_doc)
            revised = _revision(a, b, notes, key, stated)
        elif found > 0:
            doubt = (f"{roundup} is a roundup of several events (its headline or lead covers them): " if roundup
                     else f"counts of people {event} grow and mix groups (arrests for other crimes): " if doubtful
                     else "" if headline or lead or (sure[doc_a] and sure[doc_b]) else None)
            if doubt == "" and headline:
                why = "the two headlines give different tolls: "
            elif doubt == "" and lead and a.position == Position.CAPTION:
                # a caption may be older than the story it stands over (a video of the first reports)
                confident = False
                why = "not sure both give it as the toll: a caption gives another toll than its own headline: "
            elif doubt == "" and lead:
                why = "a lead gives another toll than its own headline, which the other source confirms: "
            elif doubt == "":
                found, _, _, a, b = closest(sure[doc_a], sure[doc_b])
                why = "both give it as the toll: "
            else:
                confident = False
                why = "not sure both give it as the toll: " + (doubt or "")
            why += _how_both(a, b, by_doc)
            revised = _revision(a, b, notes, key, {} if lead else stated)
        a, b = sorted((a, b), key=lambda r: (order[r.doc_id], r.index))
        out.append(_pair_row(claim_id, a, b, options, found, confident, why, revised))
    return out


def _sums_of_addends(rows: list[ClaimMention], notes: SourceNotes) -> list[ClaimMention]:
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
    lead is read the same way, on its own."""
    heads = {r.value for r in headlines}
    if len(heads) != 1:
        return []
    out = []
    for place in (Position.LEAD, Position.CAPTION):
        leads = [r for r in rows if r.position == place and r.role in (MentionRole.STATED, MentionRole.PLAIN)]
        if not any(r.value in heads for r in leads):
            out += [r for r in leads if r.qualifier == Qualifier.EXACT]
    return out


def _sure(rows: list[ClaimMention], candidates: list[ClaimMention]) -> list[ClaimMention]:
    """The toll figures a source surely gives as its toll: stated in the headline, the lead or as
    a total, stated more than once, or its only or largest figure for the event stated as the
    subject of the event ("Three people were injured"; not "officers found six victims")."""
    counts: dict[float, int] = {}
    for r in rows:
        counts[r.value] = counts.get(r.value, 0) + 1
    largest = max(counts)
    return [r for r in candidates if r.strong or counts[r.value] >= 2
            or ((len(counts) == 1 or r.value == largest) and r.role in (MentionRole.STATED, MentionRole.WITH_PERPETRATOR))]


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
    changed, or gives a higher count and says it grew ("UPDATE:", "later died"); or a source a day or more later that gives a higher toll and states the earlier
    figure too (it knows of it: "three dead and seven more injured" in a recap), or states its
    own as a total ("nine people in total were wounded")."""
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
                and str(x.published)[:10] > str(y.published)[:10] and x.value > y.value:
            if y.value in stated.get(x.doc_id, ()):
                return (f"{x.doc_id}, a day or more later, gives a higher count and states the earlier "
                        f"{format_number(y.value)} too")
            if x.role == MentionRole.TOTAL:
                return f"{x.doc_id}, a day or more later, gives a higher count as a total"
        moved = _moved(x, y, key, notes)
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
