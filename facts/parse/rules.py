"""The reading rules: what a figure counts or measures, its event, verb, holder and place, read
from spaCy's dependency parse of its sentence (pure functions over a parse; `extract` calls
them, `nlp` loads the parser).

"12 [military posts]", "scores of [civilians]", "the death toll rose to [312]", "three people
were [shot]", "[Britain] has 4,100 troops", "in [Idlib province]": each rule is one small
function, and each vocabulary it reads is data (`figures.frames`, `data/concepts.json`).
"""
from __future__ import annotations

import re

from ..figures.frames import RELATIVE, event_after, event_at, event_before, lexicon
from ..figures.lexicon import is_calendar_word
from ..figures.roles import role_of
from ..figures.spot import Mention
from ..types import MentionKind
from .names import place_name

_MODIFIER_DEPS = {"amod", "compound", "nmod", "nummod", "quantmod", "npadvmod", "advmod", "det", "poss"}


_NOUN_POS = {"NOUN", "PROPN"}


_RUN_POS = {"ADJ", "NOUN", "PROPN", "VERB"}


_YEAR_PREPOSITIONS = {"in", "since", "by", "until", "till", "from", "of", "to", "during", "before",
                      "after", "early", "late", "mid", "around", "through", "for", "the", "between"}


def first_token_at(parse, char: int) -> int:
    """Index of the first token that starts at or after character `char` (len(parse) if none):
    a binary search, where a scan would make a Python object of every token."""
    lo, hi = 0, len(parse)
    while lo < hi:
        mid = (lo + hi) // 2
        if parse[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


class Tokens(list):
    """A parse's tokens, each made once. Indexing a spaCy Doc makes a new Token object every
    time, and reading a sentence indexes it about a hundred times. Slice with `tokens_between`."""

    def __init__(self, doc) -> None:
        super().__init__(doc)
        self.doc = doc

    @property
    def ents(self):
        return self.doc.ents


def tokens_between(parse, start: int, stop: int | None = None) -> list:
    """parse[start:stop] as a list of tokens (start >= 0). A spaCy Span that starts at the end
    of the parse joins the whole text to find its character offset; this never does."""
    stop = len(parse) if stop is None else min(stop, len(parse))
    return [parse[i] for i in range(start, stop)]


def overlapping_tokens(parse, start: int, end: int) -> list:
    """The tokens that overlap characters [start, end)."""
    first = first_token_at(parse, start)
    if first > 0 and parse[first - 1].idx + len(parse[first - 1]) > start:
        first -= 1
    return tokens_between(parse, first, first_token_at(parse, end))


def find_concept_tokens(parse, m: Mention, tokens) -> list:
    """Tokens naming what the figure counts: "12 [military posts]", "scores of [civilians]"."""
    last = tokens[-1]
    if m.kind == MentionKind.HYPHEN_COUNT:  # "a 30-round magazine" counts the rounds a magazine holds
        word = overlapping_tokens(parse, m.start, m.end)[-1]
        head = word.head
        if head.i > word.i and head.pos_ in _NOUN_POS:
            return [t for t in tokens_between(parse, word.i, head.i + 1) if not t.is_punct]
        return [word]
    after = tokens_between(parse, first_token_at(parse, m.end))
    if m.kind == MentionKind.VAGUE or (after and after[0].lower_ == "of" and m.kind in (MentionKind.FRACTION, MentionKind.VAGUE)):
        of = last if last.lower_ == "of" else (after[0] if after and after[0].lower_ == "of" else None)
        if of is not None:
            objects = [c for c in of.children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0])
            return _noun_run([t for t in tokens_between(parse, of.i + 1) if t.pos_ != "DET"])
    if _measured(m) not in ("count", "currency", "percentage", "fraction") and m.kind != MentionKind.HYPHEN_UNIT:
        if after and after[0].lower_ == "of":  # "8 kg of grapes", "three hours of (inconclusive) talks"
            return _noun_run(_skip_leading(after[1:]))
        return []
    if m.unit.dimension == "count" and len(after) > 2 and after[0].lower_ == "of" \
            and after[1].lower_ in ("the", "these", "those", "its", "their", "his", "her", "our"):
        # A partitive: "281 of the 3,050 passengers" counts passengers.
        return _noun_run(_skip_leading(t for t in after[2:] if t.pos_ != "NUM"))
    head = last.head
    while head.pos_ == "NUM" and head.i != head.head.i and head.head.i > head.i:
        head = head.head  # "3 million": the head of "million" is what is counted
    if head.i > last.i and head.pos_ in _NOUN_POS and last.dep_ in _MODIFIER_DEPS | {"pobj"}:
        start = max(last.i + 1, first_token_at(parse, m.end))  # after the surface: not "or more", "or so"
        between = tokens_between(parse, start, head.i)
        if all(t.pos_ in _RUN_POS | {"PUNCT", "ADV", "CCONJ"} or t.tag_ in ("VBN", "VBG")
               or (t.like_num and "PROPN" in (t.nbor().pos_, t.nbor(-1).pos_))  # "two new 737 Max jets"
               for t in between):
            return [t for t in tokens_between(parse, start, head.i + 1) if not t.is_punct]
    run = _noun_run(after)
    if run and not _is_time_phrase(run):
        return run
    if head.i < tokens[0].i and head.pos_ == "NOUN" and last.dep_ in ("appos", "nummod", "npadvmod", "attr") \
            and not _attributed(parse, head, last) and not lexicon().event_phrases.get((head.lower_,)):
        # "population 3 million"; not a verb of the event read as a noun ("Gunman kills 2, wounds 3")
        return _noun_phrase(head)
    if head.lower_ == "of" and head.i < tokens[0].i and head.head.pos_ in _NOUN_POS and head.head.i < head.i \
            and head.head.idx < m.start:  # not the qualifier's own noun ("in the region of 5,000")
        return _noun_phrase(head.head)  # "a population of 3 million", "a death toll of more than 1,000"
    if after and after[0].lower_ == "of" and _measured(m) in ("currency", "percentage", "fraction"):
        return _noun_run([t for t in after[1:] if t.pos_ != "DET"])
    return []


def _attributed(parse, head, last) -> bool:
    """"Police: 5 killed in shooting", "Cops: 3 wounded": the noun before a colon is who says
    it, not what the figure counts, when the figure is the subject of its own participle (the
    parse hangs "5" on "Police" as an apposition). "Population: 3 million", "Death toll: 14"
    have no participle and keep their noun."""
    return any(t.text == ":" for t in tokens_between(parse, head.i + 1, last.i)) and any(
        c.dep_ in ("acl", "relcl", "amod") and c.i > last.i and c.tag_ in ("VBN", "VBD", "JJ") for c in last.children)


def _measured(m: Mention) -> str:
    """The dimension of what a figure measures, a rate's numerator's: "$4 a gallon" is money."""
    return m.unit.dimension.split(" per ", 1)[0]


def find_measure_tokens(parse, m: Mention, tokens, lemma) -> list:
    """What a figure with a unit (or a bare count) measures when no noun follows it: the property
    ("at a depth of 8 km" -> depth), the purpose of money ("$40 million in relief funds" ->
    relief funds), or the subject of its verb ("the death toll rose to 312", "the talks lasted
    five hours", "the index rose 19 per cent"), or the object a verb brought to it ("bringing the
    death toll to 24": `object_to_verbs`). `lemma`: the extractor's lemma of a token."""
    last = parse[first_token_at(parse, m.end) - 1]
    node = tokens[-1]
    lex = lexicon()
    for t in _ancestors(node, 4):
        if t.lower_ == "of" and t.head.pos_ == "NOUN" and t.head.i < t.i and t.head.idx < m.start:
            return _noun_phrase(t.head)  # "a depth of 8 km"; not a qualifier's own noun ("in excess of")
        if t.lower_ == "to" and t.head.pos_ == "NOUN" and t.head.i < t.i and lex.event_nouns.get(lemma(t.head)):
            return _noun_phrase(t.head)  # a headline's "Death toll in Valdora quake climbs to 24"
        if t.pos_ in ("VERB", "AUX"):
            break
    after = tokens_between(parse, last.i + 1)
    if _measured(m) == "currency" and len(after) > 1 and after[0].lower_ in ("in", "for", "of", "to") \
            and after[1].pos_ != "PROPN":
        run = _noun_run(_skip_leading(t for t in after[1:]))
        if run and all(t.pos_ != "PROPN" for t in run) and not any(t.like_num for t in run):
            return run  # "$40 million in relief funds", "$2 billion for reconstruction"
    if node.head.i > node.i and lex.event_phrases.get((node.head.lower_,)):
        return []  # "the manhunt left 3 dead": the figure counts the dead, not the manhunt
    verb = _verb_of(node)
    between = [t for t in _ancestors(node, 4) if verb is not None and t.i != verb.i and verb in t.ancestors]
    if verb is not None and node.dep_ != "punct" and not any(t.dep_ in ("dobj", "nsubj", "nsubjpass") for t in between) \
            and not any(t.dep_ == "prep" and t.lower_ not in ("to", "by") for t in between):
        # (a number the parser hangs on a verb as punctuation, as in a headline's "... shooting
        # that injured 9", is not what the verb's subject came to)
        # the figure is what its subject came to, not when or where it happened ("in the last 24 hours")
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN" and child.i < node.i \
                    and not (child.dep_ == "nsubj" and lex.event_verb(lemma(verb))):
                # "the death toll rose to 312", "the talks lasted five hours"; not who did the
                # event to the figure ("Gunmen wound 4": the 4 are not gunmen)
                return _noun_phrase(child)
        if lemma(verb) in lex.object_to_verbs and any(t.lower_ == "to" for t in between):
            for child in verb.children:
                if child.dep_ == "dobj" and child.pos_ == "NOUN" and child.i < node.i:
                    return _noun_phrase(child)  # "bringing the death toll from the quake to 24"
    return []


AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee")
"""Endings of nouns of people who do something: the noun an N-year-old describes is a person."""
AGENT_LOOKALIKES = frozenset("""
center centre theater theatre computer container tower order water river border corner chapter
character charter cluster counter letter number paper power quarter register
matter manner meter monster poster printer sticker trailer transfer shelter super server
tractor motor sector factor reactor generator elevator monitor monument document instrument
apartment government department agreement settlement movement tournament element segment event
restaurant plant giant grant warrant
""".split())
"""Nouns with an agent's ending that are things ("a 100-year-old tower", "the 30-year-old
apartment"): their age is a figure."""


def is_age(m: Mention, surface: str, concept_tokens, lex) -> bool:
    """"John Smith, 34", "aged 25", or "a 17-year-old (boy)": an N-year-old that describes a
    person or nobody named ("seven-year-old uprising" is the war's age, a figure)."""
    if m.kind == MentionKind.AGE:
        return True
    if m.kind != MentionKind.HYPHEN_UNIT or m.unit.name != "year" or not surface.lower().endswith("-old"):
        return False
    if not concept_tokens:
        return True
    if concept_tokens[-1].pos_ == "PROPN":
        return True  # "23-year-old John Zawahri"
    head = concept_tokens[-1].lower_
    if any(word in lex.person_class or word in lex.person_nouns for word in (head, head.rstrip("s"))):
        return True
    # a noun of someone who does something ("climber", "driver", "guitarist", "resident") is a
    # person too; an uprising, a building or a mortgage is not
    return head.rstrip("s").endswith(AGENT_SUFFIXES) and head.rstrip("s") not in AGENT_LOOKALIKES


def find_name_before(parse, first) -> str:
    """The proper name right before ", 34": "Maria Lopez"."""
    i = first.i - 1
    while i >= 0 and parse[i].is_punct:
        i -= 1
    words = []
    while i >= 0 and (parse[i].pos_ == "PROPN" or parse[i].text[:1].isupper()) and not parse[i].is_punct:
        words.insert(0, parse[i].text)
        i -= 1
    return " ".join(words)


def figure_role(row: dict, start: int, end: int, lex, words: list[str] | None = None):
    """The role of a fact row's figure in its story (`roles.role_of`); `start`, `end` are its
    offsets in the row's sentence, `words` the sentence's `roles.tokens` when known. (An age
    has no claim key: it stays out of claims unless two sources word its sentence the same.)"""
    people = row["event"] in lex.person_events or _counts_people(row["measure"], lex)
    return role_of(row["sentence"], start, end, people, row["event"], row["published"], words)


def _counts_people(measure: str, lex) -> bool:
    """"three victims", "two officers": the measure's head names people."""
    head = measure.lower().split()[-1] if measure.strip() else ""
    return any(word in lex.person_class or word in lex.person_nouns for word in (head, head.rstrip("s")))


def span_text(sentence: str, tokens) -> str:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return sentence[start:end].strip(" -")


_EVENT_STOP_POS = {"NUM"}


def find_event(parse, m: Mention, tokens, concept_tokens, measure_tokens, predicate: str, lemma) -> str:
    """The event a count belongs to: the words right after it and its noun ("Three dead",
    "six people were shot", "two fatally"), else the verb right before it ("killing one"),
    else a noun that carries it ("the death toll"), else the verb it hangs on."""
    lex = lexicon()
    first = tokens[0].i
    if first >= 3 and parse[first - 1].lower_ in _PARTITIVE_DETERMINERS and parse[first - 2].lower_ == "of" \
            and parse[first - 3].like_num:
        # the whole of a partitive: "281 of the 3,050 passengers fell ill" (281 fell ill), unless
        # a participle right after its noun gives the whole its own event: "one of the four
        # people wounded by gunfire" (four were wounded), or a relative clause: "two of the three
        # people who died" (three died)
        end = (concept_tokens or tokens)[-1].i + 1
        after = tokens_between(parse, end, end + 8)
        if after and after[0].tag_ == "VBN":
            return event_after([after[0].lower_], lex)
        if after and after[0].lower_ in RELATIVE:
            return event_after([t.lower_ for t in after], lex)
        return ""
    # the words after the figure's noun, or after the figure when its noun came before it ("four
    # people shot, one fatally": one's noun is the people before it, its event is after it)
    last = concept_tokens[-1] if concept_tokens and concept_tokens[-1].i > tokens[-1].i else tokens[-1]
    whole = _partitive_whole(parse, tokens)
    if whole is not None and whole.i > last.i:
        last = whole  # "two of the wounded | died": the event is what follows the set
    words = []
    for t in tokens_between(parse, last.i + 1, last.i + 1 + 8):
        if words and t.i > last.i + 1 and t.nbor(-1).lower_ == "-" and not t.nbor(-1).whitespace_ \
                and not t.nbor(-2).whitespace_ and len(words) >= 2 and words[-1] == ",":
            # a hyphenated compound is one word: "an apparent murder-suicide"
            words[-2:] = [f"{words[-2]}-{t.lower_}"]
            continue
        words.append("#" if t.like_num or t.pos_ in _EVENT_STOP_POS else "," if t.is_punct else t.lower_)
    event = event_after(words, lex, through_setting=False)
    if event:
        return event
    start = first_token_at(parse, m.start)  # the tokens before the mention (its qualifier included)
    before = tokens_between(parse, max(0, start - 3), start)
    if before and before[-1].i < first and not before[-1].is_punct:
        event = event_before([t.lower_ for t in before], lex)
        if event:
            return _to_death(event, words)
    event = event_after(words, lex)  # where it belongs: "three people in an apparent murder-suicide"
    if event:
        return event
    for t in _ancestors(last, 3):
        if t.lower_ == "of" and t.head.i < t.i and lex.event_nouns.get(lemma(t.head)):
            # "the shooting deaths of three people"; "the fatal shootings of four people": killed
            fatal = any(c.lower_ in _FATAL for c in t.head.children if c.i < t.head.i)
            return "killed" if fatal and lex.event_nouns[lemma(t.head)] == "shot" else lex.event_nouns[lemma(t.head)]
    if measure_tokens:
        key = " ".join(lemma(t) for t in measure_tokens)
        head = lemma(measure_tokens[-1])
        event = lex.event_nouns.get(key) or lex.event_nouns.get(head, "")
        if event:
            return event
        event = next((e for t in measure_tokens[:-1] if t.tag_ in ("VBN", "JJ")
                      for e in (lex.event_phrases.get((t.lower_,)),) if e in _ADJECTIVE_EVENTS), "")
        if event:
            return event  # "the four injured men", "three wounded victims", "two slain men"
    return _to_death(lex.event_verb(predicate), words)


_FATAL = frozenset({"fatal", "deadly"})
_ADJECTIVE_EVENTS = frozenset({"killed", "injured"})


def _to_death(event: str, words: list[str]) -> str:
    """"shot four people to death", "shooting three people to death": a shooting that killed."""
    return "killed" if event == "shot" and words[:2] == ["to", "death"] else event


def find_place(parse, anchor, found: list, ner: bool) -> str:
    """The place the figure is located in, when the sentence attaches one to the figure's noun or
    verb: "12 military posts inside Idlib province" -> "Idlib province"."""
    for t in _ancestors(anchor, 3):
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "inside", "at", "near", "across", "within"):
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    for token in [obj, *(c for c in obj.children if c.dep_ == "compound")]:
                        place = place_name(parse, token, found, ner)
                        if place:
                            return place
    return ""


def _is_time_phrase(tokens) -> bool:
    """"last year", "this week", "early Monday", "late Friday night": when a figure was stated,
    not what it counts."""
    if any(t.text[:1].isupper() and is_calendar_word(t.text) for t in tokens):  # not "a march"
        return True
    return tokens[-1].lower_.rstrip("s") in _TIME_WORDS and any(
        t.lower_ in ("last", "this", "next", "past", "previous", "same") for t in tokens)


def _skip_leading(tokens) -> list:
    """Drop the determiners and adverbs that open a phrase: "the", "apparently"."""
    tokens = list(tokens)
    while tokens and tokens[0].pos_ in ("DET", "ADV"):
        tokens.pop(0)
    return tokens


def _noun_run(tokens) -> list:
    """Adjectives and nouns from the start of `tokens` up to the last noun of the run."""
    run, last_noun = [], -1
    for t in tokens:
        if (t.pos_ in _RUN_POS and not (t.pos_ == "VERB" and t.tag_ not in ("VBN", "VBG"))) or t.text == "-":
            run.append(t)
            if t.pos_ in _NOUN_POS:
                last_noun = len(run) - 1
            elif last_noun >= 0:
                break
        else:
            break
    return run[:last_noun + 1]


def _noun_phrase(noun) -> list:
    lefts = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod") and not t.is_punct]
    return sorted(lefts + [noun], key=lambda t: t.i)


def counts_something(parse, last) -> bool:
    """A four-digit number is a count, not a year, when it modifies a plural noun: "2018 people"."""
    head = last.head
    previous = parse[last.i - 1].lower_ if last.i > 0 else ""
    return (last.dep_ == "nummod" and head.i > last.i and head.tag_ in ("NNS", "NNPS")
            and previous not in _YEAR_PREPOSITIONS)


def modifies_noun(parse, last, concept_tokens) -> bool:
    """Does a number word count the noun it names: "two hospitals", "two of the passengers"
    (not "the two met", nor "one of the hospitals": a way to name one, not a count)?"""
    return bool(concept_tokens) and (last.dep_ in _MODIFIER_DEPS or concept_tokens[0].i == last.i + 1
                                     or (_set_start(parse, [last]) == concept_tokens[0].i and last.lower_ != "one"))


def concept_text(parse, concept_tokens, m: Mention, sentence: str) -> str:
    if concept_tokens:
        return span_text(sentence, concept_tokens)
    if m.unit.name and m.kind != MentionKind.HYPHEN_UNIT:
        words = sentence[m.number_end:m.end].strip(" -.").split("-")[0]
        # "$4 a gallon": the rate's words alone do not name the unit
        return m.unit.name if not words or (_RATE_WORDS.match(words) and " per " in m.unit.name) else words
    return ""


_RATE_WORDS = re.compile(r"(?:per|an?)\s|/")


_PARTITIVE_DETERMINERS = {"the", "these", "those", "its", "their", "his", "her", "our"}


def _set_start(parse, tokens) -> int | None:
    """Where the set of a partitive count begins ("two of the | wounded"), or None when the
    figure is not followed by "of the/those/their...". """
    i = tokens[-1].i + 1
    if i + 2 < len(parse) and parse[i].lower_ == "of" and parse[i + 1].lower_ in _PARTITIVE_DETERMINERS:
        return i + 2
    return None


def _partitive_whole(parse, tokens):
    """The last word of the set a partitive count is taken from ("two of the wounded" ->
    "wounded", "three of those victims" -> "victims"), or None."""
    start = _set_start(parse, tokens)
    if start is None:
        return None
    last = None
    for t in tokens_between(parse, start, start + 4):
        if t.like_num or t.pos_ in ("ADJ", "NOUN", "PROPN") or t.tag_ in ("VBN", "VBG"):
            last = t
            if t.pos_ in ("NOUN", "PROPN") and not (t.i + 1 < len(parse) and parse[t.i + 1].pos_ == "NOUN"):
                break
        else:
            break
    return last


def is_partitive(parse, tokens, lemma, event: str) -> bool:
    """"two of the wounded are in critical condition": part of a set that is itself the toll of
    the same event, so a sub-count of it. "281 of the 3,050 passengers fell ill" and "two of the
    wounded died" state a toll of their own."""
    lex = lexicon()
    start = _set_start(parse, tokens)
    if start is None:
        return False
    for t in tokens_between(parse, start, start + 3):
        if t.like_num or (t.pos_ == "ADJ" and not event_at([t.lower_], 0, lex)[0]):
            continue
        return bool(event) and (event_at([t.lower_], 0, lex)[0] or lex.event_nouns.get(lemma(t))) == event
    return False


OTHER_BEFORE = ("other", "another", "additional", "further", "extra")
"""Words before a figure that make it count a different set: "the other four parties", "another
1,000 houses"."""
OTHER_AFTER = ("more", "additional", "other")
"""The same right after it: "two more times", "two other victims"."""
OTHER_WORDS = frozenset(OTHER_BEFORE + OTHER_AFTER)


def is_other(parse, tokens) -> bool:
    """"the other four parties", "another 1,000 houses", "two more times": a different set."""
    first, last = tokens[0], tokens[-1]
    before = parse[first.i - 1].lower_ if first.i > 0 else ""
    after = parse[last.i + 1].lower_ if last.i + 1 < len(parse) else ""
    return before in OTHER_BEFORE or after in OTHER_AFTER


def find_rate(parse, last) -> str:
    """"per day", "a day", "each box", "in every box" right after a figure's concept -> "day"."""
    i = last.i + 1
    if i < len(parse) and parse[i].lower_ == "in":
        i += 1
    if i + 1 < len(parse) and parse[i].lower_ == "per" and parse[i + 1].like_num:
        return "per " + parse[i + 1].lower_  # "19.3 deaths per 100,000 people"
    if i + 1 < len(parse) and parse[i].lower_ in ("per", "a", "an", "each", "every") \
            and parse[i + 1].pos_ == "NOUN" and (parse[i].lower_ != "a" or parse[i + 1].lower_ in _TIME_WORDS):
        return parse[i + 1].lower_.rstrip("s")
    return ""


_TIME_WORDS = {"day", "week", "month", "year", "hour", "minute", "second", "night", "decade"}


def _ancestors(token, limit: int = 6):
    """`token` and the heads above it, nearest first, at most `limit` of them."""
    for _ in range(limit):
        yield token
        if token.head.i == token.i:
            return
        token = token.head


def find_predicate(token, lemma) -> str:
    """Lemma of the nearest verb above `token`: "killing more than a dozen civilians" -> "kill";
    "home to 3 million people" counts who lives there: "live"."""
    for t in _ancestors(token):
        if t.lower_ == "home" and any(c.lower_ == "to" for c in t.children):
            return "live"
        if t.pos_ in ("VERB", "AUX") or (t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "acl")):
            return lemma(t)
    return ""


def _verb_of(token):
    return next((t for t in _ancestors(token) if t.pos_ in ("VERB", "AUX")), None)


def find_actor(token) -> str:
    """Who holds or does what the figure counts, when the sentence names them as its proper-noun
    subject: "Turkey has 12 military posts" -> "Turkey". Empty otherwise."""
    verb = _verb_of(token)
    if verb is None:
        return ""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "PROPN" and child.i < token.i:
            words = [t for t in child.subtree if t.pos_ == "PROPN" or t.text in (".", "-")]
            return " ".join(t.text for t in words).replace(" .", ".").strip()
    return ""


def concept_key(tokens, lemma) -> str:
    """Lower-case lemmas of the content words, nationality adjectives dropped:
    "Turkish observations points" -> "observation point"."""
    words = []
    for i, t in enumerate(tokens):
        is_head = i == len(tokens) - 1
        if not is_head and (t.ent_type_ in ("NORP", "GPE") or t.pos_ == "PROPN" or t.tag_ == "NNP"):
            continue
        if not is_head and t.pos_ == "ADJ" and t.text[:1].isupper():
            continue
        words.append(lemma(t) or t.lower_)
    return " ".join(words)
