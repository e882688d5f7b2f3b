"""Documents -> fact rows, read from spaCy's parse (loaded by `nlp`).

Pipeline per chunk of documents: split sentences (regex), keep those that can hold a number,
spot figures in them (`spot`, pure text), then run spaCy once over just the sentences with
figures and read each figure with the rules of `rules` (what it counts, its event, verb,
holder and place; the grammatical cases text alone cannot settle: "in 2018" is a date, "2018
people" a count; "one civilian contractor" is a figure, "a new one" is not). `table` turns the
rows into the fact table.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import replace
from functools import lru_cache

from ..figures.cues import sentence_cues
from ..figures.frames import PART, event_at, lexicon
from ..figures.roles import tokens as role_tokens
from ..figures.spot import Mention, spot
from ..figures.timescope import time_scope
from ..figures.units import COUNT, UnitCatalogue
from ..inputs.documents import chunks
from ..inputs.sentences import Lines, can_hold_number, positions, split_sentences
from ..inputs.text import clean_text
from ..types import TOLL_ROLES, Document, DocumentStatus, MentionKind
from .names import names
from .nlp import load, lone_token
from .options import ExtractOptions
from .rules import (
    OTHER_WORDS,
    Tokens,
    concept_key,
    concept_text,
    counts_something,
    figure_role,
    find_actor,
    find_concept_tokens,
    find_event,
    find_measure_tokens,
    find_name_before,
    find_place,
    find_predicate,
    find_rate,
    first_token_at,
    is_age,
    is_other,
    is_partitive,
    modifies_noun,
    overlapping_tokens,
    span_text,
)

_SMALL_WORD_LIMIT = 10


_LEMMA_MEMO_LIMIT = 100_000  # distinct (word, part of speech, morphology) lemmas remembered


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
        self._noun_lemmas: dict[tuple, str] = {}
        self._blas = None  # threadpoolctl's controller, made once the parser's libraries are loaded
        self._lines: Lines | None = None  # the line breaks of the document being read

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
            for sentence_id, start, sentence, mentions, position in self._sentences(doc):
                if mentions:
                    pending.append((index, sentence_id, start, sentence, mentions, position))
        parsed = self._parses([p[3] for p in pending])
        rows: list[list[dict]] = [[] for _ in documents]
        last = {entry[0]: k for k, entry in enumerate(pending)}  # a document is done after its last sentence
        done = 0
        for k, (index, sentence_id, offset, sentence, mentions, position) in enumerate(pending):
            parse = next(parsed)
            rows[index] += [row for _, row, _ in self._read_sentence(documents[index], sentence_id, offset,
                                                                     sentence, mentions, parse, position)
                            if row is not None]
            while done < len(documents) and last.get(done, -1) <= k:  # stream each finished document
                yield documents[done], rows[done]
                done += 1
        for doc, doc_rows in zip(documents[done:], rows[done:]):
            yield doc, doc_rows

    def _parses(self, sentences: list[str]) -> Iterator:
        """The parse of each sentence, in order, a batch at a time: the BLAS thread limit is held
        only while a batch is parsed (the caller's own work keeps its threads), once a batch
        rather than once a sentence. When the fast path fails, that batch is parsed again, and
        the rest of the run, on stock spaCy."""
        size = self.options.batch_size
        for at in range(0, len(sentences), size):
            batch = sentences[at:at + size]
            with self._threads():
                docs = self._parse(batch, size)
                if self._failed():
                    docs = self._parse(batch, size)
            yield from docs

    def _parse(self, batch: list[str], size: int) -> list:
        """One sentence through the pipeline's call (a call of one sentence, as `extract_text`
        makes, skips `pipe`'s batching machinery: about 2.5% of the call), more as a batch."""
        return [self.nlp(batch[0])] if len(batch) == 1 else list(self.nlp.pipe(batch, batch_size=size))

    def _read_sentence(self, doc: Document, sentence_id: int, offset: int, sentence: str, mentions, parse,
                       position: str = "body") -> list:
        """(mention, its fact row or None, why it was dropped) for each mention of a parsed
        sentence. `position`: the sentence's place in its article (`sentences.positions`)."""
        parse = Tokens(parse)
        scope = time_scope(sentence)
        cues = sentence_cues(sentence)
        found = names(parse, self.options.ner) if self.options.entities else []
        entities = "; ".join(dict.fromkeys(text for _, _, text in found))
        out = []
        words = role_tokens(sentence) if len(mentions) > 1 else None  # read once for every figure
        caption_day = _earlier_caption(doc, offset) if position == "caption" else None
        for mention in mentions:
            why: list[str] = []
            row = self._row(doc, sentence_id, offset, sentence, mention, parse, entities, scope, found, why)
            if row is not None:
                row["position"], row["cues"] = position, cues
                role = figure_role(row, mention.start, mention.end, self.lexicon, words)
                row["role"], row["role_reason"] = role.role.value, role.reason
                if caption_day and role.role in TOLL_ROLES:  # a count of the caption's day
                    row["published"], row["role_reason"] = caption_day[0], f"{role.reason}; {caption_day[1]}"
            out.append((mention, row, why[0] if why else ""))
        return out

    def _row(self, doc: Document, sentence_id: int, offset: int, sentence: str, m: Mention, parse,
             entities: str, scope: str, found: list, why: list | None = None) -> dict | None:
        """The fact row of a mention, or None (with the reason appended to `why`)."""
        def drop(reason: str) -> None:
            if why is not None:
                why.append(reason)

        number_end = m.end if m.kind == MentionKind.HYPHEN_UNIT else m.number_end
        tokens = overlapping_tokens(parse, m.number_start, number_end)
        if not tokens:
            return drop("no token of the parse covers the number")
        concept_tokens = find_concept_tokens(parse, m, tokens)
        if concept_tokens and event_at([t.lower_ for t in concept_tokens], 0, self.lexicon)[1] == len(concept_tokens) \
                and concept_tokens[-1].lower_ not in self.lexicon.counted_nouns:
            concept_tokens = []  # "3 Hurt", "4 shot": an event word, not what is counted
        if m.kind == MentionKind.YEAR_LIKE and not counts_something(parse, tokens[-1]):
            return drop("a year (it counts nothing: in 2018, the 2018 cease-fire)")
        anchor = concept_tokens[-1] if concept_tokens else tokens[-1]
        predicate = find_predicate(anchor, self.lemma)
        if is_age(m, sentence[m.start:m.end], concept_tokens, self.lexicon):
            return self._age_row(doc, sentence_id, offset, sentence, m, parse, tokens, concept_tokens, entities, scope)
        measure_tokens = concept_tokens or find_measure_tokens(parse, m, tokens, self.lemma)
        event = find_event(parse, m, tokens, concept_tokens, measure_tokens, predicate, self.lemma) \
            if m.unit.dimension == "count" else ""
        if m.kind in (MentionKind.WORD_ONE, MentionKind.WORD) and m.unit.dimension == "count" and m.value <= _SMALL_WORD_LIMIT \
                and not modifies_noun(parse, tokens[-1], concept_tokens) and event not in self.lexicon.person_events:
            # "a new one that started", "the two met": no figure of anything ("two dead" is one)
            return drop("a small number word that modifies no noun (a new one, the two met)")
        concept = concept_text(parse, concept_tokens, m, sentence)
        measure = span_text(sentence, measure_tokens) if measure_tokens else ""
        holder = find_actor(anchor)
        row = self._base_row(doc, sentence_id, offset, sentence, m)
        if m.unit == COUNT:
            row["unit"] = self._counted_unit(parse, m, tokens, concept_tokens)
        row.update({
            "concept": concept, "concept_key": self._key(parse, measure_tokens, tokens, m, event),
            "predicate": predicate, "actor": holder, "measure": measure, "event": event, "holder": holder,
            "place": find_place(parse, anchor, found, self.options.ner), "entities": entities, "time_scope": scope,
        })
        return row

    def _sentences(self, doc: Document, dropped: list | None = None) -> Iterator[tuple]:
        """(sentence id, start, sentence, its figures, position) of each sentence of `doc` that
        can hold a number: the one sentence loop of extraction and `explain`. `dropped`
        collects the candidates the grammar left out (`spot`), sentence by sentence."""
        spans = split_sentences(doc.text)
        for sentence_id, ((start, end), position) in enumerate(zip(spans, positions(doc.text, doc.title, spans))):
            sentence = doc.text[start:end]
            if can_hold_number(sentence):
                yield sentence_id, start, sentence, spot(sentence, self.units, dropped), position

    def explain(self, text: str) -> list[dict]:
        """Every candidate figure of `text` and what became of it, in order: kept (with its value,
        qualifier, unit and concept) or dropped, and why. For tuning the grammar: `facts explain`."""
        out = []
        doc = Document("text", "text", text=clean_text(text))
        dropped: list = []
        for sentence_id, start, sentence, mentions, position in self._sentences(doc, dropped):
            out += [{"start": start + d.start, "surface": d.surface, "kept": False, "reason": d.reason} for d in dropped]
            dropped.clear()
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
        holder = span_text(sentence, concept_tokens) if concept_tokens else find_name_before(parse, tokens[0])
        row = self._base_row(doc, sentence_id, offset, sentence, m)
        row.update({"concept": "age", "concept_key": "", "predicate": "", "actor": holder, "measure": "age",
                    "event": "", "holder": holder, "place": "", "entities": entities, "time_scope": scope})
        return row

    def _base_row(self, doc, sentence_id, offset, sentence, m: Mention) -> dict:
        base_value, base_unit = self.units.to_base(m.value, m.unit)
        base_low, _ = self.units.to_base(m.low, m.unit)
        base_high, _ = self.units.to_base(m.high, m.unit)
        if self._lines is None or self._lines.text is not doc.text:
            self._lines = Lines(doc.text)  # once per document: counting from its start per figure was quadratic
        line, column = self._lines.line_column(offset + m.start)
        return {
            "doc_id": doc.doc_id, "sentence_id": sentence_id, "line": line, "column": column, "sentence": sentence,
            "start": offset + m.start, "end": offset + m.end, "surface": sentence[m.start:m.end],
            "value": m.value, "low": m.low, "high": m.high, "qualifier": m.qualifier, "trend": m.trend,
            "unit": m.unit.name, "base_value": base_value, "base_low": base_low, "base_high": base_high,
            "base_unit": base_unit, "dimension": m.unit.dimension, "rounding": m.step, "published": doc.published,
            "title": doc.title, "source": doc.source, "url": doc.url, "story": doc.story,
        }

    def _counted_unit(self, parse, m: Mention, tokens, concept_tokens) -> str:
        """The unit of a count that names what it counts after the number: the counted noun in the
        singular ("13 sorority sisters" -> "sister", "a 300-member parliament" -> "member", "two of
        the victims" -> "victim", "4 million Syrians" -> "Syrian"), with its rate ("30 cigarettes a
        day" -> "cigarette per day"); "" when no noun follows ("Three dead", "the population, 3
        million") or a singular one follows more than one ("500 or greater need a signature")."""
        if m.kind == MentionKind.HYPHEN_COUNT:
            noun = overlapping_tokens(parse, m.start, m.end)[-1]
            return self.noun_lemma(noun)
        if not concept_tokens or concept_tokens[-1].i <= tokens[-1].i or concept_tokens[-1].pos_ not in ("NOUN", "PROPN"):
            return ""
        noun = concept_tokens[-1]
        word = self.noun_lemma(noun)
        if noun.tag_ not in ("NNS", "NNPS") and m.value != 1 and word.lower() not in self.units.counted_singular:
            return ""
        rate = find_rate(parse, noun)
        return f"{word} per {rate.removeprefix('per ')}" if rate else word

    def noun_lemma(self, token) -> str:
        """A noun's lemma; a proper noun's too ("Syrians" -> "Syrian", a headline's "Cops" ->
        "cop"), which spaCy's rules leave as written: it is read as a plural noun, and keeps its
        capital unless its sentence capitalises most words (a headline)."""
        if token.pos_ != "PROPN":
            return self.lemma(token)
        words = [t for t in token.doc if t.is_alpha and len(t) > 3]
        capital = token.text[:1].isupper() and 2 * sum(t.is_title for t in words) <= len(words)
        key = (token.text, token.tag_, capital)
        found = self._noun_lemmas.get(key)
        if found is None:
            noun = lone_token(self.nlp, token.lower_, "NOUN", "NNS" if token.tag_ == "NNPS" else "NN")
            found = self._lemmatizer.rule_lemmatize(noun)[0].lower()
            found = found[:1].upper() + found[1:] if capital else found
            if len(self._noun_lemmas) >= _LEMMA_MEMO_LIMIT:
                self._noun_lemmas.clear()
            self._noun_lemmas[key] = found
        return found

    def _key(self, parse, concept_tokens, tokens, m: Mention, event: str = "") -> str:
        """The concept key used for grouping: lemmas of the concept, plus its rate ("per day").
        A figure with a unit but no concept ("three hours") is keyed by its dimension and verb
        ("time|hold"), so that only the same action's durations or distances are compared."""
        if concept_tokens:
            key = concept_key(concept_tokens, self.lemma)
            last = concept_tokens[-1]
        elif m.unit.name and m.kind != MentionKind.HYPHEN_UNIT:
            verb = find_predicate(tokens[-1], self.lemma)
            if verb in ("be", "have", ""):
                return ""
            key = f"{m.unit.dimension} {verb}"
            last = parse[first_token_at(parse, m.end) - 1]
        elif is_partitive(parse, tokens, self.lemma, event):
            return PART  # "two of them were in critical condition"
        else:
            return ""
        rate = find_rate(parse, last)
        key = f"{key} per {rate}" if rate else key
        if is_partitive(parse, tokens, self.lemma, event):
            return PART + key
        if not is_other(parse, tokens):
            return key
        first, _, rest = key.partition(" ")  # "two other victims": the concept says "other" already
        return f"other {rest if first in OTHER_WORDS and rest else key}"

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


_IRREGULAR = {**{w: "be" for w in ("is", "are", "was", "were", "am", "been", "being", "'s", "'re")},
              "has": "have", "had": "have", "having": "have"}
"""Auxiliaries whose lemma the rule lemmatizer, reading one word, cannot give."""


def _earlier_caption(doc: Document, offset: int) -> tuple[str, str] | None:
    """(the day, why) when the credit of the caption line at `offset` dates the photo or video
    before its article, else None: "(Published Monday, Sept. 7, 2020)" in an article of Sept. 10
    gives Monday's count, so its tolls are dated Monday."""
    from ..inputs.metadata import caption_date

    start = doc.text.rfind("\n", 0, offset) + 1
    end = doc.text.find("\n", offset)
    dated = caption_date(doc.text[start:end if end >= 0 else len(doc.text)])
    published = str(doc.published or "")[:10]
    if dated and published and dated < published:
        return dated, f"a caption dated {dated}, before its article ({published})"
    return None
