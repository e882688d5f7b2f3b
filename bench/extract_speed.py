"""Extraction throughput: facts vs plain quantulum3.parser.parse, same sentences, same run.

Sentences: every premise and hypothesis in ../shared/eval/equate/ plus the seed sentences,
read from there at run time (never copied into the package). Prints sentences/s for each and
the ratio; single process, so the figures are per core.

    python bench/extract_speed.py [--limit N] [--busy N] [--block N] [--settings all|default]

`--busy N` runs N CPU-bound neighbour processes for the whole measurement, as on a CI runner or a
Spark executor with several tasks per node; the ratios are measured in the same run, so they
compare facts and quantulum3 under the same load. The batch runs and quantulum3 take turns on
blocks of sentences (`--block`), as the per-call runs do, so that a busier stretch of a shared
machine falls on both.
"""
from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUATE = ROOT.parent / "shared" / "eval" / "equate"


def sentences() -> list[str]:
    from facts.inputs.sentences import split_sentences

    out: list[str] = []
    for path in sorted(EQUATE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out += [row["premise"], row["hypothesis"]]
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[a:b] for a, b in split_sentences(text)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="use only the first N sentences")
    parser.add_argument("--per-call", type=int, default=2000,
                        help="sentences for the one-call-per-sentence comparison (default %(default)s)")
    parser.add_argument("--cold", action="store_true",
                        help="per call without the warm-up on 1,000 other sentences (the models are loaded)")
    parser.add_argument("--busy", type=int, default=0,
                        help="CPU-bound neighbour processes running during the measurement (default %(default)s)")
    parser.add_argument("--threads", default="1", help="BLAS threads while parsing: a number, or 'library' for "
                                                       "the library's own setting (the old behaviour)")
    parser.add_argument("--block", type=int, default=1000,
                        help="sentences per block of the batch runs, each setting and quantulum3 in turn "
                             "(default %(default)s)")
    parser.add_argument("--settings", default="all", choices=["all", "default"],
                        help="'default': the batch run with default options only (quicker)")
    args = parser.parse_args()
    neighbours = [_spin() for _ in range(args.busy)]
    try:
        run(args)
    finally:
        for p in neighbours:
            p.terminate()


def _burn() -> None:
    x = 0
    while True:
        x = (x * 31 + 7) % 1_000_003


def _spin():
    import multiprocessing

    p = multiprocessing.Process(target=_burn, daemon=True)
    p.start()
    return p


def run(args) -> None:
    corpus = sentences()
    if args.limit:
        corpus = corpus[:args.limit]
    n = len(corpus)

    from facts.parse.extract import ExtractOptions, Extractor
    from facts.types import Document

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser as q3

    # Each sentence is its own document, so sentence splitting is not doing the work for us.
    docs = [Document(f"s{i}", "", text=s) for i, s in enumerate(corpus)]
    threads = None if args.threads == "library" else int(args.threads)
    settings = {
        "facts, default options (all columns)": ExtractOptions(blas_threads=threads),
        "facts --ner (entities by spaCy NER)": ExtractOptions(ner=True, blas_threads=threads),
        "facts --no-entities": ExtractOptions(entities=False, blas_threads=threads),
    }
    if args.settings == "default":
        settings = dict(list(settings.items())[:1])
    extractors = {label: Extractor(options) for label, options in settings.items()}
    for extractor in extractors.values():
        list(extractor.rows(docs[:50]))  # warm up
    q3.parse("warm up with 3 km")
    # Interleaved in blocks, as the per-call comparison is: a slower or faster stretch of the
    # machine falls on every setting and on quantulum3 alike.
    seconds = dict.fromkeys(extractors, 0.0)
    found = dict.fromkeys(extractors, 0)
    q3_seconds, q3_found = 0.0, 0
    block = args.block
    for start in range(0, n, block):
        for label, extractor in extractors.items():
            t0 = time.perf_counter()
            found[label] += sum(len(rows) for _, rows in extractor.rows(docs[start:start + block]))
            seconds[label] += time.perf_counter() - t0
        t0 = time.perf_counter()
        q3_found += sum(len(q3.parse(s)) for s in corpus[start:start + block])
        q3_seconds += time.perf_counter() - t0
    results = {label: (n / seconds[label], found[label]) for label in extractors}
    q3_rate = n / q3_seconds

    # A user calling the library once per sentence: facts.extract_text in a loop.
    import facts

    # Interleaved in blocks, so that a slower or faster stretch of the machine falls on both.
    # Both warmed up on other sentences first: a loop that has run a while has met most words
    # (spaCy adds each new word to its vocabulary once).
    per_call = corpus[:args.per_call]
    # The per-call extractor is not the batch runs' (each loads its own pipeline), so it has met
    # none of these words; --cold leaves it so.
    warm_up = ["Loaded with 3 km."] if args.cold else corpus[args.per_call:args.per_call + 1000]
    for s in warm_up:
        facts.extract_text(s, options=ExtractOptions(blas_threads=threads))
        q3.parse(s)
    call_seconds = q3_call_seconds = 0.0
    block = 100
    for start in range(0, len(per_call), block):
        part = per_call[start:start + block]
        t0 = time.perf_counter()
        for s in part:
            facts.extract_text(s, options=ExtractOptions(blas_threads=threads))
        t1 = time.perf_counter()
        for s in part:
            q3.parse(s)
        call_seconds += t1 - t0
        q3_call_seconds += time.perf_counter() - t1
    call_rate = len(per_call) / call_seconds
    q3_call_rate = len(per_call) / q3_call_seconds

    print(f"sentences: {n}; busy neighbours: {args.busy}; BLAS threads while parsing: {args.threads}")
    print(f"{'quantulum3.parser.parse':38} {q3_rate:8.1f} sentences/s  ({q3_found} quantities)")
    for label, (rate, found) in results.items():
        print(f"{label:38} {rate:8.1f} sentences/s  ({found} facts)  ratio {rate / q3_rate:.2f}x")
    print(f"per call{' (cold)' if args.cold else ''}, first {len(per_call)} sentences: facts.extract_text {call_rate:.1f}/s, "
          f"quantulum3.parser.parse {q3_call_rate:.1f}/s, ratio {call_rate / q3_call_rate:.2f}x")


if __name__ == "__main__":
    main()
