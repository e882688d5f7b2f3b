"""Pure arithmetic of stated figures: number words, scale words, qualifiers, intervals.

Nothing here knows about documents, spaCy or quantulum3; every function is table-tested.
"""
from __future__ import annotations

import math
import re

from ..types import Qualifier

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
ORDINAL_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
"""The last word of a compound ordinal: "twenty-first", "thirty-second"."""
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "crore": 1e7,
}
# Abbreviated scales written after digits ("$1.8bn", "€40m", "500k").
SCALE_ABBREVIATIONS = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "mill": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12,
}
FRACTIONS = {
    "half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
    "quarters": 0.25, "fourth": 0.25, "fourths": 0.25, "fifth": 0.2, "fifths": 0.2, "sixth": 1 / 6,
    "sixths": 1 / 6, "eighth": 0.125, "eighths": 0.125, "tenth": 0.1, "tenths": 0.1,
}

# Vague amounts: (low, high) of what the phrase can mean. The stated value is the low end
# ("thousands of" = 2,000 or more), matching how fact-checkers read them.
VAGUE_AMOUNTS = {
    "a handful of": (2, 6),
    "a couple of": (2, 3),
    "scores of": (40, 200),
    "dozens of": (24, 144),
    "hundreds of": (200, 1000),
    "thousands of": (2000, 10000),
    "tens of thousands of": (20000, 100000),
    "hundreds of thousands of": (200000, 1000000),
    "millions of": (2e6, 1e7),
    "tens of millions of": (2e7, 1e8),
    "hundreds of millions of": (2e8, 1e9),
    "billions of": (2e9, 1e10),
    # without "of": "dozens injured", "Hundreds fled" ("scores" alone is a game's)
    "dozens": (24, 144), "hundreds": (200, 1000), "thousands": (2000, 10000),
    "tens of thousands": (20000, 100000), "hundreds of thousands": (200000, 1000000),
    "millions": (2e6, 1e7),
}
# How many times a quantity grew: a figure when a qualifier states it ("more than doubled",
# "nearly triple", "almost twice"); "N-fold" ("a fivefold rise") always is one.
MULTIPLIERS = {
    "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twice": 2, "triple": 3, "tripled": 3,
    "triples": 3, "tripling": 3, "treble": 3, "trebled": 3, "thrice": 3, "quadruple": 4, "quadrupled": 4,
    "quadrupling": 4, "halved": 0.5, "halving": 0.5,
}
MULTIPLIER_TRENDS = {"doubled": "up", "doubles": "up", "doubling": "up", "tripled": "up", "triples": "up",
                     "tripling": "up", "trebled": "up", "quadrupled": "up", "quadrupling": "up",
                     "halved": "down", "halving": "down"}
"""The multiplier words that are verbs of change: "more than doubled" is a rise."""

# "several dozen", "a few hundred": multiplier range times the unit.
VAGUE_MULTIPLIERS = {"several": (2, 9), "a few": (2, 5), "few": (2, 5), "many": (2, 9)}
VAGUE_UNITS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9}

QUALIFIERS = tuple(q for q in Qualifier if q not in (Qualifier.APPROX_BELOW, Qualifier.APPROX_ABOVE))
"""The qualifiers a fact row can have ("approx_below" is read from words and stored as approx,
"approx_above" as more_than with a bounded interval)."""

# Words before a figure and the qualifier they make. Longest phrases are tried first.
QUALIFIER_WORDS = {
    "more than": Qualifier.MORE_THAN, "over": Qualifier.MORE_THAN, "above": Qualifier.MORE_THAN,
    "in excess of": Qualifier.MORE_THAN, "upwards of": Qualifier.MORE_THAN, "upward of": Qualifier.MORE_THAN,
    "greater than": Qualifier.MORE_THAN, "just over": Qualifier.APPROX_ABOVE, "well over": Qualifier.MORE_THAN,
    "exceeding": Qualifier.MORE_THAN, "more then": Qualifier.MORE_THAN, "north of": Qualifier.MORE_THAN,
    "at least": Qualifier.AT_LEAST, "no fewer than": Qualifier.AT_LEAST, "no less than": Qualifier.AT_LEAST,
    "not less than": Qualifier.AT_LEAST, "a minimum of": Qualifier.AT_LEAST, "not fewer than": Qualifier.AT_LEAST,
    "less than": Qualifier.LESS_THAN, "fewer than": Qualifier.LESS_THAN, "under": Qualifier.LESS_THAN,
    "below": Qualifier.LESS_THAN, "just under": Qualifier.APPROX_BELOW, "just below": Qualifier.APPROX_BELOW,
    "well under": Qualifier.LESS_THAN, "lower than": Qualifier.LESS_THAN,
    "at most": Qualifier.AT_MOST, "up to": Qualifier.AT_MOST, "no more than": Qualifier.AT_MOST,
    "as many as": Qualifier.AT_MOST, "a maximum of": Qualifier.AT_MOST, "not more than": Qualifier.AT_MOST,
    "as much as": Qualifier.AT_MOST, "as high as": Qualifier.AT_MOST,
    "about": Qualifier.APPROX, "around": Qualifier.APPROX, "approximately": Qualifier.APPROX, "roughly": Qualifier.APPROX,
    "some": Qualifier.APPROX, "an estimated": Qualifier.APPROX, "estimated": Qualifier.APPROX, "circa": Qualifier.APPROX,
    "approx.": Qualifier.APPROX, "approx": Qualifier.APPROX, "~": Qualifier.APPROX, "almost": Qualifier.APPROX_BELOW,
    "nearly": Qualifier.APPROX_BELOW, "close to": Qualifier.APPROX_BELOW, "just about": Qualifier.APPROX,
    "more or less": Qualifier.APPROX, "an approximate": Qualifier.APPROX, "an average of": Qualifier.APPROX,
    "on average": Qualifier.APPROX, "some estimated": Qualifier.APPROX, "upto": Qualifier.AT_MOST,
    "exceed": Qualifier.MORE_THAN, "exceeds": Qualifier.MORE_THAN, "exceeded": Qualifier.MORE_THAN, "over than": Qualifier.MORE_THAN,
    "bigger than": Qualifier.MORE_THAN, "larger than": Qualifier.MORE_THAN, "higher than": Qualifier.MORE_THAN,
    "smaller than": Qualifier.LESS_THAN, "under the age of": Qualifier.LESS_THAN, "below the age of": Qualifier.LESS_THAN,
    "greater than or equal to": Qualifier.AT_LEAST, "more than or equal to": Qualifier.AT_LEAST, "bigger or equal than": Qualifier.AT_LEAST,
    "greater or equal than": Qualifier.AT_LEAST, "greater or equal to": Qualifier.AT_LEAST, "at or above": Qualifier.AT_LEAST,
    "less than or equal to": Qualifier.AT_MOST, "smaller or equal than": Qualifier.AT_MOST, "less or equal than": Qualifier.AT_MOST,
    "less or equal to": Qualifier.AT_MOST, "at or below": Qualifier.AT_MOST,
    "sub-": Qualifier.LESS_THAN,
    "in the region of": Qualifier.APPROX, "on the order of": Qualifier.APPROX, "of the order of": Qualifier.APPROX,
    "in the neighborhood of": Qualifier.APPROX, "in the neighbourhood of": Qualifier.APPROX, "in the vicinity of": Qualifier.APPROX,
    "a little over": Qualifier.APPROX_ABOVE, "a little more than": Qualifier.APPROX_ABOVE, "slightly more than": Qualifier.APPROX_ABOVE,
    "slightly over": Qualifier.APPROX_ABOVE, "slightly above": Qualifier.APPROX_ABOVE, "just above": Qualifier.APPROX_ABOVE,
    "just more than": Qualifier.APPROX_ABOVE, "well above": Qualifier.MORE_THAN, "well in excess of": Qualifier.MORE_THAN,
    "slightly less than": Qualifier.APPROX_BELOW, "slightly under": Qualifier.APPROX_BELOW, "a little under": Qualifier.APPROX_BELOW,
    "a little less than": Qualifier.APPROX_BELOW, "just shy of": Qualifier.APPROX_BELOW, "just short of": Qualifier.APPROX_BELOW,
    "shy of": Qualifier.LESS_THAN, "well below": Qualifier.LESS_THAN, "well short of": Qualifier.LESS_THAN,
    "at the very least": Qualifier.AT_LEAST, "no lower than": Qualifier.AT_LEAST,
    "at the most": Qualifier.AT_MOST, "at the very most": Qualifier.AT_MOST, "no higher than": Qualifier.AT_MOST,
    "no greater than": Qualifier.AT_MOST,
    ">": Qualifier.MORE_THAN, ">=": Qualifier.AT_LEAST, "\u2265": Qualifier.AT_LEAST, "<": Qualifier.LESS_THAN, "<=": Qualifier.AT_MOST, "\u2264": Qualifier.AT_MOST,
}
QUALIFIER_PATTERN = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(QUALIFIER_WORDS, key=len, reverse=True)
)

APPROX_BAND = 0.1
"""Relative half-width of "about N" in the fact table; agreement tolerances live in the suites."""


def words_to_number(text: str) -> float | None:
    """Value of a spelled-out number: "three million" -> 3e6, "twenty-five" -> 25.

    Accepts "a"/"an" for one ("a dozen", "a million"), "dozen" as a multiplier ("two dozen"),
    "and" inside ("one hundred and five"), "half a million", "a quarter-million", "three quarters
    of a million", "one and a half million", a decimal point in words ("two point five million")
    and digits mixed with scale words ("1.5 million"). Returns None for anything else.
    """
    tokens = [t for t in re.split(r"[\s\-]+", text.lower().replace(",", "")) if t]
    if not tokens:
        return None
    if "point" in tokens:
        return _decimal_words(tokens)
    # "half a million", "a quarter-million", "three quarters of a million"
    share = next((i for i, t in enumerate(tokens[:3]) if t in _SHARES), None)
    if share is not None:
        count = 1.0 if tokens[:share] in ([], ["a"], ["an"], ["one"]) else (
            float(SMALL[tokens[0]]) if share == 1 and tokens[0] in SMALL else None)
        rest = [t for t in tokens[share + 1:] if t not in ("a", "an", "of")]
        if count is not None and rest and all(t in SCALES or t == "dozen" for t in rest):
            return count * _SHARES[tokens[share]] * math.prod(SCALES.get(t, 12) for t in rest)
        return None
    total, current, seen_number = 0.0, 0.0, False
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in ("a", "an") and not seen_number:
            current, seen_number = 1, True
        elif t == "and":
            # "one and a half million"
            if tokens[i + 1:i + 3] == ["a", "half"]:
                if current == 0 and i > 0 and tokens[i - 1] in SCALES:
                    total += 0.5 * SCALES[tokens[i - 1]]  # "3 million and a half"
                else:
                    current += 0.5  # "one and a half"
                i += 2
            elif not seen_number:
                return None
        elif t in SMALL:
            if current % 100 and (current % 10 or SMALL[t] >= 10 or current < 20):
                return None  # "two-three" (a range said loosely), "five twenty": no one number
            current += SMALL[t]
            seen_number = True
        elif t in TENS:
            current += TENS[t]
            seen_number = True
        elif re.fullmatch(r"\d+(\.\d+)?", t):
            current += float(t)
            seen_number = True
        elif t == "dozen":
            current = (current or 1) * 12
            seen_number = True
        elif t == "hundred":
            current = (current or 1) * 100
            seen_number = True
        elif t in SCALES:
            total += (current or 1) * SCALES[t]
            current = 0
            seen_number = True
        else:
            return None
        i += 1
    if not seen_number:
        return None
    return total + current


VULGAR_FRACTIONS = {"\u00bd": 1 / 2, "\u2153": 1 / 3, "\u2154": 2 / 3, "\u00bc": 1 / 4, "\u00be": 3 / 4, "\u2155": 1 / 5,
                    "\u2156": 2 / 5, "\u2157": 3 / 5, "\u2158": 4 / 5, "\u2159": 1 / 6, "\u215a": 5 / 6, "\u215b": 1 / 8,
                    "\u215c": 3 / 8, "\u215d": 5 / 8, "\u215e": 7 / 8}
"""One-character fractions, alone or after digits: "\u00bd mile", "12\u00bd miles"."""
DIGIT_WORDS = {"zero": 0, "oh": 0, **{w: v for w, v in SMALL.items() if 1 <= v <= 9}}
"""The words of a decimal's digits after "point": "two point five", "three point oh four"."""
_SHARES = {"half": 0.5, "quarter": 0.25, "quarters": 0.25}
"""The shares of a scale word spelled before it: "half a million", "three quarters of a million"."""


def _decimal_words(tokens: list[str]) -> float | None:
    """"two point five million" -> 2.5e6, "ninety-nine point nine" -> 99.9: a whole number in
    words (or digits), "point", one word per digit, then scale words."""
    at = tokens.index("point")
    whole = words_to_number(" ".join(tokens[:at])) if at else 0.0
    digits = []
    for t in tokens[at + 1:]:
        if t not in DIGIT_WORDS:
            break
        digits.append(str(DIGIT_WORDS[t]))
    rest = tokens[at + 1 + len(digits):]
    if whole is None or not digits or not all(t in SCALES for t in rest):
        return None
    return (whole + float("0." + "".join(digits))) * math.prod(SCALES[t] for t in rest)


def parse_digits(text: str) -> float | None:
    """"1,800" -> 1800.0, "−5" -> -5.0, "3.7" -> 3.7, "3e6" -> 3e6, "1.99×10−30" -> 1.99e-30,
    "1/2" and "1⁄32" -> 0.5, 0.03125, "12½" -> 12.5; None when it is not a plain number."""
    cleaned = text.replace(",", "").replace("\u2212", "-").replace("\u2013", "-").strip()
    if cleaned[-1:] in VULGAR_FRACTIONS:  # "12\u00bd", "\u00bd"
        whole = parse_digits(cleaned[:-1]) if cleaned[:-1] else 0.0
        return None if whole is None else whole + VULGAR_FRACTIONS[cleaned[-1]]
    power = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s?[×x*]\s?10\^?(-?\d{1,3})", cleaned)
    if power:
        try:
            return float(power.group(1)) * 10.0 ** int(power.group(2))
        except OverflowError:
            return None  # "1×10^400": beyond any float
    fraction = re.fullmatch(r"(\d{1,3})\s?[/\u2044]\s?(\d{1,3})", cleaned)
    if fraction:
        denominator = int(fraction.group(2))
        return int(fraction.group(1)) / denominator if denominator else None
    if not re.fullmatch(r"-?\d+(\.\d+)?(?:[eE][+-]?\d{1,3})?|-?\.\d+", cleaned):
        return None
    return float(cleaned)


def multiplier_value(word: str) -> float | None:
    """How many times: "doubled" -> 2, "twice" -> 2, "halved" -> 0.5, "fivefold", "5-fold" and
    "ten fold" -> 5, 5, 10; None for anything else."""
    key = word.lower().strip()
    if key in MULTIPLIERS:
        return float(MULTIPLIERS[key])
    if not key.endswith("fold"):
        return None
    count = key[:-4].strip(" -")
    return parse_digits(count) if count[:1].isdigit() else words_to_number(count)


def vague_interval(phrase: str) -> tuple[float, float] | None:
    """(low, high) of a vague amount: "scores of" -> (40, 200), "several dozen" -> (24, 108)."""
    key = re.sub(r"\s+", " ", phrase.lower().strip())
    if key in VAGUE_AMOUNTS:
        low, high = VAGUE_AMOUNTS[key]
        return float(low), float(high)
    for mult, (lo, hi) in VAGUE_MULTIPLIERS.items():
        for unit, size in VAGUE_UNITS.items():
            if key in (f"{mult} {unit}", f"{mult} {unit}s of"):
                return float(lo * size), float(hi * size)
    return None


def qualifier_interval(qualifier: str, value: float, band: float = APPROX_BAND,
                       counted: bool = False) -> tuple[str, float, float]:
    """Interval a qualifier word gives a value: ("more_than", 1800) -> (1800, inf).

    Accepts the internal approximate forms: "approx" (symmetric band), "approx_below" ("nearly",
    "almost", "close to": just under the value) and "approx_above" ("just over", "a little over":
    more than the value, by at most the band). Returns the public qualifier name
    with the interval. `counted`: the value counts things, so "about" spans at least one thing
    either way ("about six shots" is 5 to 7, not 5.4 to 6.6).
    """
    if qualifier == Qualifier.EXACT:
        return Qualifier.EXACT, value, value
    least = 1.0 if counted and value == int(value) else 0.0
    if qualifier == Qualifier.APPROX:
        delta = max(abs(value) * band, least)
        return Qualifier.APPROX, value - delta, value + delta
    if qualifier == Qualifier.APPROX_BELOW:
        delta = max(abs(value) * band, least)
        return Qualifier.APPROX, value - delta, value
    if qualifier == Qualifier.APPROX_ABOVE:
        delta = max(abs(value) * band, least)
        return Qualifier.MORE_THAN, value, value + delta
    if qualifier in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
        return qualifier, value, math.inf
    if qualifier in (Qualifier.LESS_THAN, Qualifier.AT_MOST):
        return qualifier, (0.0 if value >= 0 else -math.inf), value
    raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {', '.join(QUALIFIERS)}")


def qualifier_of(words: str) -> str | None:
    """Qualifier named by the words right before a figure ("more than" -> "more_than")."""
    return QUALIFIER_WORDS.get(re.sub(r"\s+", " ", words.lower().strip()))


def rounding_step(surface_number: str, value: float) -> float:
    """The precision a stated figure carries: "3 million" -> 1e6, "1,800" -> 100, "12" -> 1.

    Trailing zeros of an integer count as rounding ("1,800" is a round hundred), decimals give
    their last place ("1.5 million" -> 1e5). A spelled-out number is as precise as its smallest
    word ("three million" -> 1e6, "a dozen" -> 1).
    """
    digits = re.search(r"\d[\d,]*(\.\d+)?", surface_number)
    if digits:
        number = digits.group(0).replace(",", "")
        base = float(number)
        scale_factor = value / base if base else 1.0
        if "." in number:
            step = 10.0 ** -len(number.split(".")[1])
        elif len(number) >= 3 and base:
            zeros = len(number) - len(number.rstrip("0"))
            # "1,800" is a round hundred, but a round ten is as often exact as not.
            step = min(10.0 ** zeros, base / 10) if zeros >= 2 else 1.0
        else:
            step = 1.0
        return step * scale_factor if scale_factor > 1 else step
    words = surface_number.lower()
    tokens = re.split(r"[\s\-]+", words)
    if "point" in tokens:  # "two point five million": the last digit's place, 1e5
        after = tokens[tokens.index("point") + 1:]
        places = sum(t in DIGIT_WORDS for t in after)
        return 10.0 ** -places * math.prod(SCALES.get(t, 1.0) for t in after)
    for word, size in sorted(SCALES.items(), key=lambda kv: kv[1]):
        if word in words:
            if "half" in words or "quarter" in words:
                return size / 10
            return size
    return 1.0


def format_number(value: float) -> str:
    """A number as a reader writes it, never in exponent notation: 1500000.0 -> "1,500,000";
    56803200.5 -> "56,803,200"; 1234.56 -> "1,235" (four significant digits at least); 0.5 ->
    "0.5"; 0.000012 -> "0.000012"; inf -> "∞"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{round(value):,}"
    if abs(value) >= 1:
        return f"{value:,.4g}"
    decimals = 3 - math.floor(math.log10(abs(value)))  # four significant digits
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")
