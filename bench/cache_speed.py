"""A living archive re-checked: the extraction cache's speed-up, and the start-up of a small check.

    python bench/cache_speed.py [--documents 10000] [--busy N] [--jobs 1] [--startup-runs 5]

1. An archive of `--documents` real articles, written to a temporary folder at run time: the GVA
   corpus (bench/data/gva-corpus/incidents/*/*.txt) and the ECB+ dev texts
   (bench/data/ecb-dev/mixed/*.txt), 2,841 articles, repeated to reach the size. Copy k of an
   article (k >= 1) has a small edit: its `Published:` line moved k x 800 days later (or one
   added after its title), so that each copy is a document of its own, a story of a later year,
   as in an archive that spans decades.
2. `facts check ARCHIVE --format json --cache DIR` cold (an empty cache), then 10 articles added
   and 10 edited (a sentence with a figure appended), then again with the cache (warm) and
   with `--no-cache`. Prints each time and the ratio warm / cold (issue 34: at most 10%), and
   whether the warm report is byte for byte the one `--no-cache` gives (same verdicts).
3. Start-up: `facts check seeds/ -q` with a warm cache against `python -c "import
   great_expectations"`, alternated `--startup-runs` times; medians and their difference (issue
   34: at most 0.5 s).

Every run is a subprocess through the CLI, as a CI job runs it; `--busy N` keeps N CPU-bound
neighbour processes running the whole time, as on a shared CI runner. Use `--documents 1000` while
developing: the full size takes a cold and a --no-cache run of about ten minutes each here.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
FACTS = [sys.executable, "-m", "facts"]
TILE_DAYS = 800  # past stories.MAX_DAYS: a copy is never a follow-up of its original
_PUBLISHED = re.compile(r"^Published:.*$", re.MULTILINE)
EDIT = "\nUpdate: police said 2 people were questioned on Monday and 1 was arrested.\n"


def sources() -> list[tuple[str, Path]]:
    gva = sorted((DATA / "gva-corpus" / "incidents").glob("*/*.txt"))
    ecb = sorted((DATA / "ecb-dev" / "mixed").glob("*.txt"))
    if not gva or not ecb:
        sys.exit(f"{DATA}/gva-corpus or ecb-dev missing: build them first (see README, Benchmarks)")
    return [(f"gva/{p.parent.name}/{p.name}", p) for p in gva] + [(f"ecb/{p.name}", p) for p in ecb]


def copy_text(text: str, k: int) -> str:
    """Copy k of an article: its publication date moved k x TILE_DAYS days (copy 0 as it is)."""
    if k == 0:
        return text
    from facts.inputs.metadata import text_metadata

    published = text_metadata(text)["published"]
    try:
        moved = (date.fromisoformat(published[:10]) + timedelta(days=k * TILE_DAYS)).isoformat()
    except ValueError:
        moved = (date(2000, 1, 1) + timedelta(days=k * TILE_DAYS)).isoformat()
    line = f"Published: {moved}"
    if _PUBLISHED.search(text):
        return _PUBLISHED.sub(line, text, count=1)
    title, _, rest = text.partition("\n")
    return f"{title}\n{line}\n{rest}"


def documents(n: int):
    """(relative path, text) of the first `n` documents of the archive, in a fixed order."""
    base = sources()
    for i in range(n):
        k, j = divmod(i, len(base))
        rel, path = base[j]
        yield f"copy-{k}/{rel}", copy_text(path.read_text(encoding="utf-8"), k)


def build(folder: Path, n: int) -> None:
    for rel, text in documents(n):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def change(folder: Path, n: int, added: int = 10, edited: int = 10) -> None:
    """`added` new articles (the next of the archive) and `edited` existing ones, spread over it."""
    for rel, text in list(documents(n + added))[n:]:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    paths = sorted(folder.rglob("*.txt"))
    for path in paths[::max(1, len(paths) // edited)][:edited]:
        path.write_text(path.read_text(encoding="utf-8") + EDIT, encoding="utf-8")


def timed(args: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return seconds, done


def verdicts(report: Path) -> dict:
    claims = json.loads(report.read_text(encoding="utf-8"))["claims"]
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim["verdict"]] = counts.get(claim["verdict"], 0) + 1
    return counts


def archive(args, tmp: Path) -> None:
    folder = tmp / "archive"
    build(folder, args.documents)
    size = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 2 ** 20
    print(f"archive: {args.documents} articles, {size:.1f} MB; --jobs {args.jobs}; busy neighbours: {args.busy}",
          flush=True)
    check = [*FACTS, "check", str(folder), "--format", "json", "-q", "--jobs", str(args.jobs)]
    cache = ["--cache", str(tmp / "cache")]
    cold, _ = timed([*check, "-o", str(tmp / "cold.json"), *cache], tmp)
    print(f"cold (empty cache):               {cold:8.1f} s", flush=True)
    change(folder, args.documents)
    warm, _ = timed([*check, "-o", str(tmp / "warm.json"), *cache], tmp)
    print(f"warm (10 added, 10 edited):       {warm:8.1f} s   warm / cold = {warm / cold:.3f} (target <= 0.10)",
          flush=True)
    plain, _ = timed([*check, "-o", str(tmp / "plain.json"), "--no-cache"], tmp)
    print(f"--no-cache on the changed archive: {plain:8.1f} s   warm / --no-cache = {warm / plain:.3f}", flush=True)
    same = (tmp / "warm.json").read_bytes() == (tmp / "plain.json").read_bytes()
    print(f"warm report == --no-cache report, byte for byte: {same}; verdicts {verdicts(tmp / 'warm.json')}")
    info = subprocess.run([*FACTS, "cache", "info", "--cache", str(tmp / "cache")], capture_output=True, text=True)
    print(info.stdout.rstrip())


def startup(args, tmp: Path) -> None:
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    check = [*FACTS, "check", str(seeds), "-q", "--cache", str(tmp / "seeds-cache")]
    timed(check, tmp)  # fills the cache
    gx, warm = [], []
    for _ in range(args.startup_runs):
        gx.append(timed([sys.executable, "-c", "import great_expectations"], tmp)[0])
        warm.append(timed(check, tmp)[0])
    a, b = statistics.median(gx), statistics.median(warm)
    print(f"start-up, medians of {args.startup_runs} alternated runs: import great_expectations {a:.2f} s, "
          f"warm `facts check seeds/ -q` {b:.2f} s, difference {b - a:+.2f} s (target <= 0.5 s)")
    print(f"  runs: gx {', '.join(f'{s:.2f}' for s in gx)}; check {', '.join(f'{s:.2f}' for s in warm)}")


def _burn() -> None:
    x = 0
    while True:
        x = (x * 31 + 7) % 1_000_003


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000, help="articles in the archive (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=1, help="facts check --jobs (default %(default)s)")
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound neighbour processes during the runs")
    parser.add_argument("--startup-runs", type=int, default=5, help="alternated start-up runs (default %(default)s)")
    parser.add_argument("--skip-archive", action="store_true", help="only the start-up comparison")
    args = parser.parse_args()
    import multiprocessing

    neighbours = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(args.busy)]
    for p in neighbours:
        p.start()
    try:
        with tempfile.TemporaryDirectory(prefix="facts-cache-speed-") as tmp:
            if not args.skip_archive:
                archive(args, Path(tmp))
            startup(args, Path(tmp))
    finally:
        for p in neighbours:
            p.terminate()


if __name__ == "__main__":
    main()
