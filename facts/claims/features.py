"""What the same-fact model reads of two mentions: one table of named features (`FEATURES`),
each a small function with its docstring, whose cases are in `tests/data/feature_cases.json`.

A feature never looks at whether the two figures agree: the model says how likely two mentions
are to state the same quantity of the same event, group and time, and the verdict then asks
whether their figures disagree (`compare`). Every feature is value-blind for that reason; the
figures' own form (a bound, "about", vague) and how each source states them (in its headline, as
a total, more than once) are not values and are read.

Plain Python over the mentions of one claim (`compare.ClaimMention`); the sentence cues come
from the fact table (`figures.cues`, computed once at extraction).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..figures.cues import parse_cues
from ..figures.numbers import FRACTIONS, SCALES, SMALL, TENS
from ..types import MentionRole, Position, Qualifier

STRONG = (Position.HEADLINE, Position.LEAD, Position.CAPTION)
STATED_ROLES = (MentionRole.STATED, MentionRole.TOTAL, MentionRole.WITH_PERPETRATOR)
BOUNDS = (Qualifier.MORE_THAN, Qualifier.AT_LEAST, Qualifier.LESS_THAN, Qualifier.AT_MOST)
BACKGROUND_CUES = ("past", "other_event", "tally", "later")
"""Cue names (`data/cues.json`) that say a sentence's figures may be background."""

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_STOP = frozenset("""
the a an and or of in on at to for with by from as but not no was were is are be been has have had
that this it its he she they his her their them who which when after before than said says say
would could will there then also about over more less into out up down off just only
""".split())
_NUMBER_WORDS = frozenset({*SMALL, *TENS, *SCALES, *FRACTIONS, "dozen", "dozens", "hundreds", "thousands",
                           "millions", "billions", "half", "couple", "several", "few", "both", "single"})
WINDOW = 5
"""Words on each side of a figure that say what it counts or measures ("53 season catches" vs
"8 catches in the game")."""


@dataclass(frozen=True)
class ClaimSide:
    """What one source states of a claim, as the features read it: how often it states each
    value, its largest value, how many distinct values it gives."""

    counts: dict
    largest: float
    distinct: int
    toll_counts: dict = field(default_factory=dict)  # the same, of the figures that can state a toll

    @classmethod
    def of(cls, rows) -> ClaimSide:
        counts: dict[float, int] = {}
        tolls: dict[float, int] = {}
        for r in rows:
            counts[r.value] = counts.get(r.value, 0) + 1
            if r.role in STATED_ROLES + (MentionRole.PLAIN,) or r.summed:
                tolls[r.value] = tolls.get(r.value, 0) + 1
        return cls(counts, max(counts) if counts else 0.0, len(counts), tolls)


@dataclass(frozen=True)
class PairInput:
    """Two mentions of one claim from two sources, with what the features need around them."""

    a: object  # compare.ClaimMention
    b: object
    side_a: ClaimSide
    side_b: ClaimSide
    toll: bool = False       # the claim counts people in an event (killed, injured...)
    roundup: bool = False    # one of the two documents is a roundup of several events
    anchored: bool = False   # ... and its paragraph with the figure names the other's victim
    idf: dict = field(default_factory=dict)
    default_idf: float = 1.0
    statement_a: float = 0.0  # log-odds that `a` is its source's statement of the toll (`MENTION_FEATURES`)
    statement_b: float = 0.0


@dataclass(frozen=True)
class MentionInput:
    """One mention of a toll with what its source states of the claim: what the toll-statement
    model (`MENTION_FEATURES`) reads."""

    m: object  # compare.ClaimMention
    side: ClaimSide
    roundup: bool = False


@dataclass(frozen=True)
class Feature:
    name: str
    compute: Callable[[PairInput], float]
    about: str


def _both(p: PairInput, test) -> float:
    return float(test(p.a) and test(p.b))


def _either(p: PairInput, test) -> float:
    return float(test(p.a) or test(p.b))


def _one(p: PairInput, test) -> float:
    return float(test(p.a) != test(p.b))


def _strong(m) -> bool:
    return m.position in STRONG


def _stated(m) -> bool:
    return m.role in STATED_ROLES or bool(m.summed)


def _repeated(m, side: ClaimSide) -> bool:
    return side.counts.get(m.value, 0) >= 2


@lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[str, ...]:
    """Lower-case content words: no stop words and no numbers, spelled or not ("five", "dozen"),
    so that no feature sees the figures themselves. A pure function of the text, kept for the
    texts seen last: a mention's sentence is read for every pair it is in."""
    return tuple(w for w in _WORD.findall(text.lower()) if w not in _STOP and w not in _NUMBER_WORDS)


def _cosine(a: str, b: str, idf: dict, default: float) -> float:
    va, vb = _vector(a, idf, default), _vector(b, idf, default)
    if not va or not vb:
        return 0.0
    dot = sum(w * vb.get(t, 0.0) for t, w in va.items())
    return dot / math.sqrt(sum(w * w for w in va.values()) * sum(w * w for w in vb.values()))


def _vector(text: str, idf: dict, default: float) -> dict:
    out: dict[str, float] = {}
    for w in words_of(text):
        out[w] = out.get(w, 0.0) + idf.get(w, default)
    return out


def window_words(m) -> set[str]:
    """The content words within `WINDOW` words of the figure in its sentence."""
    sentence, at = m.sentence, m.sentence.find(m.surface) if m.surface else -1
    if at < 0:
        return set(words_of(sentence))
    before = words_of(sentence[:at])[-WINDOW:]
    after = words_of(sentence[at + len(m.surface):])[:WINDOW]
    return {*before, *after}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _names(m) -> set[str]:
    return {n.strip().lower() for n in (m.entities or "").split(";") if n.strip()}


def _compatible(x: str, y: str) -> bool:
    x, y = x.lower().strip(), y.lower().strip()
    return x in y or y in x


def _named_same(x: str, y: str) -> float:
    return float(bool(x.strip()) and bool(y.strip()) and _compatible(x, y))


def _named_differ(x: str, y: str) -> float:
    return float(bool(x.strip()) and bool(y.strip()) and not _compatible(x, y))


def has_cue(m, names: tuple) -> bool:
    """Whether the sentence of mention `m` has one of the cues `names` (`data/cues.json`)."""
    cues, _ = parse_cues(m.cues)
    return any(c in cues for c in names)


def _years(m) -> frozenset:
    return parse_cues(m.cues)[1]


def _both_headline(p: PairInput) -> float:
    """Both figures stand in their article's headline."""
    return _both(p, lambda m: m.position == Position.HEADLINE)


def _headline_lead(p: PairInput) -> float:
    """One stands in a headline, the other in a lead or caption."""
    positions = {p.a.position, p.b.position}
    return float(Position.HEADLINE in positions and bool(positions & {Position.LEAD, Position.CAPTION}))


def _both_lead(p: PairInput) -> float:
    """Both stand in a lead (or a caption above it)."""
    return _both(p, lambda m: m.position in (Position.LEAD, Position.CAPTION))


def _one_strong(p: PairInput) -> float:
    """One stands in a headline, lead or caption, the other in the body."""
    return _one(p, _strong)


def _both_body(p: PairInput) -> float:
    """Both stand in the body of their article."""
    return _both(p, lambda m: not _strong(m))


def _both_stated(p: PairInput) -> float:
    """Both are stated as their event's subject or as a total ("Three people were injured",
    "a total of nine"), or are the sum of a list of counts."""
    return _both(p, _stated)


def _one_stated(p: PairInput) -> float:
    """One is stated as a toll, the other is a plain figure."""
    return _one(p, _stated)


def _any_part(p: PairInput) -> float:
    """One is a part of a total ("two of them", "the other three", one of a list of counts)."""
    return _either(p, lambda m: m.role in (MentionRole.PART, MentionRole.ADDEND) and not m.summed)


def _any_other_people(p: PairInput) -> float:
    """One counts other people (suspects sought, officers on the scene)."""
    return _either(p, lambda m: m.role == MentionRole.OTHER_PEOPLE)


def _any_earlier(p: PairInput) -> float:
    """One is a count its source says came first ("initially had said six")."""
    return _either(p, lambda m: m.role == MentionRole.EARLIER)


def _both_repeated(p: PairInput) -> float:
    """Each source states its figure more than once in this claim."""
    return float(_repeated(p.a, p.side_a) and _repeated(p.b, p.side_b))


def _one_repeated(p: PairInput) -> float:
    """One source states its figure more than once, the other once."""
    return float(_repeated(p.a, p.side_a) != _repeated(p.b, p.side_b))


def _both_largest(p: PairInput) -> float:
    """Each figure is the largest its source gives in this claim (a total, not a part)."""
    return float(p.a.value == p.side_a.largest and p.b.value == p.side_b.largest)


def _both_only(p: PairInput) -> float:
    """Each source gives one figure only in this claim."""
    return float(p.side_a.distinct == 1 and p.side_b.distinct == 1)


def _candidates(p: PairInput) -> float:
    """How many distinct figures the two sources give in this claim (log): the more there are,
    the less any two of them are each other's counterpart."""
    return math.log(p.side_a.distinct * p.side_b.distinct)


def _toll_candidates(p: PairInput) -> float:
    """For a toll: how many distinct figures the two sources give that can state the toll (log;
    `candidates` without the parts, other people and earlier counts an article lists beside its
    toll: "five men and four women", "one critical")."""
    if not p.toll:
        return 0.0
    return math.log(max(len(p.side_a.toll_counts), 1) * max(len(p.side_b.toll_counts), 1))


def _any_vague(p: PairInput) -> float:
    """One is a vague amount ("dozens", "hundreds of")."""
    return _either(p, lambda m: m.qualifier == Qualifier.VAGUE)


def _any_bound(p: PairInput) -> float:
    """One is a bound ("more than 1,800", "at least 24", "up to 50")."""
    return _either(p, lambda m: m.qualifier in BOUNDS)


def _any_approx(p: PairInput) -> float:
    """One is approximate ("about 200", "nearly 300,000") or a range."""
    return _either(p, lambda m: m.qualifier in (Qualifier.APPROX, Qualifier.APPROX_BELOW, Qualifier.RANGE))


def _roundup(p: PairInput) -> float:
    """One article is a roundup of several events: its figures may be about any of them."""
    return float(p.roundup and not p.anchored)


def _anchored(p: PairInput) -> float:
    """A roundup's paragraph with the figure names a person the other source names with an age."""
    return float(p.anchored)


def _toll(p: PairInput) -> float:
    """The claim counts people in an event (killed, injured, shot, arrested...)."""
    return float(p.toll)


def _toll_strong(p: PairInput) -> float:
    """A toll stated by both in a headline, lead or caption."""
    return float(p.toll and _strong(p.a) and _strong(p.b))


def _toll_stated(p: PairInput) -> float:
    """A toll stated by both as their event's subject or a total."""
    return float(p.toll and _stated(p.a) and _stated(p.b))


def _measured(p: PairInput) -> float:
    """The figures measure something in a unit (km, years, dollars, magnitude), not a count."""
    return float(p.a.dimension not in ("count", "") or p.b.dimension not in ("count", ""))


def _same_concept(p: PairInput) -> float:
    """Both count or measure the same thing, by its normalised noun ("military post")."""
    return float(bool(p.a.concept_key) and p.a.concept_key == p.b.concept_key)


def _concept_overlap(p: PairInput) -> float:
    """How many of the words naming what is counted the two share ("season catches" vs
    "catches"), Jaccard."""
    return _jaccard(set(words_of(p.a.measure)), set(words_of(p.b.measure)))


def _event_missing(p: PairInput) -> float:
    """One names the event of its count (killed, injured...), the other none."""
    return float(bool(p.a.event) != bool(p.b.event))


def _holder_same(p: PairInput) -> float:
    """Both name who holds or does it, and the same one ("Turkey has 12 posts")."""
    return _named_same(p.a.actor, p.b.actor)


def _holder_differ(p: PairInput) -> float:
    """Both name who holds or does it, and different ones ("Britain has 4,100 troops" vs "the
    United States has 142,500 troops")."""
    return _named_differ(p.a.actor, p.b.actor)


def _place_same(p: PairInput) -> float:
    """Both say where, and the same place."""
    return _named_same(p.a.place, p.b.place)


def _place_differ(p: PairInput) -> float:
    """Both say where, and different places (one district vs the province)."""
    return _named_differ(p.a.place, p.b.place)


def _worded_alike(p: PairInput) -> float:
    """The two sentences are the same but for their figures (a wire story copied)."""
    return float(bool(p.a.context) and p.a.context == p.b.context)


def _sentence_cosine(p: PairInput) -> float:
    """How alike the two sentences are: TF-IDF cosine of their content words (the IDF of the
    training news, shipped with the model)."""
    return _cosine(p.a.sentence, p.b.sentence, p.idf, p.default_idf)


def _window_overlap(p: PairInput) -> float:
    """How alike the words around the two figures are (five content words each side), Jaccard:
    "53 season catches" vs "8 catches in the game"."""
    return _jaccard(window_words(p.a), window_words(p.b))


def _shared_names(p: PairInput) -> float:
    """Names both sentences give (people, places, organisations), up to three, over three."""
    return min(3, len(_names(p.a) & _names(p.b))) / 3


def _names_disjoint(p: PairInput) -> float:
    """Both sentences name someone or somewhere, and no name is shared."""
    a, b = _names(p.a), _names(p.b)
    return float(bool(a) and bool(b) and not a & b)


def _background(p: PairInput) -> float:
    """One sentence has a cue of background (`data/cues.json`: another time, another event, a
    running tally): "in 2004", "a separate attack", "this season"."""
    return _either(p, lambda m: has_cue(m, BACKGROUND_CUES))


def _both_background(p: PairInput) -> float:
    """Both sentences have a cue of background."""
    return _both(p, lambda m: has_cue(m, BACKGROUND_CUES))


def _tally(p: PairInput) -> float:
    """One sentence is about a running total ("this season", "career", "deadliest since")."""
    return _either(p, lambda m: has_cue(m, ("tally",)))


def _attributed(p: PairInput) -> float:
    """Both figures are attributed to someone ("police said", "according to")."""
    return _both(p, lambda m: has_cue(m, ("attributed",)))


def _years_differ(p: PairInput) -> float:
    """Each sentence names a year and they share none ("in 2004" vs "in 2009"), or one names a
    year other than the other's publication year."""
    ya, yb = _years(p.a), _years(p.b)
    if ya and yb:
        return float(not ya & yb)
    for years, other in ((ya, p.b), (yb, p.a)):
        if years and other.published and str(other.published)[:4] not in years:
            return 1.0
    return 0.0


def _scope_differ(p: PairInput) -> float:
    """Both sentences say when, and differently ("on Sunday" vs "this week")."""
    return _named_differ(p.a.time_scope, p.b.time_scope)


def toll_candidate(m, side: ClaimSide) -> bool:
    """What a source gives as the toll, by the rule written before the model (now one of its
    features): the figure it states most often, and its largest; never a part, other people or an
    earlier count."""
    if m.role not in STATED_ROLES + (MentionRole.PLAIN,) and not m.summed:
        return False
    counts = side.toll_counts
    if not counts:
        return False
    most = max(counts, key=lambda v: (counts[v], v))
    return m.value in (most, max(counts))


def toll_sure(m, side: ClaimSide) -> bool:
    """A toll its source surely gives, by the rule written before the model: a candidate
    (`toll_candidate`) stated in the headline, lead or caption, as a total, more than once, or as
    its event's subject when it is its only or largest figure."""
    if not toll_candidate(m, side):
        return False
    counts = side.toll_counts
    return (_strong(m) or m.role == MentionRole.TOTAL or counts.get(m.value, 0) >= 2
            or ((len(counts) == 1 or m.value == max(counts)) and m.role in (MentionRole.STATED,
                                                                            MentionRole.WITH_PERPETRATOR)))


def _both_sure(p: PairInput) -> float:
    """For a toll: both figures are what their sources surely give as the toll (`toll_sure`)."""
    return float(p.toll and toll_sure(p.a, p.side_a) and toll_sure(p.b, p.side_b))


def _one_sure(p: PairInput) -> float:
    """For a toll: one figure is surely its source's toll, the other is a candidate only."""
    if not p.toll:
        return 0.0
    sure = (toll_sure(p.a, p.side_a), toll_sure(p.b, p.side_b))
    cand = (toll_candidate(p.a, p.side_a), toll_candidate(p.b, p.side_b))
    return float(all(cand) and sum(sure) == 1)


def _not_candidates(p: PairInput) -> float:
    """For a toll: one figure is not what its source gives as the toll (neither its most stated
    nor its largest figure of the toll)."""
    return float(p.toll and not (toll_candidate(p.a, p.side_a) and toll_candidate(p.b, p.side_b)))


def _toll_statements(p: PairInput) -> float:
    """For a toll: how surely both mentions are their source's statement of the toll, the mean
    log-odds of the toll-statement model (0 for other claims)."""
    return (p.statement_a + p.statement_b) / 2 if p.toll else 0.0


def _toll_weaker(p: PairInput) -> float:
    """For a toll: the log-odds of the less sure of the two statements (0 for other claims)."""
    return min(p.statement_a, p.statement_b) if p.toll else 0.0


# ---------------------------------------------------------------- the toll-statement model


def _m_headline(x: MentionInput) -> float:
    """In the headline."""
    return float(x.m.position == Position.HEADLINE)


def _m_lead(x: MentionInput) -> float:
    """In the lead."""
    return float(x.m.position == Position.LEAD)


def _m_caption(x: MentionInput) -> float:
    """In a photo or video caption above the lead."""
    return float(x.m.position == Position.CAPTION)


def _m_stated(x: MentionInput) -> float:
    """Stated as its event's subject ("Three people were injured")."""
    return float(x.m.role == MentionRole.STATED)


def _m_total(x: MentionInput) -> float:
    """Stated as a total ("a total of nine", "a shooting that left one dead")."""
    return float(x.m.role == MentionRole.TOTAL)


def _m_with_perpetrator(x: MentionInput) -> float:
    """A toll that counts the perpetrator ("six killed, including the suspect")."""
    return float(x.m.role == MentionRole.WITH_PERPETRATOR)


def _m_part(x: MentionInput) -> float:
    """A part of a total ("two of them", "the other three")."""
    return float(x.m.role == MentionRole.PART)


def _m_addend(x: MentionInput) -> float:
    """One of a list of counts that add up ("two juveniles and eight adults")."""
    return float(x.m.role == MentionRole.ADDEND and not x.m.summed)


def _m_summed(x: MentionInput) -> float:
    """The sum of a list of counts."""
    return float(bool(x.m.summed))


def _m_other_people(x: MentionInput) -> float:
    """Counts other people (suspects sought, officers on the scene)."""
    return float(x.m.role == MentionRole.OTHER_PEOPLE)


def _m_earlier(x: MentionInput) -> float:
    """A count its source says came first ("initially had said six")."""
    return float(x.m.role == MentionRole.EARLIER)


def _m_repeated(x: MentionInput) -> float:
    """Its source states this figure for the claim more than once."""
    return float(x.side.counts.get(x.m.value, 0) >= 2)


def _m_thrice(x: MentionInput) -> float:
    """Its source states this figure for the claim three times or more."""
    return float(x.side.counts.get(x.m.value, 0) >= 3)


def _m_largest(x: MentionInput) -> float:
    """The largest figure its source gives for the claim, and not its only one."""
    return float(x.m.value == x.side.largest and x.side.distinct > 1)


def _m_only(x: MentionInput) -> float:
    """The only figure its source gives for the claim."""
    return float(x.side.distinct == 1)


def _m_bound(x: MentionInput) -> float:
    """A bound ("at least 24")."""
    return float(x.m.qualifier in BOUNDS)


def _m_approx(x: MentionInput) -> float:
    """Approximate or a range ("about 20", "20 to 25")."""
    return float(x.m.qualifier in (Qualifier.APPROX, Qualifier.APPROX_BELOW, Qualifier.RANGE))


def _m_vague(x: MentionInput) -> float:
    """Vague ("dozens")."""
    return float(x.m.qualifier == Qualifier.VAGUE)


def _m_roundup(x: MentionInput) -> float:
    """Its article is a roundup of several events."""
    return float(x.roundup)


def _m_background(x: MentionInput) -> float:
    """Its sentence has a cue of background (another time, another event, a tally)."""
    return float(has_cue(x.m, BACKGROUND_CUES))


def _m_attributed(x: MentionInput) -> float:
    """Its sentence attributes it ("police said")."""
    return float(has_cue(x.m, ("attributed",)))


def _m_year(x: MentionInput) -> float:
    """Its sentence names a year other than its publication's."""
    years = _years(x.m)
    return float(bool(years) and str(x.m.published)[:4] not in years)


def _m_depth(x: MentionInput) -> float:
    """How far into its article it stands: log(1 + sentence number)."""
    return math.log1p(max(x.m.sentence_id, 0))


def _m_distinct(x: MentionInput) -> float:
    """How many different figures its source gives for the claim (log)."""
    return math.log(max(x.side.distinct, 1))


MENTION_FEATURES: tuple[Feature, ...] = tuple(Feature(f.__name__[3:], f, (f.__doc__ or "").split("\n\n")[0]) for f in (
    _m_headline, _m_lead, _m_caption, _m_stated, _m_total, _m_with_perpetrator, _m_part, _m_addend, _m_summed,
    _m_other_people, _m_earlier, _m_repeated, _m_thrice, _m_largest, _m_only, _m_bound, _m_approx, _m_vague,
    _m_roundup, _m_background, _m_attributed, _m_year, _m_depth, _m_distinct,
))
"""The toll-statement model's features: is this mention its source's statement of the toll? A
mention's own form and place, never its value."""

MENTION_FEATURE_NAMES = tuple(f.name for f in MENTION_FEATURES)


def mention_vector(x: MentionInput) -> list[float]:
    return [f.compute(x) for f in MENTION_FEATURES]


FEATURES: tuple[Feature, ...] = tuple(Feature(f.__name__.lstrip("_"), f, (f.__doc__ or "").split("\n\n")[0])
                                      for f in (
    _both_headline, _headline_lead, _both_lead, _one_strong, _both_body,
    _both_stated, _one_stated, _any_part, _any_other_people, _any_earlier,
    _both_repeated, _one_repeated, _both_largest, _both_only, _candidates,
    _any_vague, _any_bound, _any_approx, _roundup, _anchored,
    _toll, _toll_strong, _toll_stated, _measured,
    _same_concept, _concept_overlap, _event_missing,
    _holder_same, _holder_differ, _place_same, _place_differ,
    _worded_alike, _sentence_cosine, _window_overlap, _shared_names, _names_disjoint,
    _background, _both_background, _tally, _attributed, _years_differ, _scope_differ,
    _toll_statements, _toll_weaker, _both_sure, _one_sure, _not_candidates, _toll_candidates,
))
"""Every feature of the same-fact model, in the order of its weights."""

FEATURE_NAMES = tuple(f.name for f in FEATURES)


def feature_vector(p: PairInput) -> list[float]:
    """The features of one pair, in `FEATURES` order."""
    return [f.compute(p) for f in FEATURES]
