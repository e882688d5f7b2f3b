"""Documents -> fact rows, read from spaCy's parse (loaded by `nlp`).

Pipeline per chunk of documents: split sentences (regex), keep those that can hold a number,
spot figures in them (`spot`, pure text), then run spaCy once over just the sentences with
figures to read what each figure counts (`concept`), which places and organisations the
sentence names, and the grammatical cases text alone cannot settle ("in 2018" is a date,
"2018 people" a count; "one civilian contractor" is a figure, "a new one" is not).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import lru_cache

from ..figures.frames import PART, event_after, event_at, event_before, lexicon
from ..figures.roles import role_of
from ..figures.spot import Mention, spot
from ..figures.timescope import time_scope
from ..figures.units import UnitCatalogue
from ..inputs.documents import chunks
from ..inputs.sentences import can_hold_number, positions, split_sentences
from ..inputs.text import clean_text
from ..types import FACT_COLUMNS, Document, DocumentStatus, MentionKind
from .names import names, place_name
from .nlp import load

_MODIFIER_DEPS = {"amod", "compound", "nmod", "nummod", "quantmod", "npadvmod", "advmod", "det", "poss"}
_NOUN_POS = {"NOUN", "PROPN"}
_RUN_POS = {"ADJ", "NOUN", "PROPN", "VERB"}
_YEAR_PREPOSITIONS = {"in", "since", "by", "until", "till", "from", "of", "to", "during", "before",
                      "after", "early", "late", "mid", "around", "through", "for", "the", "between"}
_SMALL_WORD_LIMIT = 10
_LEMMA_MEMO_LIMIT = 100_000  # distinct (word, part of speech, morphology) lemmas remembered


@dataclass(frozen=True)
class ExtractOptions:
    """Settings of an extraction run; travel with the extractor, never as globals."""

    entities: bool = True  # fill `entities` and `place` with the names in the sentence
    ner: bool = False  # take them from spaCy's NER (labelled places and organisations; ~1.6x slower)
    batch_size: int = 256
    chunk_documents: int = 64
    blas_threads: int | None = 1  # BLAS threads while parsing (None: the library's own setting)
    fast: bool | None = None  # the guarded fast parser (`nlp.load`); None: on unless FACTS_FAST=0


class Extractor:
    """Loads the unit catalogue and the spaCy pipeline once; turns documents into fact rows."""

    def __init__(self, options: ExtractOptions = ExtractOptions()) -> None:
        self.options = options
        self.units = UnitCatalogue()
        self.lexicon = lexicon()
        self.nlp = load(options.entities and options.ner, options.fast)
        # The lemmatizer is loaded but not run over every token: only the few words that name
        # a concept or a predicate need a lemma (it was 15% of the pipeline's time).
        self._lemmatizer = self.nlp.get_pipe("lemmatizer")
        self._lemmas: dict[tuple, str] = {}
        self._blas = None  # threadpoolctl's controller, made once the parser's libraries are loaded

    def _failed(self) -> bool:
        """True when the fast path's matrix product failed during the last parse: then it is
        off for the rest of the run (one warning), and the caller parses again."""
        guard = getattr(self.nlp, "facts_guard", None)
        error = guard.take_error() if guard is not None else None
        if error is None:
            return False
        from .nlp import fall_back

        self.nlp = fall_back(self.options.entities and self.options.ner,
                              f"the parser's matrix product failed ({type(error).__name__}: {error})")
        self._lemmatizer = self.nlp.get_pipe("lemmatizer")
        return True

    def _threads(self):
        """The parser's matrix products on `options.blas_threads` threads, for this block only.
        A sentence's matrices are small: on a busy machine (a CI runner, a Spark executor with
        several tasks) a second BLAS thread waits for a core and makes each call many times
        slower. threadpoolctl sets the BLAS library's own limit and restores it after the block;
        the caller's environment is not touched."""
        if self.options.blas_threads is None:
            return nullcontext()
        if self._blas is None:
            from threadpoolctl import ThreadpoolController

            self._blas = ThreadpoolController()
        return self._blas.limit(limits=self.options.blas_threads, user_api="blas")

    def rows(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[dict]]]:
        """(document, its fact rows) for each document, in input order, streaming by chunks."""
        for chunk in chunks(documents, self.options.chunk_documents):
            yield from self._chunk(chunk)

    def _chunk(self, documents: list[Document]) -> Iterator[tuple[Document, list[dict]]]:
        pending = []  # (doc index, sentence id, sentence start, sentence text, mentions)
        documents = [_without_surrogates(doc) for doc in documents]
        for index, doc in enumerate(documents):
            if doc.status != DocumentStatus.OK:
                continue
            spans = split_sentences(doc.text)
            for sentence_id, ((start, end), position) in enumerate(zip(spans, positions(doc.text, doc.title, spans))):
                sentence = doc.text[start:end]
                if not can_hold_number(sentence):
                    continue
                mentions = spot(sentence, self.units)
                if mentions:
                    pending.append((index, sentence_id, start, sentence, mentions, position))
        parsed = iter(self.nlp.pipe((p[3] for p in pending), batch_size=self.options.batch_size))
        rows: list[list[dict]] = [[] for _ in documents]
        last = {entry[0]: k for k, entry in enumerate(pending)}  # a document is done after its last sentence
        done = 0
        for k, (index, sentence_id, offset, sentence, mentions, position) in enumerate(pending):
            with self._threads():  # only around the parse: the caller's own work keeps its threads
                parse = next(parsed)
                if self._failed():  # this parse and the rest of the run on stock spaCy
                    parse = self.nlp(sentence)
                    parsed = iter(self.nlp.pipe((p[3] for p in pending[k + 1:]), batch_size=self.options.batch_size))
                rows[index] += [row for _, row, _ in self._read_sentence(documents[index], sentence_id, offset,
                                                                         sentence, mentions, parse, position)
                                if row is not None]
            while done < len(documents) and last.get(done, -1) <= k:  # stream each finished document
                yield documents[done], rows[done]
                done += 1
        for doc, doc_rows in zip(documents[done:], rows[done:]):
            yield doc, doc_rows

    def _read_sentence(self, doc: Document, sentence_id: int, offset: int, sentence: str, mentions, parse,
                       position: str = "body") -> list:
        """(mention, its fact row or None, why it was dropped) for each mention of a parsed
        sentence. `position`: the sentence's place in its article (`sentences.positions`)."""
        parse = Tokens(parse)
        scope = time_scope(sentence)
        found = names(parse, self.options.ner) if self.options.entities else []
        entities = "; ".join(dict.fromkeys(text for _, _, text in found))
        out = []
        for mention in mentions:
            why: list[str] = []
            row = self._row(doc, sentence_id, offset, sentence, mention, parse, entities, scope, found, why)
            if row is not None:
                row["position"] = position
                role = figure_role(row, mention.start, mention.end, self.lexicon)
                row["role"], row["role_reason"] = role.role.value, role.reason
            out.append((mention, row, why[0] if why else ""))
        return out

    def _row(self, doc: Document, sentence_id: int, offset: int, sentence: str, m: Mention, parse,
             entities: str, scope: str, found: list, why: list | None = None) -> dict | None:
        """The fact row of a mention, or None (with the reason appended to `why`)."""
        def drop(reason: str) -> None:
            if why is not None:
                why.append(reason)

        number_end = m.end if m.kind == MentionKind.HYPHEN_UNIT else m.number_end
        tokens = _overlapping(parse, m.number_start, number_end)
        if not tokens:
            return drop("no token of the parse covers the number")
        concept_tokens = _concept_tokens(parse, m, tokens)
        if concept_tokens and event_at([t.lower_ for t in concept_tokens], 0, self.lexicon)[1] == len(concept_tokens):
            concept_tokens = []  # "3 Hurt", "4 shot": an event word, not what is counted
        if m.kind == MentionKind.YEAR_LIKE and not _counts_something(parse, tokens[-1]):
            return drop("a year (it counts nothing: in 2018, the 2018 cease-fire)")
        anchor = concept_tokens[-1] if concept_tokens else tokens[-1]
        predicate = _predicate(anchor, self.lemma)
        if _is_age(m, sentence[m.start:m.end], concept_tokens, self.lexicon):
            return self._age_row(doc, sentence_id, offset, sentence, m, parse, tokens, concept_tokens, entities, scope)
        measure_tokens = concept_tokens or _measure_tokens(parse, m, tokens)
        event = _event(parse, m, tokens, concept_tokens, measure_tokens, predicate, self.lemma) \
            if m.unit.dimension == "count" else ""
        if m.kind in (MentionKind.WORD_ONE, MentionKind.WORD) and m.unit.dimension == "count" and m.value <= _SMALL_WORD_LIMIT \
                and not _modifies_noun(tokens[-1], concept_tokens) and event not in self.lexicon.person_events:
            # "a new one that started", "the two met": no figure of anything ("two dead" is one)
            return drop("a small number word that modifies no noun (a new one, the two met)")
        concept = _concept_text(parse, concept_tokens, m, sentence)
        measure = _span_text(sentence, measure_tokens) if measure_tokens else ""
        holder = _actor(anchor)
        row = self._base_row(doc, sentence_id, offset, sentence, m)
        row.update({
            "concept": concept, "concept_key": self._key(parse, measure_tokens, tokens, m, event),
            "predicate": predicate, "actor": holder, "measure": measure, "event": event, "holder": holder,
            "place": _place(parse, anchor, found, self.options.ner), "entities": entities, "time_scope": scope,
        })
        return row

    def explain(self, text: str) -> list[dict]:
        """Every candidate figure of `text` and what became of it, in order: kept (with its value,
        qualifier, unit and concept) or dropped, and why. For tuning the grammar: `facts explain`."""
        out = []
        doc = Document("text", "text", text=clean_text(text))
        spans = split_sentences(doc.text)
        for sentence_id, ((start, end), position) in enumerate(zip(spans, positions(doc.text, doc.title, spans))):
            sentence = doc.text[start:end]
            if not can_hold_number(sentence):
                continue
            dropped: list = []
            mentions = spot(sentence, self.units, dropped)
            out += [{"start": start + d.start, "surface": d.surface, "kept": False, "reason": d.reason} for d in dropped]
            if mentions:
                with self._threads():
                    parse = next(iter(self.nlp.pipe([sentence])))
                    if self._failed():
                        parse = self.nlp(sentence)
                for m, row, reason in self._read_sentence(doc, sentence_id, start, sentence, mentions, parse,
                                                          position):
                    entry = {"start": start + m.start, "surface": sentence[m.start:m.end], "kept": row is not None,
                             "reason": reason}
                    if row is not None:
                        entry.update({k: row[k] for k in ("value", "low", "high", "qualifier", "unit", "concept",
                                                          "position", "role", "role_reason")})
                    out.append(entry)
        return sorted(out, key=lambda e: e["start"])

    def _age_row(self, doc, sentence_id, offset, sentence, m, parse, tokens, concept_tokens, entities, scope):
        """An age ("John Smith, 34", "a 17-year-old boy", "aged 25") belongs to the person it
        describes (`holder`) and is kept out of claims: two outlets' ages are of different
        people far more often than they disagree."""
        holder = _span_text(sentence, concept_tokens) if concept_tokens else _name_before(parse, tokens[0])
        row = self._base_row(doc, sentence_id, offset, sentence, m)
        row.update({"concept": "age", "concept_key": "", "predicate": "", "actor": holder, "measure": "age",
                    "event": "", "holder": holder, "place": "", "entities": entities, "time_scope": scope})
        return row

    def _base_row(self, doc, sentence_id, offset, sentence, m: Mention) -> dict:
        base_value, base_unit = self.units.to_base(m.value, m.unit)
        base_low, _ = self.units.to_base(m.low, m.unit)
        base_high, _ = self.units.to_base(m.high, m.unit)
        return {
            "doc_id": doc.doc_id, "sentence_id": sentence_id,
            "line": doc.text.count("\n", 0, offset + m.start) + 1,
            "column": offset + m.start - doc.text.rfind("\n", 0, offset + m.start), "sentence": sentence,
            "start": offset + m.start, "end": offset + m.end, "surface": sentence[m.start:m.end],
            "value": m.value, "low": m.low, "high": m.high, "qualifier": m.qualifier, "trend": m.trend,
            "unit": m.unit.name, "base_value": base_value, "base_low": base_low, "base_high": base_high,
            "base_unit": base_unit, "dimension": m.unit.dimension, "rounding": m.step, "published": doc.published,
            "title": doc.title, "source": doc.source, "url": doc.url, "story": doc.story,
        }

    def _key(self, parse, concept_tokens, tokens, m: Mention, event: str = "") -> str:
        """The concept key used for grouping: lemmas of the concept, plus its rate ("per day").
        A figure with a unit but no concept ("three hours") is keyed by its dimension and verb
        ("time|hold"), so that only the same action's durations or distances are compared."""
        if concept_tokens:
            key = _concept_key(concept_tokens, self.lemma)
            last = concept_tokens[-1]
        elif m.unit.name and m.kind != MentionKind.HYPHEN_UNIT:
            verb = _predicate(tokens[-1], self.lemma)
            if verb in ("be", "have", ""):
                return ""
            key = f"{m.unit.dimension} {verb}"
            last = parse[_first_at(parse, m.end) - 1]
        elif _partitive(parse, tokens, self.lemma, event):
            return PART  # "two of them were in critical condition"
        else:
            return ""
        rate = _rate(parse, last)
        key = f"{key} per {rate}" if rate else key
        if _partitive(parse, tokens, self.lemma, event):
            return PART + key
        return f"other {key}" if _other(parse, tokens) else key

    def lemma(self, token) -> str:
        """The lemma by spaCy's rules, which read only the word, its part of speech and its
        morphology: each such combination is lemmatized once."""
        key = (token.orth, token.pos, token.morph.key)
        found = self._lemmas.get(key)
        if found is None:
            word = token.lower_
            found = _IRREGULAR[word] if word in _IRREGULAR else self._lemmatizer.rule_lemmatize(token)[0].lower()
            if len(self._lemmas) >= _LEMMA_MEMO_LIMIT:
                self._lemmas.clear()
            self._lemmas[key] = found
        return found


@lru_cache(maxsize=2)
def shared_extractor(options: ExtractOptions = ExtractOptions()) -> Extractor:
    """One extractor per options and process: loading spaCy takes a second."""
    return Extractor(options)


def _without_surrogates(doc: Document) -> Document:
    """Texts given to the library directly get the loader's cleaning too (`documents.clean_text`)."""
    if doc.status != DocumentStatus.OK:
        return doc
    text = clean_text(doc.text)
    return doc if text is doc.text else replace(doc, text=text)


def _first_at(parse, char: int) -> int:
    """Index of the first token that starts at or after character `char` (len(parse) if none):
    a binary search, where a scan would make a Python object of every token."""
    lo, hi = 0, len(parse)
    while lo < hi:
        mid = (lo + hi) // 2
        if parse[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


class Tokens(list):
    """A parse's tokens, each made once. Indexing a spaCy Doc makes a new Token object every
    time, and reading a sentence indexes it about a hundred times. Slice with `_tokens`."""

    def __init__(self, doc) -> None:
        super().__init__(doc)
        self.doc = doc

    @property
    def ents(self):
        return self.doc.ents


def _tokens(parse, start: int, stop: int | None = None) -> list:
    """parse[start:stop] as a list of tokens (start >= 0). A spaCy Span that starts at the end
    of the parse joins the whole text to find its character offset; this never does."""
    stop = len(parse) if stop is None else min(stop, len(parse))
    return [parse[i] for i in range(start, stop)]


def _overlapping(parse, start: int, end: int) -> list:
    """The tokens that overlap characters [start, end)."""
    first = _first_at(parse, start)
    if first > 0 and parse[first - 1].idx + len(parse[first - 1]) > start:
        first -= 1
    return _tokens(parse, first, _first_at(parse, end))


def _concept_tokens(parse, m: Mention, tokens) -> list:
    """Tokens naming what the figure counts: "12 [military posts]", "scores of [civilians]"."""
    last = tokens[-1]
    if m.kind == MentionKind.HYPHEN_COUNT:  # "a 30-round magazine" counts the rounds a magazine holds
        word = _overlapping(parse, m.start, m.end)[-1]
        head = word.head
        if head.i > word.i and head.pos_ in _NOUN_POS:
            return [t for t in _tokens(parse, word.i, head.i + 1) if not t.is_punct]
        return [word]
    after = _tokens(parse, _first_at(parse, m.end))
    if m.kind == MentionKind.VAGUE or (after and after[0].lower_ == "of" and m.kind in (MentionKind.FRACTION, MentionKind.VAGUE)):
        of = last if last.lower_ == "of" else (after[0] if after and after[0].lower_ == "of" else None)
        if of is not None:
            objects = [c for c in of.children if c.dep_ == "pobj"]
            if objects:
                return _noun_phrase(objects[0])
            return _noun_run([t for t in _tokens(parse, of.i + 1) if t.pos_ != "DET"])
    if m.unit.dimension not in ("count", "currency", "percentage", "fraction") and m.kind != MentionKind.HYPHEN_UNIT:
        if after and after[0].lower_ == "of":  # "8 kg of grapes", "three hours of (inconclusive) talks"
            return _noun_run(_skip_leading(after[1:]))
        return []
    if m.unit.dimension == "count" and len(after) > 2 and after[0].lower_ == "of" \
            and after[1].lower_ in ("the", "these", "those", "its", "their", "his", "her", "our"):
        # A partitive: "281 of the 3,050 passengers" counts passengers.
        return _noun_run(_skip_leading(t for t in after[2:] if t.pos_ != "NUM"))
    head = last.head
    while head.pos_ == "NUM" and head.i != head.head.i and head.head.i > head.i:
        head = head.head  # "3 million": the head of "million" is what is counted
    if head.i > last.i and head.pos_ in _NOUN_POS and last.dep_ in _MODIFIER_DEPS | {"pobj"}:
        start = max(last.i + 1, _first_at(parse, m.end))  # after the surface: not "or more", "or so"
        between = _tokens(parse, start, head.i)
        if all(t.pos_ in _RUN_POS | {"PUNCT", "ADV", "CCONJ"} or t.tag_ in ("VBN", "VBG")
               or (t.like_num and "PROPN" in (t.nbor().pos_, t.nbor(-1).pos_))  # "two new 737 Max jets"
               for t in between):
            return [t for t in _tokens(parse, start, head.i + 1) if not t.is_punct]
    run = _noun_run(after)
    if run and not _is_time_phrase(run):
        return run
    if head.i < tokens[0].i and head.pos_ == "NOUN" and last.dep_ in ("appos", "nummod", "npadvmod", "attr"):
        return _noun_phrase(head)  # "population 3 million"
    if head.lower_ == "of" and head.i < tokens[0].i and head.head.pos_ in _NOUN_POS and head.head.i < head.i \
            and head.head.idx < m.start:  # not the qualifier's own noun ("in the region of 5,000")
        return _noun_phrase(head.head)  # "a population of 3 million", "a death toll of more than 1,000"
    if after and after[0].lower_ == "of" and m.unit.dimension in ("currency", "percentage", "fraction"):
        return _noun_run([t for t in after[1:] if t.pos_ != "DET"])
    return []


def _measure_tokens(parse, m: Mention, tokens) -> list:
    """What a figure with a unit (or a bare count) measures when no noun follows it: the property
    ("at a depth of 8 km" -> depth), the purpose of money ("$40 million in relief funds" ->
    relief funds), or the subject of its verb ("the death toll rose to 312", "the talks lasted
    five hours", "the index rose 19 per cent")."""
    last = parse[_first_at(parse, m.end) - 1]
    node = tokens[-1]
    for t in _ancestors(node, 4):
        if t.lower_ == "of" and t.head.pos_ == "NOUN" and t.head.i < t.i:
            return _noun_phrase(t.head)  # "a depth of 8 km", "a distance of 40 kilometers"
        if t.pos_ in ("VERB", "AUX"):
            break
    after = _tokens(parse, last.i + 1)
    if m.unit.dimension == "currency" and len(after) > 1 and after[0].lower_ in ("in", "for", "of", "to") \
            and after[1].pos_ != "PROPN":
        run = _noun_run(_skip_leading(t for t in after[1:]))
        if run and all(t.pos_ != "PROPN" for t in run) and not any(t.like_num for t in run):
            return run  # "$40 million in relief funds", "$2 billion for reconstruction"
    verb = _verb_of(node)
    between = [t for t in _ancestors(node, 4) if verb is not None and t.i != verb.i and verb in t.ancestors]
    if verb is not None and node.dep_ != "punct" and not any(t.dep_ in ("dobj", "nsubj", "nsubjpass") for t in between) \
            and not any(t.dep_ == "prep" and t.lower_ not in ("to", "by") for t in between):
        # (a number the parser hangs on a verb as punctuation, as in a headline's "... shooting
        # that injured 9", is not what the verb's subject came to)
        # the figure is what its subject came to, not when or where it happened ("in the last 24 hours")
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN" and child.i < node.i:
                return _noun_phrase(child)  # "the death toll rose to 312", "the talks lasted five hours"
    return []


def _is_age(m: Mention, surface: str, concept_tokens, lex) -> bool:
    """"John Smith, 34", "aged 25", or "a 17-year-old (boy)": an N-year-old that describes a
    person or nobody named ("seven-year-old uprising" is the war's age, a figure)."""
    if m.kind == MentionKind.AGE:
        return True
    if m.kind != MentionKind.HYPHEN_UNIT or m.unit.name != "year" or not surface.lower().endswith("-old"):
        return False
    if not concept_tokens:
        return True
    if concept_tokens[-1].pos_ == "PROPN":
        return True  # "23-year-old John Zawahri"
    head = concept_tokens[-1].lower_
    return any(word in lex.person_class or word in lex.person_nouns for word in (head, head.rstrip("s")))


def _name_before(parse, first) -> str:
    """The proper name right before ", 34": "Maria Lopez"."""
    i = first.i - 1
    while i >= 0 and parse[i].is_punct:
        i -= 1
    words = []
    while i >= 0 and (parse[i].pos_ == "PROPN" or parse[i].text[:1].isupper()) and not parse[i].is_punct:
        words.insert(0, parse[i].text)
        i -= 1
    return " ".join(words)


def figure_role(row: dict, start: int, end: int, lex):
    """The role of a fact row's figure in its story (`roles.role_of`); `start`, `end` are its
    offsets in the row's sentence. (An age has no claim key: it stays out of claims unless two
    sources word its sentence the same.)"""
    people = row["event"] in lex.person_events or _counts_people(row["measure"], lex)
    return role_of(row["sentence"], start, end, people, row["event"], row["published"])


def _counts_people(measure: str, lex) -> bool:
    """"three victims", "two officers": the measure's head names people."""
    head = measure.lower().split()[-1] if measure.strip() else ""
    return any(word in lex.person_class or word in lex.person_nouns for word in (head, head.rstrip("s")))


def _span_text(sentence: str, tokens) -> str:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return sentence[start:end].strip(" -")


_EVENT_STOP_POS = {"NUM"}


def _event(parse, m: Mention, tokens, concept_tokens, measure_tokens, predicate: str, lemma) -> str:
    """The event a count belongs to: the words right after it and its noun ("Three dead",
    "six people were shot", "two fatally"), else the verb right before it ("killing one"),
    else a noun that carries it ("the death toll"), else the verb it hangs on."""
    lex = lexicon()
    first = tokens[0].i
    if first >= 3 and parse[first - 1].lower_ in _PARTITIVE_DETERMINERS and parse[first - 2].lower_ == "of" \
            and parse[first - 3].like_num:
        # the whole of a partitive: "281 of the 3,050 passengers fell ill" (281 fell ill), unless
        # a participle right after its noun gives the whole its own event: "one of the four
        # people wounded by gunfire" (four were wounded)
        after = _tokens(parse, (concept_tokens or tokens)[-1].i + 1, (concept_tokens or tokens)[-1].i + 2)
        if after and after[0].tag_ == "VBN":
            return event_after([after[0].lower_], lex)
        return ""
    last = concept_tokens[-1] if concept_tokens else tokens[-1]
    whole = _partitive_whole(parse, tokens)
    if whole is not None and whole.i > last.i:
        last = whole  # "two of the wounded | died": the event is what follows the set
    words = []
    for t in _tokens(parse, last.i + 1, last.i + 1 + 8):
        if words and t.i > last.i + 1 and t.nbor(-1).lower_ == "-" and not t.nbor(-1).whitespace_ \
                and not t.nbor(-2).whitespace_ and len(words) >= 2 and words[-1] == ",":
            # a hyphenated compound is one word: "an apparent murder-suicide"
            words[-2:] = [f"{words[-2]}-{t.lower_}"]
            continue
        words.append("#" if t.like_num or t.pos_ in _EVENT_STOP_POS else "," if t.is_punct else t.lower_)
    event = event_after(words, lex)
    if event:
        return event
    start = _first_at(parse, m.start)  # the tokens before the mention (its qualifier included)
    before = _tokens(parse, max(0, start - 2), start)
    if before and before[-1].i < first and not before[-1].is_punct:
        event = event_before([t.lower_ for t in before], lex)
        if event:
            return event
    for t in _ancestors(last, 3):
        if t.lower_ == "of" and t.head.i < t.i and lex.event_nouns.get(lemma(t.head)):
            return lex.event_nouns[lemma(t.head)]  # "the shooting deaths of three people"
    if measure_tokens:
        key = " ".join(lemma(t) for t in measure_tokens)
        head = lemma(measure_tokens[-1])
        event = lex.event_nouns.get(key) or lex.event_nouns.get(head, "")
        if event:
            return event
    return lex.event_verb(predicate)


def _place(parse, anchor, found: list, ner: bool) -> str:
    """The place the figure is located in, when the sentence attaches one to the figure's noun or
    verb: "12 military posts inside Idlib province" -> "Idlib province"."""
    for t in _ancestors(anchor, 3):
        for child in t.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "inside", "at", "near", "across", "within"):
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    for token in [obj, *(c for c in obj.children if c.dep_ == "compound")]:
                        place = place_name(parse, token, found, ner)
                        if place:
                            return place
    return ""


def _is_time_phrase(tokens) -> bool:
    """"last year", "this week": when a figure was stated, not what it counts."""
    return tokens[-1].lower_.rstrip("s") in _TIME_WORDS and any(
        t.lower_ in ("last", "this", "next", "past", "previous", "same") for t in tokens)


def _skip_leading(tokens) -> list:
    """Drop the determiners and adverbs that open a phrase: "the", "apparently"."""
    tokens = list(tokens)
    while tokens and tokens[0].pos_ in ("DET", "ADV"):
        tokens.pop(0)
    return tokens


def _noun_run(tokens) -> list:
    """Adjectives and nouns from the start of `tokens` up to the last noun of the run."""
    run, last_noun = [], -1
    for t in tokens:
        if (t.pos_ in _RUN_POS and not (t.pos_ == "VERB" and t.tag_ not in ("VBN", "VBG"))) or t.text == "-":
            run.append(t)
            if t.pos_ in _NOUN_POS:
                last_noun = len(run) - 1
            elif last_noun >= 0:
                break
        else:
            break
    return run[:last_noun + 1]


def _noun_phrase(noun) -> list:
    lefts = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod") and not t.is_punct]
    return sorted(lefts + [noun], key=lambda t: t.i)


def _counts_something(parse, last) -> bool:
    """A four-digit number is a count, not a year, when it modifies a plural noun: "2018 people"."""
    head = last.head
    previous = parse[last.i - 1].lower_ if last.i > 0 else ""
    return (last.dep_ == "nummod" and head.i > last.i and head.tag_ in ("NNS", "NNPS")
            and previous not in _YEAR_PREPOSITIONS)


def _modifies_noun(last, concept_tokens) -> bool:
    return bool(concept_tokens) and (last.dep_ in _MODIFIER_DEPS or concept_tokens[0].i == last.i + 1)


def _concept_text(parse, concept_tokens, m: Mention, sentence: str) -> str:
    if concept_tokens:
        return _span_text(sentence, concept_tokens)
    if m.unit.name and m.kind != MentionKind.HYPHEN_UNIT:
        number_text_end = m.number_end
        return sentence[number_text_end:m.end].strip(" -.").split("-")[0] or m.unit.name
    return ""


_PARTITIVE_DETERMINERS = {"the", "these", "those", "its", "their", "his", "her", "our"}


def _set_start(parse, tokens) -> int | None:
    """Where the set of a partitive count begins ("two of the | wounded"), or None when the
    figure is not followed by "of the/those/their...". """
    i = tokens[-1].i + 1
    if i + 2 < len(parse) and parse[i].lower_ == "of" and parse[i + 1].lower_ in _PARTITIVE_DETERMINERS:
        return i + 2
    return None


def _partitive_whole(parse, tokens):
    """The last word of the set a partitive count is taken from ("two of the wounded" ->
    "wounded", "three of those victims" -> "victims"), or None."""
    start = _set_start(parse, tokens)
    if start is None:
        return None
    last = None
    for t in _tokens(parse, start, start + 4):
        if t.like_num or t.pos_ in ("ADJ", "NOUN", "PROPN") or t.tag_ in ("VBN", "VBG"):
            last = t
            if t.pos_ in ("NOUN", "PROPN") and not (t.i + 1 < len(parse) and parse[t.i + 1].pos_ == "NOUN"):
                break
        else:
            break
    return last


def _partitive(parse, tokens, lemma, event: str) -> bool:
    """"two of the wounded are in critical condition": part of a set that is itself the toll of
    the same event, so a sub-count of it. "281 of the 3,050 passengers fell ill" and "two of the
    wounded died" state a toll of their own."""
    lex = lexicon()
    start = _set_start(parse, tokens)
    if start is None:
        return False
    for t in _tokens(parse, start, start + 3):
        if t.like_num or (t.pos_ == "ADJ" and not event_at([t.lower_], 0, lex)[0]):
            continue
        return bool(event) and (event_at([t.lower_], 0, lex)[0] or lex.event_nouns.get(lemma(t))) == event
    return False


def _other(parse, tokens) -> bool:
    """"the other four parties", "another 1,000 houses", "two more times": a different set."""
    first, last = tokens[0], tokens[-1]
    before = parse[first.i - 1].lower_ if first.i > 0 else ""
    after = parse[last.i + 1].lower_ if last.i + 1 < len(parse) else ""
    return before in ("other", "another", "additional", "further", "extra") or after in ("more", "additional", "other")


def _rate(parse, last) -> str:
    """"per day", "a day", "each box", "in every box" right after a figure's concept -> "day"."""
    i = last.i + 1
    if i < len(parse) and parse[i].lower_ == "in":
        i += 1
    if i + 1 < len(parse) and parse[i].lower_ == "per" and parse[i + 1].like_num:
        return "per " + parse[i + 1].lower_  # "19.3 deaths per 100,000 people"
    if i + 1 < len(parse) and parse[i].lower_ in ("per", "a", "an", "each", "every") \
            and parse[i + 1].pos_ == "NOUN" and (parse[i].lower_ != "a" or parse[i + 1].lower_ in _TIME_WORDS):
        return parse[i + 1].lower_.rstrip("s")
    return ""


_IRREGULAR = {w: "be" for w in ("is", "are", "was", "were", "am", "been", "being", "'s", "'re")}
_IRREGULAR.update({"has": "have", "had": "have", "having": "have"})
_TIME_WORDS = {"day", "week", "month", "year", "hour", "minute", "second", "night", "decade"}


def _ancestors(token, limit: int = 6):
    """`token` and the heads above it, nearest first, at most `limit` of them."""
    for _ in range(limit):
        yield token
        if token.head.i == token.i:
            return
        token = token.head


def _predicate(token, lemma) -> str:
    """Lemma of the nearest verb above `token`: "killing more than a dozen civilians" -> "kill";
    "home to 3 million people" counts who lives there: "live"."""
    for t in _ancestors(token):
        if t.lower_ == "home" and any(c.lower_ == "to" for c in t.children):
            return "live"
        if t.pos_ in ("VERB", "AUX") or (t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "acl")):
            return lemma(t)
    return ""


def _verb_of(token):
    return next((t for t in _ancestors(token) if t.pos_ in ("VERB", "AUX")), None)


def _actor(token) -> str:
    """Who holds or does what the figure counts, when the sentence names them as its proper-noun
    subject: "Turkey has 12 military posts" -> "Turkey". Empty otherwise."""
    verb = _verb_of(token)
    if verb is None:
        return ""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "PROPN" and child.i < token.i:
            words = [t for t in child.subtree if t.pos_ == "PROPN" or t.text in (".", "-")]
            return " ".join(t.text for t in words).replace(" .", ".").strip()
    return ""


def _concept_key(tokens, lemma) -> str:
    """Lower-case lemmas of the content words, nationality adjectives dropped:
    "Turkish observations points" -> "observation point"."""
    words = []
    for i, t in enumerate(tokens):
        is_head = i == len(tokens) - 1
        if not is_head and (t.ent_type_ in ("NORP", "GPE") or t.pos_ == "PROPN" or t.tag_ == "NNP"):
            continue
        if not is_head and t.pos_ == "ADJ" and t.text[:1].isupper():
            continue
        words.append(lemma(t) or t.lower_)
    return " ".join(words)


_FLOAT_COLUMNS = ("value", "low", "high", "base_value", "base_low", "base_high", "rounding")
_INT_COLUMNS = ("sentence_id", "line", "column", "start", "end")


def frame(rows: list[dict]):
    """The fact table as a DataFrame with stable dtypes, even when empty, built in one typed
    step: three blocks (floats, integers, text) handed to pandas as they are. Building it
    column by column cost more than extracting a short sentence."""
    try:
        return _frame_from_blocks(rows)
    except (ImportError, AttributeError, TypeError):  # a pandas without the block API of 2.x
        return _frame_from_columns(rows)


def _column_groups():
    floats = [i for i, c in enumerate(FACT_COLUMNS) if c in _FLOAT_COLUMNS]
    ints = [i for i, c in enumerate(FACT_COLUMNS) if c in _INT_COLUMNS]
    texts = [i for i in range(len(FACT_COLUMNS)) if i not in floats and i not in ints]
    return floats, ints, texts


_FLOATS, _INTS, _TEXTS = _column_groups()


@lru_cache(maxsize=1)
def _columns_index():
    import pandas as pd

    return pd.Index(FACT_COLUMNS)


def _frame_from_blocks(rows: list[dict]):
    import numpy as np
    import pandas as pd
    from pandas.core.internals import BlockManager
    from pandas.core.internals.api import make_block

    n = len(rows)
    values = [[row.get(column) for row in rows] for column in FACT_COLUMNS]
    floats = np.array([values[i] for i in _FLOATS], dtype="float64").reshape(len(_FLOATS), n)
    ints = np.array([values[i] for i in _INTS], dtype="int64").reshape(len(_INTS), n)
    texts = np.empty((len(_TEXTS), n), dtype=object)
    for k, i in enumerate(_TEXTS):
        texts[k, :] = values[i]
    blocks = [make_block(texts, placement=_TEXTS), make_block(floats, placement=_FLOATS),
              make_block(ints, placement=_INTS)]
    # The three blocks cover every column once, by construction: nothing for pandas to verify.
    manager = BlockManager(blocks, [_columns_index(), pd.RangeIndex(n)], verify_integrity=False)
    return pd.DataFrame._from_mgr(manager, axes=manager.axes)


def _frame_from_columns(rows: list[dict]):
    import numpy as np
    import pandas as pd

    columns = {}
    for column in FACT_COLUMNS:
        values = [row.get(column) for row in rows]
        if column in _FLOAT_COLUMNS:
            columns[column] = np.array(values, dtype="float64")
        elif column in _INT_COLUMNS:
            columns[column] = np.array(values, dtype="int64")
        else:
            array = np.empty(len(values), dtype=object)
            array[:] = values
            columns[column] = array
    return pd.DataFrame(columns, copy=False)
