"""One module per output format; each only formats a result, it computes nothing."""
from __future__ import annotations


def around(sentence: str, surface: str) -> tuple[str, str, str] | None:
    """(before, figure, after) of the first place `surface` stands in `sentence`, or None."""
    i = sentence.find(surface) if surface else -1
    if i < 0:
        return None
    return sentence[:i], surface, sentence[i + len(surface):]
