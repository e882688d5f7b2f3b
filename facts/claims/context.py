"""Figures linked by their wording: two sources whose sentences are the same once every figure
is masked, at the same position in it, state the same fact ("a race of 1400 meters" vs "a race
of 5400 meters"; a wire story copied with one figure changed), whatever their concept keys say.

Plain Python over the fact table's columns; `keys` applies the links to the claim keys.
"""
from __future__ import annotations

import re

from ..figures.numbers import SCALES, SMALL, TENS

MIN_CONTEXT_WORDS = 4
"""A masked sentence needs this many words besides the masks to link figures: "# dead" in two
headlines says too little to be the same sentence."""

_NUMBER_WORDS = "|".join(sorted({*SMALL, *TENS, *SCALES, "dozen", "dozens"}, key=len, reverse=True))
_NUMBERS = re.compile(rf"\d[\d,.]*|\b(?:{_NUMBER_WORDS})\b")  # on lower-cased text: no IGNORECASE (3x faster)
_WORD = re.compile(r"[^\W\d_]+")


def masked(sentence: str, spans: list[tuple[int, int]]) -> str:
    """`sentence` with the figure spans (sentence offsets, in order) and any other number
    replaced by "#", lower-cased and with white space folded."""
    parts, cursor = [], 0
    for start, end in spans:
        parts.append(sentence[cursor:start])
        parts.append(" # ")
        cursor = end
    parts.append(sentence[cursor:])
    text = _NUMBERS.sub(" # ", "".join(parts).lower())
    return " ".join(text.split())


def contexts(doc_ids, sentence_ids, sentences, starts, surfaces) -> list[str]:
    """One context per fact row: "<position of the figure in its sentence>|<masked sentence>",
    or "" when the sentence says too little besides its figures."""
    rows: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(doc_ids, sentence_ids)):
        rows.setdefault(key, []).append(i)
    out = [""] * len(starts)
    for members in rows.values():
        members.sort(key=lambda i: starts[i])
        sentence = sentences[members[0]]
        spans, cursor = [], 0
        for i in members:
            at = sentence.find(surfaces[i], cursor)
            if at < 0:
                break
            spans.append((at, at + len(surfaces[i])))
            cursor = at + len(surfaces[i])
        else:
            text = masked(sentence, spans)
            if len(_WORD.findall(text)) >= MIN_CONTEXT_WORDS:
                for position, i in enumerate(members):
                    out[i] = f"{position}|{text}"
    return out


def linked_keys(keys: list[str], docs, linkable: list[str]) -> list[str]:
    """Claim keys after linking: rows of different documents that share a `linkable` value (a
    context plus dimension and unit) take one key, the smallest non-empty key among them, or a
    key made from the context when none has one. Other rows keep theirs."""
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    docs_of: dict[str, set] = {}
    for i, link in enumerate(linkable):
        if not link:
            continue
        docs_of.setdefault(link, set()).add(docs[i])
        if link in first:
            parent[find(i)] = find(first[link])
        else:
            first[link] = i
    shared = {link for link, d in docs_of.items() if len(d) >= 2}
    groups: dict[int, list[int]] = {}
    for i, link in enumerate(linkable):
        if link in shared:
            groups.setdefault(find(i), []).append(i)
    out = list(keys)
    for members in groups.values():
        named = sorted({keys[i] for i in members if keys[i]})
        key = named[0] if named else "context:" + linkable[members[0]].split("\u0001", 1)[0]
        for i in members:
            out[i] = key
    return out
