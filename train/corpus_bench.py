#!/usr/bin/env python3
"""Injected-change benchmarks made from the training corpus, for cross-validated measurement of
the whole check (not only the model) on hundreds of incidents instead of 60.

    python train/corpus_bench.py bench/data/gva-corpus --out bench/data/corpus-bench [--folds 2]

From `gva_build.py --set corpus` (its incidents, the Archive's counts and the regex gold spans of
each article), as `gva_build.py` builds its dev sample: incidents whose killed (else injured)
count is found in two articles or more published within a week; in one of them, chosen by hash,
every gold span of that count is replaced by another figure. Writes, per fold of the incidents
(the folds of `train/same_fact.py`, by hash of the incident) and per change (`large`: 3g+2,
`small`: g+1, or g-1 for a third of the incidents), a folder in gva_build's layout that
`../shared/tools/gva_score.py` and `bench/fastcheck.py` score:

    OUT/fold<k>-<change>/incidents/<id>/<doc>.txt, perturbed/<id>/<doc>.txt, expected.json

A model evaluated on fold k must be trained without it (`train/same_fact.py --exclude-fold k`).
Deterministic.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

WEEK = 7


def fold_of(group: str, folds: int) -> int:
    """The fold of a group (incident "gva:<id>", topic "ecb:<n>"), as `train/same_fact.py` folds."""
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % folds


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--folds", type=int, default=2)
    a = ap.parse_args(argv)
    expected = json.loads((a.corpus / "expected.json").read_text())
    sets: dict[tuple, list] = {}
    for inc in expected["incidents"]:
        arts = inc["articles"]
        choice = None
        for kind in ("killed", "injured"):
            g = inc[kind]
            if g < 1:
                continue
            have = [x for x in arts if x["gold_spans"][kind]]
            paired = sorted({x["file"] for x in have for y in have if x is not y and abs(
                (date.fromisoformat(x["published"]) - date.fromisoformat(y["published"])).days) <= WEEK})
            if paired:
                choice = (kind, g, paired)
                break
        if not choice:
            continue
        kind, g, paired = choice
        digest = int(hashlib.sha1(inc["id"].encode()).hexdigest(), 16)
        target = paired[digest % len(paired)]
        fold = fold_of(f"gva:{inc['id']}", a.folds)
        for change in ("large", "small"):
            new = g * 3 + 2 if change == "large" else g + 1 if (g == 1 or digest % 3) else g - 1
            sets.setdefault((fold, change), []).append((inc, kind, g, target, new))
    for (fold, change), items in sorted(sets.items()):
        out = a.out / f"fold{fold}-{change}"
        if out.exists():
            shutil.rmtree(out)
        records = []
        for inc, kind, g, target, new in items:
            rec = {"id": inc["id"], "killed": inc["killed"], "injured": inc["injured"], "articles": [],
                   "perturbation": None}
            for art in inc["articles"]:
                text = (a.corpus / "incidents" / inc["id"] / art["file"]).read_text()
                for sub in ("incidents", "perturbed"):
                    (out / sub / inc["id"]).mkdir(parents=True, exist_ok=True)
                (out / "incidents" / inc["id"] / art["file"]).write_text(text)
                ptext, changes, shift = text, [], 0
                if art["file"] == target:
                    for s, e, surface in art["gold_spans"][kind]:
                        rep = str(new)
                        ptext = ptext[:s + shift] + rep + ptext[e + shift:]
                        changes.append({"start": s, "end": e, "old": surface, "new": rep, "new_start": s + shift,
                                        "new_end": s + shift + len(rep),
                                        "sentence": text[max(text.rfind("\n", 0, s), 0):text.find("\n", e)].strip()})
                        shift += len(rep) - (e - s)
                    rec["perturbation"] = {"article": art["file"], "kind": kind, "gold": g, "new": new,
                                           "changes": changes}
                (out / "perturbed" / inc["id"] / art["file"]).write_text(ptext)
                rec["articles"].append({**art, "perturbed_spans": art["gold_spans"]})
            records.append(rec)
        (out / "expected.json").write_text(json.dumps(
            {"source": expected.get("source"), "split": "dev", "set": f"corpus fold {fold} {change}",
             "incidents": records}, indent=1, ensure_ascii=False) + "\n")
        print(f"{out}: {len(records)} incidents")


if __name__ == "__main__":
    main()
