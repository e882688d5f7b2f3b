"""The fast paths of `facts.parse.nlp` and `facts.parse.extract.frame` give what the slow ones give."""
import pandas as pd
import pytest

from facts.figures.lexicon import is_calendar_word, month_number, month_pattern
from facts.parse.names import name_spans

# Sentences that reach every kind of attribute-ruler pattern: tags, words with tags, dependency
# conditions ("but" as an adverb, "it"/"you"/"I" as subject or object, auxiliaries, "there is"),
# white space tokens, contractions.
RULER_SENTENCES = [
    "It said 12 people died, but I don't know why.",
    "There were 430 vehicles and there is no sign of them; you saw it yourself.",
    "Gunmen killed  three   soldiers\n\nin Idlib on Monday, officials said.",
    "They ain't gonna let 'em go, y'all know that.",
    "What did he do with the 4,000 troops that had been sent?",
    "Does this count? Those were the two that got away.",
    "The U.S. has 142,500 troops; Britain has 4,100.",
]


@pytest.fixture(scope="module")
def pipelines():
    import spacy

    from facts.parse.nlp import SPACY_MODEL, AttributeTable, load

    reference = spacy.load(SPACY_MODEL, exclude=["ner"], disable=["lemmatizer"])
    fast = load(entities=False)
    return reference, fast, AttributeTable(fast.get_pipe("attribute_ruler"))


def seed_sentences(seeds_dir):
    from facts.inputs.sentences import split_sentences

    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[a:b] for a, b in split_sentences(text)]
    return out


def test_attribute_table_gives_spacy_tokens(pipelines, seeds_dir):
    reference, fast, table = pipelines
    sentences = RULER_SENTENCES + seed_sentences(seeds_dir)
    for a, b in zip(reference.pipe(sentences), fast.pipe(sentences)):
        table(b)
        # numpy products give the same parse as thinc's BLIS ...
        assert [(t.tag_, t.dep_, t.head.i) for t in a] == [(t.tag_, t.dep_, t.head.i) for t in b], a.text
        # ... and the table sets what the attribute ruler sets
        assert [(t.pos_, str(t.morph)) for t in a] == [(t.pos_, str(t.morph)) for t in b], a.text


def test_attribute_table_changes_something(pipelines):
    """Without the table, parts of speech are missing: the test above is not vacuous; with it (a
    registered component in the ruler's place), `nlp(text)` gives complete tokens."""
    _, fast, _ = pipelines
    with fast.select_pipes(disable=["attribute_table"]):
        doc = fast("Gunmen killed three soldiers.")
    assert {t.pos_ for t in doc} == {""}
    assert [t.pos_ for t in fast("Gunmen killed three soldiers.")] == ["NOUN", "VERB", "NUM", "NOUN", "PUNCT"]


def test_frame_from_blocks_equals_frame_from_columns():
    import facts
    from facts.parse.table import _frame_from_blocks, _frame_from_columns

    rows = facts.extract_text("Gunmen killed three soldiers and wounded about 20 people 5 km away.") \
        .to_dict("records")
    assert len(rows) >= 2
    for part in ([], rows[:1], rows):
        fast, slow = _frame_from_blocks(part), _frame_from_columns(part)
        pd.testing.assert_frame_equal(fast, slow)
        assert list(fast.dtypes) == list(slow.dtypes)


@pytest.mark.parametrize("word, number", [
    ("January", 1), ("jan", 1), ("Sept.", 9), ("Sep", 9), ("September", 9), ("may", 5), ("Dec", 12),
])
def test_month_number(word, number):
    assert month_number(word) == number


@pytest.mark.parametrize("word", ["Ja", "Mayor", "Junk", ""])
def test_month_number_rejects(word):
    with pytest.raises(KeyError):
        month_number(word)


def test_month_pattern_prefers_the_longest_form():
    import re

    pattern = re.compile(month_pattern(capitalized=True))
    assert pattern.match("September 4").group() == "September"
    assert pattern.match("Sept. 4").group() == "Sept"
    assert pattern.match("september") is None  # the capitalised form only
    assert re.fullmatch(month_pattern(), "sept")


@pytest.mark.parametrize("word, expected", [("March", True), ("monday", True), ("Mars", False), ("Idlib", False)])
def test_is_calendar_word(word, expected):
    assert is_calendar_word(word) is expected


@pytest.mark.parametrize("sentence, names", [
    ("Turkey has 12 military posts inside Idlib province.", ["Turkey", "Idlib"]),
    ("The Syrian Observatory for Human Rights said 20 died.", ["Syrian Observatory for Human Rights"]),
    ("The Bank of England raised rates by 0.25 points.", ["Bank of England"]),
    ("Turkish troops crossed on Monday in March.", []),  # the first word, and dates, are not names
    ("Officials said 430 Turkish military vehicles crossed.", ["Turkish"]),
])
def test_name_spans(pipelines, sentence, names):
    _, fast, table = pipelines
    doc = table(fast(sentence))
    assert [doc[a:b].text for a, b in name_spans(doc)] == names


def test_compiled_tok2vec_gives_thincs_vectors(pipelines, seeds_dir):
    """The numpy tok2vec computes what thinc's layers compute, alone and in batches (with an
    empty document among them), up to float rounding."""
    import numpy

    from facts.parse.layers import compile_tok2vec

    reference, _, _ = pipelines
    model = reference.get_pipe("tok2vec").model
    fast = compile_tok2vec(model)
    assert fast is not None
    docs = [reference.make_doc(s) for s in RULER_SENTENCES + seed_sentences(seeds_dir) + [""]]
    for batch in ([doc] for doc in docs):
        (want,), (got,) = model.predict(batch), fast(batch)
        assert got.shape == want.shape
        assert numpy.abs(got - want).max(initial=0.0) < 1e-4
    for want, got in zip(model.predict(docs), fast(docs)):
        assert got.shape == want.shape
        assert numpy.abs(got - want).max(initial=0.0) < 1e-4


def test_compiled_tok2vec_does_not_depend_on_earlier_sentences(pipelines):
    """Token embeddings are remembered across calls; a sentence's vectors are the same whether
    its words were met before or not."""
    import numpy

    from facts.parse.layers import compile_tok2vec

    reference, _, _ = pipelines
    model = reference.get_pipe("tok2vec").model
    sentence = reference.make_doc("Gunmen killed three soldiers in Idlib, officials said.")
    first = compile_tok2vec(model)([sentence])[0]
    warmed = compile_tok2vec(model)
    warmed([reference.make_doc(s) for s in RULER_SENTENCES + ["Officials said three gunmen were killed."]])
    assert numpy.array_equal(warmed([sentence])[0], first)


def test_load_installs_the_compiled_tok2vec(pipelines):
    from facts.parse.layers import compile_tok2vec

    reference, fast, _ = pipelines
    assert fast.get_pipe("tok2vec").model._func.__module__ == "facts.parse.layers"
    assert reference.get_pipe("tok2vec").model._func.__module__.startswith("thinc")
    assert compile_tok2vec(reference.get_pipe("tagger").model) is None  # not a tok2vec structure


@pytest.mark.parametrize("trans_a, trans_b, alpha, beta", [
    (False, False, 1.0, 0.0), (False, True, 1.0, 0.0), (True, False, 2.0, 0.0), (True, True, 0.5, 1.5),
])
def test_numpy_sgemm_computes_the_blas_product(trans_a, trans_b, alpha, beta):
    """C = alpha * op(A) @ op(B) + beta * C on row-major buffers, padded rows included."""
    import numpy

    from facts.parse.blas import NumpySgemm

    rng = numpy.random.default_rng(1)
    a, b = rng.random((4, 6), dtype="float32"), rng.random((6, 3), dtype="float32")
    stored_a = numpy.zeros((6, 8) if trans_a else (4, 8), dtype="float32")  # row stride 8
    stored_a[:, :4 if trans_a else 6] = a.T if trans_a else a
    stored_b = numpy.zeros((3, 7) if trans_b else (6, 7), dtype="float32")
    stored_b[:, :6 if trans_b else 3] = b.T if trans_b else b
    c = rng.random((4, 5), dtype="float32")  # row stride 5, 3 columns used
    want = c.copy()
    want[:, :3] = alpha * (a @ b) + beta * c[:, :3]
    sgemm = NumpySgemm()
    for _ in range(2):  # the second call reads the kept views
        c_run = c.copy()
        sgemm.callback(trans_a, trans_b, 4, 3, 6, alpha, stored_a.ctypes.data, 8, stored_b.ctypes.data, 7,
                       beta, c_run.ctypes.data, 5)
        numpy.testing.assert_allclose(c_run, want, rtol=1e-5)


def test_parser_multiplies_with_numpy(pipelines):
    from facts.parse.blas import NumpySgemm

    _, fast, _ = pipelines
    ops = fast.get_pipe("parser").model.ops
    assert isinstance(ops.numpy_blas[1], NumpySgemm)
    assert ops.cblas() is ops.numpy_blas[0]


def test_ner_gives_spacys_entities(seeds_dir):
    """With --ner, the entity recogniser's C loop also multiplies with numpy: same entities."""
    import spacy

    from facts.parse.nlp import SPACY_MODEL, load

    reference = spacy.load(SPACY_MODEL, disable=["lemmatizer"])
    fast = load(entities=True)
    sentences = RULER_SENTENCES + seed_sentences(seeds_dir)
    for a, b in zip(reference.pipe(sentences), fast.pipe(sentences)):
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents], a.text
