"""The same-fact model: how likely two mentions from two sources are to state the same quantity
of the same event, group and time. A logistic regression over the named features of
`claims.features`, fitted by `train/same_fact.py` (`make train`) and shipped as data
(`facts/data/same_fact.json`: feature names, weights, intercept, the IDF of the training news,
and the figures it was measured with). Loading it needs nothing but the standard library.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import ClassVar

from .features import FEATURE_NAMES, MENTION_FEATURE_NAMES, MentionInput, PairInput, feature_vector, mention_vector

MODEL_FORMAT = "facts same-fact model"
MODEL_VERSION = 1


class ModelError(ValueError):
    """The model file does not fit this code (another format, version or feature set)."""


@dataclass(frozen=True)
class SameFactModel:
    """A fitted model as plain parameters: `weights[i]` goes with `features[i]`."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    idf: dict
    default_idf: float
    card: dict  # how it was trained and measured (data, held-out figures, reliability)
    mention_weights: tuple[float, ...] = ()  # the toll-statement model, over MENTION_FEATURE_NAMES
    mention_intercept: float = 0.0

    def statement(self, x: MentionInput) -> float:
        """The log-odds that a mention is its source's statement of the toll."""
        if not self.mention_weights:
            return 0.0
        return self.mention_intercept + sum(w * v for w, v in zip(self.mention_weights, mention_vector(x)))

    def score(self, vector: list[float]) -> float:
        """The log-odds of a feature vector."""
        return self.intercept + sum(w * x for w, x in zip(self.weights, vector))

    def probability(self, vector: list[float]) -> float:
        z = self.score(vector)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def pair(self, p: PairInput) -> PairInput:
        """`p` with this model's IDF (the sentence similarity feature reads it)."""
        from dataclasses import replace

        return replace(p, idf=self.idf, default_idf=self.default_idf)

    def contributions(self, vector: list[float]) -> list[tuple[str, float, float]]:
        """(feature, value, weight x value) of every feature that moved the decision, largest
        first: what `facts explain` prints."""
        out = [(name, x, w * x) for name, w, x in zip(self.features, self.weights, vector) if w * x != 0]
        return sorted(out, key=lambda t: -abs(t[2]))


class AlwaysSame:
    """A stand-in that takes every two mentions of a claim for the same fact (probability 1):
    for tests of the pairing arithmetic, and for callers that want the claim keys alone to
    decide."""

    features = FEATURE_NAMES
    idf: ClassVar[dict] = {}
    default_idf = 1.0
    card: ClassVar[dict] = {}

    def pair(self, p: PairInput) -> PairInput:
        return p

    def vector(self, p: PairInput) -> list[float]:
        return feature_vector(p)

    def probability(self, vector) -> float:
        return 1.0

    def statement(self, x) -> float:
        return 0.0

    def contributions(self, vector) -> list:
        return []


def vector_of(model, p: PairInput) -> list[float]:
    """The features of `p` as `model` reads them (with its IDF)."""
    return feature_vector(model.pair(p))


def from_dict(data: dict, where: str = "same_fact.json") -> SameFactModel:
    """A model from its JSON form; a clear error when it does not fit this code."""
    if data.get("format") != MODEL_FORMAT or data.get("format_version") != MODEL_VERSION:
        raise ModelError(f"{where}: expected format {MODEL_FORMAT!r} version {MODEL_VERSION}, found "
                         f"{data.get('format')!r} version {data.get('format_version')!r}")
    names = tuple(data["features"])
    if names != FEATURE_NAMES:
        missing = sorted(set(FEATURE_NAMES) - set(names))
        extra = sorted(set(names) - set(FEATURE_NAMES))
        raise ModelError(f"{where}: its features do not match this code's (missing {missing or 'none'}, "
                         f"unknown {extra or 'none'}, or another order): rebuild it with `make train`")
    weights = tuple(float(w) for w in data["weights"])
    if len(weights) != len(names):
        raise ModelError(f"{where}: {len(weights)} weights for {len(names)} features")
    mention = data.get("mention") or {}
    if tuple(mention.get("features", ())) != MENTION_FEATURE_NAMES:
        raise ModelError(f"{where}: its toll-statement features do not match this code's: rebuild it with `make train`")
    mention_weights = tuple(float(w) for w in mention["weights"])
    if len(mention_weights) != len(MENTION_FEATURE_NAMES):
        raise ModelError(f"{where}: {len(mention_weights)} toll-statement weights for "
                         f"{len(MENTION_FEATURE_NAMES)} features")
    return SameFactModel(names, weights, float(data["intercept"]), dict(data.get("idf", {})),
                         float(data.get("default_idf", 1.0)), dict(data.get("card", {})), mention_weights,
                         float(mention["intercept"]))


def from_file(path) -> SameFactModel:
    """A model written by `train/same_fact.py --out` (a fold's model, another newsroom's); a clear
    error naming the file when it is not one."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise ModelError(f"{path}: not a same-fact model file ({e})") from e
    return from_dict(data, str(path))


@lru_cache(maxsize=1)
def default_model() -> SameFactModel:
    """The model shipped with facts (`facts/data/same_fact.json`)."""
    text = resources.files("facts").joinpath("data/same_fact.json").read_text("utf-8")
    return from_dict(json.loads(text))
