"""CPU-bound neighbour processes for a benchmark's `--busy N`: as on a shared CI runner or a Spark
executor with several tasks per node, so that figures are also measured under load."""
from __future__ import annotations

import contextlib
import multiprocessing


def _burn() -> None:
    x = 0
    while True:
        x = (x * 31 + 7) % 1_000_003


@contextlib.contextmanager
def neighbours(n: int):
    """`n` processes that keep a core busy each, for the duration of the block."""
    procs = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(n)]
    for p in procs:
        p.start()
    try:
        yield procs
    finally:
        for p in procs:
            p.terminate()
