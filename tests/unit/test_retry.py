from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from bot.errors import PageStateError
from bot.retry import Refused, Retries, RetryPolicy, retry_after_seconds


class Clock:
    """Time that moves only when the retry loop waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def wait(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def refusing(
    times: int, status: int = 429, retry_after: float | None = 2.0
) -> tuple[Callable[[int], str], list[int]]:
    calls: list[int] = []

    def attempt(number: int) -> str:
        calls.append(number)
        if len(calls) <= times:
            raise Refused(status, "GET /api/listings?page=3", retry_after)
        return "rows"

    return attempt, calls


def test_retry_after_is_honoured_and_backoff_grows() -> None:
    clock = Clock()
    attempt, calls = refusing(3, retry_after=2.0)
    records: list[tuple[str, str, str]] = []

    result = Retries(RetryPolicy(first_delay=1.0), lambda *r: records.append(r)).run(
        "listings", attempt, clock.wait, clock
    )

    assert result == "rows"
    assert calls == [1, 2, 3, 4]
    assert clock.waits == [2.0, 2.0, 4.0]
    assert [r[0] for r in records] == ["retry"] * 3
    assert records[0][1] == "listings"
    assert "429 on GET /api/listings?page=3; waiting 2.0 s" in records[0][2]


def test_retries_stop_after_their_count() -> None:
    clock = Clock()
    attempt, calls = refusing(10, status=500, retry_after=None)

    with pytest.raises(PageStateError, match=r"kept refusing \(500 on GET"):
        Retries(RetryPolicy(retries=2)).run("sales", attempt, clock.wait, clock)

    assert calls == [1, 2, 3]
    assert clock.waits == [1.0, 2.0]


def test_retries_stop_before_their_total_time() -> None:
    clock = Clock()
    attempt, calls = refusing(10, retry_after=30.0)

    with pytest.raises(PageStateError, match="after 1 retries in 30 s"):
        Retries(RetryPolicy(total_seconds=50)).run("sales", attempt, clock.wait, clock)

    assert clock.waits == [30.0]
    assert calls == [1, 2]


def test_other_errors_are_not_retried() -> None:
    def attempt(number: int) -> None:
        raise PageStateError("the page is not what it was")

    with pytest.raises(PageStateError, match="not what it was"):
        Retries().run("sales", attempt, Clock().wait)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("2", 2.0),
        (" 120 ", 120.0),
        ("Fri, 04 Dec 2026 12:00:30 GMT", 30.0),
        ("Fri, 04 Dec 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    now = datetime(2026, 12, 4, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == seconds
