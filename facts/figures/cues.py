"""Sentence cues: words that say a sentence's figures may be background rather than the
story's own fact ("three years ago", "a separate attack", "this season"), and the years it
names. Pure functions over text; the cues are data (`data/cues.json`, one named row each, with
its cases), every pattern is built from them. Extraction writes them once per sentence to the
fact table's `cues` column; the same-fact model reads that column (`claims.features`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .roles import Phrases, tokens

_YEAR = re.compile(r"(?<![\d,.])\b(1[89]\d\d|20\d\d)\b(?![\d,.]\d)")
YEAR_PREFIX = "year:"
"""A cue naming a year the sentence mentions: "year:2004"."""


@dataclass(frozen=True)
class Cue:
    name: str
    about: str
    phrases: Phrases
    cases: dict


@lru_cache(maxsize=1)
def cue_table() -> tuple[Cue, ...]:
    """The cues of `data/cues.json`, each with its phrases as token tuples: its own and those of
    the rows it `includes` (`past` includes `earlier_time`, whose phrases are written once)."""
    data = json.loads(resources.files("facts").joinpath("data/cues.json").read_text("utf-8"))
    rows = {c["name"]: c for c in data["cues"]}

    def phrases(c: dict) -> list[str]:  # its own, then those of the rows it includes (one home each)
        unknown = [name for name in c.get("includes", ()) if name not in rows]
        if unknown:
            raise ValueError(f"data/cues.json: cue {c['name']!r} includes {unknown}, which is no cue; "
                             f"expected one of {sorted(rows)}")
        return [*c["phrases"], *(p for name in c.get("includes", ()) for p in rows[name]["phrases"])]

    return tuple(Cue(c["name"], c["about"], Phrases(tuple(tokens(p)) for p in phrases(c)), c.get("cases", {}))
                 for c in data["cues"])


def cue_names() -> tuple[str, ...]:
    return tuple(c.name for c in cue_table())


def _has(words: list[str], phrases: Phrases) -> bool:
    for i, word in enumerate(words):
        for phrase in phrases.by_first.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                return True
    return False


def sentence_cues(sentence: str) -> str:
    """The cues of a sentence as one string: the names of the cues found, then "year:YYYY" for
    each year it names, joined by ";" ("past;year:2004"); "" when none."""
    words = tokens(sentence)
    found = [c.name for c in cue_table() if _has(words, c.phrases)]
    found += [YEAR_PREFIX + y for y in dict.fromkeys(_YEAR.findall(sentence))]
    return ";".join(found)


@lru_cache(maxsize=1024)
def parse_cues(value: str) -> tuple[frozenset, frozenset]:
    """(cue names, years) of a `cues` column value (a pure function of it, read for every pair of
    mentions: kept for the values seen last)."""
    parts = [p for p in (value or "").split(";") if p]
    years = frozenset(p[len(YEAR_PREFIX):] for p in parts if p.startswith(YEAR_PREFIX))
    return frozenset(p for p in parts if not p.startswith(YEAR_PREFIX)), years
