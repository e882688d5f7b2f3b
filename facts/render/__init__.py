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


def details_words(r) -> str:
    """What a check observed, in words with plain numbers: "2 of 8 unexpected (25%); unexpected
    values 0.4, 0.4" (never 0.14285714285714285)."""
    from ..figures.numbers import format_number

    seen = dict(getattr(r, "observed", ()) or ())
    if not seen:
        return "" if r.success else str(r.details)
    parts = []
    if "unexpected_count" in seen and "element_count" in seen:
        percent = seen.get("unexpected_percent")
        share = f" ({format_number(round(percent, 1))}%)" if isinstance(percent, int | float) else ""
        parts.append(f"{format_number(seen['unexpected_count'])} of {format_number(seen['element_count'])} "
                     f"unexpected{share}")
    values = seen.get("partial_unexpected_list") or []
    if values:
        shown = ", ".join(format_number(v) if isinstance(v, int | float) else str(v) for v in values[:5])
        parts.append(f"unexpected values {shown}" + (", ..." if len(values) > 5 else ""))
    if "observed_value" in seen:
        value = seen["observed_value"]
        parts.append(f"observed {format_number(value) if isinstance(value, int | float) else value}")
    return "; ".join(parts)
