"""Story grouping at scale: the time and peak memory of `stories.find_stories` alone on 10,000,
30,000 and 100,000 documents.

The documents are a real collection (default: the GVA dev mixed set, 305 articles) tiled: tile k
shifts every date by k x 800 days (past `stories.MAX_DAYS`: a copy of an article is not a
follow-up of itself) and gives every capitalised word a suffix of its own (the names, streets and
places of tile k are not those of tile j), so the collection is a decades-long archive of stories
of one kind, without running extraction 100,000 times. Words that are rare in one tile are shared
by every copy, so blocking still meets (and must discard) pairs across tiles.
Each size runs in its own process, so that the peak resident memory is that size's alone.

    python bench/stories_scale.py [--sizes 10000,30000,100000] [--source FOLDER] [--busy N]

`--busy N` keeps N CPU-bound neighbour processes running during the sizes (`bench/busy.py`), as
on a shared runner.

Prints, per size: seconds, microseconds per document, the ratio of that to the smallest size
(target: within 2x), peak resident memory (MB), the stories found (tiles x stories of one
tile when grouping never crosses tiles) and, when the source is gva_mixed's, B-cubed precision,
recall and F1 against the incidents (each tile's its own). Renamed capitalised words are rare
names of their tile, title-case headlines included, so stories of tiles after the first are
found on other word statistics than the source's alone.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "bench" / "data" / "gva-dev-mixed" / "mixed"
_CAP = re.compile(r"\b([A-Z][a-z]+)")
_LETTERS = "bcdfghjklmnpqrstvwxz"
TILE_DAYS = 800


def _tag(k: int) -> str:
    out = ""
    while True:
        k, r = divmod(k, len(_LETTERS))
        out += _LETTERS[r]
        if not k:
            return out


def _shift(published: str, days: int) -> str:
    try:
        return (date.fromisoformat(published[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return published


def tiled(source: Path, n: int) -> list:
    from facts.claims.stories import StoryDocument
    from facts.inputs.documents import load_documents

    base = [d for d in load_documents([str(source)]) if d.status == "ok"]
    out = []
    k = 0
    while len(out) < n:
        tag = _tag(k)
        rename = (lambda m, t=tag: m.group(1) + t) if k else (lambda m: m.group(1))
        for d in base:
            if len(out) == n:
                break
            out.append(StoryDocument(f"{k}/{d.doc_id}", _CAP.sub(rename, d.title), _CAP.sub(rename, d.text),
                                     _shift(d.published, k * TILE_DAYS)))
        k += 1
    return out


def one(n: int, source: Path) -> dict:
    from facts.claims.stories import find_stories

    docs = tiled(source, n)
    started = time.perf_counter()
    labels = find_stories(docs)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"documents": n, "seconds": round(seconds, 2), "us_per_doc": round(seconds / n * 1e6, 1),
            "peak_mb": round(peak_mb), "stories": len(set(labels)), "bcubed": _bcubed(docs, labels, source)}


def _bcubed(docs, labels, source: Path):
    """B-cubed (precision, recall, F1) of the stories against the incidents, each tile's its own,
    when the source folder's parent has gva_mixed's expected.json; else None."""
    expected = source.parent / "expected.json"
    if not expected.exists():
        return None
    from ecb import bcubed

    incident = json.loads(expected.read_text())["article_incident"]
    gold = {d.doc_id: f"{d.doc_id.split('/')[0]}:{incident[Path(d.doc_id).name]}" for d in docs}
    return [round(v, 4) for v in bcubed(dict(zip((d.doc_id for d in docs), labels)), gold)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--source", default=str(DEFAULT_SOURCE))
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound neighbour processes during the runs")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    source = Path(args.source)
    if not source.exists():
        sys.exit(f"{source} missing: build it with ../shared/tools/gva_mixed.py (see README), or pass --source")
    if args.one:
        print(json.dumps(one(args.one, source)))
        return
    from busy import neighbours

    with neighbours(args.busy):
        sizes(args, source)


def sizes(args, source: Path) -> None:
    """Each size in its own process, printed as it ends."""
    rows: list[dict] = []
    print(f"busy neighbours: {args.busy}", flush=True)
    for n in (int(s) for s in args.sizes.split(",")):
        p = subprocess.run([sys.executable, __file__, "--one", str(n), "--source", str(source)],
                           capture_output=True, text=True, check=True)
        rows.append(json.loads(p.stdout.strip().splitlines()[-1]))
        base = rows[0]["us_per_doc"]
        r = rows[-1]
        print(f"{r['documents']:>7} documents: {r['seconds']:8.2f} s  {r['us_per_doc']:8.1f} us/doc  "
              f"({r['us_per_doc'] / base:.2f}x the smallest)  peak {r['peak_mb']} MB  {r['stories']} stories"
              + (f"  B-cubed P/R/F1 {'/'.join(map(str, r['bcubed']))}" if r.get("bcubed") else ""), flush=True)


if __name__ == "__main__":
    main()
