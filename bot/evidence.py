"""Evidence of a run: numbered screenshots around every step, and the step log."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from loguru import logger
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from pydantic import BaseModel, Field


class Step(BaseModel):
    """One step of a run as the report shows it."""

    number: int
    name: str
    title: str
    status: Literal["running", "done", "failed"] = "running"
    started: float
    seconds: float = 0
    note: str = ""
    screenshots: list[str] = Field(default_factory=list)


class Evidence:
    """Writes screenshots with predictable names into the run's folder."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.shots_dir = run_dir / "screenshots"
        self.shots_dir.mkdir(parents=True, exist_ok=True)
        self.steps: list[Step] = []
        # A resumed run records into the same folder: number on from its shots.
        earlier = [int(p.name[:2]) for p in self.shots_dir.glob("[0-9][0-9]-*.png")]
        self.first = max(earlier, default=0)

    def shot(self, page: Page, label: str) -> str | None:
        """Screenshot the page as `screenshots/NN-label.png`; returns that path."""
        number = self.first + len(self.steps)
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        relative = f"screenshots/{number:02d}-{slug}.png"
        try:
            page.screenshot(path=self.run_dir / relative, full_page=False)
        except PlaywrightError as error:
            logger.warning("evidence: no screenshot {}: {}", relative, error.message)
            return None
        if self.steps:
            self.steps[-1].screenshots.append(relative)
        return relative

    @contextmanager
    def step(self, page: Page, name: str, title: str) -> Iterator[Step]:
        """Run one step between a 'before' and an 'after' screenshot."""
        step = Step(
            number=self.first + len(self.steps) + 1,
            name=name,
            title=title,
            started=time.time(),
        )
        self.steps.append(step)
        logger.info("{}: {}", name, title)
        self.shot(page, f"{name}-before")
        try:
            yield step
        except BaseException:
            step.status = "failed"
            self.shot(page, f"{name}-failed")
            raise
        finally:
            step.seconds = round(time.time() - step.started, 2)
        step.status = "done"
        self.shot(page, f"{name}-after")
