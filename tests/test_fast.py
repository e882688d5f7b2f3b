"""The guarded fast parser: on a mismatch with stock spaCy, a missing private attribute, a
version outside the known-good range or an exception inside the parser's matrix product, one
warning and stock spaCy, with the same extraction; FACTS_FAST=0 gives the same fact table."""
import warnings

import pytest
from conftest import load_cases

from facts.parse import blas, layers, nlp
from facts.parse.extract import ExtractOptions, Extractor
from facts.parse.table import frame
from facts.types import Document

CASES = load_cases("extraction_cases.json")
TEXTS = [c["text"] for c in CASES]


def table(extractor, texts=TEXTS):
    docs = [Document(f"d{i}", "", text=t) for i, t in enumerate(texts)]
    rows = [row for _, doc_rows in extractor.rows(docs) for row in doc_rows]
    return frame(rows)


@pytest.fixture(scope="module")
def stock_table():
    return table(Extractor(ExtractOptions(fast=False)))


def assert_same(a, b):
    assert len(a) == len(b)
    assert a.drop(columns=[]).equals(b), "the fact tables differ"


def fast_extractor_with_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        extractor = Extractor(ExtractOptions(fast=True))
    found = [w for w in caught if issubclass(w.category, nlp.FastPathWarning)]
    return extractor, found


def test_facts_fast_0_gives_the_same_table_as_the_fast_path(stock_table, monkeypatch):
    fast = Extractor(ExtractOptions(fast=True))
    assert fast.nlp.facts_guard is not None  # the fast path is really on
    assert_same(table(fast), stock_table)
    monkeypatch.setenv("FACTS_FAST", "0")
    assert not nlp.fast_wanted() and Extractor(ExtractOptions()).nlp.facts_guard is None


def test_a_parse_mismatch_falls_back_with_one_warning(stock_table, monkeypatch):
    real = nlp.AttributeTable.__call__

    def wrong(self, doc):  # a changed layer: every part of speech off
        doc = real(self, doc)
        for token in doc:
            token.pos_ = "X"
        return doc

    monkeypatch.setattr(nlp.AttributeTable, "__call__", wrong)
    extractor, found = fast_extractor_with_warning()
    assert len(found) == 1 and "differently from spaCy" in str(found[0].message)
    assert extractor.nlp.facts_guard is None
    monkeypatch.undo()
    assert_same(table(extractor), stock_table)


def test_a_missing_private_attribute_falls_back(stock_table, monkeypatch):
    def renamed(model):
        raise AttributeError("'Model' object has no attribute '_func'")

    monkeypatch.setattr(layers, "install", renamed)
    extractor, found = fast_extractor_with_warning()
    assert len(found) == 1 and "could not be installed" in str(found[0].message) and "_func" in str(found[0].message)
    assert_same(table(extractor), stock_table)


def test_a_version_outside_the_known_range_falls_back(stock_table, monkeypatch):
    monkeypatch.setitem(nlp.KNOWN_GOOD, "thinc", ("9.0", "10.0"))
    extractor, found = fast_extractor_with_warning()
    assert len(found) == 1 and "thinc" in str(found[0].message)
    assert_same(table(extractor), stock_table)


def test_a_callback_that_fails_its_check_at_load_is_not_used(stock_table, monkeypatch):
    """blas checks the callback against numpy before handing it to the parser: a callback that
    raises is never installed, and the parser keeps thinc's own product."""
    def broken(self, *arguments):
        raise ValueError("a stale buffer")

    monkeypatch.setattr(blas.NumpySgemm, "product", broken)
    extractor, found = fast_extractor_with_warning()
    assert extractor.nlp.facts_guard is not None and extractor.nlp.facts_guard.sgemm is None
    assert not found
    assert_same(table(extractor), stock_table)


def test_an_exception_in_the_callback_during_a_run_redoes_the_parse(stock_table, monkeypatch):
    extractor = Extractor(ExtractOptions(fast=True))
    assert extractor.nlp.facts_guard is not None and extractor.nlp.facts_guard.sgemm is not None
    real = blas.NumpySgemm.product
    calls = {"n": 0}

    def fails_once_in_a_while(self, *arguments):
        calls["n"] += 1
        if calls["n"] == 40:
            raise ValueError("a stale buffer")
        return real(self, *arguments)

    monkeypatch.setattr(blas.NumpySgemm, "product", fails_once_in_a_while)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = table(extractor)
    found = [w for w in caught if issubclass(w.category, nlp.FastPathWarning)]
    assert calls["n"] >= 40, "the callback was not used: the test would prove nothing"
    assert len(found) == 1 and "a stale buffer" in str(found[0].message)
    assert extractor.nlp.facts_guard is None  # off for the rest of the run
    assert_same(got, stock_table)
