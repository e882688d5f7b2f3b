"""Scale benchmarks: workers on one machine, memory on a large input, Spark vs --jobs.

The corpus is generated at run time from the seed articles and the EQUATE sentences in
../shared/eval/equate/ (never copied into the package): each article is a few seed paragraphs
and a few EQUATE sentences, drawn with a fixed random seed. Every run is a `facts` subprocess;
peak memory is the largest sum of RSS over its process tree (workers included), sampled
every 0.1 s.

    python bench/scale.py [--articles 2000] [--memory-mb 20,200] [--spark]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUATE = ROOT.parent / "shared" / "eval" / "equate"
FACTS = [sys.executable, "-m", "facts"]


def corpus(articles: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    paragraphs = [p for path in sorted((ROOT / "seeds").glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    sentences = [json.loads(line)[k] for path in sorted(EQUATE.glob("*.jsonl"))
                 for line in path.read_text(encoding="utf-8").splitlines() for k in ("premise", "hypothesis")]
    out = []
    for i in range(articles):
        body = rng.sample(paragraphs, 3) + [" ".join(rng.sample(sentences, 4)) for _ in range(2)]
        out.append({"id": f"a{i:07d}", "text": "\n\n".join(body), "published": f"2018-09-{1 + i % 28:02d}"})
    return out


def padded(rows: list[dict], padding_bytes: int = 10_000) -> list[dict]:
    """The articles with ~10 KB of figure-free seed prose each, for the memory runs: memory is a
    question of streaming, and prose without figures reaches 200 MB in minutes, not hours."""
    from facts.inputs.sentences import can_hold_number, split_sentences

    prose = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        prose += [text[a:b] for a, b in split_sentences(text) if not can_hold_number(text[a:b])]
    filler = " ".join(prose)
    filler = (filler + " ") * (padding_bytes // len(filler) + 1)
    return [{**r, "text": r["text"] + "\n\n" + filler[:padding_bytes]} for r in rows]


def write_jsonl(rows: list[dict], path: Path, target_bytes: int = 0) -> int:
    """Write rows (repeated with new ids until `target_bytes`, when given); return the count."""
    n = 0
    with path.open("w", encoding="utf-8") as f:
        while True:
            for row in rows:
                line = json.dumps({**row, "id": f"{row['id']}-{n}"}) + "\n"
                f.write(line)
                n += 1
                if target_bytes and f.tell() >= target_bytes:
                    return n
            if not target_bytes:
                return n


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak tree RSS of one `facts` command."""
    start = time.perf_counter()
    proc = subprocess.Popen(FACTS + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"facts {' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return time.perf_counter() - start, peak


def sentence_count(rows: list[dict]) -> int:
    from facts.inputs.sentences import split_sentences

    return sum(len(split_sentences(r["text"])) for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--memory-mb", default="20,200", help="input sizes for the memory runs ('' to skip)")
    parser.add_argument("--spark", action="store_true", help="also run --engine spark on local[2]")
    args = parser.parse_args()
    rows = corpus(args.articles)
    sentences = sentence_count(rows)
    with tempfile.TemporaryDirectory(prefix="facts-scale-") as tmp:
        tmp = Path(tmp)
        data = tmp / "corpus.jsonl"
        write_jsonl(rows, data)
        print(f"corpus: {len(rows)} articles, {sentences} sentences, {data.stat().st_size / 1e6:.1f} MB")
        rates = {}
        for jobs in (1, 2):
            seconds, peak = run(["extract", str(data), "-q", "--jobs", str(jobs), "-o", str(tmp / f"j{jobs}.csv")])
            rates[jobs] = len(rows) / seconds
            print(f"extract --jobs {jobs}: {seconds:7.1f} s  {len(rows) / seconds:7.1f} documents/s  "
                  f"{sentences / seconds:8.1f} sentences/s  peak RSS {peak / 2**20:7.0f} MiB")
        same = (tmp / "j1.csv").read_bytes() == (tmp / "j2.csv").read_bytes()
        print(f"speed-up with 2 workers: {rates[2] / rates[1]:.2f}x (goal >= 1.8x); same output: {same}")

        for mb in [int(x) for x in args.memory_mb.split(",") if x]:
            big = tmp / f"input-{mb}mb.jsonl"
            n = write_jsonl(padded(rows), big, target_bytes=mb * 10**6)
            seconds, peak = run(["extract", str(big), "-q", "--no-entities", "--jobs", "2",
                                 "-o", str(tmp / "big.csv")])
            print(f"memory: {mb:4d} MB input ({n} padded articles) --no-entities --jobs 2: {seconds:7.1f} s, "
                  f"peak RSS {peak / 2**20:7.0f} MiB, output {(tmp / 'big.csv').stat().st_size / 1e6:.0f} MB")
            big.unlink()

        if args.spark:
            tiny = tmp / "one.jsonl"
            write_jsonl(rows[:1], tiny)
            for label, extra in (("--jobs 2", ["--jobs", "2"]), ("spark local[2]", ["--engine", "spark",
                                                                                   "--master", "local[2]"])):
                start_cost, _ = run(["check", str(tiny), "-q", *extra])
                seconds, peak = run(["check", str(data), "-q", *extra])
                print(f"check {label:15}: fixed start {start_cost:6.1f} s (one article), {len(rows)} articles "
                      f"{seconds:7.1f} s = {len(rows) / seconds:6.1f} documents/s, peak RSS {peak / 2**20:6.0f} MiB")


if __name__ == "__main__":
    main()
