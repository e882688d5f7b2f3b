"""Calendar words, defined once; every pattern that needs them is built from these tables
(number words live in `numbers`; units, currency codes and signs in `data/units.json`)."""
from __future__ import annotations

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
MONTH_ABBREVIATIONS = {"sept": 9}  # besides the first three letters of each month
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation ("Sept." -> 9); KeyError for anything else."""
    word = word.lower().rstrip(".")
    if word in MONTH_ABBREVIATIONS:
        return MONTH_ABBREVIATIONS[word]
    for number, name in enumerate(MONTHS, 1):
        if len(word) >= 3 and name.startswith(word):
            return number
    raise KeyError(word)


def month_pattern(capitalized: bool = False) -> str:
    """A regex alternation of every month name and abbreviation, longest first ("September",
    "Sept", "Sep"), lower case or with a capital."""
    words = set(MONTHS) | {m[:3] for m in MONTHS} | set(MONTH_ABBREVIATIONS)
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(w.capitalize() if capitalized else w for w in ordered) + ")"


def weekday_pattern() -> str:
    return "(?:" + "|".join(WEEKDAYS) + ")"


def is_calendar_word(word: str) -> bool:
    """A month or a weekday name ("March", "Monday"): a date, not a name of a place or body."""
    word = word.lower().rstrip(".")
    return word in MONTHS or word in WEEKDAYS

