"""What part a figure plays in its story, read from the words of its sentence: a total ("in total",
"a shooting that left one dead"), a part of a total ("two of them", "four others", "one was in good
condition"), a count of other people (suspects sought, officers on the scene), an earlier count
the source says was revised, a figure about another event (a roundup of a weekend's shootings, a
related-article link, a shooting three years ago) or no count at all (an intention, an age, a
distance that locates).

Pure functions over text; the vocabulary is data (`data/roles.json`), every pattern is built
from it. `extract` stores the role and its reason in the fact table, so that `explain` and every
export show why a figure was kept out of a comparison; `claims.compare` reads them.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..types import MentionRole
from .frames import RELATIVE
from .lexicon import MONTHS, month_number
from .numbers import SCALES, SMALL, TENS, format_number, parse_digits, words_to_number

TALLY = "a tally over several events"
"""The reason given to a figure of a roundup: an article whose headline or lead has one is a
roundup, and its other figures may be about any of its events."""
NUMBER = "#"
"""A number (digits or a number word) in a token list and in the phrases of `data/roles.json`."""

_TOKEN = re.compile(r"[a-z]+(?:['’-][a-z]+)*|\d+(?:[,.]\d+)*|[^\sa-z\d]")
_NUMBER_WORDS = frozenset({*SMALL, *TENS, *SCALES, "dozen", "dozens", "a dozen"})
_MONTH = re.compile(r"\b(" + "|".join(m for m in MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_EVENT_WORDS = ("dead", "killed", "died", "wounded", "injured", "hurt", "shot", "slain", "murdered", "fatally",
                "hospitalized", "hospitalised")
_SPLIT_VERBS = ("killing", "wounding", "injuring", "hitting")
"""An -ing verb right before a figure that may split a count stated before it ("shot two officers,
killing one")."""
_CONDITION_SPAN = 4
"""How many words after a figure (and its noun) may say the condition it counts people by."""
_NEAR = 3
"""How many words before a figure a verb of seeking or arresting may stand ("seek 2 men")."""


@dataclass(frozen=True)
class Role:
    """A figure's role and, unless plain, the words that gave it."""

    role: str = MentionRole.PLAIN
    reason: str = ""


@dataclass(frozen=True)
class _Vocabulary:
    roundup: tuple
    related: tuple
    ago_units: frozenset
    past_phrases: tuple
    intent_verbs: Phrases
    intent_events: tuple
    conditional: frozenset
    conditional_present: frozenset
    weekend_words: Phrases
    earlier_before: Phrases
    earlier_after: tuple
    earlier_corrected: Phrases
    earlier_breaks: frozenset
    revision: tuple
    growth: tuple
    one_death: tuple
    partitive_sets: frozenset
    part_before: frozenset
    part_after: tuple
    conditions: frozenset
    severity_words: frozenset
    severity_of: frozenset
    condition_verbs: frozenset
    wound_places: frozenset
    whole_words: frozenset
    people_before: Phrases
    people_after: Phrases
    age_before: frozenset
    location_units: frozenset
    location_after: frozenset
    total_before: tuple
    total_after: tuple
    perpetrator: tuple
    stated_boundaries: frozenset
    stated_between: frozenset
    event_nouns: tuple
    event_nouns_before: tuple
    one_of_several: tuple
    several_events: tuple
    growing_events: frozenset
    people_windows: tuple


def tokens(text: str) -> list[str]:
    """Lower-case words and marks of `text`, every number (digits or a number word) as "#"."""
    return _marked(_TOKEN.findall(text.lower()))


def _marked(raw: list[str]) -> list[str]:
    """`raw` lower-case tokens with every number (digits or a number word) as "#"."""
    return [NUMBER if t[0].isdigit() or t in _NUMBER_WORDS else t for t in raw]


def _number(token: str) -> float | None:
    """The value of a lower-case token that is a number ("12", "three"), else None."""
    return parse_digits(token) if token[0].isdigit() else words_to_number(token) if token in _NUMBER_WORDS else None


class Phrases(tuple):
    """Phrases as token tuples, longest first, indexed by their first token so that finding
    one in a sentence looks at each word once instead of trying every phrase at every word."""

    by_first: dict[str, list[tuple]]
    by_last: dict[str, list[tuple]]

    def __new__(cls, phrases):
        self = super().__new__(cls, sorted(set(phrases), key=len, reverse=True))
        self.by_first, self.by_last = {}, {}
        for phrase in self:
            self.by_first.setdefault(phrase[0], []).append(phrase)
            self.by_last.setdefault(phrase[-1], []).append(phrase)
        return self


def _phrases(words) -> Phrases:
    return Phrases(tuple(tokens(w)) for w in words)


def _without_articles(words: list[str]) -> list[str]:
    """`words` and each of them with "the" left out, as headlines write them ("5 dead, including
    gunman")."""
    return list(dict.fromkeys([*words, *(" ".join(w for w in phrase.split() if w != "the") for phrase in words)]))


_ILL = Phrases([("fell", "ill"), ("became", "ill"), ("were", "sickened"), ("got", "sick")])
"""The events of falling ill, after a partitive's set ("281 of the passengers fell ill")."""


@lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    data = json.loads(resources.files("facts").joinpath("data/roles.json").read_text("utf-8"))
    part, people, total = data["part"], data["other_people"], data["total"]
    return _Vocabulary(
        roundup=_phrases(data["roundup"]["anywhere"]), related=_phrases(data["related"]["starts"]),
        ago_units=frozenset(data["past"]["ago_units"]), past_phrases=_phrases(data["past"]["last_words"]),
        intent_verbs=_phrases(data["intent"]["verbs"]), intent_events=tuple(data["intent"]["events"]),
        conditional=frozenset(data["intent"]["conditional"]),
        conditional_present=frozenset(data["intent"]["conditional_present"]),
        weekend_words=_phrases(data["roundup"]["weekend_words"]),
        earlier_before=_phrases(data["earlier"]["before"]), earlier_after=_phrases(data["earlier"]["after"]),
        earlier_corrected=_phrases(data["earlier"]["corrected"]),
        earlier_breaks=frozenset(data["earlier"]["breaks"]), revision=_phrases(data["revision"]["phrases"]),
        growth=_phrases(data["growth"]["phrases"]), one_death=_phrases(data["growth"]["one_death"]),
        partitive_sets=frozenset(part["partitive_sets"]), part_before=frozenset(part["before"]),
        part_after=_phrases(part["after"]), conditions=frozenset(part["conditions"]),
        severity_words=frozenset(part["severity_words"]), severity_of=frozenset(part["severity_of"]),
        condition_verbs=frozenset(part["condition_verbs"]), wound_places=frozenset(part["wound_places"]),
        whole_words=frozenset(part["whole_words"]),
        people_before=_phrases(people["before"]), people_after=_phrases(people["after"]),
        age_before=frozenset(data["age"]["before"]), location_units=frozenset(data["location"]["units"]),
        location_after=frozenset(data["location"]["after"]), total_before=_phrases(total["before"]),
        total_after=_phrases(total["after"]), perpetrator=_phrases(_without_articles(data["perpetrator"]["after"])),
        stated_boundaries=frozenset(data["stated"]["boundaries"]), stated_between=frozenset(data["stated"]["between"]),
        event_nouns=_phrases(data["stated"]["event_nouns"]), event_nouns_before=_phrases(data["stated"]["event_nouns_before"]),
        one_of_several=_phrases(part["one_of_several"]), several_events=_phrases(data["roundup"]["several_events"]),
        growing_events=frozenset(data["growing_events"]["events"]),
        people_windows=_phrases(data["roundup"]["people_windows"]),
    )


def growing_events() -> frozenset:
    """Events whose counts grow or mix groups (`data/roles.json`: growing_events): a
    disagreement about them is a possible conflict at most."""
    return vocabulary().growing_events


def _find(words: list[str], phrases) -> tuple | None:
    """The first phrase of `phrases` (longest first at each position) found in `words`."""
    index = phrases.by_first if isinstance(phrases, Phrases) else None
    for i, word in enumerate(words):
        for phrase in (index.get(word, ()) if index is not None else phrases):
            if tuple(words[i:i + len(phrase)]) == phrase:
                return phrase
    return None


def _starts(words: list[str], phrases: tuple) -> tuple | None:
    """The longest phrase of `phrases` that `words` start with (among those of its first word)."""
    candidates: Sequence[tuple] = phrases
    if isinstance(phrases, Phrases):
        candidates = phrases.by_first.get(words[0], ()) if words else ()
    return next((p for p in candidates if tuple(words[:len(p)]) == p), None)


def _ends(words: list[str], phrases: tuple) -> tuple | None:
    """The longest phrase of `phrases` that `words` end with (among those of its last word)."""
    candidates: Sequence[tuple] = phrases
    if isinstance(phrases, Phrases):
        candidates = phrases.by_last.get(words[-1], ()) if words else ()
    return next((p for p in candidates if len(words) >= len(p) and tuple(words[len(words) - len(p):]) == p), None)


def _said(phrase: tuple) -> str:
    return " ".join(phrase).replace(" :", ":").replace(NUMBER, "N")


def role_of(sentence: str, start: int, end: int, people: bool = False, event: str = "",
            published: str = "", words: list[str] | None = None) -> Role:
    """The role of the figure at sentence[start:end]. `people`: it counts people (then parts,
    other people, past events and intentions are looked for too); `event` its event ("killed",
    "injured", ...); `published` the document's date (YYYY-MM-DD), to tell a past event by
    its month or year; `words`: `tokens(sentence)`, when the caller has them already (a
    sentence with several figures)."""
    v = vocabulary()
    words = tokens(sentence) if words is None else words
    before, after = tokens(sentence[:start]), tokens(sentence[end:])
    # `phrase`: the words found (a tuple, said with `_said`); `why`: a reason already worded
    phrase = _starts(words, v.related)
    if phrase:
        return Role(MentionRole.OTHER_EVENT, f"a related-article link or caption ('{_said(phrase)} ...')")
    phrase = _find(words, v.roundup) or _weekend_tally(words) or (_find(words, v.people_windows) if people else None)
    if phrase:
        return Role(MentionRole.OTHER_EVENT, f"{TALLY} ('{_said(phrase)}')")
    if people:
        why = _intent(before, after, v)
        if why:
            return Role(MentionRole.NOT_COUNT, f"what someone meant to do, not what happened ('{why}')")
    if (before and before[-1] in v.age_before) or _age_list(before, v):
        return Role(MentionRole.NOT_COUNT, "an age in a list ('ages 22 and 20')")
    if after and after[0] in v.location_units and len(after) > 1 and after[1] in v.location_after:
        return Role(MentionRole.NOT_COUNT, f"a distance that locates ('{after[0]} {after[1]}')")
    if after[:1] == ["ago"] or after[1:2] == ["ago"]:
        return Role(MentionRole.NOT_COUNT, "a point in time ('N ago')")
    if people and _counted_shootings([NUMBER, *after[:3]]) and not any(
            w in _EVENT_WORDS for w in after[:3]):
        return Role(MentionRole.NOT_COUNT, "a count of shootings, not of people ('N ... shootings')")
    if people:
        why = _past(words, v, published, sentence)
        if why:
            return Role(MentionRole.OTHER_EVENT, f"another, earlier event ('{why}')")
    why = _earlier(before, after, v)
    if why:
        return Role(MentionRole.EARLIER, f"an earlier count the source says was revised ('{why}')")
    if people:
        summed = next((f"'{said}': {format_number(total)}" for s, e, total, said in added_counts(sentence)
                       if s <= start and end <= e), "")
        if summed:
            return Role(MentionRole.ADDEND, f"one of the counts that add up to the toll ({summed})")
        why = _other_people(before, after, event, v)
        if why:
            return Role(MentionRole.OTHER_PEOPLE, f"people other than the victims ('{why}')")
        why = _part(words, before, after, v)
        if why:
            return Role(MentionRole.PART, f"a part of the toll ('{why}')")
    phrase = _ends(before, v.total_before) or _starts(after, v.total_after) or _starts(after[1:], v.total_after) \
        or _left_clause(before, v)
    if phrase:
        return Role(MentionRole.TOTAL, f"stated as a total ('{_said(phrase)}')")
    if people:
        phrase = _find(after[:8], v.perpetrator)
        if phrase:
            return Role(MentionRole.WITH_PERPETRATOR, f"a toll counting the perpetrator ('{_said(phrase)}')")
        why = _stated(before, after, v)
        if why:
            return Role(MentionRole.STATED, f"the toll as the subject of its event ('N {why}')")
    return Role()


def _partitive_whole(before: list[str]) -> bool:
    """"one of (the) | six ...": the figure is the set a partitive is taken from."""
    tail = [w for w in before[-3:] if w != "the"]
    return len(tail) >= 2 and tail[-1] == "of" and tail[-2] == NUMBER


def _stated(before: list[str], after: list[str], v: _Vocabulary) -> str:
    """"Three people were injured", "Two dead": the figure opens its clause and its event
    follows, with only its noun and auxiliaries between. So does a count of an event noun
    ("four murders", "the shooting deaths of three people") and the whole a partitive is taken
    from when its event follows ("one of the five people injured")."""
    found = _ends(before, v.event_nouns_before) or next(
        (p for i in range(3) for p in [_starts(after[i:i + 3], v.event_nouns)] if p), None)
    if found:
        return _said(found)
    if _partitive_whole(before):
        return next((" ".join(after[:i + 1]) for i, w in enumerate(after[:3]) if w in _EVENT_WORDS), "")
    if before and before[-1] not in v.stated_boundaries:
        return ""
    for i, word in enumerate(after[:6]):
        if word in _EVENT_WORDS:
            return " ".join(after[:i + 1])
        if word not in v.stated_between:
            return ""
    return ""


def several_events(sentence: str) -> str:
    """The words by which a headline or lead says its article covers several shootings ("4
    injured in 2 Daytona Beach shootings", "Violent weekend"), or ""."""
    v = vocabulary()
    words = tokens(sentence)
    found = _find(words, v.several_events) or _find(words, v.roundup) or _find(words, v.people_windows) \
        or _weekend_tally(words) or _counted_shootings(words)
    return _said(found) if found else ""


def plural_events(sentence: str) -> str:
    """A plural noun of events in `sentence` ("Seven Wounded In Shootings On South, West Sides"),
    or "": a headline that says it may total several events."""
    return next((w for w in tokens(sentence) if w in _EVENT_COUNTS), "")


_EVENT_COUNTS = ("shootings", "attacks", "scenes")
_NOT_A_NAME = frozenset({"after", "in", "at", "from", "during", "following", "of", "and", ",", "people", "were",
                         "was", "are", "the", "a", "by", "on", "near", "with", "-", ":", "—"})
"""Words that end the run between a number and a plural noun of events: "2 Daytona Beach
shootings" counts shootings, "4 injured after shootings" does not."""


def _events_after(words: list[str], i: int) -> str:
    """The plural noun of events that the number at words[i] counts, within three words ("2
    Daytona Beach shootings" -> "shootings"), or ""."""
    if words[i + 1:i + 2] == ["of"]:
        return ""
    for j in range(i + 1, min(i + 4, len(words))):
        if words[j] in _EVENT_COUNTS:
            return words[j]
        if words[j] in _EVENT_WORDS or words[j] in _NOT_A_NAME:
            break
    return ""


def _counted_shootings(words: list[str]) -> tuple | None:
    """"# ... shootings": a number and, within three words, a plural noun of events
    ("2 Daytona Beach shootings")."""
    for i, w in enumerate(words):
        if w == NUMBER and (noun := _events_after(words, i)):
            return ("#", "...", noun)
    return None


def events_counted(sentence: str) -> float | None:
    """How many shootings a headline or lead says its article covers: "4 injured in 2 Daytona
    Beach shootings" -> 2, "both shootings" -> 2; None when it names no number of them."""
    words = _TOKEN.findall(sentence.lower())
    for i, w in enumerate(words):
        if w == "both" and words[i + 1:i + 2] and words[i + 1] in _EVENT_COUNTS:
            return 2.0
        value = _number(w)
        if value is not None and _events_after(words, i):
            return value
    return None


_ONE_PERSON = frozenset({"a", "an"})
_PRONOUNS = frozenset({"she", "he"})
_IRREGULAR_PLURALS = {"men": "man", "women": "woman", "children": "child", "people": "person"}


@lru_cache(maxsize=1)
def _people_nouns() -> frozenset:
    from .frames import lexicon

    return lexicon().person_class | lexicon().person_nouns


def _person_word(word: str) -> bool:
    """A noun for people, singular or plural ("adults", "females", "women")."""
    known = _people_nouns()
    singular = _IRREGULAR_PLURALS.get(word, word[:-1] if word.endswith("s") else word)
    return word in known or singular in known or (word.endswith("es") and word[:-2] in known)


def _list_item(raw: list[str], words: list[str], k: int, first: bool) -> tuple[float, int] | None:
    """(how many, where it ends) of one item of a list of people at token k: "eight adults",
    "two adult men", "a male", "a 9-year-old boy", and first in the list "she" or "he"."""
    if k >= len(words):
        return None
    if first and words[k] in _PRONOUNS:
        return 1.0, k + 1
    if words[k] == NUMBER:
        value = _number(raw[k])
    elif words[k] in _ONE_PERSON:
        value = 1.0
    else:
        return None
    end, adjectives = k + 1, 0
    while end < len(words) and adjectives < 2:
        if _person_word(words[end]):
            while end + 1 < len(words) and _person_word(words[end + 1]):
                end += 1  # "adult men"
            return (value, end + 1) if value is not None else None
        if words[end] == NUMBER and words[end + 1:end + 2] == ["-"]:
            end += 3  # an age: "9 - year-old"
        elif words[end] in (",", "and", NUMBER):
            return None
        else:
            end += 1
        adjectives += 1
    return None


def added_counts(sentence: str) -> list[tuple[int, int, float, str]]:
    """Counts of people joined by "and" that a sentence gives as one group before its event,
    each list as (start, end, total, its words): "Two juveniles and eight adults were wounded"
    -> 10, "three females and a male were shot" -> 4, "she and three others were hurt" -> 4.
    Only lists of two items or more, one of them a number, followed by their event."""
    from .frames import event_after, lexicon

    lex = lexicon()
    found = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence.lower())]
    raw = [t for t, _, _ in found]
    words = _marked(raw)
    out, i = [], 0
    while i < len(words):
        items: list[float] = []
        numbered, j = False, i
        while True:
            item = _list_item(raw, words, j, not items)
            if item is None:
                break
            numbered = numbered or words[j] == NUMBER
            items.append(item[0])
            j = item[1]
            joiner = 2 if words[j:j + 2] == [",", "and"] else 1 if words[j:j + 1] in (["and"], [","]) else 0
            if not joiner or _list_item(raw, words, j + joiner, False) is None:
                break
            j += joiner
        if len(items) >= 2 and numbered and event_after(words[j:], lex):
            start, end = found[i][1], found[j - 1][2]
            out.append((start, end, sum(items), sentence[start:end]))
            i = j
        else:
            i += 1
    return out


STATED_EVENTS = ("killed", "injured")
"""The events whose counts a headline gives as the toll of a shooting (`stated_tolls`)."""


def stated_tolls(sentence: str) -> dict[str, float]:
    """The toll a headline or lead gives, by event (`STATED_EVENTS`): "1 Dead, 4 Wounded in
    Brighton Park shooting" and "a shooting that left one man dead and three others injured"
    -> {"killed": 1, "injured": 4 or 3}. A number joined by a hyphen ("16-year-old") counts no
    one; of two figures of one event, the first."""
    from .frames import event_after, lexicon

    raw = _TOKEN.findall(sentence.lower())
    words = _marked(raw)
    out: dict[str, float] = {}
    for i, word in enumerate(words):
        if word != NUMBER or words[i + 1:i + 2] == ["-"] or words[i - 1:i] == ["-"]:
            continue
        event = event_after(words[i + 1:], lexicon())
        value = _number(raw[i])
        if event in STATED_EVENTS and value is not None:
            out.setdefault(event, value)
    return out


def growth_cue(sentence: str) -> tuple[str, float]:
    """The words by which a sentence says its count grew since an earlier report, and by how
    much they explain: ("UPDATE:", inf), ("are now", inf); one more death ("a third victim
    later died") explains one. ("", 0) when it says nothing of the kind."""
    words = tokens(sentence)
    found = _find(words, vocabulary().growth)
    if found:
        return _said(found), math.inf
    found = _find(words, vocabulary().one_death)
    return (_said(found), 1.0) if found else ("", 0.0)


def revision_cue(sentence: str) -> str:
    """The words by which a sentence says a count changed ("have since died", "initially"), or ""."""
    found = _find(tokens(sentence), vocabulary().revision)
    return _said(found) if found else ""


def _weekend_tally(words: list[str]) -> tuple | None:
    """"Weekend ... shootings": a count over a weekend's shootings, not one shooting's
    (`roles.json` weekend_words)."""
    found = _find(words, vocabulary().weekend_words)
    return (*found, "shootings") if found and "shootings" in words else None


def _intent(before: list[str], after: list[str], v: _Vocabulary) -> str:
    """"planned to kill hundreds": an intention verb, "to" and a verb of harm right before; or a
    condition the sentence opens with, in the present of what happens whenever it does ("When one
    is killed, all of us lose"; not "If 41 people have visited both", a premise)."""
    if 1 <= len(before) <= 2 and before[0] in v.conditional and any(w in v.conditional_present for w in after[:3]):
        return before[0]
    tail = before[-5:]
    for i, verb in _occurrences(tail, v.intent_verbs):
        rest = tail[i + len(verb):]
        if any(w.startswith(e) for w in rest for e in v.intent_events):
            return " ".join(tail[i:])
    return ""


def _age_list(before: list[str], v: _Vocabulary) -> bool:
    """"ages 26, 29 and 37": numbers joined by commas and "and" back to "age(s)"."""
    i = len(before) - 1
    while i >= 1 and before[i] in (",", "and", "&", "or") and before[i - 1] == NUMBER:
        i -= 2
    return i >= 0 and i < len(before) - 1 and before[i] in v.age_before


def _past(words: list[str], v: _Vocabulary, published: str, sentence: str = "") -> str:
    """A past event: "three years ago", "last Memorial Day", or a month or year that is not the
    story's (more than a month before its publication, or after it)."""
    for i, word in enumerate(words[:-1]):
        if word in v.ago_units and words[i + 1] in ("ago", "earlier", "before", "prior") and i > 0 \
                and words[i - 1] in (NUMBER, "a", "an", "several", "few", "many"):
            return " ".join(words[i - 1:i + 2])
    found = _find(words, v.past_phrases)
    if found:
        return _said(found)
    if len(published) < 10 or not published[:4].isdigit():
        return ""
    year, month = int(published[:4]), int(published[5:7])
    # the sentence itself: `words` mark every number as "#", years included
    text = sentence.lower() if sentence else " ".join(words)
    for m in _YEAR.finditer(text):
        if int(m.group(1)) != year and not (int(m.group(1)) == year - 1 and month == 1):
            return m.group(1)
    for m in _MONTH.finditer(text):
        try:
            number = month_number(m.group(1))
        except KeyError:
            continue
        if m.group(1) == "may" or (m.group(1) == "mar" and len(m.group(0)) == 3):
            continue  # "may" is a verb more often than a month
        months_before = (month - number) % 12
        if months_before > 1:
            return m.group(1)
    return ""


def _earlier(before: list[str], after: list[str], v: _Vocabulary) -> str:
    """"In initial reports, police announced that two people had been killed", "not five as
    first reported" or "One person died, not two": a count the sentence itself marks as the
    first, since revised."""
    found = _find(after[:6], v.earlier_after) or _ends(before, v.earlier_corrected)
    if found:
        return _said(found)
    for i, phrase in _occurrences(before, v.earlier_before):
        if not any(w in v.earlier_breaks for w in before[i + len(phrase):]):
            return _said(phrase)
    return ""


def _occurrences(words: list[str], phrases: Phrases):
    """(position, phrase) of every phrase of `phrases` in `words`, in order of position (the
    longest first at one position)."""
    for i, word in enumerate(words):
        for phrase in phrases.by_first.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                yield i, phrase


def _other_people(before: list[str], after: list[str], event: str, v: _Vocabulary) -> str:
    """Suspects sought, officers who pulled up: people counted beside the victims of an event.
    Counts of arrests are their own event and stay."""
    if event not in ("killed", "injured", "shot", ""):
        return ""
    near = before[-_NEAR:]
    for i, phrase in _occurrences(near, v.people_before):
        if all(w in ("the", "a", "an", "at", "least", "up", "to") for w in near[i + len(phrase):]):
            return _said(phrase)
    window = after[:5]
    for i, phrase in _occurrences(window, v.people_after):
        if not any(w in _EVENT_WORDS for w in window[:i]):
            return _said(phrase)
    return ""


def _part(words: list[str], before: list[str], after: list[str], v: _Vocabulary) -> str:
    """A part of a toll: a partitive ("two of them", "one of the men killed"), the whole a
    partitive is taken from ("one of six others"), a complement ("four others were shot", "the
    other three"), an addition ("two more"), a first or last few, a count by condition ("One was
    in good condition"), one of a list ("One man, age 18, ...") or a toll without its
    perpetrator ("killed two people and then himself"); a count in the clause of, or after, words
    for one of several shootings ("in the first shooting"), not one before them in a clause of
    its own (`_to_clause_end`)."""
    found = _find([*before, NUMBER, *_to_clause_end(after)], v.one_of_several)
    if found:
        return f"one of several shootings: '{_said(found)}'"
    if len(after) >= 2 and after[0] == "of" and after[1] in v.partitive_sets:
        set_words = after[2:]
        stop = next((i for i, w in enumerate(set_words) if w in ("were", "was", "are", "is", "have", "had", "remain",
                                                                 "remains", "died", ",", ".", "who", "that", "fell",
                                                                 "became", "got")),
                    len(set_words))
        inside = set_words[:stop]
        rest = set_words[stop:stop + 4]
        if not any(w in _EVENT_WORDS for w in inside) and (any(w in _EVENT_WORDS for w in rest)
                                                           or _find(rest, _ILL)) and before[-1:] != ["one"] \
                and not _wound_place(set_words[stop:stop + 7], v) and not (rest and rest[0] in RELATIVE):
            # "two of the victims died", "281 of the passengers fell ill": a toll over a set; not
            # "two of the three people who died" (the set's own event: two of them are a part)
            return ""
        return " ".join(["N", *after[:2 + min(stop, 3)]])
    if _partitive_whole(before) and not any(w in _EVENT_WORDS for w in after[:3]):
        return "N of N"  # "one of six others standing near": the set a partitive is taken from
    near = [w for w in before[-2:] if w not in ("the", "a", "an")]
    if near and near[-1] in v.part_before:
        return f"{near[-1]} N"
    for phrase in v.part_after:
        if tuple(after[:len(phrase)]) == phrase or (len(after) > 1 and tuple(after[1:1 + len(phrase)]) == phrase
                                                    and len(phrase) > 1):
            if phrase[0] == "more" and "than" in after[1:4]:
                continue  # "4 more women than men": a comparison
            if phrase[0] in ("others", "other", "more") and any(w in _EVENT_WORDS for w in before) and (
                    before[-1] in _EVENT_WORDS or any(w in _EVENT_WORDS for w in after[len(phrase):len(phrase) + 3])):
                return ""  # "one dead and three others injured", "killed two and wounded three more"
            return f"N {_said(phrase)}"
    if before and before[-1] in _SPLIT_VERBS and _people_counted(before[:-1]):
        return f"N people counted, {before[-1]} N"  # "shot two officers, killing one and injuring one"
    window = after[:_CONDITION_SPAN]
    for i, w in enumerate(window[:-1]):
        condition = window[i + 1] in v.conditions or (
            window[i + 1] == "in" and i + 2 < len(window) and window[i + 2] in v.conditions)
        if w in v.condition_verbs and condition and not any(x in v.whole_words for x in words):
            return " ".join(["N", *window[:i + 3]])
    severity = _severity(after[:_CONDITION_SPAN + 2], v)
    if severity and words.count(NUMBER) >= 2 and not any(x in v.whole_words for x in words):
        return f"N {severity} (people counted by how badly they were hurt, beside another count)"
    if after[:2] == [",", "age"] or after[1:3] == [",", "age"]:
        return "N, age N (one of a list)"
    place = _wound_place(after[:7], v)
    if place and sum(w in v.wound_places for w in words) >= 2:
        return f"N ... in the {place} (the people shot sorted by their wounds)"
    return ""


def _severity(words: list[str], v: _Vocabulary) -> str:
    """"critically injured", "suffered minor injuries", "in serious condition": how badly the
    people counted were hurt, said right after the count (a word of `severity_words` before one
    of `severity_of`), or ""."""
    for i, word in enumerate(words[:-1]):
        if word in (",", ".", ";", "#", "and", "but"):
            return ""
        if word in v.severity_words and words[i + 1] in v.severity_of:
            return f"{word} {words[i + 1]}"
    return ""


def _wound_place(words: list[str], v: _Vocabulary) -> str:
    """"were shot in the leg": where on the body, which sorts the people shot into groups
    ("three of the victims were shot in the leg"), or ""."""
    for i, word in enumerate(words[:-1]):
        if word == "in" and i + 1 < len(words):
            place = next((w for w in words[i + 1:i + 4] if w in v.wound_places), "")
            if place and all(w in ("the", "his", "her", "their", "left", "right", "upper", "lower")
                             for w in words[i + 1:words.index(place, i + 1)]):
                return place
    return ""


CLAUSE_JOINS = ("and", "but", "while", "as", "where")
"""Words that open a new clause after a comma ("Four people were shot overnight, and one of the
shootings ..."): what the figure before them counts is not said of what follows."""


def _to_clause_end(after: list[str]) -> list[str]:
    """The words after a figure up to the end of its clause: a semicolon, or a comma followed by
    one of `CLAUSE_JOINS`."""
    for i, w in enumerate(after):
        if w == ";" or (w == "," and after[i + 1:i + 2] and after[i + 1] in CLAUSE_JOINS):
            return after[:i]
    return after


def _left_clause(before: list[str], v: _Vocabulary) -> tuple | None:
    """"a shooting that left one dead and | four others hurt": the second count of a clause that
    states a total ("left", "leaving") is a total too."""
    for i in range(len(before) - 1, max(-1, len(before) - 8), -1):
        if (before[i],) in v.total_before and before[i] in ("left", "leaving", "leaves"):
            tail = before[i + 1:]
            if tail[-1:] == ["and"] and any(w in _EVENT_WORDS for w in tail):
                return (before[i], "...", "and")
            return None
    return None


def _people_counted(words: list[str]) -> bool:
    """Victims counted earlier in the sentence: an event verb, "#" and within three words a word
    for people ("shot two Baton Rouge officers"); not "the two men who opened fire"."""
    from .frames import lexicon

    lex = lexicon()
    for i, w in enumerate(words):
        if w == NUMBER and any(x in _EVENT_WORDS or x in ("fired", "hit", "attacked", "targeted")
                               for x in words[max(0, i - 2):i]) \
                and any(y in lex.person_class or y in lex.person_nouns for x in words[i + 1:i + 4]
                        for y in (x, _singular(x))):
            return True
    return False


def _singular(word: str) -> str:
    """"deputies" -> "deputy", "officers" -> "officer" (enough for the nouns of people)."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word
