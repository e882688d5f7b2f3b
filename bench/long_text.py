"""One document costs in proportion to its length: seconds per MB of one text without line
breaks, at 1, 4 and 16 MB (and 50 MB with --sizes 1,4,16,50).

    python bench/long_text.py [--sizes 1,4,16] [--shapes news,dots,...] [--busy N] [--cache]

Texts are written to a temporary folder at run time:
- `news`: real articles (the GVA corpus and ECB+ dev texts in bench/data, or the seeds when they
  are not built), each article's line breaks replaced by spaces, joined with spaces and repeated
  until the size is reached: one line, every sentence of it a real one;
- `news-jsonl`: the same text as the one row of a JSONL file, with a title (its first words):
  the title is compared with the text's first line, which here is all of it;
- hostile shapes that once made a step quadratic (`SHAPES`): a run of dots, of spaces after page
  chrome, abbreviations that never end a sentence, brackets, one word of letters. These hold few
  figures, so their time is the reading of the text, not the parse.

Each size runs in its own process (`facts.extract_paths` on the file, the parser loaded and
warmed up first, `--stories auto` as `facts extract` runs), so that the peak resident memory
is that size's alone; `--cache` runs with an empty extraction cache (its writing included). Prints
seconds, seconds per MB, the ratio of that to the smallest size (target: within 1.5x at 16 MB),
peak memory and facts found. Issue 34: a 50 MB text in under 5 minutes and 2 GB.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
MB = 2 ** 20

SHAPES = {
    "dots": lambda n: "Turkey has 12 posts" + "." * (n - 19),
    "spaces": lambda n: "Share" + " " * (n - 7) + "x.",
    "published": lambda n: "Published on" + " " * (n - 14) + "x.",
    "abbreviations": lambda n: ("Mr. Smith met Dr. Jones and Gen. Lee in St. Paul with Mr. Brown and " * (n // 68 + 1))[:n],
    "brackets": lambda n: "Turkey has 12 posts " + "(" * (n - 20),
    "letters": lambda n: "a" * n,
}
"""Text shapes that stress the reading of a long line (regular expressions that backtrack, a
search back from every sentence)."""


def articles() -> list[str]:
    files = sorted(DATA.glob("gva-corpus/incidents/*/*.txt")) + sorted(DATA.glob("ecb-dev/mixed/*.txt"))
    files = files or sorted((ROOT / "seeds").glob("*.txt"))
    return [" ".join(p.read_text(encoding="utf-8").split()) for p in files]


def news(n: int) -> str:
    """`n` characters of real articles on one line."""
    parts, size, texts = [], 0, articles()
    while size < n:
        for text in texts:
            parts.append(text)
            size += len(text) + 1
            if size >= n:
                break
    return " ".join(parts)[:n].rsplit(" ", 1)[0]


def one(path: str, cache: str | None) -> dict:
    """Extract the file at `path` after a warm-up; seconds, peak memory and facts."""
    import facts

    warm = Path(path).with_name("warm-up.txt")
    warm.write_text("Turkey has 12 military posts in Idlib.\n", encoding="utf-8")
    facts.extract_paths([str(warm)])  # the parser loaded and warmed up, the stories' code imported
    started = time.perf_counter()
    if cache:
        from facts.engines.cache import Cache

        with Cache(cache) as store:
            facts_df, _ = facts.extract_paths([path], cache=store)
    else:
        facts_df, _ = facts.extract_paths([path])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "facts": len(facts_df)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4,16", help="sizes in MB (default %(default)s)")
    parser.add_argument("--shapes", default="news,news-jsonl," + ",".join(SHAPES),
                        help="news and/or hostile shapes (default: all); hostile shapes run at the two smallest sizes")
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound neighbour processes during the run")
    parser.add_argument("--cache", action="store_true", help="extract with an empty extraction cache")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], args.one[1] or None)))
        return
    from busy import neighbours

    with neighbours(args.busy):
        run(args)


def run(args) -> None:
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"busy neighbours: {args.busy}; extraction cache: {'empty' if args.cache else 'off'}")
    with tempfile.TemporaryDirectory(prefix="facts-long-") as tmp:
        for shape in args.shapes.split(","):
            shape_sizes = sizes if shape == "news" else sizes[:2]
            base = None
            for size in shape_sizes:
                n = int(size * MB)
                path = Path(tmp) / f"{shape}-{size:g}.{'jsonl' if shape == 'news-jsonl' else 'txt'}"
                if shape == "news-jsonl":
                    text = news(n)
                    row = {"id": 1, "title": text[:80].rsplit(" ", 1)[0], "text": text}
                    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
                else:
                    path.write_text((news(n) if shape == "news" else SHAPES[shape](n)) + "\n", encoding="utf-8")
                cache = str(Path(tmp) / f"cache-{shape}-{size:g}") if args.cache else ""
                done = subprocess.run([sys.executable, __file__, "--one", str(path), cache], capture_output=True,
                                      text=True)
                if done.returncode:
                    sys.exit(done.stderr[-3000:])
                r = json.loads(done.stdout.strip().splitlines()[-1])
                per_mb = r["seconds"] / (path.stat().st_size / MB)
                base = base or per_mb
                print(f"{shape:>13} {size:5g} MB: {r['seconds']:8.1f} s  {per_mb:7.2f} s/MB  "
                      f"({per_mb / base:.2f}x the {shape_sizes[0]:g} MB figure)  peak {r['peak_mb']:6.0f} MB  "
                      f"{r['facts']} facts", flush=True)
                path.unlink()


if __name__ == "__main__":
    main()
