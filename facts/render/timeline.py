"""The timeline of a claim in the HTML report: each source's figure against its publication date,
as an inline SVG (no script, no network).

Laid out so that a reader can read it whatever the figures: the figures being compared stay
apart on the value axis (a figure ten times beyond them is drawn off the scale, at the edge, with
its value; figures that still span more than `LOG_RATIO` are put on a log axis), no label is
drawn over another or cut off at the edge, sources published on one day are spread side by side,
and sources without a date are not put on the time axis at all: they are listed beside the chart.
The layout is a pure function (`layout`), tested on its own; `svg` draws it.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from datetime import date

from ..figures.numbers import format_number

WIDTH, HEIGHT = 420, 180
TOP, BOTTOM, RIGHT = 22, 34, 10
CHAR = 7.0           # the width of a character of the 12 px labels, a little more than most are
LINE = 15.0          # the height of a label
OFF_SCALE = 10.0     # a figure this many times beyond the compared ones is drawn off the scale
LOG_RATIO = 20.0     # figures on the scale spanning more than this are put on a log axis


@dataclass(frozen=True)
class Point:
    """One source's figure: its publication day (an ordinal, None when undated), value in base
    units, the words it was stated in and the source's name."""

    day: int | None
    value: float
    surface: str
    source: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    text: str            # the label: the figures stated at this place ("5 / five")
    sources: tuple       # who states it, for the tooltip
    label_x: float
    label_y: float
    anchor: str          # "start": label_x is where the label begins
    off_scale: str = ""  # "above" or "below" when drawn at the edge, off the scale


@dataclass(frozen=True)
class Layout:
    marks: tuple
    value_ticks: tuple   # (y, text)
    day_ticks: tuple     # (x, text, anchor)
    left: float
    log: bool
    undated: tuple       # (source, surface) of the points that have no date
    caption: str = ""    # what the horizontal axis says when it is not time ("all published 2005-11-28")
    boxes: tuple = field(default=(), repr=False)  # the labels' boxes (x0, y0, x1, y1), for tests


def _core(values: list[float], compared: tuple) -> tuple[float, float]:
    """The range of the figures being compared: the claim's pair when it has one, else the
    median figure."""
    chosen = [v for v in compared if v in values] or sorted(values)[len(values) // 2:len(values) // 2 + 1]
    return min(chosen), max(chosen)


def _off_scale(value: float, low: float, high: float) -> str:
    if value > max(high, 1.0) * OFF_SCALE:
        return "above"
    if 0 < value < low / OFF_SCALE:
        return "below"
    return ""


def _text_width(text: str) -> float:
    return len(text) * CHAR


def _place_labels(marks: list[dict], left: float) -> list[tuple]:
    """Label positions that overlap no other label and stay inside the chart: beside the mark
    (right of it, or left near the right edge), moved down or up by a line while it would overlap
    a label already placed."""
    placed: list[tuple] = []
    out = []
    for m in sorted(marks, key=lambda m: (m["y"], m["x"])):
        width = _text_width(m["text"])
        right_side = m["x"] + 8 + width <= WIDTH - RIGHT
        x0 = m["x"] + 8 if right_side else m["x"] - 8 - width
        x0 = max(x0, left + 2)
        for step in range(0, 2 * int(HEIGHT / LINE) + 2):
            shift = (step + 1) // 2 * LINE * (1 if step % 2 else -1)
            y = m["y"] + 4 + shift  # text baseline
            box = (x0, y - 11, x0 + width, y + 3)
            if box[1] < 2 or box[3] > HEIGHT - BOTTOM + 12:
                continue
            if all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in placed):
                placed.append(box)
                out.append((m, box[0], y, box))
                break
        else:  # no room left: the figure keeps its mark and tooltip, and stays in the table below
            out.append((m, 0.0, 0.0, None))
    return out


def layout(points: list[Point], compared: tuple = ()) -> Layout | None:
    """Where every mark, label and tick goes; None when there is nothing to draw against time
    (fewer than two dated figures). `compared`: the values (base units) the claim's verdict rests on."""
    dated = [p for p in points if p.day is not None]
    undated = tuple((p.source, p.surface) for p in points if p.day is None)
    if len(dated) < 2:
        return None
    values = [p.value for p in dated]
    low, high = _core(values, compared)
    off = {p: _off_scale(p.value, low, high) for p in dated}
    on = [p.value for p in dated if not off[p]]
    v0, v1 = min(on), max(on)
    log = v0 > 0 and v1 / v0 > LOG_RATIO

    def scaled(v: float) -> float:
        return math.log10(v) if log else v

    s0, s1 = scaled(v0), scaled(v1)
    band = 14 if any(off.values()) else 0  # room at the edges for figures off the scale

    def y(v: float) -> float:
        top, bottom = TOP + band + 6, HEIGHT - BOTTOM - band - 8  # no mark sits on an axis
        if s1 == s0:
            return (top + bottom) / 2
        return top + (1 - (scaled(v) - s0) / (s1 - s0)) * (bottom - top)

    tick_values = [v0, v1]
    if log:  # the powers of ten between, where they leave room for their text
        tick_values += [10.0 ** k for k in range(math.ceil(math.log10(v0)), math.floor(math.log10(v1)) + 1)]
    tick_texts: list[float] = []
    for v in sorted(set(tick_values), key=lambda v: (v not in (v0, v1), v)):
        if all(abs(y(v) - y(t)) >= LINE for t in tick_texts):
            tick_texts.append(v)
    tick_texts.sort()
    left = max(_text_width(format_number(v)) for v in tick_texts) + 14

    days = sorted({p.day for p in dated if p.day is not None})
    x0, x1 = left + 10, WIDTH - RIGHT - 10
    caption = ""
    if len(days) >= 2:
        def x_of(p: Point, k: int) -> float:
            return x0 + (p.day - days[0]) / (days[-1] - days[0]) * (x1 - x0)  # type: ignore[operator]
        day_ticks = ((x0, date.fromordinal(days[0]).isoformat(), "start"),
                     (x1, date.fromordinal(days[-1]).isoformat(), "end"))
    else:  # one day: the sources side by side, the axis says the day
        def x_of(p: Point, k: int) -> float:
            return x0 + (k + 0.5) / len(dated) * (x1 - x0)
        day_ticks = ()
        caption = f"all published {date.fromordinal(days[0]).isoformat()}"
    by_place: dict[tuple, dict] = {}
    order = sorted(dated, key=lambda p: (p.day, p.value, p.source))
    for k, p in enumerate(order):
        x = x_of(p, k)
        where = off[p]
        yy = TOP - 4 if where == "above" else HEIGHT - BOTTOM + 2 if where == "below" else y(p.value)
        key = (round(x, 1), round(yy, 1), where)
        mark = by_place.setdefault(key, {"x": x, "y": yy, "texts": [], "sources": [], "off": where})
        text = p.surface + (" (off scale)" if where else "")
        if text not in mark["texts"]:
            mark["texts"].append(text)
        mark["sources"].append(f"{p.source}: {p.surface}")
    marks = [{**m, "text": " / ".join(m["texts"])} for m in by_place.values()]
    placed = _place_labels(marks, left)
    out = tuple(Mark(m["x"], m["y"], m["text"] if box else "", tuple(m["sources"]), lx, ly, "start", m["off"])
                for m, lx, ly, box in placed)
    ticks = tuple((y(v), format_number(v)) for v in tick_texts)
    return Layout(out, ticks, day_ticks, left, log, undated, caption, tuple(b for *_, b in placed if b))


def _e(text) -> str:
    return html.escape(str(text))


def svg(points: list[Point], label: str, compared: tuple = ()) -> str:
    """The timeline as inline SVG, with the undated sources listed beside it; "" when there is
    nothing to draw."""
    lay = layout(points, compared)
    if lay is None:  # fewer than two dated figures: nothing to draw against time, only to say
        dated = [p for p in points if p.day is not None]
        undated = [p for p in points if p.day is None]
        if not undated or len(points) < 2:
            return ""
        said = "".join(f"<li>{_e(p.source)}, {date.fromordinal(p.day).isoformat()}: <b>{_e(p.surface)}</b></li>"
                       for p in dated if p.day is not None)
        items = "".join(f"<li>{_e(p.source)}: <b>{_e(p.surface)}</b></li>" for p in undated)
        return ('<div class="timeline-box"><div class="undated">'
                + (f"<b>Dated</b>:<ul>{said}</ul>" if said else "")
                + f"<b>Not dated</b> (no time axis to draw):<ul>{items}</ul></div></div>")
    axis_y = HEIGHT - BOTTOM
    out = [f'<div class="timeline-box"><svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
           f'height="{HEIGHT}" role="img" aria-label="{_e(label)} over time">',
           f'<line x1="{lay.left}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" stroke="#999"/>',
           f'<line x1="{lay.left}" y1="{TOP}" x2="{lay.left}" y2="{axis_y}" stroke="#ccc"/>']
    for y, text in lay.value_ticks:
        out.append(f'<line x1="{lay.left - 3}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#eee"/>'
                   f'<text x="{lay.left - 6}" y="{y + 4:.1f}" text-anchor="end">{_e(text)}</text>')
    if lay.log:
        out.append(f'<text x="{lay.left + 4}" y="{TOP - 8}" class="note">log scale</text>')
    for x, text, anchor in lay.day_ticks:
        out.append(f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="{anchor}">{_e(text)}</text>')
    if lay.caption:
        out.append(f'<text x="{(lay.left + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
                   f'{_e(lay.caption)}</text>')
    for m in lay.marks:
        tip = _e("; ".join(m.sources))
        if m.off_scale:
            point = (f"{m.x - 6:.1f},{m.y + 5:.1f} {m.x + 6:.1f},{m.y + 5:.1f} {m.x:.1f},{m.y - 5:.1f}"
                     if m.off_scale == "above" else
                     f"{m.x - 6:.1f},{m.y - 5:.1f} {m.x + 6:.1f},{m.y - 5:.1f} {m.x:.1f},{m.y + 5:.1f}")
            out.append(f'<polygon points="{point}" fill="#a61b1b"><title>{tip}</title></polygon>')
        else:
            out.append(f'<circle cx="{m.x:.1f}" cy="{m.y:.1f}" r="5" fill="#1f4e8c"><title>{tip}</title></circle>')
        if not m.text:
            continue
        if abs(m.label_y - 4 - m.y) > 1:  # the label was moved off its mark: a line leads to it
            end = m.label_x if m.label_x > m.x else m.label_x + _text_width(m.text)
            out.append(f'<line x1="{m.x:.1f}" y1="{m.y:.1f}" x2="{end:.1f}" y2="{m.label_y - 4:.1f}" '
                       'stroke="#bbb"/>')
        out.append(f'<text x="{m.label_x:.1f}" y="{m.label_y:.1f}">{_e(m.text)}</text>')
    out.append("</svg>")
    if lay.undated:
        items = "".join(f"<li>{_e(source)}: <b>{_e(surface)}</b></li>" for source, surface in lay.undated)
        out.append(f'<div class="undated"><b>Not dated</b> (not on the time axis):<ul>{items}</ul></div>')
    out.append("</div>")
    return "".join(out)
