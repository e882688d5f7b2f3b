#!/usr/bin/env python3
"""ECB+ dev topics (news of many kinds: earthquakes, riots, sports, piracy, acquisitions) built by
../shared/tools/ecb_build.py: the check on the texts sorted by event, and stories on all of them
in one folder.

    python bench/ecb.py bench/data/ecb-dev [--json OUT] [--topics 1-35]

Prints, for `sorted/` (each event's folder one story, `--stories folder`): claims by verdict and
the conflicts (to be judged by a person: `--json` writes them with their sentences); for `mixed/`
(stories found, `--stories auto`): stories B-cubed precision, recall and F1 against the events
the annotators gave, how many stories for how many events, and the conflicts whose claim holds
figures of two events (goal 0). `--topics` keeps the topics of a range (for held-out folds).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bcubed(found: dict, gold: dict) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering `found` (item -> cluster) against `gold`."""
    items = sorted(gold)
    by_found, by_gold = {}, {}
    for i in items:
        by_found.setdefault(found[i], set()).add(i)
        by_gold.setdefault(gold[i], set()).add(i)
    p = sum(len(by_found[found[i]] & by_gold[gold[i]]) / len(by_found[found[i]]) for i in items) / len(items)
    r = sum(len(by_found[found[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items) / len(items)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def topic_range(text: str | None):
    if not text:
        return None
    lo, _, hi = text.partition("-")
    return range(int(lo), int(hi or lo) + 1)


def documents(folder: Path, topics=None) -> list:
    from facts.inputs.documents import load_documents

    docs = [d for d in load_documents([str(folder)])]
    if topics is not None:
        docs = [d for d in docs if int(Path(d.doc_id).name.split("_")[0]) in topics]
    return docs


def stories(data: Path, topics=None) -> dict:
    """Stories found on mixed/: B-cubed against the events, and the count of stories."""
    from facts.claims.stories import assign

    expected = json.loads((data / "expected.json").read_text())["events"]
    docs = assign(documents(data / "mixed", topics), "auto")
    found = {Path(d.doc_id).name: d.story for d in docs}
    gold = {name: expected[name] for name in found}
    p, r, f = bcubed(found, gold)
    return {"documents": len(found), "events": len(set(gold.values())), "stories": len(set(found.values())),
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def check(folder: Path, mode: str, topics=None, event_of: dict | None = None, overrides: dict | None = None) -> dict:
    """`facts check` on `folder` in-process: verdict counts, the conflicts, and (with `event_of`)
    the conflicts whose claim holds figures of two events. `overrides`: suite options (a `model`)."""
    from facts.checks.audit import validate
    from facts.claims.stories import assign
    from facts.engines.local import extract_documents

    docs = assign(documents(folder, topics), mode)
    facts_df, documents_df = extract_documents(docs, jobs=2)
    result = validate(facts_df, documents_df, None, overrides=overrides or {})
    verdicts = Counter(result.claims["verdict"])
    conflicts, spanning = [], 0
    for claim in result.claims.itertuples():
        if claim.verdict != "conflict":
            continue
        rows = facts_df.loc[list(claim.pair)] if claim.pair else facts_df.loc[claim.mentions]
        events = {event_of.get(Path(d).name, d) for d in rows["doc_id"]} if event_of else set()
        spanning += len(events) > 1
        conflicts.append({"claim_id": claim.claim_id, "story": claim.story, "label": claim.label
                          if hasattr(claim, "label") else claim.concept, "reason": claim.reason,
                          "pair": [{"doc_id": r.doc_id, "surface": r.surface, "sentence": r.sentence,
                                    "position": r.position} for r in rows.itertuples()],
                          "events": sorted(events)})
    return {"verdicts": dict(sorted(verdicts.items())), "conflicts": conflicts, "spanning_two_events": spanning}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--json", type=Path, help="write the conflicts of sorted/ and mixed/ here")
    ap.add_argument("--topics", help="a range of topics, e.g. 1-17")
    ap.add_argument("--stories-only", action="store_true", help="only the stories of mixed/")
    ap.add_argument("--model", type=Path, help="another same-fact model (train/same_fact.py --out)")
    a = ap.parse_args(argv)
    overrides = {}
    if a.model:
        from facts.claims.samefact import from_file

        overrides["model"] = from_file(a.model)
    topics = topic_range(a.topics)
    out = {"stories": stories(a.data, topics)}
    print("stories (mixed/, --stories auto):", json.dumps(out["stories"]))
    if not a.stories_only:
        events = json.loads((a.data / "expected.json").read_text())["events"]
        out["sorted"] = check(a.data / "sorted", "folder", topics, events, overrides)
        print("sorted/ (--stories folder):", json.dumps(out["sorted"]["verdicts"]),
              f"conflicts {len(out['sorted']['conflicts'])}")
        out["mixed"] = check(a.data / "mixed", "auto", topics, events, overrides)
        print("mixed/ (--stories auto):", json.dumps(out["mixed"]["verdicts"]),
              f"conflicts {len(out['mixed']['conflicts'])}, spanning two events {out['mixed']['spanning_two_events']}")
    if a.json:
        a.json.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
