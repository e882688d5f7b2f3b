"""One document costs in proportion to its length (issue 34): the reading of a text is written so
that no step searches back from every sentence or backtracks over a long run. Each fast form is
checked here against the plain definition it replaced, on generated texts and on cases; the
seconds per MB are measured by `bench/long_text.py`, never here."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facts.inputs import chrome, metadata, sentences
from facts.inputs.sentences import Lines, positions, split_sentences, word_before_stop

PIECES = ["Mr.", "Dr. Smith", "U.S.", "a.m.", "No.", "St.", "Sept.", "e.g.", "Two", "people", "were", "killed",
          "12", "3.5", "...", "!", "?", ".", '"', "”", "(Photo: AP)", "(The Washington Post)", "Published: May 2",
          "Share this", "Next article", "Source:", "\n", "\n\n", " ", "   ", "A", "b", "Z.", "x.y.", "....",
          "Police said", "(", ")", "’", "Related", "\t", "By:", "Date :", "Link:", "URL on:", "Posted"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join) | st.text(max_size=200)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


# The definitions the fast forms replaced (the code before issue 34), kept as the reference.

_OLD_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def old_split_sentences(text):
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        if not line.group(0).strip() or chrome.is_chrome(line.group(0)) or metadata.is_date_line(line.group(0)):
            continue
        start = line.start()
        for m in _OLD_BOUNDARY.finditer(line.group(0)):
            cut = line.start() + m.end()
            end_of_sentence = line.start() + m.start() + 1
            last_word = re.search(r"([A-Za-z.]+)\.$", text[start:end_of_sentence])
            if last_word and (last_word.group(1).lower().rstrip(".") in sentences._ABBREVIATIONS
                              or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", last_word.group(1))):
                continue
            sentences._add(spans, text, start, cut)
            start = cut
        sentences._add(spans, text, start, line.end())
    return spans


_OLD_METADATA_LINE = re.compile(r"^\s*(?:published|posted|updated|date|source|url|by|link)\b\s*(?:on)?\s*:",
                                re.IGNORECASE)


def old_positions(text, title, spans):
    first_line_end = text.find("\n")
    first_line_end = len(text) if first_line_end < 0 else first_line_end
    title = " ".join(title.split())
    first_line = " ".join(text[:first_line_end].split())
    headline_ok = bool(title) and title in (first_line, metadata.clean_title(first_line))
    out, lead, seen = [], 0, {}
    for start, end in spans:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start:len(text) if line_end < 0 else line_end]
        words = " ".join(text[start:end].split())
        if headline_ok and start < first_line_end:
            out.append("headline")
        elif words in seen:
            out.append(seen[words])
        elif _OLD_METADATA_LINE.match(line):
            out.append("body")
        elif chrome.is_caption(line):
            out.append("caption" if lead < sentences.LEAD_SENTENCES else "body")
        elif lead < sentences.LEAD_SENTENCES:
            out.append("lead")
            lead += 1
        else:
            out.append("body")
        seen.setdefault(words, out[-1])
    return out


_OLD_CHROME = re.compile(chrome.CHROME_PATTERNS.pattern.replace(r"^\s*+(?:\d*+\s*+", r"^\s*(?:\d*\s*")
                         .replace(r"\s*+(?:on\s*+)?:", r"\s*(?:on)?\s*:"), re.IGNORECASE | re.VERBOSE)
_OLD_SOURCE_LINE = re.compile(r"^\s*Source\s*:\s*(?P<source>.+?)\s*$", re.IGNORECASE | re.MULTILINE)


@SETTINGS
@given(TEXTS)
def test_sentences_are_split_as_before(text):
    assert split_sentences(text) == old_split_sentences(text)


@SETTINGS
@given(TEXTS, st.sampled_from(["", "Two people were killed", "Mr. Smith"]))
def test_positions_are_as_before(text, title):
    spans = split_sentences(text)
    title = title or text.split("\n", 1)[0]
    assert positions(text, title, spans) == old_positions(text, title, spans)


@SETTINGS
@given(st.text(alphabet="ab\n.", max_size=80), st.data())
def test_line_and_column_are_counted_as_before(text, data):
    offset = data.draw(st.integers(0, len(text)))
    lines = Lines(text)
    assert lines.line_column(offset) == (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
    end = text.find("\n", offset)
    assert lines.around(offset) == (text.rfind("\n", 0, offset) + 1, len(text) if end < 0 else end)


@pytest.mark.parametrize("text, start, end, word", [
    ("He met Mr.", 0, 10, "Mr"),
    ("in the U.S.", 0, 11, "U.S"),
    ("in the U.S.", 9, 11, "S"),       # the word is read from the sentence's start at most
    ("it ended.", 0, 9, "ended"),
    ("it ended!", 0, 9, ""),           # not a stop after a letter
    ("costs 3.", 0, 8, ""),            # a digit before the stop
    (".", 0, 1, ""),                   # a stop alone
    ("a....", 0, 5, "a..."),
    ("x Mr.", 2, 5, "Mr"),
])
def test_word_before_stop(text, start, end, word):
    assert word_before_stop(text, start, end) == word


@SETTINGS
@given(TEXTS, st.data())
def test_word_before_stop_is_the_regex_word(text, data):
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    found = re.search(r"([A-Za-z.]+)\.$", text[start:end])
    expected = found.group(1) if found and found.end() == end - start else ""
    assert word_before_stop(text, start, end) == expected


@SETTINGS
@given(st.lists(st.sampled_from(["Share", "this", "Published", "on", ":", " ", "   ", "\t", "3", "12", "Next",
                                 "article", "Posted", "Source", "Tags", "x"]), max_size=12).map("".join))
def test_chrome_lines_are_found_as_before(line):
    assert chrome.is_chrome(line) is bool(_OLD_CHROME.match(line))
    assert bool(sentences._METADATA_LINE.match(line)) is bool(_OLD_METADATA_LINE.match(line))


@SETTINGS
@given(st.lists(st.sampled_from(["Source", ":", " ", "  ", "\n", "Daily", "News", "x", "\t"]), max_size=12)
       .map("".join))
def test_source_lines_are_read_as_before(text):
    old = _OLD_SOURCE_LINE.search(text)
    new = metadata._SOURCE_LINE.search(text)
    if old and old.group("source").strip():  # the old pattern could read a lone space as an outlet
        assert new is not None and new.group("source") == old.group("source")
    else:
        assert new is None
