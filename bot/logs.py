"""Log set-up: one line per step on the terminal, detail in the run's log file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

if TYPE_CHECKING:
    from loguru import Record

CONSOLE_FORMAT = "<green>{time:HH:mm:ss}</green> <level>{level: <7}</level> {message}"
FILE_FORMAT = "{time:YYYY-MM-DD HH:mm:ss.SSS} {level: <7} {name}:{line} {message}"


class Scrubber:
    """Replaces known secrets in every message before any sink sees it."""

    def __init__(self) -> None:
        self.secrets: set[str] = set()

    def add(self, *values: str | None) -> None:
        self.secrets.update(v for v in values if v and len(v) >= 4)

    def __call__(self, record: Record) -> None:
        for secret in self.secrets:
            if secret in record["message"]:
                record["message"] = record["message"].replace(secret, "***")


scrubber = Scrubber()


def configure(verbose: bool = False) -> None:
    """Log to the terminal: INFO and up, or DEBUG with --verbose."""
    logger.remove()
    logger.configure(patcher=scrubber)
    logger.add(
        _to_stderr,
        level="DEBUG" if verbose else "INFO",
        format=CONSOLE_FORMAT,
        colorize=sys.stderr.isatty(),
    )


def _to_stderr(message: str) -> None:
    # Looked up at each line: while a progress bar is drawn, sys.stderr is the
    # bar's proxy, which prints the line above the bar instead of through it.
    sys.stderr.write(message)


def log_to_file(path: Path) -> int:
    """Also log everything to the run's log file; returns the sink id to remove."""
    return logger.add(path, level="DEBUG", format=FILE_FORMAT, encoding="utf-8")
