"""A progress bar on stderr for long runs: only on a terminal, and only after a couple of seconds."""
from __future__ import annotations

import sys
import time


class Progress:
    """Counts documents; draws a rich bar (documents/s, ETA when the total is known) once a run
    has lasted `delay` seconds, on a TTY only."""

    def __init__(self, enabled: bool = True, delay: float = 2.0, total: int | None = None) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.delay = delay
        self.total = total
        self.count = 0
        self.started = time.monotonic()
        self._bar = None
        self._task = None

    def __enter__(self):
        return self

    def advance(self, _document=None) -> None:
        self.count += 1
        if not self.enabled:
            return
        if self._bar is None and time.monotonic() - self.started >= self.delay:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("documents"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
                            TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("extract", total=self.total, rate=0.0)
        if self._bar is not None:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            self._bar.update(self._task, completed=self.count, rate=self.count / elapsed)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
