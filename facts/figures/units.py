"""Units: quantulum3's catalogue, read the way news uses it, and conversion to base units.

The only module that imports quantulum3. Its full parser misreads news currency ("$1.8bn"
comes back as "dollar barn newton", "half a million" as 1.5M) and runs at a few hundred
sentences a second, so `facts` keeps its own number grammar and asks quantulum3's unit
catalogue only "which unit does this word after a number name?".
"""
from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Unit:
    name: str
    dimension: str


COUNT = Unit("", "count")
_DIMENSION_OF_ENTITY = {"dimensionless": "count", "unknown": "count"}
_WORD_RE = re.compile(r"[^\s\d]+")
_UNIT_WORD = re.compile(r"[A-Za-z\u03bc\u00b5][A-Za-z.'/²³]*")  # a word a unit name or symbol is made of
_SPACES = re.compile(r"\s+")
_PERCENT_OR_DEGREE = re.compile(r"%|\u00b0\s?[CFK]\b")
_POWER = re.compile(r"(?P<base>[A-Za-z]{1,3})(?:\^?(?P<digit>[23])|(?P<sup>[\u00b2\u00b3]))(?![\w\u00b2\u00b3])")
"""A length symbol raised to a power: "km2", "m\u00b3", "ft^2"."""
_POWER_NAMES = {"2": "square", "\u00b2": "square", "3": "cubic", "\u00b3": "cubic"}
_RATE = re.compile(r"(?P<sep>\s*/\s*|\s+per\s+|\s+an?\s+)(?=[A-Za-z\u03bc\u00b5])")
_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def _load_rules() -> dict:
    return json.loads(resources.files("facts").joinpath("data/units.json").read_text("utf-8"))


def currency_sign_class() -> str:
    """A regex character class of the one-character currency signs of `currency_prefixes` in
    units.json ("[$€£¥₹₩₽₺]"): adding a sign there adds it to every pattern."""
    signs = [k for k in _load_rules()["currency_prefixes"] if len(k) == 1 and not k.isalnum()]
    return "[" + "".join("\\" + c if c in "\\^]-" else c for c in signs) + "]"


class UnitCatalogue:
    """Looks up the unit named right after (or before) a number.

    Built once per extractor: surfaces match case-insensitively ("Miles", "kilometres"),
    symbols case-sensitively ("km", "MW"); words that are units only in a lab ("a" = year,
    "in" = inch, "won") are left out, and ambiguous ones resolve to their news reading.
    """

    def __init__(self) -> None:
        with warnings.catch_warnings():
            # quantulum3 warns at import that its optional classifier is absent: by design.
            warnings.simplefilter("ignore")
            from quantulum3 import load

            catalogue = load.units("en_US")
        rules = _load_rules()
        self.rename: dict[str, str] = rules["rename"]
        not_units = set(rules["not_units"])
        self.glued_symbols: frozenset[str] = frozenset(rules["glued_symbols"])
        prefer: dict[str, str] = rules["prefer"]

        def pick(key: str, candidates) -> Unit | None:
            units = {self._canonical(u.name): self._dimension(u) for u in candidates}
            if not units:
                return None
            if key in prefer and self._canonical(prefer[key]) in units:
                name = self._canonical(prefer[key])
            else:
                name = sorted(units)[0]
            return Unit(name, units[name])

        self.surfaces: dict[str, Unit] = {}
        for surface, units in catalogue.surfaces_lower.items():
            if surface not in not_units and (unit := pick(surface, units)):
                self.surfaces[surface] = unit
        self.symbols: dict[str, Unit] = {}
        self.glued: dict[str, Unit] = {}
        for symbol, units in catalogue.symbols.items():
            if (unit := pick(symbol, units)) is None:
                continue
            if symbol not in not_units:
                self.symbols[symbol] = unit
            if symbol in self.glued_symbols or symbol not in not_units:
                self.glued[symbol] = unit
        for name, extra in rules["extra"].items():
            unit = Unit(name, extra["dimension"])
            for surface in extra["surfaces"]:
                self.surfaces[surface.lower()] = unit
            for symbol in extra["symbols"]:
                self.symbols[symbol] = unit
                self.glued[symbol] = unit
        self.currency_prefixes = {k: Unit(self._canonical(v), "currency")
                                  for k, v in rules["currency_prefixes"].items()}
        symbols = "|".join(re.escape(k) for k in sorted(self.currency_prefixes, key=len, reverse=True))
        # A letter symbol ("Rs", "USD") must start a word; "$", "€"... may follow anything.
        signs = currency_sign_class()
        self._currency_after_re = re.compile(rf"\s?({signs})(?!\w|{signs})")
        self._currency_re = re.compile(rf"(?:(?<![A-Za-z0-9])(?:{symbols})|{currency_sign_class()})\s?$")
        self.to_base_rules: dict = rules["to_base"]
        mass_words = "|".join(re.escape(w) for w in sorted(rules["mass_before_of"], key=len, reverse=True))
        self._mass_before_of = re.compile(rf"(?:{mass_words})(?=\s+of\b)", re.IGNORECASE)
        self._mass_words = frozenset(w.lower() for w in rules["mass_before_of"])
        self.longest_surface = max(len(s.split()) for s in self.surfaces)
        named = {self._canonical(u.name): Unit(self._canonical(u.name), self._dimension(u))
                 for u in catalogue.names.values()}
        self._powers = {(name, power): named[f"{power} {name}"] for name, unit in named.items()
                        if unit.dimension == "length" for power in ("square", "cubic") if f"{power} {name}" in named}
        # after a slash any symbol of the catalogue ("mg/L", "$30/h"): the slash says a unit follows
        self._slash_symbols = {**{k: u for k, units in catalogue.symbols.items() if (u := pick(k, units))},
                               **self.glued}
        rates = rules["rates"]
        self._rate_a_dimensions = frozenset(rates["a_dimensions"])
        self._rate_a_words = frozenset(rates["a_words"])
        self._rate_not_after = re.compile(r"\s+(?:" + "|".join(rates["not_after"]) + r")\b", re.IGNORECASE)
        self._rate_not_per = frozenset(rates["not_per"])
        self._rate_before = re.compile(r"\bper\s+(?P<word>" + "|".join(rates["before_words"])
                                       + r")\b(?P<gap>(?:\s+[A-Za-z]+){0,4}?)\s*(?:of\s+)?$", re.IGNORECASE)
        self.counted_singular: frozenset[str] = frozenset(rules["counted_singular"])
        self._after_scale = {word: Unit(self._canonical(name), "currency") for word, name in rules["after_scale"].items()}

    def _canonical(self, name: str) -> str:
        return self.rename.get(name, name)

    def _dimension(self, unit) -> str:
        if unit.name == "percentage":
            return "percentage"
        entity = unit.entity.name
        return _DIMENSION_OF_ENTITY.get(entity, entity)

    def after(self, text: str, glued: bool) -> tuple[Unit, int] | None:
        """The unit that `text` (what follows a number) starts with, and its length in chars.

        `glued` says the text touches the number ("10km", "40C"), where one-letter symbols
        are safe to read; after a space only whole words and unambiguous symbols count.
        """
        if not text or (not glued and not text[0].isspace()) or text[:1] in "-–":
            return None
        stripped = text[:60].lstrip()
        offset = len(text[:60]) - len(stripped)
        if stripped[:1] in ("%", "\u00b0"):
            m = _PERCENT_OR_DEGREE.match(stripped)
            if m:
                key = m.group(0).replace(" ", "")
                unit = self.symbols.get(key) or self.glued.get(key)
                return (unit, offset + m.end()) if unit else None
        if not glued and (mass := self._mass_before_of.match(stripped)):
            return Unit("pound", "mass"), offset + mass.end()  # "5 pounds of explosives"
        power = _POWER.match(stripped)
        if power is not None:  # "km2", "m\u00b3"
            base = self.glued.get(power.group("base")) or self.symbols.get(power.group("base"))
            raised = self._powers.get((base.name, _POWER_NAMES[power.group("digit") or power.group("sup")])) \
                if base is not None else None
            if raised is not None:
                return raised, offset + power.end()
        # The words a unit can be made of: from the start, at most one character apart.
        words: list = []
        for word in _UNIT_WORD.finditer(stripped):
            if (word.start() != 0) if not words else (word.start() - words[-1].end() > 1):
                break
            words.append(word)
            if len(words) == self.longest_surface:
                break
        # Longest run of words that is a surface ("square kilometres", "miles per hour").
        for n in range(len(words), 0, -1):
            phrase = stripped[:words[n - 1].end()].rstrip(".")
            unit = self.surfaces.get(_SPACES.sub(" ", phrase.lower()))
            if unit is None:
                unit = (self.glued if glued else self.symbols).get(phrase)
            if unit is None and n > 1 and "." in phrase:
                unit = self.symbols.get(phrase.replace(".", ""))  # "sq. ft."
            if unit is not None:
                # A symbol must end the word: "3 mice" is not "3 mi".
                return unit, offset + len(phrase)
        if words and "/" in words[0].group(0):  # "mg/L": the unit before the slash, the rate after it
            head = words[0].group(0).split("/")[0]
            unit = self.surfaces.get(head.lower()) or (self.glued if glued else self.symbols).get(head)
            if unit is not None:
                return unit, offset + len(head)
        return None

    def rate_after(self, text: str) -> tuple[str, str, int] | None:
        """The denominator of a rate right after a unit, as (name, dimension, length in chars):
        " per game" -> ("game", "game", 9), " a gallon" -> ("gallon", "volume", 9), "/L" ->
        ("litre", "volume", 2), " per capita" -> ("capita", "capita", 11); None when no rate
        follows ("$5 a year ago", "per the agreement")."""
        sep = _RATE.match(text)
        if sep is None:
            return None
        kind, rest = sep.group("sep").strip().lower(), text[sep.end():]
        if kind == "/":
            word = re.match(r"[A-Za-z\u03bc\u00b5]+", rest)
            unit = self._slash_symbols.get(word.group(0)) if word else None
            found = (unit, len(word.group(0))) if unit and word else self.after(" " + rest, glued=False)
            if found is not None:
                found = (found[0], found[1] - (0 if unit else 1))
        else:
            found = self.after(" " + rest, glued=False)
            if found is not None:
                found = (found[0], found[1] - 1)
        if found is not None and found[0].dimension in ("percentage", "percentage point"):
            return None
        word = _WORD.match(rest)
        if word is not None and (found is None or found[0].dimension == "currency"):
            found = self.mass_word(word.group(0))  # "$3 a pound": a pound of weight; "a euro": no rate
        if found is not None and found[0].dimension != "count":
            unit, length = found
            name, dimension = unit.name, unit.dimension
        elif word is not None and kind != "/":
            length, name = word.end(), word.group(0).lower()
            dimension = name
            if kind == "per" and (name in self._rate_not_per or not word.group(0).islower()):
                return None
        else:
            return None
        if kind in ("a", "an") and not (dimension in self._rate_a_dimensions or name in self._rate_a_words):
            return None
        if kind in ("a", "an") and self._rate_not_after.match(rest[length:]):
            return None  # "$5 a year ago": when, not a rate
        return name, dimension, sep.end() + length

    def rate_before(self, text: str) -> str | None:
        """The denominator of a rate stated before the figure (`text` ends at it): "GDP per capita
        of " -> "capita", "Per capita income reached " -> "capita"; None otherwise."""
        m = self._rate_before.search(text[-60:])
        if m is None or re.search(r"\bper\b", m.group("gap"), re.IGNORECASE):
            return None
        return m.group("word").lower()

    def currency_after_scale(self, word: str) -> Unit | None:
        """A currency named by a word that is one only after a scale word: "5 million won"."""
        return self._after_scale.get(word.lower())

    def mass_word(self, word: str) -> tuple[Unit, int] | None:
        """"pound" where it can only be mass: in a hyphen compound ("a 3-pound bag")."""
        if word.lower() not in self._mass_words:
            return None
        return Unit("pound", "mass"), len(word)

    def currency_code_at(self, text: str) -> bool:
        """Does `text` start with a letter currency code glued to digits ("RM23", "USD10")? Such
        a code is money, not a model name like "F-16" or "A380"."""
        for start in (0, 1):
            m = re.match(r"\$?[A-Z][A-Za-z]{0,3}\$?(?=\d)", text[start:])
            if m and m.group(0) in self.currency_prefixes:
                return True
        return False

    def currency_after(self, text: str) -> tuple[Unit, int] | None:
        """A currency symbol written after the number ("1,200 €", "500 $"), and its length."""
        m = self._currency_after_re.match(text)
        if m is None:
            return None
        unit = self.currency_prefixes.get(m.group(1))
        return (unit, m.end()) if unit else None

    def currency_before(self, text: str) -> tuple[Unit, int] | None:
        """The currency symbol that `text` (what precedes a number) ends with, and its length."""
        m = self._currency_re.search(text[-8:])
        if m is None:
            return None
        symbol = m.group(0).rstrip()
        return self.currency_prefixes[symbol], len(m.group(0))

    def to_base(self, value: float, unit: Unit) -> tuple[float, str]:
        """The value in its dimension's base unit: 10 mile -> (16093.44, "metre")."""
        if not unit.name:
            return value, ""
        if unit.dimension == "temperature":
            return _to_celsius(value, unit.name), "degree Celsius"
        rule = self.to_base_rules.get(unit.dimension)
        if rule:
            factor = rule["factors"].get(unit.name)
            if isinstance(factor, list):
                return value * factor[0], factor[1]
            if factor is not None:
                return value * factor, rule["base"]
        return value, unit.name


def _to_celsius(value: float, unit_name: str) -> float:
    if math.isinf(value):
        return value
    if "fahrenheit" in unit_name:
        return (value - 32) * 5 / 9
    if unit_name == "kelvin":
        return value - 273.15
    return value
