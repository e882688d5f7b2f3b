#!/usr/bin/env python3
"""Changed figures in news of other kinds: ECB+ dev's linked number mentions, one text's changed.

    python bench/ecb_changes.py build bench/data/ecb-dev --out bench/data/ecb-changes [--change large|small]
    python ../shared/tools/gva_score.py bench/data/ecb-changes        # or bench/fastcheck.py, --model=

ECB+ annotators linked number mentions across texts of one event (`ecb_build.py`'s
`quantities`: "six children", "5.6", "$200 million", "No. 5 seed"): mentions of one instance
state the same fact. For every instance stated in two texts or more, this writes the event's
texts twice, in `gva_build.py`'s layout, so that `gva_score.py` and `bench/fastcheck.py` score
it as they score the shootings: as published (`incidents/<instance>/`) and with, in one text
chosen by hash, every mention of the instance given another figure (`perturbed/<instance>/`).
A change is found when the changed figure is in a conflict claim with a mention of the same
instance in another text that states the original value.

The figure of a mention is read by a small grammar of its own (digits, scale words, number words
to twenty, "both", "dozen"), independent of `facts`. Instances are left out, with their reason
printed, when the number of a mention is part of a name or a code ("76ers", "IE8", "MS08-078",
"8 Block"), when a mention holds two numbers (a score "31-24", a range), when no mention's figure
can be read (a vague "dozens" or "tens of thousands" is no figure), or when no other text's
mention states the changed text's value. `large` writes 3g+2 for a whole number g and g+1
for a decimal; `small` writes g+1 (g-1 for a third of the instances, by hash) and one in the
last decimal place. The instance's value `g` is the figure of the changed text's mentions.

The events' texts were read while rules were written (ECB+ dev topics 1-35), and the same-fact
model trains on their instance links: score out of fold with `--model=` a model trained without
the instance's topic (`train/same_fact.py --exclude-fold k`, topics folded by
`train/corpus_bench.fold_of("ecb:<topic>")`; `--fold K --folds N` writes only fold K's).
Deterministic.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
from pathlib import Path

WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
WORDS.update({"both": 2, "dozen": 12, "a dozen": 12})
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mm": 1e6, "m": 1e6, "bn": 1e9, "k": 1e3}
_DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_WORD = re.compile(r"\b(" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\b", re.I)
_SCALE = re.compile(r"\s*(thousand|million|billion|mm|bn|m|k)\b", re.I)

SKIPS = (
    ("a name or a code", re.compile(r"[A-Za-z]\d|\d(?:ers|x\d)|\bBlock\b", re.I)),
    ("two numbers (a score, a range)", re.compile(r"\d\s*[-–]\s*\d|\bto\b")),
)
"""Why an instance is left out: (reason, a pattern any of its mentions matches)."""
VAGUE = re.compile(r"\b(?:dozens|hundreds|thousands|tens of)\b", re.I)
"""A mention with no one figure ("dozens", "tens of thousands"): not a gold mention."""


def figure(mention: str):
    """(start, end, written value, decimals, scale) of the mention's number, or None."""
    if VAGUE.search(mention):
        return None
    m = _DIGITS.search(mention)
    if m:
        whole = m.group(1).replace(",", "")
        decimals = len(m.group(2)) - 1 if m.group(2) else 0
        written = float(whole + (m.group(2) or ""))
        scale = _SCALE.match(mention, m.end())
        return m.start(), m.end(), written, decimals, SCALES[scale.group(1).lower()] if scale else 1.0
    m = _WORD.search(mention)
    if m:
        scale = _SCALE.match(mention, m.end())
        return m.start(), m.end(), float(WORDS[m.group(1).lower()]), 0, SCALES[scale.group(1).lower()] if scale else 1.0
    return None


def changed(written: float, decimals: int, change: str, digest: int) -> float:
    step = 10 ** -decimals
    if change == "large":
        return written * 3 + 2 if decimals == 0 else round(written + 1, decimals)
    down = digest % 3 == 0 and written - step > 0
    return round(written - step if down else written + step, decimals)


def spelled(value: float, decimals: int, commas: bool) -> str:
    return f"{value:,.{decimals}f}" if commas else f"{value:.{decimals}f}"


def spans(text: str, q: dict) -> list[tuple[int, int]]:
    """Where mention `q` sits in `text`: in each place its sentence does (whitespace as written)."""
    out = []
    for s in re.finditer(re.escape(q["sentence"]), text):
        at = q["sentence"].find(q["mention"])
        if at >= 0:
            out.append((s.start() + at, s.start() + at + len(q["mention"])))
    return out


def build(data: Path, out: Path, change: str, fold: int | None, folds: int) -> None:
    from corpus_bench import fold_of  # train/

    expected = json.loads((data / "expected.json").read_text())
    instances: dict[tuple, list] = {}
    for q in expected["quantities"]:
        instances.setdefault((q["event"], q["instance"]), []).append(q)
    if out.exists():
        shutil.rmtree(out)
    records, skipped = [], []
    for (event, instance), qs in sorted(instances.items()):
        docs = sorted({q["doc"] for q in qs})
        if len(docs) < 2:
            continue
        topic = event.split("_")[0]
        if fold is not None and fold_of(f"ecb:{topic}", folds) != fold:
            continue
        why = next((reason for reason, pattern in SKIPS if any(pattern.search(q["mention"]) for q in qs)), None)
        read = [(q, figure(q["mention"])) for q in qs]
        if why is None and not any(f for _, f in read):
            why = "no figure read"
        if why:
            skipped.append(f"{event} {instance} ({', '.join(sorted({q['mention'] for q in qs}))}): {why}")
            continue
        digest = int(hashlib.sha1(instance.encode()).hexdigest(), 16)
        readable = sorted({q["doc"] for q, f in read if f})
        target = readable[digest % len(readable)]
        target_q = [(q, f) for q, f in read if q["doc"] == target and f]
        _, _, written, decimals, scale = target_q[0][1]
        g = written * scale
        new_written = changed(written, decimals, change, digest)
        new = new_written * scale
        name = f"{event}-{instance}"
        rec = {"id": name, "killed": g, "injured": 0, "articles": [], "perturbation": None}
        for doc in sorted((data / "sorted" / event).iterdir()):
            text = doc.read_text(encoding="utf-8")
            for sub in ("incidents", "perturbed"):
                (out / sub / name).mkdir(parents=True, exist_ok=True)
            (out / "incidents" / name / doc.name).write_text(text, encoding="utf-8")
            gold = sorted({(s, e, q["mention"]) for q, f in read if q["doc"] == doc.name and f
                           and abs(f[2] * f[4] - g) < 1e-9 for s, e in spans(text, q)})
            ptext, changes, shift, kept = text, [], 0, []
            if doc.name == target:
                for s, _end, mention in gold:
                    a, b, _, d, _ = figure(mention)
                    rep = spelled(new_written, d, "," in mention[a:b])
                    s2, e2 = s + a, s + b
                    ptext = ptext[:s2 + shift] + rep + ptext[e2 + shift:]
                    changes.append({"start": s2, "end": e2, "old": mention[a:b], "new": rep, "new_start": s2 + shift,
                                    "new_end": s2 + shift + len(rep), "sentence": mention})
                    shift += len(rep) - (e2 - s2)
                rec["perturbation"] = {"article": doc.name, "kind": "killed", "gold": g, "new": new,
                                       "changes": changes}
            else:
                kept = [[s, e, m] for s, e, m in gold]
            (out / "perturbed" / name / doc.name).write_text(ptext, encoding="utf-8")
            rec["articles"].append({"file": doc.name, "gold_spans": {"killed": [[s, e, m] for s, e, m in gold],
                                                                     "injured": []},
                                    "perturbed_spans": {"killed": kept, "injured": []}})
        if not rec["perturbation"]["changes"] or not any(a["perturbed_spans"]["killed"] for a in rec["articles"]):
            skipped.append(f"{event} {instance}: the value {g:g} is not found in another text's sentence")
            shutil.rmtree(out / "incidents" / name)
            shutil.rmtree(out / "perturbed" / name)
            continue
        records.append(rec)
    out.mkdir(parents=True, exist_ok=True)
    (out / "expected.json").write_text(json.dumps(
        {"source": "ECB+ dev via ecb_build.py", "split": "dev", "set": f"ecb changes {change}"
         + (f" fold {fold} of {folds}" if fold is not None else ""), "incidents": records},
        indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for line in skipped:
        print("left out:", line)
    print(f"wrote {len(records)} instances ({len(skipped)} left out) to {out}")


def main(argv=None) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("data", type=Path, help="ecb_build.py's output folder")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--change", choices=("large", "small"), default="large")
    b.add_argument("--fold", type=int, default=None)
    b.add_argument("--folds", type=int, default=2)
    a = ap.parse_args(argv)
    build(a.data, a.out, a.change, a.fold, a.folds)


if __name__ == "__main__":
    main()
