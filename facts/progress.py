"""A progress bar on stderr: only on a terminal; shown at once (the first document waits for the
language model to load), advanced per document."""
from __future__ import annotations

import sys
import time


class Progress:
    """Counts documents; draws a rich bar (documents/s, ETA when the total is known) once a run
    has lasted `delay` seconds, on a TTY only. Until the first document is done it says that the
    model is loading."""

    def __init__(self, enabled: bool = True, delay: float = 0.0, total: int | None = None) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.delay = delay
        self.total = total
        self.count = 0
        self.started = time.monotonic()
        self._bar = None
        self._task = None
        self._first = self.started

    def __enter__(self):
        if self.enabled and self.delay <= 0:
            self._start()
        return self

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
                        TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("loading the language model", total=self.total, rate=0.0)

    def advance(self, _document=None) -> None:
        self.count += 1
        if not self.enabled:
            return
        if self._bar is None and time.monotonic() - self.started >= self.delay:
            self._start()
        if self.count == 1:
            self._first = time.monotonic()  # rates count from here: loading the model is no document
        if self._bar is not None:
            elapsed = time.monotonic() - self._first
            rate = (self.count - 1) / elapsed if elapsed > 0 else 0.0
            self._bar.update(self._task, completed=self.count, rate=rate, description="documents")

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
