"""Stories: documents grouped by the event they report, before claims are formed."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import load_cases

from facts.claims import stories
from facts.cli import cli

CASES = load_cases("story_cases.json")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _docs(case):
    return [stories.StoryDocument(d["id"], d["title"], d["text"], d["published"]) for d in case["documents"]]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_story_case(case):
    docs = _docs(case)
    story = dict(zip((d.doc_id for d in docs), stories.find_stories(docs)))
    for group in case.get("stories", []):
        assert len({story[d] for d in group}) == 1, f"{group} should be one story: {story}"
    groups = case.get("stories", [])
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            assert story[a[0]] != story[b[0]], f"{a} and {b} are different stories: {story}"
    for a, b in case.get("apart", []):
        assert story[a] != story[b], f"{a} and {b} are different stories: {story}"


def test_same_stories_in_any_input_order():
    case = next(c for c in CASES if c["id"] == "roundup-does-not-glue")
    docs = _docs(case)
    forward = dict(zip((d.doc_id for d in docs), stories.find_stories(docs)))
    backward = dict(zip((d.doc_id for d in reversed(docs)), stories.find_stories(list(reversed(docs)))))
    pairs = lambda s: {(a, b) for a in s for b in s if a < b and s[a] == s[b]}  # noqa: E731
    assert pairs(forward) == pairs(backward)


def _write_jsonl(path, case, story_field=None):
    with open(path, "w", encoding="utf-8") as f:
        for d in case["documents"]:
            row = {"id": d["id"], "title": d["title"], "published": d["published"], "text": d["text"]}
            if story_field:
                row[story_field] = "by-hand"
            f.write(json.dumps(row) + "\n")


def test_check_names_stories_on_documents_and_claims(tmp_path):
    case = next(c for c in CASES if c["id"] == "same-city-same-weekend")
    _write_jsonl(tmp_path / "feed.jsonl", case)
    result = run("check", tmp_path / "feed.jsonl", "--format", "json")
    data = json.loads(result.output)
    story = {d["doc_id"].split(":")[-1].split("#")[-1]: d["story"] for d in data["documents"]}
    by_doc = {d["doc_id"]: d["story"] for d in data["documents"]}
    assert len(set(story.values())) == 2
    assert all(d["story_title"] for d in data["documents"])
    for claim in data["claims"]:
        assert {by_doc[m["doc_id"]] for m in claim["mentions"]} == {claim["story"]}, claim
    # "Two men were wounded" (Maple Avenue) never meets the Oakdale Park figures.
    assert not any(c["verdict"] == "conflict" for c in data["claims"])


@pytest.mark.parametrize("field", ["story", "event"])
def test_a_story_field_wins(tmp_path, field):
    case = next(c for c in CASES if c["id"] == "same-city-same-weekend")
    _write_jsonl(tmp_path / "feed.jsonl", case, story_field=field)
    data = json.loads(run("check", tmp_path / "feed.jsonl", "--format", "json").output)
    assert {d["story"] for d in data["documents"]} == {"by-hand"}


def test_stories_none_is_one_story(tmp_path):
    case = next(c for c in CASES if c["id"] == "same-city-same-weekend")
    _write_jsonl(tmp_path / "feed.jsonl", case, story_field="story")
    data = json.loads(run("check", tmp_path / "feed.jsonl", "--format", "json", "--stories", "none").output)
    assert {d["story"] for d in data["documents"]} == {""}
    assert {c["story"] for c in data["claims"]} == {""}


def test_stories_folder(tmp_path):
    case = next(c for c in CASES if c["id"] == "same-city-same-weekend")
    for d in case["documents"]:
        folder = tmp_path / ("maple" if d["id"].startswith("a") else "oakdale")
        folder.mkdir(exist_ok=True)
        (folder / f"{d['id']}.txt").write_text(f"{d['title']}\nPublished: {d['published']}\n\n{d['text']}\n")
    data = json.loads(run("check", tmp_path, "--format", "json", "--stories", "folder").output)
    assert {d["doc_id"]: d["story"] for d in data["documents"]} == {
        "maple/a1.txt": "maple", "maple/a2.txt": "maple", "oakdale/b1.txt": "oakdale", "oakdale/b2.txt": "oakdale"}


def test_a_late_article_does_not_rekey_the_stories():
    case = next(c for c in CASES if c["id"] == "follow-up-weeks-later")
    from facts.types import Document

    docs = [Document(d["id"], d["id"], text=d["text"], title=d["title"], published=d["published"])
            for d in case["documents"]]
    before = {d.doc_id: d.story for d in stories.assign(docs[:2] + docs[3:])}
    after = {d.doc_id: d.story for d in stories.assign(docs)}
    assert after["s3"] == after["s1"]
    assert {k: after[k] for k in before} == before


def test_an_unknown_mode_names_the_choices():
    with pytest.raises(ValueError, match="auto, folder, none"):
        stories.assign([], "sorted")


def test_a_draft_is_checked_against_its_own_story(tmp_path):
    """Sources about two shootings: the draft about the Oakdale Park one is compared with that
    story only, and says so; "two men wounded" (the Maple Avenue shooting) supports nothing."""
    case = next(c for c in CASES if c["id"] == "same-city-same-weekend")
    sources = tmp_path / "sources"
    sources.mkdir()
    for d in case["documents"]:
        (sources / f"{d['id']}.txt").write_text(f"{d['title']}\nPublished: {d['published']}\n\n{d['text']}\n")
    draft = tmp_path / "draft.md"
    draft.write_text("Jaylen Ortiz, a 17-year-old, was killed at the Oakdale Park basketball court in Riverton "
                     "on Saturday after an argument over a pickup game. Two men were wounded, police said.\n")
    data = json.loads(run("check", draft, "--against", sources, "--format", "json").output)
    oakdale = {s["story"] for s in data["sources"] if s["doc_id"] in ("b1.txt", "b2.txt")}
    assert data["story"] and oakdale == {data["story"]}
    assert data["story_title"]
    two = next(f for f in data["figures"] if f["surface"].lower() == "two")
    assert two["status"] == "unsupported", two
    # every source is still accounted for
    assert {s["doc_id"] for s in data["sources"]} == {"a1.txt", "a2.txt", "b1.txt", "b2.txt"}


def test_the_cases_hold_in_one_collection():
    """All the cases' articles in one feed: each case's stories hold there too."""
    docs, where = [], {}
    for case in CASES:
        for d in case["documents"]:
            where[(case["id"], d["id"])] = len(docs)
            docs.append(stories.StoryDocument(f"{case['id']}/{d['id']}", d["title"], d["text"], d["published"]))
    story = stories.find_stories(docs)
    for case in CASES:
        of = {doc_id: story[i] for (case_id, doc_id), i in where.items() if case_id == case["id"]}
        for group in case.get("stories", []):
            assert len({of[d] for d in group}) == 1, (case["id"], group)
        for a, b in case.get("apart", []):
            assert of[a] != of[b], (case["id"], a, b)
    assert len(set(story)) >= 6


@pytest.mark.parametrize("n, expected", [(1, stories.SMALL_THRESHOLD), (stories.SMALL_COLLECTION, stories.SMALL_THRESHOLD),
                                         (stories.LARGE_COLLECTION, stories.THRESHOLD), (10_000, stories.THRESHOLD)])
def test_threshold_by_collection_size(n, expected):
    assert stories.threshold(n) == pytest.approx(expected)


def test_threshold_rises_between_small_and_large():
    sizes = range(stories.SMALL_COLLECTION, stories.LARGE_COLLECTION + 1)
    values = [stories.threshold(n) for n in sizes]
    assert values == sorted(values) and values[0] < values[-1]


@pytest.mark.parametrize("titles, tails", [
    (["Teen booked in home invasion - CBS 5 - KPHO", "Two shot at park - CBS 5 - KPHO", "Fire on Elm St"],
     {"cbs 5 - kpho", "kpho"}),
    (["Three hurt on Maple Avenue | Riverton Star", "Man killed at Oak Park | Riverton Star"], {"riverton star"}),
    # one title given twice is one title: nothing shows that its end names an outlet
    (["Shooting on Elm St - WXYZ", "Shooting on Elm St - WXYZ"], set()),
    (["Police: two hurt on Elm St", "Police: man killed on Oak St"], set()),
])
def test_outlet_tails(titles, tails):
    assert stories.outlet_tails(titles) == tails


def test_without_outlets_cuts_the_outlet_from_titles_only():
    docs = [stories.StoryDocument("a", "Teen booked in home invasion - CBS 5 - KPHO", "CBS 5 - KPHO reports."),
            stories.StoryDocument("b", "Two shot at park - CBS 5 - KPHO", "Two were shot."),
            stories.StoryDocument("c", "Fire on Elm St", "A fire.")]
    assert [d.title for d in stories.without_outlets(docs)] == ["Teen booked in home invasion", "Two shot at park",
                                                                "Fire on Elm St"]
    assert stories.without_outlets(docs)[0].text == "CBS 5 - KPHO reports."


@pytest.mark.parametrize("title, cut", [
    ("Gun battle leaves 1 dead at Phoenix apartment - azfamily.com 3TV | Phoenix Breaking News", "Gun battle leaves 1 dead at Phoenix apartment"),
    ("PD: Two hurt on Elm St - wxyz.com", "PD: Two hurt on Elm St"),
    ("nola.com: Man shot in Gentilly", "nola.com: Man shot in Gentilly"),  # the site first: no story words before it
    ("Police: two hurt on Elm St", "Police: two hurt on Elm St"),
])
def test_a_title_tail_that_names_a_web_site_is_an_outlet(title, cut):
    assert stories.without_outlets([stories.StoryDocument("a", title, "")])[0].title == cut


@pytest.mark.parametrize("title, text, tolls", [
    ("1 dead, 4 wounded in Brighton Park shooting", "", (1, 4, False)),
    ("Teen booked in home invasion", "Teen booked in home invasion\nPublished: May 2\n\nA 16-year-old was booked in a "
     "shooting that left one man dead and three others injured. Police said more.", (1, 3, False)),
    ("Elm St shooting toll rises to 3 dead", "The third victim died on Monday.", (3, None, True)),
    ("Arrest in Elm St shooting", "Police arrested a man on Tuesday.", (None, None, False)),
])
def test_lead_tolls(title, text, tolls):
    killed, injured, changed = stories.lead_tolls(stories.StoryDocument("a", title, text))
    assert [None if v != v else v for v in (killed, injured)] + [changed] == list(tolls)


def test_names_leave_out_the_officials_and_institutions_of_a_beat():
    doc = stories.StoryDocument("a", "Two hurt on Maple Avenue", "Harris County Sheriff Adrian Garcia said Marcus Bell "
                                "was taken to Memorial Hermann Hospital from Maple Avenue.")
    assert stories.names(doc) == {"marcus bell", "maple avenue"}


def _words_one_by_one(doc):
    """`stories.words` as first written: each word lower-cased on its own."""
    from collections import Counter

    out: Counter = Counter()
    for token in stories._TOKEN.findall(f"{doc.title}\n{doc.text}"):
        token = token.lower().replace("’", "'")
        if len(token) >= 2 and token not in stories._STOP:
            out[token] += 1
    return out


@pytest.mark.parametrize("text", [
    "Police said 2 men were SHOT on Elm St. O’Brien's 14-year-old son, the 700 block.",
    "İSTANBUL (AP) — Two KILLED in İzmir", "A 5\u212a run: \u212aelvin and KELVIN", "Ünïcödé ÉLAN café’s “quote”",
    "", "a", "Straße STRASSE ǅemal ΣΊΣΥΦΟΣ",
])
def test_words_are_the_words_lower_cased_one_by_one(text):
    doc = stories.StoryDocument("a", "Title – Outlet’s NEWS", text)
    assert list(stories.words(doc).items()) == list(_words_one_by_one(doc).items())


def _scipy_sums(a, b, i, j):
    """The sums `_pair_sums` stands in for: scipy's element-wise product, 200,000 pairs at a time."""
    import numpy as np

    chunks = [np.asarray(a[i[s:s + stories.SCIPY_CHUNK]].multiply(b[j[s:s + stories.SCIPY_CHUNK]]).sum(axis=1)).ravel()
              for s in range(0, len(i), stories.SCIPY_CHUNK)]
    return np.concatenate(chunks) if chunks else np.zeros(0)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("in_order", [False, True])
def test_pair_sums_are_scipys_floats_bit_for_bit(seed, in_order):
    import numpy as np
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    n, width = 40, 300
    rows, cols, data = [], [], []
    for r in range(n):
        terms = rng.choice(width, size=rng.integers(0, 60), replace=False)
        terms = np.sort(terms) if in_order else terms  # scipy sums rows in order another way
        rows += [r] * len(terms)
        cols += list(terms)
        data += list(rng.random(len(terms)) * 10 ** rng.uniform(-3, 1, len(terms)))
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
    a = sp.csr_matrix((np.array(data), np.array(cols, np.int32), indptr), shape=(n, width))
    b = sp.csr_matrix(a.multiply(rng.random((n, width)) + 0.5))
    pairs = np.array([(p, q) for p in range(n) for q in range(n) if rng.random() < 0.5]).reshape(-1, 2)
    i, j = pairs[:, 0], pairs[:, 1]
    for left, right in ((a, a), (a, b)):
        expected = _scipy_sums(left, right, i, j)
        got = stories._pair_sums(left, right, i, j, stories._scipy_in_order(left, i, j, right), block=width * 3)
        assert np.array_equal(got, expected)
        keep = rng.random(len(i)) < 0.5  # fewer pairs: each keeps its floats
        assert np.array_equal(stories._pair_sums(left, right, i[keep], j[keep],
                                                 stories._scipy_in_order(left, i, j, right)[keep]), expected[keep])


def _keyed(stories_texts: dict) -> dict:
    """{(story, document, surface): claim key} of the texts, each document in its story."""
    import pandas as pd

    import facts
    from facts.claims.keys import with_keys

    frames = []
    for story, texts in stories_texts.items():
        for doc, text in texts.items():
            df = facts.extract_text(text)
            df["doc_id"], df["story"] = doc, story
            frames.append(df)
    table = with_keys(pd.concat(frames, ignore_index=True))
    return {(s, d, f): k for s, d, f, k in zip(table["story"], table["doc_id"], table["surface"], table["claim_key"])}


# A story's figures keyed alone and beside another story (issue 33, item 8: adding unrelated
# documents must not change a story's results). "suspected gang members" and "alleged gang
# members" are two keys in story A; another story's bare "members arrested" once renamed both to
# it (suffixes were merged over the whole table), which put 3 and 4 in one claim of A. A figure
# with no key, whose sentence another story repeats, once took a key from that link ("context:").
KEYED_APART = {
    "suffix merged over another story": (
        {"a1": "Police arrested three suspected gang members on Monday.",
         "a2": "Police said four alleged gang members were arrested."},
        {"b1": "Officers arrested 12 members of the club in March."}),
    "sentence worded alike in another story": (
        {"a1": "The final tally stood at 42 after the long vote on Monday, officials in the capital said."},
        {"b1": "The final tally stood at 42 after the long vote on Monday, officials in the capital said."}),
}


@pytest.mark.parametrize("name", KEYED_APART)
def test_another_story_never_changes_a_story_claim_keys(name):
    own, other = KEYED_APART[name]
    alone = _keyed({"A": own})
    beside = _keyed({"A": own, "B": other})
    assert alone, "the story's figures were not read"
    assert {k: v for k, v in beside.items() if k[0] == "A"} == alone


def test_suffixes_still_merge_within_a_story():
    keys = _keyed({"A": {"a1": "Police arrested three suspected gang members on Monday.",
                         "a2": "Police said three gang members were arrested."}})
    assert len(set(keys.values())) == 1, keys


def _joined(label, pairs):
    """`stories._small_joined` on labels and (doc, doc, score) pairs."""
    import numpy as np

    i, j, s = (np.array(col) for col in zip(*pairs)) if pairs else (np.array([], int),) * 2 + (np.array([]),)
    return stories._small_joined(np.array(label), i, j, s).tolist()


L = stories.LARGE_STORY
BIG = [0] * L  # documents 0 .. L-1: one well-reported event; the next document is number L


def test_a_lone_report_joins_the_large_story_it_resembles_on_average():
    # document L is below THRESHOLD with every report of the event, and about JOIN_AVERAGE on average
    assert stories.JOIN_AVERAGE < stories.THRESHOLD
    above, below = 1.01 * stories.JOIN_AVERAGE, 0.99 * stories.JOIN_AVERAGE
    assert _joined(BIG + [L], [(L, b, above) for b in range(L)]) == BIG + [0]
    assert _joined(BIG + [L], [(b, L, above) for b in range(L)]) == BIG + [0]  # either end of a pair
    assert _joined(BIG + [L], [(L, b, below) for b in range(L)]) == BIG + [L]
    # pairs that are not candidates count as 0: two strong links are not enough
    assert _joined(BIG + [L], [(L, 0, 0.25), (L, 1, 0.25)]) == BIG + [L]


def test_only_small_stories_join_and_only_large_ones_take_them():
    small = list(range(stories.SMALL_STORY + 1))
    four = [L] * len(small)  # a story of SMALL_STORY + 1 documents stays itself, however similar
    pairs = [(L + a, b, 1.0) for a in small for b in range(L)]
    assert _joined(BIG + four, pairs) == BIG + four
    fewer = [0] * (L - 1)  # a story of LARGE_STORY - 1 documents takes none
    assert _joined(fewer + [9], [(L - 1, b, 1.0) for b in range(L - 1)]) == fewer + [9]
    three = [L] * stories.SMALL_STORY  # a small story joins whole
    pairs = [(L + a, b, 0.5) for a in range(stories.SMALL_STORY) for b in range(L)]
    assert _joined(BIG + three, pairs) == BIG + [0] * stories.SMALL_STORY


def test_a_small_story_joins_the_large_story_it_resembles_most():
    other = [L] * L  # documents L .. 2L-1: another event
    lone = 2 * L
    pairs = [(lone, b, 0.2) for b in range(L)] + [(lone, L + b, 0.3) for b in range(L)]
    assert _joined(BIG + other + [lone], pairs)[lone] == L
    assert _joined(BIG + other + [lone], [])[lone] == lone  # nothing links it: it stays alone
