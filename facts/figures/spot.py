"""Find the figures in one sentence: the number grammar, qualifiers, units, ranges, and the
numbers that are not figures (dates, years, clock times, ordinals, IDs, phone numbers).

Works on plain text with a `UnitCatalogue`; the spaCy-dependent decisions (is a bare "2018"
a year or a count? does "one" modify a noun?) are left to `extract` through `Mention.kind`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..types import MentionKind, Qualifier
from . import numbers as n
from .lexicon import month_pattern
from .units import COUNT, Unit, UnitCatalogue, currency_sign_class

TIMES = Unit("times", "ratio")
"""The unit of a multiplier: "more than doubled" is more than 2 times, "fivefold" 5 times."""


@dataclass(frozen=True)
class Mention:
    """A figure found in a sentence; offsets are relative to the sentence."""

    start: int
    end: int
    value: float
    low: float
    high: float
    qualifier: str
    trend: str
    unit: Unit
    number_start: int
    number_end: int
    kind: MentionKind
    step: float = 1.0


@dataclass(frozen=True)
class Dropped:
    """A candidate the grammar read and left out, and why: what `facts explain` lists."""

    start: int
    end: int
    surface: str
    reason: str


_ONES = [w for w, v in n.SMALL.items() if 1 <= v <= 9]
_ONE_TO_NINE = "|".join(_ONES)
# "twenty-five", also spaced around the hyphen ("twenty - five")
_NUM_WORD = ("(?:(?:" + "|".join(n.TENS) + r")(?:\s?-\s?(?:" + _ONE_TO_NINE + "))?|"
             + "|".join(sorted(n.SMALL, key=len, reverse=True)) + r")\b")
_SCALE_WORD = "(?:" + "|".join(n.SCALES) + ")"
_FRACTION_WORD = "(?:" + "|".join(sorted(n.FRACTIONS, key=len, reverse=True)) + ")"
_DIGIT_WORD = "(?:" + "|".join(sorted(n.DIGIT_WORDS, key=len, reverse=True)) + r")\b"
_VAGUE_AMOUNT = "(?:" + "|".join(p.replace(" ", r"\s+") for p in sorted(n.VAGUE_AMOUNTS, key=len, reverse=True)) + ")"
_VAGUE_MULTIPLIER = "(?:" + "|".join(p.replace(" ", r"\s+") for p in sorted(n.VAGUE_MULTIPLIERS, key=len, reverse=True)) + ")"
_VAGUE_UNIT = "(?:" + "|".join(n.VAGUE_UNITS) + ")"
_MULTIPLIER = "(?:" + "|".join(sorted(n.MULTIPLIERS, key=len, reverse=True)) + ")"
_FOLD = ("(?:(?:" + "|".join(sorted((*n.SMALL, *n.TENS, "hundred", "thousand"), key=len, reverse=True))
         + r")|\d+(?:\.\d+)?)[\s-]?fold")
_VULGAR = "[" + "".join(n.VULGAR_FRACTIONS) + "]"
_DIGITS = rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+){_VULGAR}?|{_VULGAR})"
# "and" continues a spelled number only after a scale word ("one hundred and five"); "ten and
# fifteen" is two numbers (a range after "between"), never their sum.
_AND_AFTER_SCALE = "(?:" + "|".join(f"(?<={w}\\s)" for w in n.SCALES) + ")"

_FIRST_CHARACTERS = "".join(sorted({w[0] for w in (*n.SMALL, *n.TENS, *n.SCALES, *n.FRACTIONS, *n.VAGUE_AMOUNTS,
                                                   *n.VAGUE_MULTIPLIERS, *n.MULTIPLIERS, "a", "an", "dozen")}))
"""Every figure starts with a digit, a point, a fraction sign or, at the start of a word, one of
these letters: a look-ahead on them lets the regex engine skip most positions before trying its
dozen alternatives (each alternative that starts with a letter starts with a word boundary)."""

CORE = re.compile(
    rf"""
    (?=[\d.]|{_VULGAR}|\b(?i:[{_FIRST_CHARACTERS}]))
    (?:(?P<vague>\b(?:{_VAGUE_AMOUNT}|{_VAGUE_MULTIPLIER}\s+{_VAGUE_UNIT}s?(?:\s+of)?)\b)
    |(?P<half>\b(?:(?:an?|one|{_ONE_TO_NINE})[\s-]+)?(?:half|quarters?)(?:[\s-]+of)?(?:[\s-]+an?)?[\s-]+
        (?:dozen|{_SCALE_WORD})\b)  # "half a million", "a quarter-million", "three quarters of a million"
    |(?P<andhalf>\b{_NUM_WORD}(?:\s+and\s+a\s+|-and-a-)half(?:\s+(?:dozen|{_SCALE_WORD}))?\b
        |\b(?:{_NUM_WORD}|an?)\s+{_SCALE_WORD}\s+and\s+a\s+half\b)  # "a million and a half"
    |(?P<point>(?<!\bat\s)\b{_NUM_WORD}\s+point\s+{_DIGIT_WORD}(?:\s+{_DIGIT_WORD})*
        (?:\s+{_SCALE_WORD}\b)*)  # "two point five million", not "at one point"
    |(?P<fraction>\b(?:(?:a|{_ONE_TO_NINE})[\s-]{_FRACTION_WORD}|half)
        (?=\s+(?:of|the|their|its|his|her|them|whom|which|those|these|all|majority|stake|share)\b)
        |(?<=\bby\s)(?:(?:a|{_ONE_TO_NINE})[\s-]{_FRACTION_WORD}|half)\b  # "cut by a third", "by half"
        (?=\s*(?:[,.;:!?)]|$)|\s+(?:in|since|over|from|to|last|this|compared|after|before|between|during|on|at
            |than|and|or|while|when|as|each|every|a|an|the)\b))  # not "by a third party"
    |(?P<multiplier>\b(?:{_FOLD}|{_MULTIPLIER})\b)  # "fivefold", "5-fold"; "doubled" after a qualifier
    |(?P<sci>\b\d+(?:\.\d+)?(?:[eE][+-]?\d{{1,3}}\b|\s?[×x]\s?10\^?[-−]?\d{{1,3}}))
    |(?P<slash>(?<![\d/])\d{{1,3}}\s?[/\u2044]\s?(?:2|3|4|5|8|10|16|32|64|100)(?![\d/]))
    |(?P<digits>{_DIGITS}(?:(?:\s+|-(?={_SCALE_WORD}\b))(?:and\s+a\s+half\s+)?(?:{_SCALE_WORD}|dozen)\b(?:\s+{_SCALE_WORD}\b)*
        (?:\s+and\s+a\s+half\b|(?<=hundred)\s+and\s+\d{{1,2}}\b(?![.,]\d|\s*(?:%|{_SCALE_WORD}|per)))?)?)
    |(?P<words>\b(?:{_NUM_WORD}|an?(?=\s+(?:dozen|{_SCALE_WORD})\b))
        (?:(?:\s+|-)(?:{_AND_AFTER_SCALE}and\s+)?(?:{_NUM_WORD}|{_SCALE_WORD}|dozen)\b)*))
    """,
    re.IGNORECASE | re.VERBOSE,
)

_MONTH = month_pattern(capitalized=True)
_SIGN = currency_sign_class()
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}\.?,?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+|\s?[-–]\s?))?$")
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b")
_NOT_FIGURE_SPANS = re.compile(
    r"""(?=[\d+(#\['\-]|\b[A-Z])                   # what every pattern below starts with
    (?:\b\d{4}-\d{1,2}-\d{1,2}\b                 # ISO date
    |\b\d{1,2}/\d{1,2}/\d{2,4}\b                   # 14/09/2018
    |\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?  # clock time
    |\b\d{1,2}(?:\.\d{2})?\s?[ap]\.\s?m\.          # 9 a.m., 10 a. m.
    |\b\d{1,2}(?:\.\d{2})?\s?[ap]m\b               # 9am
    |\b\d{3,4}\s?(?:GMT|UTC|BST|CET|EST|EDT|PST|hrs\b|hours\s+GMT)  # 0333 GMT
    |(?:\+\d{1,3}[\s-]?)?\(?\b\d{2,4}\)?[\s-]\d{3}[\s-]\d{3,4}\b  # phone numbers
    |\b\d+/\d{3,}\b                                # page counters, 0/2009
    |\b(?:1[0-9]|20)\d{2}\s?[-–/]\s?(?:(?:1[0-9]|20)\d{2}|\d{2})\b(?!\s*(?:%|per))  # 2018-19
    |\b(?:19|20)?\d0s\b|'\d0s\b                    # decades
    |\b[A-Z]{1,4}-?\d+[A-Z]?\b                     # F-16, COVID-19, A380, MH17
    |\b(?<!\.)\d+[A-Z]{1,3}\d+\b                    # 5G2, 3D4 (not 1.2E9)
    |\b(?:240|360|480|576|720|1080|1440|2160|4320)[pi]\b  # video resolutions, not pence
    |\#\s?\d+                                      # #5
    |\+\d{1,3}(?:[\s-]\d{1,4}){2,}                   # +1-222-2222-2222
    |\b1?-?\d{3}-\d{3}-[A-Z]{4}\b(?:\s*\(\d{4}\))?      # 555-222-TIPS (8477)
    |\b1-\d{3}-[A-Z]{3,}(?:-[A-Z]+)*\b               # 1-800-CALL-FBI
    |\b[A-Z]{4,}\s?\(\d{4,6}\)                       # a text short code: CRIMES (274637)
    |\b911\b                                       # the emergency number
    |\[\d+\]                                       # a citation mark, [31]
    |\b(?:Image|Images|Photo|Photos|Picture|Slide|Video|Gallery|VPC|AP)\s+\d{1,3}\s+of\s+/?\s*\d{1,3}\b  # Image 4 of 13
    )""",
    re.VERBOSE,
)
_ID_BEFORE = re.compile(
    r"(?:\bID|\bNo\.|\bno\.|\bNos?\.|\bNumber|\bnumber|\bref\.?|\bcode|\bpage|\bp\.|\bpp\.|\bvol\.|"
    r"\bchapter|\bsection|\bSection|\bArticle|\barticle|\bResolution|\bresolution|\bflight|\bFlight|"
    r"\broute|\bRoute|\bHighway|\bRoom|\broom|\bgate|\bGate|\bterminal|\bPlatform|\bversion|"
    r"\bv\.|\bPhase|\bCategory|\bLevel|\bSeason|\bseason|\bEpisode|\bTitle|\bBill|\bAct|\bRule|"
    r"\bAmendment|\bStage|\bStep|\bpart|\bPart|\bWorld War|\bTier|\bGrade|\bcaliber|\bcalibre)"
    r"\s*:?\s*$"
)
NAME_WORDS = (
    # broadcasters and stations: "told Channel 9 News", "FOX 5", "WSB-TV 2"
    "Channel", "FOX", "Fox", "CBS", "NBC", "ABC", "CW", "PIX", "WGN", "KTLA", "News", "TV", "Radio",
    # indices, leagues, products, models: "S&P 500", "Big 12", "iPhone 11", "Boeing 737", "Game 7"
    "S&P", "FTSE", "Nasdaq", "Russell", "Stoxx", "DAX", "CAC", "Nikkei", "Dow", "Big", "Pac", "Formula",
    "Game", "iPhone", "iPad", "Galaxy", "Pixel", "Windows", "Xbox", "PlayStation", "Boeing", "Airbus",
    "Apollo", "Model", "Series",
    # places with numbers in their names: "Row 21", "Apt 4", "Interstate 95", "Precinct 9"
    "Row", "Apt", "Apartment", "Suite", "Unit", "Ward", "District", "Precinct", "Station", "Engine", "Ladder",
    "Local", "Pier", "Building", "Lot", "Exit", "Interstate", "I", "US", "SR", "County Road", "Block",
    # businesses named with a number: "the Motel 6 on Main Street", "a Super 8 motel", "Studio 54"
    "Motel", "Super", "Studio",
)
_NAME_BEFORE = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(w) for w in sorted(NAME_WORDS, key=len, reverse=True)) + r")"
    r"|\b[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT|CD))?)\s*-?\s*$"
)
STREET_WORDS = ("Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Drive", "Dr", "Lane", "Ln",
                "Way", "Court", "Ct", "Place", "Pl", "Parkway", "Pkwy", "Highway", "Hwy", "Terrace", "Circle",
                "Square", "Trail", "Pike", "Plaza")
_ADDRESS_AFTER = re.compile(
    r"^\s+(?:block\b|(?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?(?:[A-Z0-9][\w'.-]*\s+){1,3}"
    r"(?:" + "|".join(STREET_WORDS) + r")\b(?!-)|[NSEW]\.\s+[A-Z][a-z]+)"
)
"""A house number or a street block: "the 300 block of", "1234 N. Main St.", "601 W. Broadway"."""
_PRODUCT_AFTER = re.compile(r"^\s*(?:Max|Pro|Plus|Mini|Ultra|(?:[A-Z][a-z]+\s+)?News)\b")  # 7 Eyewitness News
_ZIP_BEFORE = re.compile(r"\b[A-Z]{2},?\s+$|\b(?:ZIP|zip)(?:\s+code)?\s*:?\s*$")
AGE_NOUNS = ("girl", "boy", "man", "woman", "teen", "teenager", "victim", "suspect", "son", "daughter", "mother",
             "father", "driver", "shooter", "gunman", "student", "brother", "sister", "wife", "husband",
             "officer", "deputy", "friend", "resident", "male", "female", "youth", "juvenile")
"""Nouns of a person an age may follow between commas ("the victim, 24, was taken")."""
_AGE_COMMAS = re.compile(r"[A-Z][\w'.-]*,\s+$")
"""An age set off by commas after a name: "Maria Lopez, 27, and John Smith, 34"."""
_AGE_AFTER_NOUN = re.compile(
    r"\b(?:" + "|".join(sorted(AGE_NOUNS, key=len, reverse=True)) + r"),\s+$", re.IGNORECASE)
"""An age set off by commas after a person's noun: "a girl, 16, dies", "the victim, 24, was"."""
_CALIBRE_AFTER = re.compile(
    r"^(?:\s*-?\s*(?:caliber|calibre|cal\.?)\b|\s*-?\s*(?:mm|millimet(?:er|re))\s*-?\s*"
    r"(?:handguns?|pistols?|guns?|rifles?|semi-automatic|semiautomatic|bullets?|rounds?|shell|casings?|"
    r"magazines?|ammunition|Glock|Beretta|Luger)\b)", re.IGNORECASE)
"""A gun's calibre, which names a kind of gun or round: "a .38-caliber handgun", "9 mm pistols"."""
_AGE_CLOSE = re.compile(r"^\s*(?:[,);(\-–—]|\.(?!\d)|$|and\b|of\b|who\b)")
_SPORTS = re.compile(
    r"\b(?:won|win|wins|beat|beats|beaten|lost|loss|defeat(?:ed|s)?|victory|draw|drew|scored|"
    r"score|scoreline|lead|led|trail(?:ed|ing)?|match|game|final|goals?|innings|set|sets|"
    r"half-time|halftime|triumph|thrash(?:ed)?|edged|routed)\b",
    re.IGNORECASE,
)
_UP = (r"rose|rise|rises|rising|risen|up|increased|increase|increases|increasing|gained|gains?|"
       r"jumped|jumps?|climbed|climbs?|grew|grow|grows|growing|soared|soars?|surged|surges?|"
       r"added|higher|rallied|advanced|spiked|doubled|boosted|raised")
_DOWN = (r"fell|fall|falls|falling|fallen|down|dropped|drops?|declined|declines?|decreased|"
         r"decreases?|lost|loses?|slid|slides?|slipped|plunged|plunges?|plummeted|tumbled|"
         r"slumped|sank|shed|lower|cut|cuts|shrank|shrunk|eased|dipped|dips?|retreated|tanked")
_TREND_BEFORE = re.compile(
    rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))(?:\s+(?:by|to|of|nearly|almost|about|some|around|"
    rf"more\s+than|over|just|another|a\s+further|an\s+additional))*\s+{_SIGN}?$",
    re.IGNORECASE,
)
_TREND_AFTER = re.compile(
    r"^\s*(?:(?P<up>rise|increase|gain|jump|growth|hike|surge|climb|uptick|rally|boost)"
    r"|(?P<down>fall|drop|decline|decrease|cut|loss|slump|plunge|reduction|slide|dip|contraction))\b",
    re.IGNORECASE,
)
_BETWEEN_BEFORE = re.compile(rf"\bbetween\s+{_SIGN}?$", re.IGNORECASE)
_FROM_BEFORE = re.compile(rf"\bfrom\s+{_SIGN}?$", re.IGNORECASE)
_BETWEEN_OR_FROM_BEFORE = re.compile(rf"\b(?:between|from)\s+{_SIGN}?$", re.IGNORECASE)
_CHANGE_FROM_BEFORE = re.compile(rf"\b(?:{_UP}|{_DOWN})\s+from\s+{_SIGN}?$", re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(rf"(?:^|(?<=[\s(\"“'])|(?<=\w)(?=[<>≤≥]))(?P<q>{n.QUALIFIER_PATTERN})\s*$",
                               re.IGNORECASE)
_QUALIFIER_AFTER = re.compile(
    r"^(?:\s+or\s+(?P<more>more|higher|above|greater|larger|bigger|over)\b"
    r"|\s+or\s+(?P<less>fewer|less|below|lower|smaller|under)\b"
    r"|\s+or\s+so\b|-odd\b|\s*\+(?!\d)|-plus\b)",
    re.IGNORECASE,
)
_ORDINAL_AFTER = re.compile(r"-(?:" + "|".join(n.ORDINAL_UNITS) + r")\b", re.IGNORECASE)
_HYPHEN_WORD = re.compile(r"^-(?!plus\b|odd\b)(?P<word>[A-Za-z]+)(?P<old>-[Oo]ld)?\b")
_HYPHEN_DIMENSIONS = ("time", "length", "mass", "area", "volume", "speed", "power", "energy", "currency",
                      "temperature")
"""The units a number word takes before a hyphen ("two-hour", "three-mile"); digits take any unit."""
_NOT_COUNTED_AFTER_HYPHEN = frozenset({
    "to", "and", "or", "for", "by", "in", "on", "of", "up", "off", "out", "per", "the", "a", "an",
    "something", "ish", "some", "odd", "plus", "year", "th", "st", "nd", "rd", "block",
})
"""Words after "N-" that are not what N counts ("3-to-1", "30-something", "the 100-block of")."""
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages\s+of|age\s+of)\s+$", re.IGNORECASE)
_SCALED_CURRENCY = re.compile(r"\s+(?P<word>[A-Za-z]+)\b")
_ENDS_WITH_SCALE = re.compile(rf"(?:{_SCALE_WORD}|{'|'.join(n.SCALE_ABBREVIATIONS)})$", re.IGNORECASE)
_SCALE_SUFFIX = re.compile(r"^(?P<space>\s?)(?P<s>bn|bln|mn|mln|tn|trn|mil|mill|m|k|b)\b", re.IGNORECASE)


def _glued_scale(letter: str, surface: str, rest: str, units: UnitCatalogue) -> bool:
    """Is a letter glued to a number a scale rather than a unit? "25k" and "4.3M" always ("M" is
    never metres, "k" alone no unit); "m" when a unit or "of" follows ("12.3m tonnes", "35m of
    its devices") or, for a decimal, a plural noun ("4.3m users"); "100m in 10 seconds" and "the
    400m hurdles" stay metres."""
    if letter in ("k", "K", "M"):
        return True
    if letter != "m":
        return False
    if _OF_NEXT.match(rest):
        return True
    found = units.after(rest, glued=False)
    if found is not None and found[0].dimension not in ("count", "length"):
        return True
    return "." in surface and _PLURAL_NEXT.match(rest) is not None and found is None
_UNAMBIGUOUS_SCALES = ("bn", "bln", "mn", "mln", "tn", "trn")
_HYPHEN_SCALE = re.compile(r"(?<=\d)-(?=[A-Za-z])")
"""The hyphen of a scale word joined to digits ("$2.6-million", "a $1.5-billion stake")."""


_SCORE_AFTER = re.compile(
    r"^\s+(?:(?:road|home|away|overtime|double-overtime|OT|playoff|season-opening)\s+)?"
    r"(?:win|victory|loss|defeat|rout|triumph|decision|upset)\b", re.IGNORECASE)
"""After a score of any size, winner's first: "an 88-72 road loss", "a 31-24 win"."""
MAX_SCORE = 30
"""Below this, "won 3-2" is a sports score (and no figure) when the sentence speaks of a game;
scores of 30 and more (basketball, cricket) are rare enough in news to read as ranges."""
_SCALED_SPAN = 100
""""40 to 50 million": the first bound takes the second's scale when the second is at most this
many times the first, scaled ("4 to 500 million" is not 4 million to 500 million)."""
_UNSCALED_RATIO = 1000
"""A range whose high end is more than this many times its low end ("between 5 and 6,000") is
suspect: the low end probably shares the high end's scale word."""

LAST_YEAR = 2199
"""Four-digit numbers up to this read as years unless they count something ("by 2120" is a year,
"2120 votes" a count)."""

_WINDOW = 80
"""How far around a number the grammar looks; bounds the cost of every context regex."""


_TAIL = 60
"""The longest stretch of words a pattern anchored at the end of `_left`'s window matches
("rose by nearly another ", "greater than or equal to "): it is tried from there only."""


def _ends_with(pattern: re.Pattern, window: str) -> re.Match | None:
    """`pattern` (anchored with $) searched in the last `_TAIL` characters of `window` only; a
    look-behind still sees the character before them, and ^ still means the window's start."""
    return pattern.search(window, max(0, len(window) - _TAIL))


# Patterns written where they are used, compiled once (`re`'s cache look-up cost more than the match).
_OF_NEXT = re.compile(r"\s+of\b")
_PLURAL_NEXT = re.compile(r"\s+[a-z]+s\b")
_AND_GAP = re.compile(r"\s+and\s+")
_OR_OR_BRACKET_GAP = re.compile(r"\s*(?:,\s*)?(?:or\s+|\(\s*)")
_LETTER_HYPHEN_END = re.compile(r"[A-Za-z]-$")
_SCALED_OR_MINUS_HYPHEN_END = re.compile(r"(?:\d(?:k|K|m|M|bn)|\bminus|\bsub)-$", re.IGNORECASE)
_ORDINAL_SUFFIX = re.compile(r"\s?(?:st|nd|rd|th)\b", re.IGNORECASE)
_RATIO_OR_TIME_NEXT = re.compile(r"(?:/|:)\d")
_DECADE_S = re.compile(r"'?s\b")
_POSSESSIVE_S = re.compile(r"'s\s")
_FIVE_DIGITS = re.compile(r"\d{5}")
_POINT_NEXT = re.compile(r"\s+point\b")
_AT_END = re.compile(r"\bat\s+$", re.IGNORECASE)
_HYPHEN_LETTER_NEXT = re.compile(r"-(?!odd\b|plus\b)[A-Za-z]")
_ARTICLE_END = re.compile(r"\ban?\s+$", re.IGNORECASE)
_MINUS_WORD_END = re.compile(r"\b(?:minus|negative)\s+$", re.IGNORECASE)
_UP_TO_THREE_DIGITS = re.compile(r"\d{1,3}")
_MINUS_SIGN_END = re.compile(r"(?:^|[\s(<>=~≤≥])[-\u2212]$")
_MINUS_WORD_OR_HYPHEN_END = re.compile(r"\b(?:minus|negative)[\s-]+$", re.IGNORECASE)
_UNIT_LETTER = re.compile(r"[A-Za-z\u03bc\u00b5]")
_FOUR_DIGITS = re.compile(r"\d{4}")
_THREE_DIGITS_NEXT = re.compile(r"\d{3}(?![\d,])")
_ALL_DIGITS = re.compile(r"\d+")
_POINT_DIGIT_NEXT = re.compile(r"\.\d")
_DASH_GAP = re.compile(r"\s*[-–—]\s*")
_HYPHEN_OR_TO_GAP = re.compile(r"-\s+(?:or|to)\s+")
_TILDE_OR_THROUGH_GAP = re.compile(r"\s*~\s*|\s+(?:through|thru)\s+")
_TO_GAP = re.compile(r"\s+to\s+")
_OR_GAP = re.compile(r"\s+or\s+")
_OVER_GAP = re.compile(r"\s+over\s+")
_IN_OR_OUT_OF_GAP = re.compile(r"\s+(?:in|out\s+of)\s+")

def _left(s: str, i: int) -> tuple[str, int]:
    """The text before position i (at most _WINDOW chars) and where it starts in s."""
    lo = max(0, i - _WINDOW)
    return s[lo:i], lo


def _right(s: str, i: int) -> str:
    return s[i:i + _WINDOW]


def spot(sentence: str, units: UnitCatalogue, dropped: list[Dropped] | None = None) -> list[Mention]:
    """Every figure in `sentence`, in order of position. Candidates that are read and left out
    are appended to `dropped` with their reason, when a list is given."""
    dropped = [] if dropped is None else dropped
    blocked = [m.span() for m in _NOT_FIGURE_SPANS.finditer(sentence)
               if not units.currency_code_at(sentence[max(0, m.start() - 1):m.end()])]
    cores: list[Mention] = []
    for m in CORE.finditer(sentence):
        start, end = m.span()
        if any(a < end and start < b for a, b in blocked):
            dropped.append(Dropped(start, end, m.group(0), "inside a date, clock time, phone number, code, citation or gallery counter"))
            continue
        mention = _read_core(sentence, m, units)
        if isinstance(mention, Dropped):
            dropped.append(mention)
        else:
            cores.append(_with_rate(sentence, mention, units))
    cores = _join_pairs(sentence, _join_split_digits(sentence, cores), dropped)
    return _carry(sentence, _join_bounds(sentence, [_add_context(sentence, c) for c in cores]))


_LOWER = (Qualifier.MORE_THAN, Qualifier.AT_LEAST)
_UPPER = (Qualifier.LESS_THAN, Qualifier.AT_MOST)


def _join_bounds(s: str, mentions: list[Mention]) -> list[Mention]:
    """Two bounds of one thing joined by "and" are one interval: "greater than 100 and smaller
    than 300", "at most 100 and at least 20", "above 1000 and below 1500"."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        a = mentions[i]
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        if b is not None and _AND_GAP.fullmatch(s[a.end:b.start]) and a.unit == b.unit and (
                (a.qualifier in _LOWER and b.qualifier in _UPPER) or (a.qualifier in _UPPER and b.qualifier in _LOWER)):
            low, high = (a, b) if a.qualifier in _LOWER else (b, a)
            if low.value <= high.value:
                value = low.value / 2 + high.value / 2
                out.append(replace(a, end=b.end, value=value, low=low.value, high=high.value, qualifier=Qualifier.RANGE,
                                   kind=MentionKind.RANGE, number_end=b.number_end))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _carry(s: str, mentions: list[Mention]) -> list[Mention]:
    """A trend carries to the alternative stated right after a figure, after "or" or in brackets
    ("lost 190 points, or 0.6%": both down); a qualifier carries after "or" ("more than 100,
    or 8%"). A conversion in brackets is read as stated: "less than 15 km (10 miles)" gives 10
    miles, as the seeds' fact-checker reads it."""
    out = list(mentions)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        gap = s[a.end:b.start]
        if not _OR_OR_BRACKET_GAP.fullmatch(gap):
            continue
        if a.trend and not b.trend:
            b = replace(b, trend=a.trend)
        if a.qualifier in (*_LOWER, *_UPPER, Qualifier.APPROX) and b.qualifier == Qualifier.EXACT and "(" not in gap:
            qualifier, low, high = n.qualifier_interval(a.qualifier, b.value, counted=b.unit.dimension == COUNT.dimension)
            b = replace(b, qualifier=qualifier, low=low, high=high)
        out[i] = b
    return out


@dataclass(frozen=True)
class _Context:
    surface: str
    before: str  # the text before the digits (at most _WINDOW characters)
    after: str
    glued_currency: bool  # letters before the digits are a currency code ("USD10m")


_NOT_A_FIGURE = (
    # (reason, test): digits that name, number or date something rather than count it
    ("part of a name or a code (F-16, A380, v2.1, 0/2009)", lambda c: (
        (c.before[-1:].isalpha() and not c.glued_currency) or c.before[-1:] in ("/", ":", ".", "_")
        or (_LETTER_HYPHEN_END.search(c.before) is not None
            and not _SCALED_OR_MINUS_HYPHEN_END.search(c.before)))),
    ("an ordinal, a ratio or a time (21st, 3/4, 10:30)", lambda c: (
        _ORDINAL_SUFFIX.match(c.after) is not None
        or _RATIO_OR_TIME_NEXT.match(c.after) is not None)),
    ("a decade (the 1990s)", lambda c: _DECADE_S.match(c.after) is not None
     and not _POSSESSIVE_S.match(c.after)),
    ("a leading zero: a clock time or an ID (0333)", lambda c: re.fullmatch(
        r"0\d+", c.surface.split()[0].replace(",", "")) is not None),
    ("a label, a name or an address (Section 427, Channel 9 News, the 300 block of, iPhone 11 Pro)", lambda c: (
        _ID_BEFORE.search(c.before) is not None or (_NAME_BEFORE.search(c.before) is not None and not c.glued_currency)
        or _ADDRESS_AFTER.match(c.after) is not None or _PRODUCT_AFTER.match(c.after) is not None)),
    ("a gun's calibre (a .38-caliber handgun, 9 mm pistols)", lambda c: _CALIBRE_AFTER.match(c.after) is not None),
    ("a ZIP code (Dallas, TX 75201)", lambda c: _FIVE_DIGITS.fullmatch(c.surface) is not None
     and _ZIP_BEFORE.search(c.before) is not None),
    ("a phone number spelled with letters (call 574-LMPD, 1-800-FLOWERS)", lambda c: re.match(
        r"-[A-Z]{3,}\b", c.after) is not None and re.search(
        r"(?:\b(?:call|dial|text|contact|at|line|hotline)|\(|\d-)\s*$", c.before, re.IGNORECASE) is not None),
)


def _read_core(s: str, m: re.Match, units: UnitCatalogue) -> Mention | Dropped:
    start, end = m.span()
    surface = m.group(0)

    def drop(reason: str) -> Dropped:
        return Dropped(start, end, surface, reason)

    (before, before_at), after = _left(s, start), _right(s, end)
    group = m.lastgroup  # which alternative of the number pattern matched
    if group == "vague":
        interval = n.vague_interval(surface)
        if interval is None:  # the pattern is built from the same tables: never expected
            return drop("a vague amount with no interval")
        low, high = interval
        return Mention(start, end, low, low, high, Qualifier.VAGUE, "", COUNT, start, end, MentionKind.VAGUE)
    if group == "fraction":
        word = surface.lower().split()[-1].split("-")[-1]
        count = n.words_to_number(re.split(r"[\s-]", surface.lower())[0]) if " " in surface or "-" in surface else 1.0
        share = (count or 1.0) * n.FRACTIONS[word]
        return Mention(start, end, share, share, share, Qualifier.EXACT, "", Unit("", "fraction"), start, end,
                       MentionKind.FRACTION)
    if group in ("sci", "slash"):
        value = n.parse_digits(surface)
        if value is None or not math.isfinite(value):
            return drop("beyond what a float holds")
        return _with_unit(s, start, end, value, units, MentionKind.NUMBER, 0.0) or drop("a hyphenated word, not a unit")
    if group == "multiplier":
        value = n.multiplier_value(surface)
        if value is None:
            return drop("number words that do not make a number")
        if not surface.lower().endswith("fold") and not _ends_with(_QUALIFIER_BEFORE, before):
            return drop("a word of change with no qualifier (the price doubled): a trend, not a figure")
        return Mention(start, end, value, value, value, Qualifier.EXACT, n.MULTIPLIER_TRENDS.get(surface.lower(), ""),
                       TIMES, start, end, MentionKind.WORD)
    if group in ("half", "andhalf", "point", "words"):
        value = n.words_to_number(surface)
        if value is None:
            return drop("number words that do not make a number")
        if group == "words" and surface.lower() == "one" and _POINT_NEXT.match(after) \
                and _AT_END.search(before):
            return drop("a moment, not a number (at one point)")
        if group == "words" and _HYPHEN_LETTER_NEXT.match(after) and not _HYPHEN_WORD.match(after):
            return drop("part of a hyphenated word")
        if group == "words" and _ORDINAL_AFTER.match(after) and not (
                after.lower().startswith("-second") and _ARTICLE_END.search(before)):
            return drop("an ordinal (twenty-first)")  # but "a thirty-second clip" lasts
        word_kind = MentionKind.WORD_ONE if surface.lower() in ("one", "a", "an") else MentionKind.WORD
        sign = _MINUS_WORD_END.search(before)
        if sign:  # "minus five degrees", "negative ten"
            return _with_unit(s, before_at + sign.start(), end, -value, units, MentionKind.NUMBER,
                              n.rounding_step(surface, value)) or drop("a hyphenated word, not a unit")
        return _with_unit(s, start, end, value, units, word_kind, n.rounding_step(surface, value)) \
            or drop("a hyphenated word, not a unit (three-way, two-state)")
    # digits
    glued_currency = before[-1:].isalpha() and units.currency_before(before) is not None  # "USD10m", "RM23.50"
    context = _Context(surface, before, after, glued_currency)
    reason = next((reason for reason, test in _NOT_A_FIGURE if test(context)), None)
    if reason:
        return drop(reason)
    if _UP_TO_THREE_DIGITS.fullmatch(surface) and (_AGE_COMMAS.search(before) or _AGE_AFTER_NOUN.search(before)) \
            and _AGE_CLOSE.match(after):
        return Mention(start, end, float(surface), float(surface), float(surface), Qualifier.EXACT, "",
                       Unit("year", "time"), start, end, MentionKind.AGE)
    spoken = _HYPHEN_SCALE.sub(" ", surface)  # "$2.6-million" is said as "2.6 million"
    value = n.words_to_number(spoken) if " " in spoken else n.parse_digits(spoken)
    if value is None or not math.isfinite(value):
        return drop("beyond what a float holds (a 310-digit number)")
    step = n.rounding_step(spoken, value)
    # Negative numbers: "-5", "minus 5", "−5".
    sign_start = start
    if _MINUS_SIGN_END.search(before):
        value, sign_start = -value, start - 1
    elif re.search(rf"(?:^|[\s(]){_SIGN}[-\u2212]$", before):  # "$-50.8bn"
        value, sign_start = -value, start - 1
        before = before[:-1]
    elif minus := _MINUS_WORD_OR_HYPHEN_END.search(before):
        value, sign_start = -value, before_at + minus.start()
    # "$1.8bn", "€40m", "500k"
    currency = units.currency_before(_left(s, sign_start)[0]) or (
        units.currency_before(_left(s, sign_start - 1)[0] + s[sign_start - 1:sign_start].strip("-\u2212"))
        if s[sign_start:sign_start + 1] in "-\u2212" else None)
    scale = _SCALE_SUFFIX.match(after) if " " not in surface else None
    word = scale.group("s").lower() if scale else ""
    # "$1.8bn", "$292 bln", "3bn": scale; "$3m", "S$3mil" glued after a currency; "25k", "4.3M
    # users", "12.3m tonnes", "35m of its devices" glued where no length is meant (`_glued_scale`).
    if scale and (word in _UNAMBIGUOUS_SCALES or (not scale.group("space") and (
            currency or _glued_scale(scale.group("s"), surface, after[scale.end():], units)))):
        factor = n.SCALE_ABBREVIATIONS[word]
        value, step, end = value * factor, step * factor, end + scale.end()
    elif _UNIT_LETTER.match(s[end:end + 1]):
        glued = units.after(_right(s, end), glued=True)
        if glued is None:
            return drop("digits glued to letters that are no unit (8Previous, 3D)")
    year_like = (
        _FOUR_DIGITS.fullmatch(surface) is not None and 1000 <= value <= LAST_YEAR and currency is None
        and not _ends_with(_QUALIFIER_BEFORE, _left(s, sign_start)[0])  # "above 1000" is no year
    )
    dated = _MONTH_BEFORE.search(_left(s, sign_start)[0]) or (_MONTH_AFTER.match(_right(s, end)) and value <= 31)
    if dated and (value <= 31 or year_like):
        return drop("a day or year of a date (Sept. 14, 2018)")
    mention = _with_unit(s, sign_start, end, value, units, MentionKind.YEAR_LIKE if year_like else MentionKind.NUMBER,
                         step)
    if mention is None:
        return drop("a hyphenated word, not a unit")
    if currency is None and (after_currency := units.currency_after(_right(s, end))):
        currency = after_currency  # "1,200 €"
        unit, length = currency
        if mention.unit == COUNT:
            return replace(mention, end=end + length, unit=unit, kind=MentionKind.NUMBER)
    if currency is None and mention.unit == COUNT and (scaled := _SCALED_CURRENCY.match(_right(s, end))) \
            and (named := units.currency_after_scale(scaled.group("word"))) and _ENDS_WITH_SCALE.search(s[start:end]):
        return replace(mention, end=end + scaled.end(), unit=named, kind=MentionKind.NUMBER)  # "5 million won"
    if currency:
        unit, length = currency
        start_with_currency = sign_start - length
        if mention.unit == COUNT or mention.unit.dimension == "currency":
            return replace(mention, start=start_with_currency, unit=mention.unit if mention.unit != COUNT else unit,
                           kind=MentionKind.NUMBER)
    return mention


def _with_unit(s: str, start: int, end: int, value: float, units: UnitCatalogue, kind: MentionKind,
               step: float) -> Mention | None:
    after = _right(s, end)
    hyphen = _HYPHEN_WORD.match(after)
    if hyphen:
        word = hyphen.group("word")
        found = (units.after(" " + word, glued=False)
                 or (units.after(word, glued=True) if len(word) >= 2 else None)  # "a 30-yr mortgage", "6-ft"
                 or units.mass_word(word))  # "a 3-pound bag"
        digits = kind == MentionKind.NUMBER
        if found is not None and (digits or found[0].dimension in _HYPHEN_DIMENSIONS):
            return Mention(start, end + hyphen.end(), value, value, value, Qualifier.EXACT, "", found[0], start, end,
                           MentionKind.HYPHEN_UNIT, step)
        if digits and found is None and not hyphen.group("old") and len(word) >= 2 \
                and word.lower() not in _NOT_COUNTED_AFTER_HYPHEN:  # not "4-H", "3-D"
            # "a 12-member team", "a 7.1-magnitude earthquake", "a 3-car crash": it counts the word
            return Mention(start, end + hyphen.end(), value, value, value, Qualifier.EXACT, "", COUNT, start, end,
                           MentionKind.HYPHEN_COUNT, step)
        return None  # "three-way summit", "two-state solution", "2008-style": not a quantity
    found = units.after(after, glued=not after[:1].isspace())
    if found is None and _AGE_BEFORE.search(_left(s, start)[0]):
        return Mention(start, end, value, value, value, Qualifier.EXACT, "", Unit("year", "time"), start, end,
                       MentionKind.AGE, step)
    if found is None:
        return Mention(start, end, value, value, value, Qualifier.EXACT, "", COUNT, start, end, kind, step)
    unit, length = found
    if unit.dimension == "count" and unit.name not in ("percentage",):
        unit = COUNT
        length = 0
    if kind == MentionKind.YEAR_LIKE and unit.dimension != "count":
        kind = MentionKind.NUMBER
    return Mention(start, end + length, value, value, value, Qualifier.EXACT, "", unit, start, end, kind, step)


_SPLIT_THOUSANDS = re.compile(r"\s,\s?|,\s")
_LIST_AFTER = re.compile(r"\s?,\s?\d|\s+(?:and|or|to|through)\s+\d")
_LIST_BEFORE = re.compile(r"\d\s?,\s?$")


_NO_RATE_DIMENSIONS = ("count", "percentage", "percentage point", "fraction", "ratio")
_NO_RATE_KINDS = (MentionKind.HYPHEN_UNIT, MentionKind.HYPHEN_COUNT, MentionKind.AGE, MentionKind.VAGUE)


def _with_rate(s: str, m: Mention, units: UnitCatalogue) -> Mention:
    """A unit per another: "12.5 points per game", "$4 a gallon", "$30/hr", "5 mg/L", "$12,000 per
    capita", "GDP per capita of $8,000" (before the figure, the surface stays the figure's). The denominator is a unit of the catalogue or, after "per", any word (a count of a
    word is read from the parse: "2 goals per game"). Percentages keep their unit ("5% a year")."""
    if m.unit.dimension in _NO_RATE_DIMENSIONS or m.kind in _NO_RATE_KINDS:
        return m
    rate = units.rate_after(_right(s, m.end))
    if rate is None:
        before = units.rate_before(_left(s, m.start)[0])  # "GDP per capita of $8,000"
        return m if before is None else replace(
            m, unit=Unit(f"{m.unit.name} per {before}", f"{m.unit.dimension} per {before}"))
    name, dimension, length = rate
    return replace(m, end=m.end + length, unit=Unit(f"{m.unit.name} per {name}", f"{m.unit.dimension} per {dimension}"))


_MIXED_PARTS = (MentionKind.NUMBER, MentionKind.HYPHEN_UNIT, MentionKind.HYPHEN_COUNT)
"""What the second part of a number written with a stray space may be: a number, or, as the
fraction of a mixed number only, one hyphenated to its unit or noun ("a 1 1/2-story home")."""


def _join_split_digits(s: str, cores: list[Mention]) -> list[Mention]:
    """One number written with a stray space: "1, 200 people" is 1,200, "6 .1" is 6.1, "1 1/2
    inches" is 1.5 inches and "a 1 1/2-mile walk" is 1.5 miles. Not a list ("rooms 1, 200 and
    305", "1, 200, 300") and not a date ("May 1, 200 people": the day is dropped before)."""
    out: list[Mention] = []
    for b in cores:
        a = out[-1] if out else None
        if a is not None and a.kind == MentionKind.NUMBER and b.kind in _MIXED_PARTS \
                and a.end == a.number_end and b.start == b.number_start \
                and (a.unit == COUNT or b.unit == COUNT or a.unit == b.unit):
            left, gap, right = s[a.number_start:a.number_end], s[a.end:b.start], s[b.start:b.number_end]
            thousands = b.kind == MentionKind.NUMBER and (_SPLIT_THOUSANDS.fullmatch(gap) and _UP_TO_THREE_DIGITS.fullmatch(left)
                         and _THREE_DIGITS_NEXT.match(right) and not _LIST_AFTER.match(s[b.number_end:])
                         and not _LIST_BEFORE.search(_left(s, a.number_start)[0]))
            point = b.kind == MentionKind.NUMBER and gap == " " and _ALL_DIGITS.fullmatch(left) \
                and _POINT_DIGIT_NEXT.match(right)
            mixed = gap == " " and _ALL_DIGITS.fullmatch(left) and re.fullmatch(rf"\d{{1,2}}\s?[/\u2044]\s?\d{{1,2}}|{_VULGAR}", right) \
                and 0 < b.value < 1  # "1 1/2 inches", "172 \u00bd years"
            if thousands or point or mixed:
                compact = left + gap.strip() + right
                value = float(left) + b.value if mixed else (
                    n.words_to_number(compact) if " " in compact else n.parse_digits(compact))
                if value is not None:
                    out[-1] = replace(b, start=a.start, number_start=a.number_start, value=value, low=value,
                                      high=value, step=n.rounding_step(compact, value),
                                      unit=b.unit if b.unit != COUNT else a.unit)
                    continue
        out.append(b)
    return out


def _join_pairs(s: str, cores: list[Mention], dropped: list[Dropped]) -> list[Mention]:
    """Ranges ("between 40 and 50", "15-20 km", "two or three"), proportions ("one in five")
    and sports scores ("won 3-2": dropped)."""
    out: list[Mention] = []
    i = 0
    while i < len(cores):
        a = cores[i]
        b = cores[i + 1] if i + 1 < len(cores) else None
        if b is not None:
            gap = s[a.end:b.start]
            before = _left(s, a.start)[0]
            joined = None
            # "15-20 km" shares b's unit; "rose 0.7 percent to 6,327.80" is a change and a level
            compatible = a.unit == b.unit or (a.unit == COUNT and a.kind != MentionKind.YEAR_LIKE)
            change = _ends_with(_CHANGE_FROM_BEFORE, before)
            if not compatible or change:
                out.append(a)
                i += 1
                continue
            if _DASH_GAP.fullmatch(gap) and a.kind != MentionKind.VAGUE and b.kind != MentionKind.VAGUE:
                whole = a.value == int(a.value) and b.value == int(b.value) and a.unit == COUNT and b.unit == COUNT
                if whole and ((_SPORTS.search(s) and a.value < MAX_SCORE and b.value < MAX_SCORE)
                              or (a.value >= b.value and _SCORE_AFTER.match(s[b.end:]))):
                    dropped.append(Dropped(a.start, b.end, s[a.start:b.end], "a sports score (won 3-2)"))
                    i += 2
                    continue
                if a.value < b.value or (b.value < a.value and _scaled(a, b) is not None):
                    joined = _range(a, b, s)
            elif _HYPHEN_OR_TO_GAP.fullmatch(gap) and b.kind == MentionKind.HYPHEN_UNIT and a.value < b.value:
                joined = _range(a, b, s)  # "7- or 8-inch": the first hyphen waits for the second's unit
            elif _TILDE_OR_THROUGH_GAP.fullmatch(gap) and a.value < b.value:
                joined = _range(a, b, s)  # "20~100", "20 through 100"
            elif (_AND_GAP.fullmatch(gap) and _ends_with(_BETWEEN_BEFORE, before)) \
                    or (_TO_GAP.fullmatch(gap) and (_ends_with(_FROM_BEFORE, before)
                                                        or a.value < b.value)) \
                    or (_OR_GAP.fullmatch(gap) and a.kind == MentionKind.WORD and b.kind in (MentionKind.WORD, MentionKind.NUMBER)
                        and a.value < b.value):
                joined = _range(a, b, s)
            elif _OVER_GAP.fullmatch(gap) and a.kind == MentionKind.WORD_ONE and a.value == 1 and b.unit == COUNT \
                    and b.value == int(b.value) and b.value > 1:
                value = 1 / b.value  # "one over 20": a proportion, not "over 20"
                joined = Mention(a.start, b.number_end, value, value, value, Qualifier.EXACT, "", Unit("", "fraction"),
                                 a.start, b.number_end, MentionKind.FRACTION)
            elif _IN_OR_OUT_OF_GAP.fullmatch(gap) and 0 < a.value < b.value and a.unit == COUNT \
                    and b.unit == COUNT and a.value == int(a.value):
                value = a.value / b.value
                joined = Mention(a.start, b.number_end, value, value, value, Qualifier.EXACT, "", Unit("", "fraction"),
                                 a.start, b.number_end, MentionKind.FRACTION)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _scaled(a: Mention, b: Mention) -> float | None:
    """"40 to 50 million": the first bound takes the second's scale when it has none; so does a
    spelled one ("between five and six hundred" is 500-600)."""
    if a.kind == MentionKind.WORD and b.kind == MentionKind.WORD and b.step >= 100 and a.step <= 1 and a.value * b.step < b.value:
        return a.value * b.step
    if b.step > 1 and a.step <= 1 and a.value < b.value:
        for factor in (1e3, 1e6, 1e9, 1e12):
            if a.value * factor < b.value <= a.value * factor * _SCALED_SPAN:
                return a.value * factor
    return None


def _range(a: Mention, b: Mention, s: str) -> Mention:
    low = a.value
    if low >= b.value or (b.value / max(abs(a.value), 1e-9) > _UNSCALED_RATIO and a.kind in (MentionKind.NUMBER, MentionKind.WORD)
                          and a.step <= 1) or (a.kind == b.kind == MentionKind.WORD and b.step >= 100):
        low = _scaled(a, b) or low
    unit = b.unit if b.unit != COUNT else a.unit
    start = min(a.start, b.start)
    before, before_at = _left(s, a.start)
    between = _ends_with(_BETWEEN_OR_FROM_BEFORE, before)
    if between:
        start = before_at + between.start()
    low, high = sorted((low, b.value))  # "between 5 and 3 tanks" is [3, 5]
    value = low / 2 + high / 2  # no overflow near the float limit
    return Mention(start, b.end, value, low, high, Qualifier.RANGE, "", unit, a.number_start, b.number_end,
                   MentionKind.RANGE, b.step)


def _add_context(s: str, m: Mention) -> Mention:
    """Qualifier words around the figure, its trend, and the interval they make."""
    start, end, qualifier = m.start, m.end, m.qualifier
    low, high = m.low, m.high
    if m.kind not in (MentionKind.VAGUE, MentionKind.RANGE):
        window, window_at = _left(s, start)
        before = _ends_with(_QUALIFIER_BEFORE, window)
        after = _QUALIFIER_AFTER.match(_right(s, end))
        word_after = ""
        if after:
            text = after.group(0).lower()
            if after.group("more") or "+" in text or "plus" in text:
                word_after = Qualifier.AT_LEAST
            elif after.group("less"):
                word_after = Qualifier.AT_MOST
            else:
                word_after = Qualifier.APPROX
            end = end + after.end()
        word_before = n.qualifier_of(before.group("q")) if before else ""
        if before:
            start = window_at + before.start("q")
        # Both: "about 100 or so" is about 100; "about 50 or more" is at least 50.
        word = word_after if word_after and (not before or (word_before in (Qualifier.APPROX, Qualifier.APPROX_BELOW)
                                             and word_after != Qualifier.APPROX)) else word_before
        if word:
            qualifier, low, high = n.qualifier_interval(word, m.value, counted=m.unit.dimension == COUNT.dimension)
    elif m.kind == MentionKind.RANGE:
        window, window_at = _left(s, start)
        before = _ends_with(_QUALIFIER_BEFORE, window)
        if before and n.qualifier_of(before.group("q")) in (Qualifier.APPROX, Qualifier.APPROX_BELOW):
            low, high = low * (1 - n.APPROX_BAND), high * (1 + n.APPROX_BAND)
            start = window_at + before.start("q")
    trend = m.trend or _trend(s, m, start, end)  # a multiplier's own word: "more than doubled"
    if qualifier in _UPPER and m.value < 0:
        low = -math.inf
    return replace(m, start=start, end=end, qualifier=qualifier, low=low, high=high, trend=trend)


def _trend(s: str, m: Mention, start: int, end: int) -> str:
    """"up", "down" or "": the words around a figure ("rose 5%", "a 5% drop") or its sign ("+0.2%",
    "-1.3%")."""
    t = _ends_with(_TREND_BEFORE, _left(s, start)[0]) or _TREND_AFTER.match(_right(s, end))
    if t:
        return "up" if t.group("up") else "down"
    if m.unit.dimension in ("percentage", "percentage point") and s[max(0, start - 1):start] == "+":
        return "up"  # "+0.2%"
    if m.unit.dimension in ("percentage", "percentage point") and m.value < 0 and m.kind == MentionKind.NUMBER:
        return "down"  # "-1.3%"
    return ""
