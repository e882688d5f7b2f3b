#!/usr/bin/env python3
"""Do figures people linked as one fact meet in one claim? ECB+ dev's linked number mentions,
located in the fact table of the texts sorted by event, and for every two of one instance in two
texts: whether both have a row, whether they share a claim key, and whether they are in one
claim. Two mentions kept apart by their keys are never compared, so a change to either is never
found (`bench/ecb_changes.py` measures that directly).

    python bench/ecb_keys.py bench/data/ecb-dev [-v]

`-v` lists each pair whose keys differ (the event, the two keys, the two surfaces). The
mentions are located as `bench/ecb_changes.py` locates them (the annotators' sentence in the
text, the mention in it); a row holds a mention when their spans overlap.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> None:
    from ecb import documents
    from ecb_changes import spans

    from facts.checks.audit import validate
    from facts.claims.keys import with_keys
    from facts.claims.stories import assign
    from facts.engines.local import extract_documents

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="ecb_build.py's output folder")
    ap.add_argument("-v", action="store_true", help="list the pairs whose keys differ")
    a = ap.parse_args(argv)
    expected = json.loads((a.data / "expected.json").read_text())
    docs = assign(documents(a.data / "sorted"), "folder")
    facts_df, documents_df = extract_documents(docs, jobs=1)
    result = validate(facts_df, documents_df, None)
    claim_of = {i: c.claim_id for c in result.claims.itertuples() for i in c.mentions}
    keys = with_keys(facts_df)["claim_key"]
    names = facts_df["doc_id"].map(lambda d: Path(d).name)
    rows_of = {name: group for name, group in facts_df.assign(name=names).groupby("name")}
    instances: dict[tuple, list] = {}
    for q in expected["quantities"]:
        instances.setdefault((q["event"], q["instance"]), []).append(q)
    located = held = pairs = same_key = same_claim = 0
    differ = []
    for (event, _), qs in sorted(instances.items()):
        found = []
        for q in qs:
            text = (a.data / "sorted" / event / q["doc"]).read_text(encoding="utf-8")
            rows = rows_of.get(q["doc"])
            for start, end in spans(text, q):
                located += 1
                hit = [] if rows is None else list(rows.index[(rows["start"] < end) & (rows["end"] > start)])
                if hit:
                    held += 1
                    found.append((q["doc"], hit[0]))
        for i, (doc_a, row_a) in enumerate(found):
            for doc_b, row_b in found[i + 1:]:
                if doc_a == doc_b:
                    continue
                pairs += 1
                same_key += keys[row_a] == keys[row_b]
                same_claim += claim_of.get(row_a) is not None and claim_of.get(row_a) == claim_of.get(row_b)
                if keys[row_a] != keys[row_b]:
                    differ.append((event, keys[row_a], keys[row_b], facts_df.at[row_a, "surface"],
                                   facts_df.at[row_b, "surface"]))
    print(f"mentions located {located}, with a row {held}; pairs in two texts {pairs}: "
          f"the same claim key {same_key} ({same_key / max(pairs, 1):.0%}), one claim {same_claim} "
          f"({same_claim / max(pairs, 1):.0%})")
    if a.v:
        for line in sorted(set(differ)):
            print("  " + " | ".join(str(x)[:80] for x in line))


if __name__ == "__main__":
    main()
