"""Split article text into sentences with character offsets; page chrome lines and lines that
only date the article are left out.

A regex splitter rather than spaCy's parser: it lets `extract` send only the sentences that
can hold a number through the (slow) spaCy pipeline.
"""
from __future__ import annotations

import re

from ..figures import numbers
from ..figures.lexicon import MONTH_ABBREVIATIONS, MONTHS
from .chrome import is_caption, is_chrome
from .metadata import clean_title, is_date_line

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "gov", "sen", "rep",
    "st", "mt", "ft", "jr", "sr", "inc", "ltd", "co", "corp", "no", "nos", "vs", "v", "etc", "approx",
    *(m[:3] for m in MONTHS if len(m) > 3), *MONTH_ABBREVIATIONS, "fig", "al",
    "est", "pres", "rev", "hon", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m",
}
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_NUMBER_WORDS = sorted({*numbers.SMALL, *numbers.TENS, *numbers.SCALES, *(w + "s" for w in numbers.SCALES),
                        "dozen", "dozens", *numbers.FRACTIONS, *(w.split()[-1] for w in numbers.VAGUE_MULTIPLIERS),
                        "scores", "handful", "couple", *numbers.MULTIPLIERS} - {"zero"}, key=len, reverse=True)
_NUMBERISH = re.compile(r"\d|[" + "".join(numbers.VULGAR_FRACTIONS) + r"]|\b(?:" + "|".join(_NUMBER_WORDS)
                        + r")\b|\Bfold\b", re.IGNORECASE)
"""Digits, a fraction sign ("½"), a number word or a multiplier ("doubled", "fivefold"): a
sentence without them holds no figure and is never parsed."""


def can_hold_number(sentence: str) -> bool:
    """Cheap test run before any parsing: digits or a number word."""
    return _NUMBERISH.search(sentence) is not None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the content lines of `text`, in order."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        if not line.group(0).strip() or is_chrome(line.group(0)) or is_date_line(line.group(0)):
            continue  # page furniture, and lines that only date the article ("11 / 28 / 05")
        start = line.start()
        for m in _BOUNDARY.finditer(line.group(0)):
            cut = line.start() + m.end()
            end_of_sentence = line.start() + m.start() + 1
            last_word = re.search(r"([A-Za-z.]+)\.$", text[start:end_of_sentence])
            if last_word and (last_word.group(1).lower().rstrip(".") in _ABBREVIATIONS
                              or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", last_word.group(1))):
                continue
            _add(spans, text, start, cut)
            start = cut
        _add(spans, text, start, line.end())
    return spans


MAX_SENTENCE_CHARS = 2000
"""A "sentence" longer than this (a table flattened into one line, a run-on list) is cut at
white space into pieces of at most this length: the parser has a length limit, and a figure's
row repeats its sentence, so a 1 MB sentence with 4,000 figures would cost 4 GB."""


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    start, end = start + lead, end - trail
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


LEAD_SENTENCES = 2
"""How many sentences after the headline make the lead: where a news story states its totals."""
_METADATA_LINE = re.compile(r"^\s*(?:published|posted|updated|date|source|url|by|link)\b\s*(?:on)?\s*:",
                            re.IGNORECASE)


def positions(text: str, title: str, spans: list[tuple[int, int]]) -> list[str]:
    """Where each sentence of `spans` (from `split_sentences`) stands: "headline" when it lies on
    the text's first line and that line is the document's title, "lead" for the first
    `LEAD_SENTENCES` sentences after it (metadata lines such as "Published: ..." skipped),
    "caption" for a photo or video caption (`chrome.is_caption`) before the lead is complete,
    "body" for the rest. A sentence the page repeats keeps the place of its first occurrence."""
    first_line_end = text.find("\n")
    first_line_end = len(text) if first_line_end < 0 else first_line_end
    title = " ".join(title.split())
    first_line = " ".join(text[:first_line_end].split())
    # the title is the first line, or that line without the date stamp a page put after it
    headline_ok = bool(title) and title in (first_line, clean_title(first_line))
    out, lead = [], 0
    seen: dict[str, str] = {}  # a sentence's words -> the position of its first occurrence
    for start, end in spans:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start:len(text) if line_end < 0 else line_end]
        words = " ".join(text[start:end].split())
        if headline_ok and start < first_line_end:
            out.append("headline")
        elif words in seen:
            # a sentence repeated by the page (a teaser, a caption, the headline again) keeps the
            # place of its first occurrence and does not push the real lead into the body
            out.append(seen[words])
        elif _METADATA_LINE.match(line):
            out.append("body")
        elif is_caption(line):
            # a photo or video caption above the lead does not take the lead's place
            out.append("caption" if lead < LEAD_SENTENCES else "body")
        elif lead < LEAD_SENTENCES:
            out.append("lead")
            lead += 1
        else:
            out.append("body")
        seen.setdefault(words, out[-1])
    return out
