"""Stories: which documents of a collection report one event. Claims are formed inside a story,
so that two shootings in one feed never meet in one claim.

A person's grouping wins: a `story` (or `event`) field of a JSONL/CSV row, or `folder` (each
sub-folder one story). Otherwise stories are found from the documents themselves
(`find_stories`):

- each document is a TF-IDF vector of its words (numbers and ages included: "14-year-old",
  "700 block"), and of the names it gives (runs of capitalised words: "George Korchev",
  "Fairview Avenue") that few documents share;
- two documents are compared only when they share a rare word (blocking: never all pairs);
- their similarity is the cosine of their vectors, plus a bonus per rare name they share,
  minus a penalty that grows with the log of the days between them (a follow-up weeks later
  still joins on names; two shootings of one city and weekend stay apart on their streets and
  victims), plus a bonus when a few days apart their headlines or leads give the same dead and
  injured; documents weeks apart whose tolls one shooting's reports never give (fewer dead
  later, another number shot) are never one story;
- documents are grouped by average linkage (a group joins another only when their documents
  are similar on average), within the connected parts of the similarity graph: one roundup
  article that mentions two shootings does not chain them into one story;
- in a small collection (under `SMALL_COLLECTION` documents) word statistics say little, and
  what a person gathered is most often one event: groups split only when clearly apart;
- a story of a few documents joins a large story its documents resemble on average
  (`JOIN_AVERAGE`): a short wire or a late follow-up of a well-reported event, below the
  threshold with each of its reports.

The weights were chosen on the GVA dev mixed set and the sorted GVA dev folders (see README,
"Mixed collections: stories"). scipy does the
sparse algebra, the graph components and the linkage; scikit-learn is not used because its
presence switches quantulum3 to a classifier model (see pyproject.toml).
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

STORY_MODES = ("auto", "folder", "none")
"""`--stories`: auto (found from the documents), folder (each sub-folder one story), none (the
whole input is one story)."""

THRESHOLD = 0.18
"""Average similarity at which two groups of documents are one story."""
SMALL_COLLECTION, LARGE_COLLECTION = 6, 20
"""With few documents, word statistics of the collection say little about which words mark a
story, and what a person gathered is most often one event: up to `SMALL_COLLECTION` documents,
groups are split only when clearly apart (`SMALL_THRESHOLD`); from `LARGE_COLLECTION` on, at
`THRESHOLD`; in between, the threshold rises linearly."""
SMALL_THRESHOLD = 0.085


def threshold(n: int) -> float:
    """The similarity at which groups of a collection of `n` documents are one story."""
    if n <= SMALL_COLLECTION:
        return SMALL_THRESHOLD
    if n >= LARGE_COLLECTION:
        return THRESHOLD
    share = (n - SMALL_COLLECTION) / (LARGE_COLLECTION - SMALL_COLLECTION)
    return SMALL_THRESHOLD + share * (THRESHOLD - SMALL_THRESHOLD)


NAME_WEIGHT = 0.02
"""Bonus per shared rare name, times the name's inverse document frequency (log)."""
DAY_PENALTY = 0.02
"""Penalty times log(1 + days apart)."""
MAX_DAYS = 730
"""Documents further apart than this are never one story. Two years: trials and sentencing come
within them, and the day penalty already asks more of a link the later it comes."""
UNKNOWN_DAYS = 730
"""Days apart assumed when one of two documents has no publication date and the other has (the
undated one may be from any time); two undated documents are taken as of one time (nothing says
otherwise: an archive without dates)."""
RARE_NAME_DOCS = 5
"""A name shared by more documents than this (a city, a police department) earns no bonus."""
BLOCK_DOCS = 50
"""Blocking: two documents are compared only if they share a word found in at most this many
documents (and two or more)."""
TOLL_WEIGHT = 0.03
"""Bonus when two documents a few days apart (`TOLL_MATCH_DAYS`) give the same toll of killed and
of injured in their headline or lead ("1 dead, 3 wounded" and "left one man dead and three
others injured")."""
TOLL_MATCH_DAYS = 3
TOLL_CLASH_DAYS = 7
"""Two documents more than this many days apart whose headlines or leads give tolls that one
shooting's reports never give weeks apart report two shootings, unless one says its count
changed ("corrected"): never one story. The later gives fewer dead than the earlier, or another
number of people shot (dead and injured together: "2 dead, 2 wounded in Brighton Park shooting"
and, four weeks later, "1 dead, 4 wounded in Brighton Park shooting"). Weeks after a shooting its
dead may be more (a victim died) and its injured fewer, but the people shot are the same. Closer
in time, a new count may be an update or a correction; without both dates, nothing shows which
came first."""
SMALL_STORY, LARGE_STORY = 3, 7
JOIN_AVERAGE = 0.10
"""A story of at most `SMALL_STORY` documents joins a story of at least `LARGE_STORY` when its
documents' average similarity to that story's documents is at least `JOIN_AVERAGE` (the most
similar such story, when several are). A well-reported event gathers many reports; one worded
apart (a short wire, a later follow-up) falls below `THRESHOLD` with each of them, but not on
average with all of them: ECB+ dev's events are split into fewer stories (B-cubed recall 0.875
-> 0.954). A large story of 6 joined reports of other shootings in the tiled GVA archive of
`bench/stories_scale.py` (a chain of one city's shootings), of 7 none there, in the GVA mixed set
or in the GVA corpus. Chosen on ECB+ dev and those GVA sets, held out by ECB+ topic halves
(README, "News of other kinds: ECB+ dev")."""
LINKAGE_LIMIT = 4000
"""A connected part larger than this is cut by its strongest links only (single linkage):
average linkage needs the part's full similarity matrix."""

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*[A-Za-z0-9]|[A-Za-z0-9]")
_NAME = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)+)")
_STOP = frozenset("""
the a an and or of in on at to for with by from said police says say was were is are be been
has have had that this it its he she they his her their who which when after before as but not
no one two three four five six seven eight nine ten man woman people shooting shot killed dead
""".split())


@dataclass(frozen=True)
class StoryDocument:
    """What grouping reads of a document."""

    doc_id: str
    title: str
    text: str
    published: str = ""


def words(doc: StoryDocument) -> Counter:
    """The document's words, lower-case, without the words every shooting story uses."""
    text = f"{doc.title}\n{doc.text}"
    if _LOWERS_INTO_WORD.search(text):
        return Counter(t for t in (token.lower().replace("’", "'") for token in _TOKEN.findall(text))
                       if len(t) >= 2 and t not in _STOP)
    # the whole text lower-cased at once: the same words, since no other character lower-cases
    # into a character of a word, nor a character of a word into one that is not
    return Counter(t for t in _TOKEN.findall(text.lower().replace("’", "'")) if len(t) >= 2 and t not in _STOP)


_LOWERS_INTO_WORD = re.compile("[\u0130\u212a]")
"""The only characters outside words whose lower case holds a letter of a word ("İ" is "i̇", the
Kelvin sign "k"): a text with one is lower-cased a word at a time."""


INSTITUTION_WORDS = frozenset("""
police sheriff county department hospital medical office chief lt sgt officer detective spokesman
spokeswoman news times channel
""".split())
"""Words of names that belong to a beat, not a story: the sheriff, the county, the hospital and
the outlet appear in every shooting a newsroom covers ("Harris County Sheriff Adrian Garcia",
"Memorial Hermann Hospital")."""


def names(doc: StoryDocument) -> set[str]:
    """Runs of two or more capitalised words: people, streets, parks, businesses; not the
    officials, institutions and outlets of a beat (`INSTITUTION_WORDS`)."""
    found = (m.group(1).lower() for m in _NAME.finditer(f"{doc.title}\n{doc.text}"))
    return {name for name in found if not INSTITUTION_WORDS.intersection(re.split(r"[ -]", name))}


def term_weights(df, n: int):
    """The weight of each term in a collection of `n` documents: smoothed inverse document
    frequency (a word every document uses still weighs 1, so that a small folder's articles
    about one event are similar on their shared words)."""
    import numpy as np

    return np.log((n + 1) / (np.asarray(df) + 1)) + 1


def _day(published: str) -> int | None:
    try:
        return date.fromisoformat(str(published)[:10]).toordinal()
    except ValueError:
        return None


def _matrix(rows: list, vocabulary: dict):
    """A CSR matrix of per-document {term: weight} rows over `vocabulary` (built as it goes)."""
    import numpy as np
    import scipy.sparse as sp

    indptr, indices, data = [0], [], []
    for row in rows:
        for term, weight in row.items():
            indices.append(vocabulary.setdefault(term, len(vocabulary)))
            data.append(weight)
        indptr.append(len(indices))
    return sp.csr_matrix((np.array(data, float), np.array(indices, np.int64), np.array(indptr, np.int64)),
                         shape=(len(rows), len(vocabulary)))


_TITLE_SEPARATOR = re.compile(r"\s+[-|\u2013\u2014:]\s+")


def outlet_tails(titles: list[str]) -> set[str]:
    """The ends of titles that name an outlet, not a story: a part after a separator ("- CBS 5 -
    KPHO", "| Phoenix Breaking News, Weather, Sport") that ends two or more different titles of
    the collection. Two stories of one outlet share it and nothing else."""
    seen: dict[str, set] = {}
    for title in dict.fromkeys(t.strip() for t in titles):
        for m in _TITLE_SEPARATOR.finditer(title):
            tail = title[m.end():].strip().lower()
            if tail:
                seen.setdefault(tail, set()).add(title)
    return {tail for tail, where in seen.items() if len(where) >= 2}


_DOMAIN = re.compile(r"\b[a-z0-9-]+\.(?:com|org|net|tv|news|co|us)\b", re.IGNORECASE)


def _domain_tail(title: str) -> int | None:
    """Where the outlet starts in a title whose end names a web site ("... at Phoenix apartment
    com - azfamily.com 3TV | Phoenix Breaking News"): the separator before the first part that
    holds a domain name, when some words come before it."""
    parts = list(_TITLE_SEPARATOR.finditer(title))
    for k, m in enumerate(parts):
        end = parts[k + 1].start() if k + 1 < len(parts) else len(title)
        if _DOMAIN.search(title[m.end():end]) and not _DOMAIN.search(title[:m.start()]):
            return m.start() if title[:m.start()].strip() else None
    return None


def without_outlets(docs: list[StoryDocument]) -> list[StoryDocument]:
    """`docs` with the outlet's name cut from the end of each title: a tail that ends two or more
    titles (`outlet_tails`), or that names a web site."""
    tails = outlet_tails([d.title for d in docs])
    out = []
    for d in docs:
        title = d.title.strip()
        cut = next((m.start() for m in _TITLE_SEPARATOR.finditer(title) if title[m.end():].strip().lower() in tails),
                   None) if tails else None
        cut = cut if cut is not None else _domain_tail(title)
        out.append(replace(d, title=title[:cut]) if cut is not None else d)
    return out


def lead_tolls(doc: StoryDocument) -> tuple[float, float, bool]:
    """(killed, injured, says it changed) of a document's headline, else of its first sentence
    (`roles.stated_tolls`): NaN for an event neither gives a count of."""
    from ..figures.roles import revision_cue, stated_tolls
    from ..inputs.sentences import iter_sentences

    head = " ".join(doc.title.split())
    text = doc.text[:3000]
    # the first sentence that is not the title line (whose outlet name may have been cut from `title`)
    first = next((text[s:e] for s, e in iter_sentences(text) if not " ".join(text[s:e].split()).startswith(head)), "")
    tolls = {**stated_tolls(first), **stated_tolls(head)}
    return (tolls.get("killed", math.nan), tolls.get("injured", math.nan),
            bool(revision_cue(head) or revision_cue(first)))


def term_counts(doc: StoryDocument) -> dict[str, float]:
    """A document's terms and their log counts (1 + log count), as `_vectors` weighs them."""
    return {t: 1 + math.log(c) for t, c in words(doc).items()}


@dataclass(frozen=True)
class DocumentFeatures:
    """What `find_stories` reads of one document, besides its id and date: its terms
    (`term_counts`), its names (`names`, sorted) and its lead's tolls (`lead_tolls`). A function
    of its title (outlets cut) and text only, so kept between runs (`features_of`)."""

    terms: dict
    names: list
    tolls: tuple

    @staticmethod
    def of(doc: StoryDocument) -> DocumentFeatures:
        return DocumentFeatures(term_counts(doc), sorted(names(doc)), lead_tolls(doc))


def features_of(docs: list[StoryDocument], memo=None) -> list[DocumentFeatures]:
    """Each document's `DocumentFeatures`; with `memo` (the extraction cache: `story_features`,
    `keep_story_features`), those of a title and text met before are read back, not computed."""
    if memo is None:
        return [DocumentFeatures.of(d) for d in docs]
    from ..inputs.text import content_key

    keys = [content_key(memo.fingerprint, d.title, d.text) for d in docs]
    found = memo.story_features(sorted(set(keys)))
    made = {}
    for key, doc in zip(keys, docs):
        if key not in found and key not in made:
            made[key] = DocumentFeatures.of(doc)
    if made:
        memo.keep_story_features({key: [f.terms, f.names, list(f.tolls)] for key, f in made.items()})
    out = []
    for key in keys:
        if key in made:
            out.append(made[key])
        else:
            terms, held, tolls = found[key]
            out.append(DocumentFeatures(terms, held, tuple(tolls)))
    return out


def _vectors(docs: list[StoryDocument]):
    """(term counts as log tf, document frequencies, unit-length weighted vectors) of `docs`
    (`_weighted`), for `draft_stories`. Callers cut the outlet names from the titles first
    (`without_outlets`): they are not words of a story."""
    return _weighted(_matrix([term_counts(d) for d in docs], {}))


def _weighted(tf):
    """(tf, document frequencies, unit-length weighted vectors) of a log tf matrix: the one word
    model `find_stories` and `draft_stories` compare documents with."""
    import numpy as np
    import scipy.sparse as sp

    df = np.bincount(tf.indices, minlength=tf.shape[1])
    x = tf @ sp.diags(term_weights(df, tf.shape[0]))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    return tf, df, (sp.diags(1 / np.where(norms > 0, norms, 1)) @ x).tocsr()


@dataclass(frozen=True)
class StoryMatrices:
    """What `find_stories` reads of a collection, one row per document in order: its terms' log
    counts (`tf`) and its names (`names`, 1.0 each), as CSR matrices whose columns are the terms
    (`term_vocabulary`) and names (`name_vocabulary`) in order of first use, as `_matrix` builds
    them from the documents' `DocumentFeatures`; and its lead's tolls (`killed`, `injured`: NaN
    when not given; `changed`)."""

    tf: object
    term_vocabulary: list
    names: object
    name_vocabulary: list
    killed: object
    injured: object
    changed: object

    def __len__(self) -> int:
        return self.tf.shape[0]

    @staticmethod
    def of(features: list[DocumentFeatures]) -> StoryMatrices:
        import numpy as np

        vocabulary: dict = {}
        tf = _matrix([f.terms for f in features], vocabulary)
        name_vocabulary: dict = {}
        named = _matrix([{name: 1.0 for name in f.names} for f in features], name_vocabulary)
        killed, injured, changed = (np.array(c, dtype=t) for c, t in zip(
            zip(*(f.tolls for f in features)) if features else ((), (), ()), (float, float, bool)))
        return StoryMatrices(tf, list(vocabulary), named, list(name_vocabulary), killed, injured, changed)

    def encode(self) -> bytes:
        """The matrices as stored in the cache (`Cache.keep_story_table`): numpy arrays in a
        compressed .npz (no pickled objects), the vocabularies as lines of UTF-8."""
        import io

        import numpy as np

        arrays = {"killed": self.killed, "injured": self.injured, "changed": self.changed}
        for name, m, vocabulary in (("tf", self.tf, self.term_vocabulary), ("names", self.names, self.name_vocabulary)):
            arrays.update({f"{name}_indptr": m.indptr.astype(np.int64), f"{name}_indices": m.indices.astype(np.int64),
                           f"{name}_data": m.data.astype(np.float64),
                           f"{name}_vocabulary": np.frombuffer("\n".join(vocabulary).encode("utf-8"), np.uint8)})
        out = io.BytesIO()
        np.savez_compressed(out, **arrays)  # 24 MB -> 4 MB on a 10,000-article archive, 0.03 s more to read
        return out.getvalue()

    @staticmethod
    def decode(payload: bytes) -> StoryMatrices:
        """The matrices of `encode`; ValueError when the bytes are not such matrices."""
        import io
        import zipfile
        import zlib

        import numpy as np
        import scipy.sparse as sp

        try:
            with np.load(io.BytesIO(payload), allow_pickle=False) as stored:
                arrays = {name: stored[name] for name in stored.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, KeyError) as e:
            raise ValueError(f"not stored story matrices ({e})") from e
        try:
            n = len(arrays["killed"])
            if len(arrays["injured"]) != n or len(arrays["changed"]) != n or arrays["changed"].dtype != bool:
                raise ValueError("tolls of other lengths")
            made = []
            for name in ("tf", "names"):
                indptr, indices, data = (arrays[f"{name}_{part}"] for part in ("indptr", "indices", "data"))
                text = arrays[f"{name}_vocabulary"].tobytes().decode("utf-8")
                vocabulary = text.split("\n") if text else []
                if (indptr.dtype != np.int64 or indices.dtype != np.int64 or data.dtype != np.float64
                        or len(indptr) != n + 1 or indptr[0] != 0 or (np.diff(indptr) < 0).any()
                        or indptr[-1] != len(indices) or len(data) != len(indices)
                        or (len(indices) and (indices.min() < 0 or indices.max() >= len(vocabulary)))):
                    raise ValueError(f"{name}: not a matrix of {n} rows over {len(vocabulary)} columns")
                made += [sp.csr_matrix((data, indices, indptr), shape=(n, len(vocabulary))), vocabulary]
            return StoryMatrices(made[0], made[1], made[2], made[3], arrays["killed"].astype(float),
                                 arrays["injured"].astype(float), arrays["changed"])
        except (KeyError, UnicodeDecodeError) as e:
            raise ValueError(f"not stored story matrices ({e})") from e


def story_matrices(docs: list[StoryDocument], memo=None) -> StoryMatrices:
    """The `StoryMatrices` of `docs` (titles cut of outlets). With `memo` (the extraction cache),
    the rows of the documents a kept story table holds (`Cache.story_table`, keyed by title and
    text) are taken from it, the others' features read one by one or computed (`features_of`);
    the matrices are the same as computed from scratch: rows in document order, columns numbered
    again in order of first use. The table is kept again as `engines.cache.TABLE_REFRESH` says."""
    if memo is None:
        return StoryMatrices.of(features_of(docs))
    from ..engines.cache import TABLE_REFRESH
    from ..inputs.text import content_key

    keys = [content_key(memo.fingerprint, d.title, d.text) for d in docs]
    held = memo.story_table(set(keys), StoryMatrices.decode)
    spans = held.spans if held is not None else {}
    outside = [i for i, key in enumerate(keys) if key not in spans]
    if held is None:
        out = StoryMatrices.of(features_of(docs, memo))
    else:
        fresh = StoryMatrices.of(features_of([docs[i] for i in outside], memo)) if outside else None
        out = _assembled(held.frame, [spans[k][0] if k in spans else -1 for k in keys], fresh)
    if held is None or len(outside) > TABLE_REFRESH * len(docs):
        memo.keep_story_table(keys, out.encode())
    return out


def _assembled(held: StoryMatrices, rows: list[int], fresh: StoryMatrices | None) -> StoryMatrices:
    """The matrices of a collection whose document k is row `rows[k]` of `held`, or (-1) the next
    row of `fresh`: rows stacked in that order, columns renumbered in order of first use."""
    import numpy as np

    rows_ = np.asarray(rows, dtype=np.int64)
    mine = rows_ >= 0
    order = np.empty(len(rows_), dtype=np.int64)  # each document's row in [held; fresh]
    order[mine] = rows_[mine]
    order[~mine] = len(held) + np.arange(int((~mine).sum()))
    given = [held] if fresh is None else [held, fresh]
    tf, terms = _stacked([m.tf for m in given], [m.term_vocabulary for m in given], order)
    names, name_words = _stacked([m.names for m in given], [m.name_vocabulary for m in given], order)
    tolls = (np.concatenate([getattr(m, name) for m in given])[order] for name in ("killed", "injured", "changed"))
    return StoryMatrices(tf, terms, names, name_words, *tolls)


def _stacked(matrices: list, vocabularies: list[list[str]], order) -> tuple:
    """(matrix, vocabulary) of the rows `order` of the matrices stacked, each over its own
    vocabulary: entries of a row kept in their order, columns numbered in order of first use."""
    import numpy as np
    import scipy.sparse as sp

    from ..engines.cache import row_positions

    merged: dict[str, int] = {}
    indptr_parts, indices_parts, data_parts, offset = [np.zeros(1, np.int64)], [], [], 0
    for m, vocabulary in zip(matrices, vocabularies):
        ids = np.fromiter((merged.setdefault(term, len(merged)) for term in vocabulary), np.int64, len(vocabulary))
        indptr_parts.append(m.indptr[1:].astype(np.int64) + offset)
        indices_parts.append(ids[m.indices] if len(m.indices) else np.zeros(0, np.int64))
        data_parts.append(m.data)
        offset += m.nnz
    indptr = np.concatenate(indptr_parts)
    indices, data = np.concatenate(indices_parts), np.concatenate(data_parts)
    lengths = np.diff(indptr)[order]
    take = row_positions(indptr[:-1][order], lengths)
    indices, data = indices[take], data[take]
    used, first = np.unique(indices, return_index=True)
    by_first = used[np.argsort(first)]  # merged ids in order of first use
    renumber = np.zeros(len(merged), dtype=np.int64)
    renumber[by_first] = np.arange(len(by_first))
    words = list(merged)
    new_indptr = np.concatenate(([0], np.cumsum(lengths)))
    matrix = sp.csr_matrix((data, renumber[indices], new_indptr), shape=(len(order), len(by_first)))
    return matrix, [words[k] for k in by_first]


def find_stories(docs: list[StoryDocument], memo=None) -> list[int]:
    """The story number of each document (0, 1, ... in order of each story's first document).
    `memo`: the extraction cache, which keeps what grouping reads of the documents
    (`story_matrices`)."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    n = len(docs)
    if n <= 1:
        return [0] * n
    docs = without_outlets(docs)  # once: cutting twice could cut tails the first cut made shared
    matrices = story_matrices(docs, memo)
    tf, df, x = _weighted(matrices.tf)

    held = matrices.names
    name_df = np.bincount(held.indices, minlength=held.shape[1])
    rare = (name_df >= 2) & (name_df <= RARE_NAME_DOCS)
    name_idf = np.where(rare, np.log(n / np.maximum(name_df, 1)), 0.0)
    named = (held @ sp.diags(name_idf)).tocsr()
    held = (held @ sp.diags(rare.astype(float))).tocsr()

    days = np.array([_day(d.published) if _day(d.published) is not None else -1 for d in docs])
    killed, injured, changed = matrices.killed, matrices.injured, matrices.changed

    def days_apart(i, j):
        dated = (days[i] >= 0) & (days[j] >= 0)
        undated = (days[i] < 0) & (days[j] < 0)
        return dated, np.where(dated, np.abs(days[i] - days[j]), np.where(undated, 0, UNKNOWN_DAYS))

    def never(i, j, dated, apart):
        """Pairs that are never one story, however similar: too far apart, or tolls that clash."""
        later_first = days[j] < days[i]
        early, late = np.where(later_first, j, i), np.where(later_first, i, j)
        shot_late, shot_early = killed[late] + injured[late], killed[early] + injured[early]  # NaN unless both given
        other = (killed[late] < killed[early]) | (~np.isnan(shot_late + shot_early) & (shot_late != shot_early))
        clash = other & ~changed[i] & ~changed[j] & dated & (apart > TOLL_CLASH_DAYS)
        return (apart > MAX_DAYS) | clash

    def score(i, j, cosine, bonus):
        dated, apart = days_apart(i, j)
        s = cosine + NAME_WEIGHT * bonus - DAY_PENALTY * np.log1p(apart)
        same = (killed[i] == killed[j]) & (injured[i] == injured[j])  # NaN equals nothing
        s = s + TOLL_WEIGHT * (same & (apart <= TOLL_MATCH_DAYS))
        return np.where(never(i, j, dated, apart), 0.0, s)

    # Blocking: candidate pairs share a word that few documents use.
    blocking = ((df >= 2) & (df <= BLOCK_DOCS)).astype(float)
    b = (tf @ sp.diags(blocking)).tocsr()
    b.data[:] = 1.0
    candidates = sp.triu(b @ b.T, k=1).tocoo()
    i, j = candidates.row, candidates.col
    in_order_x, in_order_names = _scipy_in_order(x, i, j), _scipy_in_order(named, i, j, held)
    # a pair that is never one story scores 0, under every threshold: its vectors are not compared
    open_ = ~never(i, j, *days_apart(i, j))
    i, j = i[open_], j[open_]
    cosine = _pair_sums(x, x, i, j, in_order_x[open_])
    bonus = _pair_sums(named, held, i, j, in_order_names[open_])
    scores = score(i, j, cosine, bonus)
    keep = scores >= threshold(n)
    ei, ej = i[keep], j[keep]
    graph = sp.coo_matrix((np.ones(len(ei)), (ei, ej)), shape=(n, n))
    _, part = connected_components(graph, directed=False)

    label = np.arange(n)  # a document alone is its own story
    members: dict[int, list[int]] = {}
    for doc, p in enumerate(part):
        members.setdefault(int(p), []).append(doc)
    linked = [group for group in members.values() if 2 <= len(group) <= LINKAGE_LIMIT]
    for group in members.values():
        if len(group) > LINKAGE_LIMIT:
            label[group] = min(group)
    for group, sim in zip(linked, _similarities(linked, x, named, held, score)):
        for sub in _average_linkage(group, sim, threshold(n)):
            for doc in sub:
                label[doc] = min(sub)
    label = _small_joined(label, i, j, np.minimum(scores, 1.0))
    first: dict[int, int] = {}
    return [first.setdefault(int(lab), len(first)) for lab in label]


def _small_joined(label, i, j, scores):
    """`label` (a story label per document) with each small story joined to the large story its
    documents are most similar to on average, when that average is at least `JOIN_AVERAGE`
    (`SMALL_STORY`, `LARGE_STORY`). A pair of documents that are not candidates (they share no
    rare word) counts as 0, as does a pair that is never one story. Small stories join the large
    ones as they were: one joining changes no other's choice."""
    import numpy as np

    names, story = np.unique(label, return_inverse=True)
    size = np.bincount(story)
    si, sj = story[i], story[j]
    small, large = size <= SMALL_STORY, size >= LARGE_STORY
    forward, backward = small[si] & large[sj], small[sj] & large[si]  # a pair, from its small story's end
    if not (forward.any() or backward.any()):
        return label
    small_side = np.concatenate([si[forward], sj[backward]])
    large_side = np.concatenate([sj[forward], si[backward]])
    weights = np.concatenate([scores[forward], scores[backward]])
    keys, at = np.unique(small_side * len(size) + large_side, return_inverse=True)
    average = np.bincount(at, weights=weights) / (size[keys // len(size)] * size[keys % len(size)])
    best: dict[int, tuple[float, int]] = {}
    for key, value in zip(keys.tolist(), average.tolist()):
        few, many = divmod(key, len(size))
        if value >= JOIN_AVERAGE and (few not in best or value > best[few][0]):
            best[few] = (value, many)
    joined = names.copy()  # each story's label after joining
    for few, (_, many) in best.items():
        joined[few] = names[many]
    return joined[story]


SCIPY_CHUNK = 200_000
"""Candidate pairs were once scored this many at a time with scipy (`_scipy_in_order`)."""


def _scipy_in_order(a, i, j, b=None):
    """Whether scipy's `a[i].multiply(b[j])` (b = a by default), taken over chunks of
    `SCIPY_CHUNK` pairs, listed each pair's products in term order: only where every row of both
    matrices of the pair's chunk holds its terms in order (scipy's canonical format); elsewhere
    it lists them last term of a[i] first. One flag per pair, so that `_pair_sums` adds up the
    products of each pair in the order stories have always added them up."""
    import numpy as np

    b = a if b is None else b
    chunk = np.arange(len(i)) // SCIPY_CHUNK
    apart = ~(_rows_in_order(a)[i] & _rows_in_order(b)[j])
    return (np.bincount(chunk, weights=apart, minlength=chunk[-1] + 1 if len(chunk) else 0) == 0)[chunk]


def _rows_in_order(m):
    """Per row of a CSR matrix: its column indices strictly increase."""
    import numpy as np

    step = np.ones(m.nnz, bool)
    step[1:] = m.indices[1:] > m.indices[:-1]
    step[m.indptr[:-1][np.diff(m.indptr) > 0]] = True  # a row's first term follows no other
    return np.diff(np.concatenate(([0], np.cumsum(~step)))[m.indptr]) == 0


def _pair_sums(a, b, i, j, in_order, block: int = 500_000):
    """sum_t a[i,t] * b[j,t] of each pair (i[k], j[k]): the same floats as scipy's
    `a[i].multiply(b[j]).sum(axis=1)`, without building those two matrices of copied rows (on the
    10k archive, two of 28M entries per 200,000 pairs). scipy lists a pair's products of a[i]'s
    terms last first (first first where `in_order`), drops zeros, and adds up each row's
    products with `np.add.reduceat`; so does this, reading the rows of b a few at a time from a
    dense array of at most `block` entries."""
    import numpy as np

    out = np.zeros(len(i))
    lengths = np.diff(a.indptr)
    last_first = np.repeat(a.indptr[:-1] + a.indptr[1:] - 1, lengths) - np.arange(a.nnz)
    for order, pairs in ((last_first, np.flatnonzero(~in_order)), (np.arange(a.nnz), np.flatnonzero(in_order))):
        if len(pairs):
            listed = type(a)((a.data[order], a.indices[order], a.indptr), shape=a.shape)
            out[pairs] = _sums(listed, b, i[pairs], j[pairs], block)
    return out


def _sums(listed, b, i, j, block: int):
    """`_pair_sums` of pairs whose products are listed in the order of the rows of `listed`."""
    import numpy as np

    out = np.zeros(len(i))
    width = b.shape[1]
    held, at = np.unique(j, return_inverse=True)
    order = np.argsort(at, kind="stable")
    per = max(1, block // max(width, 1))  # rows of b spread out at once
    bounds = np.searchsorted(at[order], np.arange(0, len(held) + per, per))
    dense = np.zeros(min(per, len(held)) * width)
    for k, first in enumerate(range(0, len(held), per)):
        pairs = order[bounds[k]:bounds[k + 1]]
        rows = b[held[first:first + per]]
        where = rows.indices + np.repeat(np.arange(rows.shape[0]) * width, np.diff(rows.indptr))
        dense[where] = rows.data
        left = listed[i[pairs]]
        products = left.data * dense[left.indices + np.repeat((at[pairs] - first) * width, np.diff(left.indptr))]
        dense[where] = 0.0
        nonzero = products != 0
        ends = np.concatenate(([0], np.cumsum(nonzero)))[left.indptr]
        summed = np.flatnonzero(np.diff(ends))
        if len(summed):
            out[pairs[summed]] = np.add.reduceat(products[nonzero], ends[:-1][summed])
    return out


LINKAGE_ROWS = 256
"""`_similarities` multiplies the vectors of parts of this many documents together at once."""


def _similarities(groups: list[list[int]], x, named, held, score) -> list:
    """The similarity matrix of each group of documents (the score of every pair, at most 1, 1 on
    the diagonal). Groups are taken together, up to `LINKAGE_ROWS` documents at a time: a pair's
    cosine and bonus are the same floats as in a product of its group's vectors alone (scipy adds
    up the products of a row's terms in its order, whatever the other rows)."""
    import numpy as np

    out: list = []
    start = 0
    while start < len(groups):
        end, rows = start + 1, len(groups[start])
        while end < len(groups) and rows + len(groups[end]) <= LINKAGE_ROWS:
            rows += len(groups[end])
            end += 1
        idx = np.array([doc for group in groups[start:end] for doc in group])
        sub = x[idx]
        cosine = (sub @ sub.T).toarray()
        bonus = (named[idx] @ held[idx].T).toarray()
        ii, jj = np.meshgrid(idx, idx, indexing="ij")
        sim = np.minimum(score(ii, jj, cosine, bonus), 1.0)
        np.fill_diagonal(sim, 1.0)
        at = 0
        for group in groups[start:end]:
            out.append(sim[at:at + len(group), at:at + len(group)])
            at += len(group)
        start = end
    return out


def _average_linkage(group: list[int], sim, cut: float) -> list[list[int]]:
    """The stories of one connected part, from its similarity matrix: average linkage cut at
    `cut`. Two documents are one story when their distance is within 1 - cut (what scipy's
    linkage and fcluster say of two points, without calling them)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = squareform(np.clip(1.0 - sim, 0.0, None), checks=False)
    if len(group) == 2:
        return [group] if distance[0] <= 1.0 - cut else [[group[0]], [group[1]]]
    labels = fcluster(linkage(distance, "average"), 1.0 - cut, "distance")
    out: dict[int, list[int]] = {}
    for doc, lab in zip(group, labels):
        out.setdefault(int(lab), []).append(doc)
    return list(out.values())


def story_id(first_doc_id: str) -> str:
    """A story's id, from its earliest document: an article joining a story later does not
    change the story's id, nor the ids of the other stories."""
    return "s-" + hashlib.blake2b(first_doc_id.encode("utf-8"), digest_size=4).hexdigest()


def folder_story(doc_id: str) -> str:
    """`--stories folder`: the document's sub-folder ("" for a file given on its own)."""
    return doc_id.rsplit("/", 1)[0] if "/" in doc_id else ""


def assign(documents: list, mode: str = "auto", memo=None) -> list:
    """`documents` (`types.Document`) with `story` set: kept where the input gave one, else by
    `mode`; with `none`, every story is "" (the whole input is one story). Documents that could
    not be read keep story "". `memo`: the extraction cache (`find_stories`)."""
    if mode not in STORY_MODES:
        raise ValueError(f"stories: {mode!r} is not one of {', '.join(STORY_MODES)}")
    if mode == "none":
        return [replace(d, story="") if d.story else d for d in documents]
    ok = [i for i, d in enumerate(documents) if d.status == "ok" and not d.story]
    out = list(documents)
    if not ok:
        return out
    if mode == "folder":
        for i in ok:
            out[i] = replace(out[i], story=folder_story(out[i].doc_id))
        return out
    numbers = find_stories([StoryDocument(documents[i].doc_id, documents[i].title, documents[i].text,
                                          documents[i].published) for i in ok], memo)
    by_story: dict[int, list[int]] = {}
    for i, number in zip(ok, numbers):
        by_story.setdefault(number, []).append(i)
    for group in by_story.values():
        earliest = min(group, key=lambda i: (str(documents[i].published or "9999"), documents[i].doc_id))
        sid = story_id(documents[earliest].doc_id)
        for i in group:
            out[i] = replace(out[i], story=sid)
    return out


def story_titles(documents_df, facts_df=None) -> dict[str, str]:
    """Each story's title: the headline of its most central document (the one whose title
    shares most words with the other titles of the story), else its first title."""
    titles: dict[str, list[tuple[str, str]]] = {}
    if "story" not in documents_df.columns:
        return {}
    for story, title, doc_id in zip(documents_df["story"], documents_df["title"], documents_df["doc_id"]):
        if story:
            titles.setdefault(str(story), []).append((str(title or ""), str(doc_id)))
    out = {}
    for story, items in titles.items():
        bags = [set(_TOKEN.findall(t.lower())) - _STOP for t, _ in items]
        best = max(range(len(items)), key=lambda k: (sum(len(bags[k] & bags[o]) for o in range(len(items)) if o != k),
                                                    bool(items[k][0]), -k))
        out[story] = _one_line(items[best][0] or items[best][1])
    return out


def _one_line(title: str) -> str:
    """A title as one line of plain text: article text never brings a control character (a
    terminal escape, a bell) or a line break into a report line."""
    from ..render.safe import terminal_text

    return " ".join(terminal_text(title).split())


def story_name(claim, titles: dict[str, str]) -> str:
    """"story «title»" of a claim (a row of the claims table) for a report line; "" when the
    input is one story."""
    story = getattr(claim, "story", "") or ""
    if not isinstance(story, str) or not story:
        return ""
    title = titles.get(story, "")
    return f"story {story}" + (f" «{title}»" if title else "")


DRAFT_SHARE = 0.25
"""A draft is compared with every story at least this share as similar to it as the closest one:
a draft about Turkey's posts in Idlib meets the 2018 articles and a 2020 one (a newer figure makes
its figure outdated: shares 0.29 and 0.58 in the tests), not a shooting in another street of the
same town (0.19)."""


def draft_stories(draft: StoryDocument, docs: list[StoryDocument], story_of: list[str]) -> list[str]:
    """The stories a draft is about, closest first: those whose documents are on average at least
    `DRAFT_SHARE` as similar to the draft as the closest story's (the same word weights as
    `find_stories`); [] when the documents hold no story or one."""
    import numpy as np

    names = sorted({s for s in story_of if s})
    if len(names) <= 1:
        return names
    x = _vectors(without_outlets([*docs, draft]))[2]
    similarity = (x[:-1] @ x[-1].T).toarray().ravel()
    mean = {name: float(np.mean([s for s, o in zip(similarity, story_of) if o == name])) for name in names}
    ranked = sorted(names, key=lambda name: (-mean[name], name))
    best = mean[ranked[0]]
    return [name for name in ranked if mean[name] >= DRAFT_SHARE * best]
