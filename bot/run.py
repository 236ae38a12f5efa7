"""What a flow needs from the run it is part of."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from loguru import logger
from playwright.sync_api import Page

from bot.evidence import Evidence
from bot.journal import Journal
from bot.progress import Progress
from bot.settings import RunOptions, Settings
from bot.summary import Event


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id such as 20261204-142501-3fa2."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{secrets.token_hex(2)}"


@dataclass
class Run:
    """One run of the bot: its options, page, evidence, journal and progress."""

    run_id: str
    run_dir: Path
    settings: Settings
    options: RunOptions
    page: Page
    evidence: Evidence
    journal: Journal
    progress: Progress = field(default_factory=Progress)
    problems: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    save_sessions: Callable[[], None] = field(default=lambda: None)

    def problem(self, text: str) -> None:
        """Note something a person must look at; it goes in the summary too."""
        logger.warning(text)
        self.problems.append(text)

    def event(self, kind: str, step: str, detail: str) -> None:
        """Name a retry, failure, skip or new login in the summary; logged once."""
        logger.log("WARNING" if kind == "failed" else "INFO", "{}: {}", step, detail)
        self.events.append(Event(kind=kind, step=step, detail=detail))
