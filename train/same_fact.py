#!/usr/bin/env python3
"""Fit the same-fact model (`facts/data/same_fact.json`) from labelled news, deterministically.

    python train/same_fact.py --gva bench/data/gva-corpus --ecb bench/data/ecb-dev [--work DIR]
                              [--out facts/data/same_fact.json]

The data (never shipped; built by ../shared/tools, see README "The same-fact model"):
- `--gva`: `gva_build.py MIRROR --split dev --set corpus`, 1,334 Gun Violence Archive incidents
  (one folder each) with the Archive's killed and injured counts. Distant labels: two mentions
  of a toll (people killed, injured or shot) that both equal the Archive's count state the same
  fact; a mention equal to it and one that is not are not the same fact (a part, another group,
  another event). A few of those are real disagreements between outlets: noisy negatives, kept
  at full weight because they are rare (the README gives the count of pairs this affects) and
  because a model that learned them as "same" would flag exactly the pairs a person must judge.
  Two mentions of any other claim: same fact when their figures agree, not when they differ
  (weight `OTHER_WEIGHT`: most agreeing figures of one claim in one story are one fact, but
  small numbers agree by chance).
- `--ecb`: `ecb_build.py MIRROR --split dev`, ECB+ topics 1-35 (one folder per event) with the
  number mentions annotators linked across texts: the same instance is the same fact, two
  instances of one event are not (weight `HUMAN_WEIGHT`). Pairs without such labels are labelled
  by agreement as above.
- changed counts: in one article of each GVA incident with two or more, the Archive's count
  written as another count where the corpus builder found it stated, and the article read
  again (`changed_texts`; `--changes table` changes the fact table instead, `both` does both):
  a changed mention and another article's count state the same fact.

Features are computed by the same code as `facts check` (`claims.group.candidate_table`).
Cross-validated by incident and by topic (never by mention: mentions of one story leak), the
regularisation chosen by held-out log-loss, then fitted on everything. Logistic regression by
L-BFGS from scipy (already a dependency of facts); scikit-learn is not used because installing
it changes what quantulum3 reads. Writes the weights as JSON, rounded, so that the same data
gives the same file byte for byte.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facts.claims.compare import AlignOptions  # noqa: E402
from facts.claims.features import FEATURE_NAMES, MENTION_FEATURE_NAMES, words_of  # noqa: E402
from facts.claims.samefact import MODEL_FORMAT, MODEL_VERSION, SameFactModel  # noqa: E402

OTHER_WEIGHT = 0.3
HUMAN_WEIGHT = 3.0
FOLDS = 5
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
IDF_MIN_DF = 3
DIGITS = 5


def code_hash() -> str:
    """A hash of what extraction depends on (facts' figures, parse and inputs code and its data):
    an extracted table is reused only while they are unchanged."""
    h = hashlib.sha1()
    for sub in ("facts/figures", "facts/parse", "facts/inputs", "facts/data"):
        for path in sorted((ROOT / sub).rglob("*")):
            if path.suffix in (".py", ".json", ".txt") and path.name != "same_fact.json":
                h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:12]


def extract(folder: Path, cache: Path):
    """The fact table of `folder` (each sub-folder one story), extracted once into `cache`
    (named with `code_hash`)."""
    import pandas as pd

    from facts.api import extract_paths

    cache = cache.with_name(f"{cache.stem}-{code_hash()}{cache.suffix}")
    if cache.exists():
        return pd.read_parquet(cache)
    facts_df, _ = extract_paths([str(folder)], stories="folder", jobs=2)
    cache.parent.mkdir(parents=True, exist_ok=True)
    facts_df.to_parquet(cache)
    return facts_df


def idf_table(tables) -> tuple[dict, float]:
    """Inverse document frequency of the content words of every sentence (a sentence is a
    document here), words seen in at least `IDF_MIN_DF` sentences; the rest take the default."""
    df: Counter = Counter()
    n = 0
    for table in tables:
        for sentence in table.drop_duplicates(["doc_id", "sentence_id"])["sentence"]:
            n += 1
            df.update(set(words_of(sentence)))
    idf = {w: round(math.log((n + 1) / (c + 1)) + 1, 3) for w, c in sorted(df.items()) if c >= IDF_MIN_DF}
    return idf, round(math.log((n + 1) / IDF_MIN_DF) + 1, 3)


def judged_pairs(path: Path | None) -> dict:
    """People's judgements of pairs of the training pool (`train/data/judged_pairs.json`), by
    the pair's two (surface, article file name): 1.0 genuine (the same fact), 0.0 false."""
    if not path or not path.exists():
        return {}
    return {frozenset((m["surface"], m["doc"]) for m in j["pair"]): float(j["judgement"] == "genuine")
            for j in json.loads(path.read_text())["pairs"] if j["judgement"] in ("genuine", "false")}


def _pair_key(facts_df, a, b) -> frozenset:
    surface, doc = facts_df["surface"], facts_df["doc_id"]
    return frozenset({(surface[a], str(doc[a]).rsplit("/", 1)[-1]), (surface[b], str(doc[b]).rsplit("/", 1)[-1])})


def _people(labels: list, weights: list, pool: dict, key: frozenset) -> None:
    if key in pool:
        labels[-1], weights[-1] = pool[key], HUMAN_WEIGHT


def gva_labels(cands, facts_df, expected: dict, judged: list | None = None, pool: dict | None = None):
    """Labels and weights of GVA candidate pairs (see the module docstring); a pair a person
    judged (`judged`: gva-dev-judged.json, conflicts of an earlier version read against the
    articles) takes that judgement, genuine or false, at `HUMAN_WEIGHT`, as does a pair of `pool`
    (`judged_pairs`)."""
    gold = {str(i["id"]): (i["killed"], i["injured"]) for i in expected["incidents"]}
    people = {(str(j["incident"]), frozenset(zip(j["surfaces"], j["docs"]))): j["judgement"]
              for j in judged or () if j.get("judgement") in ("genuine", "false")}
    value = facts_df["value"]
    sure = cands["both_sure"].to_numpy() > 0
    labels, weights = [], []
    for story, key, a, b, a_sum, b_sum, gap in zip(cands["story"], cands["claim_key"], cands["a"], cands["b"],
                                                   cands["a_summed"], cands["b_summed"], cands["gap"]):
        killed, injured = gold[str(story)]
        noun, _, event = key.partition("|")
        count = {"killed": killed, "injured": injured, "shot": killed + injured}.get(event) if noun == "person" else None
        if count is not None and not a_sum and not b_sum:
            hits = int(value[a] == count) + int(value[b] == count)
            labels.append(1.0 if hits == 2 else 0.0 if hits == 1 else math.nan)
            weights.append(1.0)
            if hits == 1 and sure[len(labels) - 1]:
                # Both give it surely as their toll, and one of them is not the Archive's count: a
                # real disagreement between outlets as likely as a part against a total. Left
                # unlabelled rather than taught as "not the same fact".
                labels[-1] = math.nan
        else:
            labels.append(1.0 if gap == 0 else 0.0)
            weights.append(OTHER_WEIGHT)
        pair = _pair_key(facts_df, a, b)
        judgement = people.get((str(story), pair))
        if judgement:
            labels[-1], weights[-1] = float(judgement == "genuine"), HUMAN_WEIGHT
        _people(labels, weights, pool or {}, pair)
    return np.array(labels), np.array(weights)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def ecb_labels(cands, facts_df, expected: dict, agreeing: bool = False, pool: dict | None = None):
    """Labels and weights of ECB+ candidate pairs: people's instance links where both mentions
    are annotated, agreement elsewhere. With `agreeing`, the annotated pairs only (labelled by
    their links), for pairs whose figures agree. A pair of `pool` (`judged_pairs`) takes a
    person's judgement at `HUMAN_WEIGHT`."""
    instance = {}
    by_doc = defaultdict(list)
    for q in expected["quantities"]:
        by_doc[q["doc"]].append(q)
    for label, doc, sentence, surface in zip(facts_df.index, facts_df["doc_id"], facts_df["sentence"],
                                             facts_df["surface"]):
        for q in by_doc.get(str(doc).rsplit("/", 1)[-1], ()):
            s, qs = _norm(sentence), _norm(q["sentence"])
            if (s == qs or qs in s or s in qs) and (_norm(surface) in _norm(q["mention"])
                                                   or _norm(q["mention"]) in _norm(surface)):
                instance[label] = q["instance"]
                break
    labels, weights = [], []
    strong = ((cands["both_headline"] + cands["headline_lead"] + cands["both_lead"]) > 0).to_numpy()
    for i, (a, b, gap) in enumerate(zip(cands["a"], cands["b"], cands["gap"])):
        if a in instance and b in instance:
            labels.append(float(instance[a] == instance[b]))
            weights.append(HUMAN_WEIGHT)
        elif agreeing or (gap > 0 and strong[i]):
            # two headlines or leads that disagree may be a real disagreement: unlabelled
            labels.append(math.nan)
            weights.append(0.0)
        else:
            labels.append(1.0 if gap == 0 else 0.0)
            weights.append(OTHER_WEIGHT)
        _people(labels, weights, pool or {}, _pair_key(facts_df, a, b))
    return np.array(labels), np.array(weights)


def fit(X, y, w, C: float):
    """L2-regularised logistic regression by L-BFGS, as scikit-learn states it: C times the
    weighted log-loss plus half the squared weights (the intercept not penalised)."""
    from scipy.optimize import minimize

    n, k = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    total = w.sum()

    def loss(theta):
        z = Xb @ theta
        # log(1 + e^z) - y z, stable
        ll = np.logaddexp(0, z) - y * z
        reg = 0.5 / (C * total) * np.dot(theta[:-1], theta[:-1])
        grad = Xb.T @ (w * (1 / (1 + np.exp(-z)) - y)) / total
        grad[:-1] += theta[:-1] / (C * total)
        return (w * ll).sum() / total + reg, grad

    result = minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B", options={"maxiter": 2000, "gtol": 1e-8})
    return result.x[:-1], result.x[-1]


def predict(X, weights, intercept):
    return 1 / (1 + np.exp(-(X @ weights + intercept)))


def fold_of(group: str, folds: int) -> int:
    """The fold of a group (incident "gva:<id>", topic "ecb:<n>"): a hash, never by row."""
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % folds


def folds(groups, k: int = FOLDS) -> np.ndarray:
    """Fold of each row by a hash of its group (incident or topic): deterministic, never by row."""
    return np.array([int(hashlib.sha1(g.encode()).hexdigest(), 16) % k for g in groups])


def log_loss(y, p, w) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-(w * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum() / w.sum())


def auc(y, p) -> float:
    order = np.argsort(p, kind="stable")
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    if not n_pos or not n_neg:
        return math.nan
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def reliability(y, p, bins=(0, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0001)) -> list[dict]:
    out = []
    for lo, hi in itertools.pairwise(bins):
        mask = (p >= lo) & (p < hi)
        if mask.any():
            out.append({"predicted": f"{lo:.2f}-{min(hi, 1):.2f}", "pairs": int(mask.sum()),
                        "mean_predicted": round(float(p[mask].mean()), 3),
                        "share_same": round(float(y[mask].mean()), 3)})
    return out


def statement_labels(table, expected: dict) -> np.ndarray:
    """A toll mention is its source's statement of the toll when its value is the Archive's
    count for its event (killed, injured; shot: both); other people's counts are unlabelled."""
    gold = {str(i["id"]): (i["killed"], i["injured"]) for i in expected["incidents"]}
    out = []
    for story, key, value in zip(table["story"], table["claim_key"], table["value"]):
        killed, injured = gold[str(story)]
        noun, _, event = key.partition("|")
        count = {"killed": killed, "injured": injured, "shot": killed + injured}.get(event) if noun == "person" else None
        out.append(math.nan if count is None else float(value == count))
    return np.array(out)


def _hash(*parts) -> int:
    return int(hashlib.sha1("\u0001".join(map(str, parts)).encode()).hexdigest(), 16)


def other_count(story: str, event: str, count: int) -> int:
    """The count an article is changed to: one more, one fewer or three times and two more, by
    hash (outlets disagree by one more often than by much)."""
    choice = _hash(story, event, "value") % 3
    return count + 1 if choice == 0 or (count < 2 and choice == 1) else count - 1 if choice == 1 else 3 * count + 2


def changed_texts(gva: Path, expected: dict, out: Path) -> list[dict]:
    """Articles whose count is changed in their text, to be read again: for each incident with
    two articles or more and each of its killed and injured counts, one article of those that
    state it (chosen by hash) with every statement of the count the corpus builder found
    (`gold_spans`) written as another count (`other_count`), as digits. Written to
    out/<incident>/<event>/<file>; returns one record per changed article (its incident, event,
    file, counts and the spans of the new figures in the changed text). The table-made changes
    (`changed_counts`) change every mention the extractor read as the count, so their article
    stays consistent; an article changed in its text keeps the statements the builder did not
    find ("9 victims" in a headline beside a changed lead), as a check meets it."""
    import shutil

    if out.exists():
        shutil.rmtree(out)
    records = []
    for incident in expected["incidents"]:
        articles, story = incident["articles"], str(incident["id"])
        if len(articles) < 2:
            continue
        for event in ("killed", "injured"):
            count = incident[event]
            stating = sorted(a["file"] for a in articles if a["gold_spans"][event]) if count >= 1 else []
            if not stating:
                continue
            name = stating[_hash(story, event, "text") % len(stating)]
            spans = next(a["gold_spans"][event] for a in articles if a["file"] == name)
            new = str(other_count(story, event, count))
            text = (gva / story / name).read_text(encoding="utf-8")
            pieces, spans_new, at, shift = [], [], 0, 0
            for start, end, _ in sorted(spans):
                pieces += [text[at:start], new]
                spans_new.append([start + shift, start + shift + len(new)])
                shift += len(new) - (end - start)
                at = end
            (out / story / event).mkdir(parents=True, exist_ok=True)
            (out / story / event / name).write_text("".join(pieces) + text[at:], encoding="utf-8")
            records.append({"story": story, "event": event, "file": name, "count": count, "new": int(new),
                            "spans": spans_new})
    return records


def text_changed_table(gva_table, changed_table, records: list[dict]):
    """(table, changed row labels, counts): per changed article, its incident's other articles
    (from `gva_table`) and the changed article read again (`changed_table`, extracted from
    `changed_texts`), as one story "<incident>/<event>"; the changed rows are those read from the
    new figures' spans; counts maps each such story to (event, the Archive's count)."""
    import pandas as pd

    present = set(gva_table["story"].astype(str))
    parts, changed_spans, counts = [], {}, {}
    by_story = dict(tuple(gva_table.groupby(gva_table["story"].astype(str))))
    read = dict(tuple(changed_table.groupby(changed_table["story"].astype(str))))
    for r in records:
        key = f"{r['story']}/{r['event']}"
        if r["story"] not in present or key not in read:
            continue
        doc = f"{r['story']}/{r['file']}"
        others = by_story[r["story"]]
        mine = read[key].assign(doc_id=doc)
        parts.append(pd.concat([others[others["doc_id"] != doc], mine]).assign(story=key))
        changed_spans[key] = (doc, r["spans"])
        counts[key] = (r["event"], r["count"])
    if not parts:
        return gva_table.iloc[:0], set(), {}
    table = pd.concat(parts, ignore_index=True)
    changed = set()
    for i, story, doc, start, end in zip(table.index, table["story"], table["doc_id"], table["start"], table["end"]):
        where, spans = changed_spans[story]
        if doc == where and any(start < b and a < end for a, b in spans):
            changed.add(i)
    return table, changed, counts


def changed_counts(table, expected: dict):
    """A copy of the GVA fact table in which, for each incident with two articles or more and
    each of its killed and injured counts, one article (chosen by hash) states another count
    everywhere it stated the Archive's: one more, one fewer or three times and two more, by hash
    (outlets disagree by one more often than by much). Returns (table, the changed row labels)."""
    gold = {str(i["id"]): (i["killed"], i["injured"]) for i in expected["incidents"]}
    table = table.copy()
    changed = set()
    docs = table.groupby("story")["doc_id"].unique()
    for story, story_docs in docs.items():
        story_docs = sorted(story_docs)
        if len(story_docs) < 2:
            continue
        for event, count in zip(("killed", "injured"), gold[str(story)]):
            if count < 1:
                continue
            doc = story_docs[_hash(story, event) % len(story_docs)]
            new = other_count(story, event, count)
            rows = table.index[(table["doc_id"] == doc) & (table["value"] == count) & (table["event"] == event)]
            for column in ("value", "low", "high", "base_value", "base_low", "base_high"):
                table.loc[rows, column] = float(new)
            changed.update(rows)
    return table, changed


def synthetic_pairs(cands, table, changed: set, expected: dict, counts: dict | None = None):
    """Candidate pairs of a changed mention and another article's mention of the Archive's
    count of the same event: the same fact, stated differently. `counts` (story -> (event,
    count), `text_changed_table`) limits each story to the one event changed in it."""
    gold = {str(i["id"]): (i["killed"], i["injured"]) for i in expected["incidents"]}
    keep = []
    for i, (story, key, a, b, gap) in enumerate(zip(cands["story"], cands["claim_key"], cands["a"], cands["b"],
                                                    cands["gap"])):
        noun, _, event = key.partition("|")
        if noun != "person" or event not in ("killed", "injured") or gap <= 0 or (a in changed) == (b in changed):
            continue
        other = b if a in changed else a
        if counts is not None:
            changed_event, count = counts[str(story)]
            if event != changed_event:
                continue
        else:
            count = gold[str(story)][0 if event == "killed" else 1]
        if table.at[other, "value"] == count and table.at[a if a in changed else b, "event"] == event:
            keep.append(i)
    return cands.iloc[keep]


def fit_cv(X, y, w, groups, label: str):
    """(weights, intercept, held-out predictions, C, log-loss): C chosen by held-out log-loss over
    folds by group, then fitted on everything."""
    fold = folds(groups)
    best = None
    for C in C_GRID:
        held = np.empty(len(y))
        for k in range(FOLDS):
            train, test = fold != k, fold == k
            weights, intercept = fit(X[train], y[train], w[train], C)
            held[test] = predict(X[test], weights, intercept)
        loss = log_loss(y, held, w)
        print(f"{label} C={C}: held-out log-loss {loss:.4f}", file=sys.stderr)
        if best is None or loss < best[0] - 1e-9:
            best = (loss, C, held)
    loss, C, held = best
    weights, intercept = fit(X, y, w, C)
    return weights, intercept, held, C, loss


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gva", type=Path, required=True, help="gva_build.py --set corpus output")
    ap.add_argument("--ecb", type=Path, required=True, help="ecb_build.py --split dev output")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "data" / "train",
                    help="where extracted tables are kept between runs (default %(default)s)")
    ap.add_argument("--out", type=Path, default=ROOT / "facts" / "data" / "same_fact.json")
    ap.add_argument("--judged", type=Path, default=ROOT.parent / "shared" / "eval" / "gva-dev-judged.json",
                    help="conflicts judged by a person (default %(default)s; skipped when missing)")
    ap.add_argument("--pool-judged", type=Path, default=ROOT / "train" / "data" / "judged_pairs.json",
                    help="pairs of the training pool judged by a person (default %(default)s)")
    ap.add_argument("--card", type=Path, default=None, help="also write the model card figures here (JSON)")
    ap.add_argument("--exclude-fold", type=int, default=None,
                    help="leave out the incidents and topics of this fold (of --folds), to measure on them")
    ap.add_argument("--folds", type=int, default=2, help="folds for --exclude-fold (default %(default)s)")
    ap.add_argument("--changes", choices=("table", "text", "both"), default="text",
                    help="how changed counts are made: in the fact table, in the articles' text (read again), "
                         "or both (default %(default)s)")
    a = ap.parse_args(argv)
    if a.judged and not a.judged.exists():
        a.judged = None

    from facts.claims.group import candidate_table, statement_table

    print("extracting (cached in --work)...", file=sys.stderr)
    gva = extract(a.gva / "incidents", a.work / "gva-corpus.parquet")
    ecb = extract(a.ecb / "sorted", a.work / "ecb-dev.parquet")
    gva_expected = json.loads((a.gva / "expected.json").read_text())
    if a.exclude_fold is not None:
        gva = gva[[fold_of(f"gva:{s}", a.folds) != a.exclude_fold for s in gva["story"]]]
        ecb = ecb[[fold_of(f"ecb:{str(s).split('_')[0]}", a.folds) != a.exclude_fold for s in ecb["story"]]]
    idf, default_idf = idf_table([gva, ecb])
    blank = SameFactModel(FEATURE_NAMES, (0.0,) * len(FEATURE_NAMES), 0.0, idf, default_idf, {},
                          (0.0,) * len(MENTION_FEATURE_NAMES), 0.0)
    options = AlignOptions(model=blank)

    # 1. The toll-statement model, on every toll mention of every GVA article (single-article
    # incidents too), cross-validated by incident.
    statements = statement_table(gva)
    sy = statement_labels(statements, gva_expected)
    keep = ~np.isnan(sy)
    statements, sy = statements[keep].reset_index(drop=True), sy[keep]
    SX = statements[list(MENTION_FEATURE_NAMES)].to_numpy(float)
    s_groups = np.array([f"gva:{s}" for s in statements["story"]])
    s_weights, s_intercept, s_held, s_C, s_loss = fit_cv(SX, sy, np.ones(len(sy)), s_groups, "statement")
    full = SameFactModel(FEATURE_NAMES, (0.0,) * len(FEATURE_NAMES), 0.0, idf, default_idf, {},
                         tuple(float(x) for x in s_weights), float(s_intercept))
    options = AlignOptions(model=full)

    # 2. The same-fact model, on disagreements: what a verdict asks it about. Natural
    # disagreements of two sources within a claim are mostly two different facts (a part and a
    # total, another group, another event); genuine ones are made by changing, in one article of
    # an incident, the Archive's count to another figure where the corpus builder found it stated
    # (as an outlet that got it wrong would; `changed_texts`), reading the article again and
    # pairing the changed mentions with the other articles' counts.
    print("features...", file=sys.stderr)
    parts = []
    judged = json.loads(a.judged.read_text()) if a.judged else []
    pool = judged_pairs(a.pool_judged)
    matched: set = set()
    ecb_expected = json.loads((a.ecb / "expected.json").read_text())
    for name, table, expected, labeller in (
            ("gva", gva, gva_expected, lambda c, t, e: gva_labels(c, t, e, judged, pool)),
            ("ecb", ecb, ecb_expected, lambda c, t, e: ecb_labels(c, t, e, pool=pool))):
        cands = candidate_table(table, options)
        group = np.array([f"{name}:{s}" if name == "gva" else f"{name}:{str(s).split('_')[0]}"
                          for s in cands["story"]])
        apart = (cands["gap"] > 0).to_numpy()
        y, w = labeller(cands[apart], table, expected)
        matched |= {_pair_key(table, a, b) for a, b in zip(cands["a"][apart], cands["b"][apart])} & pool.keys()
        keep = ~np.isnan(y)
        parts.append((name, cands[apart][keep], y[keep], w[keep], group[apart][keep]))
        # Two mentions that agree stand for one fact stated differently (the features do not
        # read the figures): people's links of ECB+ at full weight, any other claim's at
        # OTHER_WEIGHT (a toll's are made by changing counts, below).
        agree = cands[~apart]
        y, w = ecb_labels(agree, table, expected, agreeing=True) if name == "ecb" \
            else (np.full(len(agree), math.nan), np.zeros(len(agree)))
        others = (agree["toll"] == 0).to_numpy() & np.isnan(y)
        y[others], w[others] = 1.0, OTHER_WEIGHT
        keep = y == 1
        parts.append((f"{name}_agreeing", agree[keep], y[keep], w[keep], group[~apart][keep]))
    if a.changes in ("table", "both"):
        changed_table, changed_rows = changed_counts(gva, gva_expected)
        cands = candidate_table(changed_table, options)
        synthetic = synthetic_pairs(cands, changed_table, changed_rows, gva_expected)
        parts.append(("gva_changed", synthetic, np.ones(len(synthetic)), np.ones(len(synthetic)),
                      np.array([f"gva:{s}" for s in synthetic["story"]])))
    if a.changes in ("text", "both"):
        records = changed_texts(a.gva / "incidents", gva_expected, a.work / "gva-changed")
        digest = hashlib.sha1(json.dumps(records, sort_keys=True).encode())
        for r in records:  # the extraction is kept under what was written
            digest.update((a.work / "gva-changed" / r["story"] / r["event"] / r["file"]).read_bytes())
        digest = digest.hexdigest()[:8]
        read = extract(a.work / "gva-changed", a.work / f"gva-changed-{digest}.parquet")
        changed_table, changed_rows, counts = text_changed_table(gva, read, records)
        cands = candidate_table(changed_table, options)
        synthetic = synthetic_pairs(cands, changed_table, changed_rows, gva_expected, counts)
        parts.append(("gva_changed_text", synthetic, np.ones(len(synthetic)), np.ones(len(synthetic)),
                      np.array([f"gva:{s.split('/')[0]}" for s in synthetic["story"]])))
    X = np.vstack([c[list(FEATURE_NAMES)].to_numpy(float) for _, c, *_ in parts])
    y = np.concatenate([p[2] for p in parts])
    w = np.concatenate([p[3] for p in parts])
    groups = np.concatenate([p[4] for p in parts])
    corpus = np.concatenate([[name] * len(p[2]) for name, *p in parts])
    print(f"{len(y)} pairs, {int(y.sum())} same", file=sys.stderr)
    print(f"{len(matched)} of the {len(pool)} pool pairs judged by a person found", file=sys.stderr)
    weights, intercept, held, C, loss = fit_cv(X, y, w, groups, "pairs")
    card = {
        "data": {name: {"pairs": len(yy), "same": int(yy.sum()), "groups": len(set(gg)),
                        "pairs_labelled_by_people_or_archive": int((ww >= 1).sum())}
                 for name, _, yy, ww, gg in parts},
        "pool_pairs_judged_by_people": {"judged": len(pool), "found": len(matched)},
        "regularisation_C": C,
        "statement_model": {"mentions": len(sy), "statements": int(sy.sum()), "regularisation_C": s_C,
                            "held_out_log_loss": round(s_loss, 4), "held_out_auc": round(auc(sy, s_held), 4),
                            "reliability": reliability(sy, s_held)},
        "held_out": {
            "folds": f"{FOLDS} folds by incident (GVA) and by topic (ECB+)",
            "log_loss": round(loss, 4),
            "auc_gva_changed_vs_natural": round(auc(y[np.char.startswith(corpus.astype(str), "gva")],
                                                    held[np.char.startswith(corpus.astype(str), "gva")]), 4),
            "auc_ecb_people_labels": round(auc(y[np.char.startswith(corpus.astype(str), "ecb") & (w >= 1)],
                                                held[np.char.startswith(corpus.astype(str), "ecb") & (w >= 1)]), 4),
        },
        "reliability": {"gva": reliability(y[np.char.startswith(corpus.astype(str), "gva") & (w >= 1)],
                                   held[np.char.startswith(corpus.astype(str), "gva") & (w >= 1)]),
                        "ecb_people_labels": reliability(y[np.char.startswith(corpus.astype(str), "ecb") & (w >= 1)],
                                                         held[np.char.startswith(corpus.astype(str), "ecb") & (w >= 1)])},
    }
    model = {
        "format": MODEL_FORMAT, "format_version": MODEL_VERSION,
        "about": "Logistic regression: P(two mentions state the same fact) = 1 / (1 + exp(-(intercept + "
                 "sum(weights[i] * features[i])))). Features: facts/claims/features.py. Built by "
                 "train/same_fact.py (make train).",
        "mention": {"about": "The toll-statement model: log-odds that a mention of a toll is its source's "
                             "statement of it = intercept + sum(weights[i] * features[i]).",
                    "features": list(MENTION_FEATURE_NAMES),
                    "weights": [round(float(x), DIGITS) for x in s_weights],
                    "intercept": round(float(s_intercept), DIGITS)},
        "features": list(FEATURE_NAMES),
        "weights": [round(float(x), DIGITS) for x in weights],
        "intercept": round(float(intercept), DIGITS),
        "card": card,
        "default_idf": default_idf,
        "idf": idf,
    }
    a.out.write_text(json.dumps(model, indent=1, sort_keys=False, ensure_ascii=False) + "\n", encoding="utf-8")
    if a.card:
        a.card.write_text(json.dumps(card, indent=1) + "\n")
    print(json.dumps(card, indent=1))
    for name, x in sorted(zip(MENTION_FEATURE_NAMES, s_weights), key=lambda t: -abs(t[1])):
        print(f"  {x:+.3f}  statement: {name}")
    for name, x in sorted(zip(FEATURE_NAMES, weights), key=lambda t: -abs(t[1])):
        print(f"  {x:+.3f}  {name}")
    print(f"  {intercept:+.3f}  (intercept)")


if __name__ == "__main__":
    main()
