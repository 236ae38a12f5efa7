"""Retrying what an app refused for now: bounded, backed off, Retry-After honoured."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, TypeVar

from loguru import logger

from bot.errors import PageStateError

if TYPE_CHECKING:
    from playwright.sync_api import Page

T = TypeVar("T")

# Where a retry is written down: kind, step and detail, as Run.event takes them.
Recorder = Callable[[str, str, str], None]


def waiting_on(page: Page) -> Callable[[float], None]:
    """A wait of some seconds between tries, spent on the page, so Playwright
    keeps serving its events (overlay handlers, responses) meanwhile."""
    return lambda seconds: page.wait_for_timeout(seconds * 1000)


class TryAgain(Exception):
    """An attempt did not work, but may a little later."""

    retry_after: float | None = None


class Refused(TryAgain):
    """An app refused a request for now (429, 5xx); it may work a little later."""

    def __init__(self, status: int, request: str, retry_after: float | None) -> None:
        super().__init__(f"{status} on {request}")
        self.status = status
        self.request = request
        self.retry_after = retry_after


class GaveUp(PageStateError):
    """Retries ran out; `last` is what the final attempt ran into."""

    def __init__(self, message: str, last: TryAgain) -> None:
        super().__init__(message)
        self.last = last


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for: a number or an HTTP date; else None."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to try again: `retries` times within `total_seconds`."""

    retries: int = 4
    total_seconds: float = 90.0
    first_delay: float = 1.0
    longest_delay: float = 30.0

    def delay(self, retry: int, retry_after: float | None) -> float:
        """The wait before retry number `retry` (1, 2, ...): backoff or Retry-After."""
        backoff = min(self.first_delay * 2.0 ** (retry - 1), self.longest_delay)
        return max(backoff, retry_after or 0.0)


class Retries:
    """Runs an attempt until it works or the policy gives up; records each retry."""

    def __init__(
        self, policy: RetryPolicy | None = None, record: Recorder | None = None
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.record = record

    def run(
        self,
        step: str,
        attempt: Callable[[int], T],
        wait: Callable[[float], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> T:
        """Call `attempt(1)`, then `attempt(2)`... while it raises TryAgain."""
        policy = self.policy
        started = clock()
        number = 1
        while True:
            try:
                return attempt(number)
            except TryAgain as failure:
                delay = policy.delay(number, failure.retry_after)
                spent = clock() - started
                if number > policy.retries or spent + delay > policy.total_seconds:
                    raise GaveUp(
                        f"{step}: the app kept refusing ({failure}) after "
                        f"{number - 1} retries in {spent:.0f} s; try again later, "
                        "or lower the load on the app",
                        failure,
                    ) from failure
                detail = (
                    f"{failure}; waiting {delay:.1f} s, then trying again "
                    f"(retry {number} of at most {policy.retries})"
                )
                if self.record is None:
                    logger.info("{}: {}", step, detail)
                else:
                    self.record("retry", step, detail)
                wait(delay)
                number += 1
