"""What a figure is about: the event a count belongs to and the key that groups figures stating
the same fact. Pure functions over words; the vocabulary is data (`data/concepts.json`).

`extract` reads the words around a figure from the parse and asks `event_of_words`; `claims.keys`
turns (measure key, predicate, event) into the claim key with `frame_key`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

WINDOW_WORDS = 6
"""How many words after a figure (and its noun) may name its event: "three people in the car
were killed" reaches "killed" at the sixth."""

_STOP_WORDS = frozenset({
    "who", "that", "which", "while", "but", "after", "before", "when", "as", "said", "says", "say",
    "according", "including", "because", "since", "if", "whom", "whose", "where", "than", "among",
})
"""Words that end the stretch of text about a figure: what follows them is about something else
("arrested two men who killed three people")."""
_AUXILIARIES = frozenset({"were", "was", "are", "is", "been", "be", "being", "have", "has", "had", "got", "get"})


@dataclass(frozen=True)
class Lexicon:
    """The vocabularies of `data/concepts.json`, with lookups built once."""

    synonyms: dict
    person_class: frozenset
    person_nouns: frozenset
    event_phrases: dict      # tuple of words -> event class
    event_verbs: dict        # verb lemma -> event class ("" for verbs that name no event)
    event_nouns: dict        # noun lemma(s) -> event class ("death toll" -> killed)
    person_events: frozenset
    unit_words: frozenset
    change_verbs: dict
    counted_nouns: frozenset = frozenset()  # "two gunshot wounds" counts wounds, not people
    distance_key: str = ""                  # "25 kilometers northeast of Port Anselm": a distance from a place
    directions: tuple = ()
    longest_phrase: int = field(default=1)
    scale_words: dict = field(default_factory=dict)  # word -> the scale it names ("richter" -> magnitude)
    scale_between: frozenset = frozenset()            # words that may stand between a figure and its scale
    object_to_verbs: frozenset = frozenset()          # "bring the toll to 24": the object came to the figure
    count_change_verbs: frozenset = frozenset()       # change verbs that change a count only ("close")

    def event_verb(self, lemma: str) -> str:
        return self.event_verbs.get(lemma, "")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    rules = json.loads(resources.files("facts").joinpath("data/concepts.json").read_text("utf-8"))
    phrases = {tuple(p.split()): event for event, words in rules["event_words"].items() for p in words}
    return Lexicon(
        synonyms=rules["synonyms"], person_class=frozenset(rules["person_class"]),
        person_nouns=frozenset(rules["person_nouns"]), event_phrases=phrases,
        event_verbs=rules["event_verbs"], event_nouns=rules["event_nouns"],
        person_events=frozenset(rules["person_events"]), unit_words=frozenset(rules["unit_words"]),
        change_verbs={**rules["change_verbs"], **rules["count_change_verbs"]},
        counted_nouns=frozenset(rules["counted_nouns"]["nouns"]),
        distance_key=rules["distance_from"]["key"], directions=tuple(rules["distance_from"]["directions"]),
        longest_phrase=max(len(p) for p in phrases),
        scale_words={w: name for name, words in rules["scales"].items() if name != "between" for w in words},
        scale_between=frozenset(rules["scales"]["between"]),
        object_to_verbs=frozenset(rules["object_to_verbs"]),
        count_change_verbs=frozenset(rules["count_change_verbs"]),
    )


_SCALE_TOKEN = re.compile(r"[a-z][a-z-]*|[^\sa-z]")


def scale_of(sentence: str, surface: str, measure: str = "", unit: str = "", lex: Lexicon | None = None) -> str:
    """The scale a figure is read on (`data/concepts.json`: scales), or "": a scale's word in
    its noun or unit ("a 6.1-magnitude quake"), or next to it with only words of `between` apart
    ("a magnitude 6.1 earthquake", "put the magnitude at 6.1", "6.1 on the Richter scale"). The
    toll of "The 6.1-magnitude quake killed 10 people" is on no scale."""
    lex = lex or lexicon()
    for word in _SCALE_TOKEN.findall(f"{measure} {unit}".lower()):
        if word in lex.scale_words:
            return lex.scale_words[word]
    at = sentence.find(surface)
    if at < 0:
        return ""
    lowered = sentence.lower()
    for words in (reversed(_SCALE_TOKEN.findall(lowered[:at])), _SCALE_TOKEN.findall(lowered[at + len(surface):])):
        for word in words:
            if word in lex.scale_words:
                return lex.scale_words[word]
            if word not in lex.scale_between:
                break
    return ""


def scale_keys(sentences, surfaces, measures, units) -> list[str]:
    """`scale_of` per figure; a sentence that names no scale is not read further."""
    lex = lexicon()
    named = re.compile("|".join(re.escape(w) for w in sorted(lex.scale_words, key=len, reverse=True))) \
        if lex.scale_words else None
    mentions: dict[str, bool] = {}
    out = []
    for sentence, surface, measure, unit in zip(sentences, surfaces, measures, units):
        sentence, surface = str(sentence or ""), str(surface or "")
        measure, unit = str(measure or ""), str(unit or "")
        if sentence not in mentions:
            mentions[sentence] = named is not None and bool(named.search(sentence.lower()))
        out.append(scale_of(sentence, surface, measure, unit, lex)
                   if mentions[sentence] or (named is not None and named.search(f"{measure} {unit}".lower()))
                   else "")
    return out


def distance_keys(sentences, surfaces, dimensions) -> list[str]:
    """The key of a length said as a distance from a place ("25 kilometers northeast of Port
    Anselm": `concepts.json` distance_from), per figure; "" for any other."""
    lex = lexicon()
    directions = "|".join(re.escape(d) for d in sorted(lex.directions, key=len, reverse=True))
    after = re.compile(rf"\s+(?:due\s+)?(?:{directions})\.?\s+(?:of|from)\b")
    out = []
    for sentence, surface, dimension in zip(sentences, surfaces, dimensions):
        found = dimension == "length" and bool(surface) and _followed(str(sentence or ""), str(surface), after)
        out.append(lex.distance_key if found else "")
    return out


def _followed(text: str, surface: str, after: re.Pattern) -> bool:
    """Whether `surface` occurs in `text` with `after` matching right behind it (anywhere)."""
    at = text.find(surface)
    while at >= 0:
        if after.match(text, at + len(surface)):
            return True
        at = text.find(surface, at + 1)
    return False


def event_at(words: list[str], i: int, lex: Lexicon) -> tuple[str, int]:
    """(event, number of words) of the longest event phrase starting at words[i], else ("", 0)."""
    for size in range(min(lex.longest_phrase, len(words) - i), 0, -1):
        event = lex.event_phrases.get(tuple(words[i:i + size]))
        if event:
            return event, size
    return "", 0


def event_after(words: list[str], lex: Lexicon, through_setting: bool = True) -> str:
    """The event named in the words right after a figure and its noun, before the text turns to
    something else (a comma, another number, "who", "and" before any event word):
    "dead" -> killed; "were shot , two fatally" -> shot; "others were wounded" -> injured.
    `words` are lower-case; a number or punctuation mark is given as "#" / ",". With
    `through_setting` False, the words stop at a preposition that sets the scene ("in", "at")
    unless an event phrase starts there ("in critical condition")."""
    for i, word in enumerate(words[:WINDOW_WORDS]):
        if word in RELATIVE and i == 0:
            return _relative_event(words, lex)
        if word in (",", "#", ";", ":", "(", ")", "-", "—", "–") or word in _STOP_WORDS:
            return ""
        if word in ("and", "or"):
            return ""
        event, _ = event_at(words, i, lex)
        if word in _SETTING and not through_setting:
            # "in critical condition" is an event; "Kills Two In Kraft Shooting": the shooting
            # is where the figure belongs, which a verb right before it outranks (`find_event`)
            return event
        if event:
            return event
    return ""


_SETTING = frozenset({"in", "at", "during", "near", "outside", "inside", "on"})
RELATIVE = frozenset({"who", "that"})
"""Words that open a relative clause after a figure's noun ("the two men who were killed")."""
_DIE = frozenset({"died", "dies", "die"})


def _relative_event(words: list[str], lex: Lexicon) -> str:
    """The event of a relative clause right after a figure's noun, when what it counts undergoes
    it: "the two men who were killed", "the five people who were injured", "the three who died".
    "two men who killed three people" did it to others: no event of theirs."""
    j = 1
    while j < len(words) and words[j] in _AUXILIARIES:
        j += 1
    if j == 1 and not (j < len(words) and words[j] in _DIE):
        return ""
    event, _ = event_at(words, j, lex) if j < len(words) else ("", 0)
    return event


def event_before(words: list[str], lex: Lexicon) -> str:
    """The event of the verb right before a figure (`words` end there): "killing one", "Gunman
    Kills Three", "fatally shooting four", "shot to death one person"."""
    for size in (3, 2, 1):
        if len(words) >= size:
            event, length = event_at(words[-size:], 0, lex)
            if event and length == size and words[-1] not in ("dead", "fatal", "missing", "homeless"):
                return event
    return ""


PART = "part of "
"""Prefix of the concept key of a partitive count: "two of them", "three of the victims"."""


def frame_key(measure_key: str, predicate: str, event: str, lex: Lexicon) -> str:
    """The claim key of a figure: what it counts or measures, and for people the event.

    People in general unify ("people", "men", "victims", "a 2-year-old girl" are all "person");
    sub-populations keep their noun ("soldier", "contractor"); a noun that carries its event
    counts people ("death toll" -> "person|killed"); a count with no noun but a people event is
    of people ("Three dead" -> "person|killed")."""
    key = measure_key.strip().lower()
    if key == PART.strip() or key.startswith(PART):
        whole = frame_key(key[len(PART):], predicate, event, lex)
        # "two of the wounded" is part of a toll, never the toll itself; other partitives count
        # what they name ("281 of the 3,050 passengers" agrees with "281 passengers")
        return PART + whole if whole.startswith("person|") else whole
    if key in lex.unit_words:
        key = ""
    if " per " in key:
        return key  # a rate ("deaths per 100,000 people") is its own claim
    key = lex.synonyms.get(key, key)
    head = key.split()[-1] if key else ""
    noun_event = lex.event_nouns.get(key) or lex.event_nouns.get(head, "")
    if noun_event and not event:
        event = noun_event
    if noun_event:
        key = "person"
    event = event or lex.event_verbs.get(predicate, "")
    if not key:
        return f"person|{event}" if event in lex.person_events else ""
    generic = key in lex.person_class or head in lex.person_class
    role = key in lex.person_nouns or head in lex.person_nouns
    if generic or role:
        if event == "population" or (generic and predicate in ("live", "reside", "inhabit")):
            return "population"
        if generic and event:
            key = "person"
        elif generic:
            # "three victims were taken to hospitals", "the other four": people in general with no
            # event are details of a story (sub-counts, lists), too loose to compare across sources
            return ""
        event = event or lex.change_verbs.get(predicate, predicate if predicate not in ("be", "have") else "")
        return f"{key}|{event}" if event else key
    if predicate in lex.change_verbs:
        return f"{key}|{lex.change_verbs[predicate]}"
    return key


def label(claim_key: str) -> str:
    """Words a reader understands for a claim key with no concept of its own: "person|killed" ->
    "people killed", "officer|shot" -> "officers shot", "part of person|injured" -> "some of the
    people injured"; "" for keys made from a sentence's wording."""
    key = claim_key.strip()
    if not key or key.startswith("context:"):
        return ""
    if key.startswith(PART):
        inner = label(key[len(PART):])
        return f"some of the {inner}" if inner else ""
    noun, _, event = key.partition("|")
    if noun == "person":
        noun = "people"
    elif event and not noun.endswith("s"):
        noun += "s"
    return f"{noun} {event}".strip()


_IRREGULAR = {"foot": "feet"}
_POSTPOSED = frozenset({"sterling"})
"""Words that follow the noun they qualify in a unit's name ("pound sterling")."""


def unit_plural(unit: str) -> str:
    """A unit's name as a label says it: "mile" -> "miles", "degree Celsius" -> "degrees
    Celsius", "percentage" -> "percent", "century" -> "centuries", "foot" -> "feet", "mile per
    hour" -> "miles per hour", "pound sterling" -> "pounds sterling"."""
    unit = unit.strip()
    if not unit or unit == "percentage":
        return "percent" if unit else ""
    if " per " in unit:  # "mile per hour" -> "miles per hour"
        head, _, rate = unit.partition(" per ")
        return f"{unit_plural(head)} per {rate}"
    words = unit.split()
    # the head noun: the first word before a name or a qualifier ("degree Celsius", "pound sterling")
    at = 0 if len(words) > 1 and (words[-1][:1].isupper() or words[-1] in _POSTPOSED) else len(words) - 1
    word = words[at]
    if word in _IRREGULAR:
        words[at] = _IRREGULAR[word]
        return " ".join(words)
    if word.endswith(("s", "x", "ch", "sh")):
        word += "es" if not word.endswith("s") else ""
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        word = word[:-1] + "ies"
    else:
        word += "s"
    words[at] = word
    return " ".join(words)


GENERIC_NOUNS = frozenset({"people", "persons", "others"})
"""Nouns that say only that people are counted: a claim keyed by what they make up ("population")
is labelled by its key."""


DIMENSION_WORDS = {"length": "distance", "currency": "amount"}
"""How a label says a measure's dimension when it stands for the noun ("distance thrown",
"amount made"); other dimensions by their name ("time taken")."""
UNNAMED = "figure"
"""The label of a claim of figures that count nothing named, keyed by their sentence's wording."""


def _unit_word(concept: str, unit: str) -> bool:
    """Whether `concept` only names the figures' unit ("years" of a year, "Dollars" of a United
    States dollar): no thing a label could say."""
    c, u = concept.lower().strip(), unit.lower().strip()
    return bool(c) and bool(u) and (c in (u, unit_plural(unit).lower()) or u.split()[-1] == c.rstrip("s"))


AGE_KEY = "age|"
"""The claim key of the ages of one named person ("age|alexis malone", `claims.keys.person_ages`):
the same person's age in two sources is one fact, whatever the words around it."""


def age_name(key: str) -> str:
    """The person an `AGE_KEY` key names, as a label says it: "age|alexis malone" -> "Alexis Malone"."""
    return " ".join(w[:1].upper() + w[1:] for w in key[len(AGE_KEY):].split())


def claim_label(claim_key: str, concept: str, unit: str = "", surface: str = "", dimension: str = "") -> str:
    """A claim's one label, the same in every report and in JSON: for counts of people or things
    in an event, its key said as a reader says it ("people injured", "homes destroyed", "some of
    the people killed"); for a measure, what is measured and its unit ("epicenter (miles)",
    "depth (kilometres)", "age (years)"), never the unit alone ("miles": a concept that the
    figure's own words give, as in "35 miles", is its unit) nor twice ("offer (years)", not
    "years (years)"); a measure keyed by its `dimension` and verb for want of a noun by the verb
    ("sentenced to 2 years": "sentence (years)", never the "months" of another of its figures),
    or by its dimension and event ("took three days": "time taken (days)", not "time takes
    taken"); else the noun its figures count ("military posts"). A claim keyed by its sentence's
    wording is labelled by its noun and unit, never by nothing (`UNNAMED`). `surface`: a figure
    of the claim as stated."""
    key = claim_key.strip()
    if key.startswith(AGE_KEY):  # "age of Alexis Malone"
        return "age of " + age_name(key)
    units = unit_plural(unit)
    measured = dimension not in ("", "count")
    if "|" in key and not key.startswith("context:"):
        noun, _, event = key.partition("|")
        if measured and unit and event and noun.startswith(f"{dimension} "):
            return f"{DIMENSION_WORDS.get(dimension, dimension)} {event} ({units})"
        return label(key) + (f" ({units})" if unit else "")
    plain_key = "" if not key or key.startswith("context:") or "/" in key else key
    verb = plain_key[len(dimension) + 1:] if measured and plain_key.startswith(f"{dimension} ") else ""
    if verb and unit:
        return f"{verb} ({units})"
    if not unit:
        if concept.lower() in GENERIC_NOUNS and plain_key and plain_key not in lexicon().person_class:
            return plain_key  # "population", not the "people" its figures count
        return (concept if "/" not in concept else plain_key or label(key)) or UNNAMED
    said = surface.lower()
    named = concept and "/" not in concept and concept.lower() not in said and not _unit_word(concept, unit)
    thing = concept if named else plain_key
    return f"{thing} ({units})" if thing and thing.lower() not in said else units
