"""Interval arithmetic of figures, as pure functions: the band a rounded figure stands for
("3 million" is 2.5-3.5 million), and how far apart two statements are ("12" and "more than 10"
agree; "problems 74 to 135" and "54 to 135" worded alike do not)."""
from __future__ import annotations

import re

from ..types import Qualifier


def widened(df):
    """(low, high) arrays: each mention's interval in base units, the precision of a rounded exact
    figure included ("3 million" stands for 2.5-3.5 million). "About" is its own band: rounding
    does not widen it further. Pairs use `compared_interval`, which widens only the coarser of
    two figures."""
    import numpy as np

    low, high = df["base_low"].to_numpy(float), df["base_high"].to_numpy(float)
    base = df["base_value"].to_numpy(float)
    half = np.where(df["qualifier"].eq(Qualifier.EXACT).to_numpy(), base_step(df) / 2, 0.0)
    return np.minimum(low, base - half), np.maximum(high, base + half)


def base_step(df):
    """The rounding step of each mention in base units ("10 miles": 1 mile = 1609.344 m), by
    how precisely the figure was stated:

    - a count in digits is exact, round or not ("12 posts"; "1,800 civilians" disagrees with
      1,850: only "about 1,800" would not);
    - a count with a scale word stands for its last place ("3 million" for 2.5-3.5 million,
      "$1.8bn" for 1.75-1.85 billion);
    - a measure, a reading on a scale or a percentage stands for its last place ("15 km" for
      14.5-15.5 km, "a magnitude 6.1" for 6.05-6.15, "30%" for 29.5-30.5%).

    `compared_interval` widens only the coarser of two figures, so two figures stated to the
    same place are compared as stated (6.1 and 6.4 disagree)."""
    import numpy as np

    value, base = df["value"].to_numpy(float), df["base_value"].to_numpy(float)
    step = df["rounding"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(value != 0, base / value, 1.0)
    # (a count's unit names what it counts: "13 sorority sisters" has the unit "sister")
    measured = (df["unit"].fillna("").ne("").to_numpy() & ~df["dimension"].eq("count").to_numpy()) \
        | df["dimension"].eq("percentage").to_numpy()
    if "claim_key" in df.columns:  # a reading on a scale ("magnitude") is keyed by it (`keys.with_keys`)
        from ..figures.frames import lexicon

        measured |= df["claim_key"].isin(set(lexicon().scale_words.values())).to_numpy()
    scaled = np.array([scale_worded(s) for s in df["surface"].fillna("").astype(str)], dtype=bool) \
        if "surface" in df.columns else np.zeros(len(df), dtype=bool)
    return np.where((measured & (step > 0)) | (scaled & (step > 1)), step * np.abs(scale), 0.0)


def scale_worded(surface: str) -> bool:
    """A figure written with a scale word ("3 million", "$1.8bn", "25k", "two thousand"): its
    last place is its precision. "1,800" and "two hundred" are not (a hundred is a count)."""
    from ..figures.numbers import SCALE_ABBREVIATIONS, SCALES

    words = _WORDS.findall(surface.lower())
    return any((w in SCALES and SCALES[w] >= 1e3) or w in SCALE_ABBREVIATIONS for w in words)


_WORDS = re.compile(r"[a-z]+")


def compared_interval(low: float, high: float, value: float, step: float, qualifier: str,
                      other_step: float, same_unit: bool = True) -> tuple[float, float]:
    """A mention's interval when compared with another one: an exact figure stated more coarsely
    than the other stands for its rounding band ("3 million" vs "3.4 million": 2.5-3.5 million);
    two figures of the same precision are compared as stated ("2 million" vs "3 million" do not
    touch at 2.5 million), and "about" is never widened by rounding on top of its own band. Figures
    stated in different units each stand for their own precision ("15 km" and "10 miles")."""
    if qualifier == Qualifier.EXACT and (step > other_step or (not same_unit and step > 0)):
        return min(low, value - step / 2), max(high, value + step / 2)
    return low, high


def relative_gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two intervals are, relative to the nearer bound; 0 when they overlap."""
    gap = max(a[0], b[0]) - min(a[1], b[1])
    if gap <= 0:
        return 0.0
    ref = max(abs(min(a[1], b[1])), abs(max(a[0], b[0])), 1e-9)
    return gap / ref


LOWER_BOUNDS = (Qualifier.MORE_THAN, Qualifier.AT_LEAST)


UPPER_BOUNDS = (Qualifier.LESS_THAN, Qualifier.AT_MOST)


def statement_gap(a: tuple[float, float], b: tuple[float, float], a_qualifier: str = Qualifier.EXACT,
                  b_qualifier: str = Qualifier.EXACT, worded: bool = False) -> float:
    """How far apart two statements are: how far apart their intervals are ("12" and "more than
    10" agree; so do "more than 700" and "more than 410", which can both be true). Two sentences
    worded the same but for the figure (`worded`) state one thing twice, so what they state is
    compared: two ranges are apart when either end differs ("problems 74 to 135" vs "54 to
    135"), two bounds of one direction when the bounds differ ("at least 10 golf tees" vs "at
    least 30")."""
    if not worded:
        return relative_gap(a, b)
    if a_qualifier == b_qualifier == Qualifier.RANGE:
        return max(relative_gap((a[0], a[0]), (b[0], b[0])), relative_gap((a[1], a[1]), (b[1], b[1])))
    if a_qualifier in LOWER_BOUNDS and b_qualifier in LOWER_BOUNDS:
        return relative_gap((a[0], a[0]), (b[0], b[0]))
    if a_qualifier in UPPER_BOUNDS and b_qualifier in UPPER_BOUNDS:
        return relative_gap((a[1], a[1]), (b[1], b[1]))
    return relative_gap(a, b)
