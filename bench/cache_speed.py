"""A living archive re-checked: the extraction cache's speed-up, and the start-up of a small check.

    python bench/cache_speed.py [--documents 10000] [--busy N] [--jobs 1] [--startup-runs 5]

1. An archive of `--documents` real articles, written to a temporary folder at run time: the GVA
   corpus (bench/data/gva-corpus/incidents/*/*.txt) and the ECB+ dev texts
   (bench/data/ecb-dev/mixed/*.txt), 2,841 articles, repeated to reach the size. Copy k of an
   article (k >= 1) has a small edit: its `Published:` line moved k x 800 days later (or one
   added after its title), so that each copy is a document of its own, a story of a later year,
   as in an archive that spans decades.
2. `facts check ARCHIVE -q --cache DIR` (as a CI job runs it) cold, on an empty cache, then 10
   articles added and 10 edited (a sentence with figures appended), then again (warm). Prints
   wall and CPU seconds and the ratio warm / cold (issue 34: at most 10%). Then `--format json`
   warm and with `--no-cache`: whether the two reports are byte for byte the same (same verdicts),
   and where the CPU seconds of a warm check go, step by step.
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
import resource
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
_SCRIPT = Path(sys.executable).with_name("facts")
FACTS = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "facts"]
"""The `facts` command as users run it (the virtualenv's script)."""
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
    seconds, _, done = timed_cpu(args, cwd)
    return seconds, done


def timed_cpu(args: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the child, the finished process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


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
    check = [*FACTS, "check", str(folder), "--jobs", str(args.jobs)]
    cache = ["--cache", str(tmp / "cache")]
    cold, cold_cpu, _ = timed_cpu([*check, "-q", *cache], tmp)
    print(f"cold `facts check ARCHIVE -q` (empty cache):  {cold:7.1f} s ({cold_cpu:.1f} s CPU)", flush=True)
    change(folder, args.documents)
    warm, warm_cpu, _ = timed_cpu([*check, "-q", *cache], tmp)
    print(f"warm, after 10 added and 10 edited:           {warm:7.1f} s ({warm_cpu:.1f} s CPU)   "
          f"warm / cold = {warm / cold:.3f} (CPU {warm_cpu / cold_cpu:.3f}; target <= 0.10)", flush=True)
    json_warm, _ = timed([*check, "--format", "json", "-o", str(tmp / "warm.json"), *cache], tmp)
    plain, _ = timed([*check, "--format", "json", "-o", str(tmp / "plain.json"), "--no-cache"], tmp)
    print(f"--format json: warm {json_warm:.1f} s, --no-cache {plain:.1f} s", flush=True)
    same = (tmp / "warm.json").read_bytes() == (tmp / "plain.json").read_bytes()
    print(f"warm report == --no-cache report, byte for byte: {same}; verdicts {verdicts(tmp / 'warm.json')}")
    info = subprocess.run([*FACTS, "cache", "info", "--cache", str(tmp / "cache")], capture_output=True, text=True)
    print(info.stdout.rstrip())
    breakdown(folder, tmp / "cache")


def breakdown(folder: Path, cache: Path) -> None:
    """Where the CPU seconds of a warm check go: its steps run one by one in this process."""
    marks = []
    clock = [time.process_time()]

    def mark(step: str) -> None:
        now = time.process_time()
        marks.append((step, now - clock[0]))
        clock[0] = now

    import great_expectations  # noqa: F401

    mark("import great_expectations")
    from facts.checks.audit import with_verdicts
    from facts.checks.suites import facts_batch, load_suites, run_suites
    from facts.claims.group import group_claims
    from facts.claims.stories import assign
    from facts.engines.cache import Cache
    from facts.engines.local import extract_documents
    from facts.inputs.documents import load_documents

    suites = load_suites(None)
    mark("import facts, build the suites")
    with Cache(cache) as store:
        documents = list(load_documents([str(folder)], memo=store))
        mark("read the documents (what each says of itself from the cache)")
        documents = assign(documents, "auto", store)
        mark("stories (auto; each document's words from the cache)")
        facts_df, _ = extract_documents(documents, cache=store)
        mark("fact rows (the kept table)")
        claims, pairs = group_claims(facts_df, memo=store)
        mark("claims (each story's from the cache)")
    results = run_suites(suites, {"facts": facts_batch(facts_df), "pairs": pairs})
    mark("suites")
    with_verdicts(facts_df, claims, pairs, results)
    mark("verdicts")
    total = sum(seconds for _, seconds in marks)
    print("warm check, CPU seconds by step (in one process): " + ", ".join(
        f"{step} {seconds:.1f} ({seconds / total:.0%})" for step, seconds in marks))


def startup(args, tmp: Path) -> None:
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    check = [*FACTS, "check", str(seeds), "-q", "--cache", str(tmp / "seeds-cache")]
    timed(check, tmp)  # fills the cache
    runs: dict[str, list] = {"gx": [], "check": []}
    for _ in range(args.startup_runs):
        runs["gx"].append(timed_cpu([sys.executable, "-c", "import great_expectations"], tmp)[:2])
        runs["check"].append(timed_cpu(check, tmp)[:2])
    for i, what in enumerate(("wall", "CPU")):
        a = statistics.median(r[i] for r in runs["gx"])
        b = statistics.median(r[i] for r in runs["check"])
        print(f"start-up ({what} seconds, medians of {args.startup_runs} alternated runs): import great_expectations "
              f"{a:.2f} s, warm `facts check seeds/ -q` {b:.2f} s, difference {b - a:+.2f} s (target <= 0.5 s)")
    print("  runs (wall/CPU): gx " + ", ".join(f"{w:.2f}/{c:.2f}" for w, c in runs["gx"])
          + "; check " + ", ".join(f"{w:.2f}/{c:.2f}" for w, c in runs["check"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000, help="articles in the archive (default %(default)s)")
    parser.add_argument("--jobs", type=int, default=1, help="facts check --jobs (default %(default)s)")
    parser.add_argument("--busy", type=int, default=0, help="CPU-bound neighbour processes during the runs")
    parser.add_argument("--startup-runs", type=int, default=5, help="alternated start-up runs (default %(default)s)")
    parser.add_argument("--skip-archive", action="store_true", help="only the start-up comparison")
    args = parser.parse_args()
    from busy import neighbours

    with neighbours(args.busy), tempfile.TemporaryDirectory(prefix="facts-cache-speed-") as tmp:
        if not args.skip_archive:
            archive(args, Path(tmp))
        startup(args, Path(tmp))


if __name__ == "__main__":
    main()
