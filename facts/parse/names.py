"""Names in a sentence, read from the tagger and parser already run: runs of proper nouns
("Syrian Observatory for Human Rights", "Idlib province") and nationality adjectives ("Turkish").
spaCy's NER gives labelled places and organisations but costs as much again as the parse; it is
used instead when `ExtractOptions(ner=True)`.
"""
from __future__ import annotations

from ..figures.lexicon import is_calendar_word

_PROPER_TAGS = {"NNP", "NNPS"}
_JOINERS = {"of", "for", "and", "&", "de", "al", "-"}  # inside a name: "Bank of England"
_NER_PLACES = ("GPE", "LOC", "FAC")


def _is_proper(token) -> bool:
    return token.tag_ in _PROPER_TAGS and token.text[:1].isupper() and not is_calendar_word(token.text)


def _is_nationality(token) -> bool:
    """"Turkish", "Syrian": a capitalised adjective that is not the sentence's first word."""
    return token.tag_ == "JJ" and token.text[:1].isupper() and token.i > token.sent.start


def name_spans(parse) -> list[tuple[int, int]]:
    """(start, end) token indices of each name, in order."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(parse)
    while i < n:
        token = parse[i]
        if not (_is_proper(token) or _is_nationality(token)):
            i += 1
            continue
        end = i + 1
        while end < n:
            if _is_proper(parse[end]):
                end += 1
            elif parse[end].lower_ in _JOINERS and end + 1 < n and _is_proper(parse[end + 1]) and _is_proper(parse[end - 1]):
                end += 2
            else:
                break
        spans.append((i, end))
        i = end
    return spans


def names(parse, ner: bool) -> list[tuple[int, int, str]]:
    """(start, end, text) of each name: from NER's places, organisations and nationalities when
    `ner`, else from `name_spans`."""
    if ner:
        return [(e.start, e.end, e.text) for e in parse.ents if e.label_ in ("GPE", "LOC", "ORG", "FAC", "NORP")]
    return [(a, b, _text(parse, a, b)) for a, b in name_spans(parse)]


def _text(parse, start: int, end: int) -> str:
    """The text of tokens [start, end), as spaCy's Span.text gives it (start < end)."""
    return "".join(parse[i].text_with_ws for i in range(start, end - 1)) + parse[end - 1].text


def place_name(parse, token, found: list[tuple[int, int, str]], ner: bool) -> str:
    """The name `token` is part of, when it names a place ("in [Idlib province]"); "" if none."""
    if ner and token.ent_type_ not in _NER_PLACES:
        return ""
    for start, end, text in found:
        if start <= token.i < end:
            return text
    return ""
