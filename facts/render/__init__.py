"""One module per output format; each only formats a result, it computes nothing."""
from __future__ import annotations


def around(sentence: str, surface: str) -> tuple[str, str, str] | None:
    """(before, figure, after) of the first place `surface` stands in `sentence`, or None."""
    i = sentence.find(surface) if surface else -1
    if i < 0:
        return None
    return sentence[:i], surface, sentence[i + len(surface):]


def marked(sentence: str, surface: str, escape, open_tag: str, close_tag: str) -> str:
    """`sentence` escaped for an output, with its figure between `open_tag` and `close_tag`."""
    parts = around(sentence, surface)
    if parts is None:
        return escape(sentence)
    before, figure, after = parts
    return f"{escape(before)}{open_tag}{escape(figure)}{close_tag}{escape(after)}"
