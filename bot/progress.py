"""Progress of long steps: a bar on a terminal, a few log lines elsewhere."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from loguru import logger
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

Hook = Callable[[int, int], None]


class Progress:
    """Shows how far a long step has come without printing a line per item."""

    def __init__(self, interactive: bool | None = None) -> None:
        self.interactive = sys.stderr.isatty() if interactive is None else interactive

    @contextmanager
    def track(self, description: str) -> Iterator[Hook]:
        """Yield a hook to call with (done, total) as the step advances."""
        if not self.interactive:
            last = -1

            def log(done: int, total: int) -> None:
                nonlocal last
                tenth = done * 10 // max(total, 1)
                if tenth != last:
                    last = tenth
                    logger.debug("{}: {}/{}", description, done, total)

            yield log
            return
        bars = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        with bars:
            task = bars.add_task(description, total=None)
            yield lambda done, total: bars.update(task, completed=done, total=total)
