"""Turning switches off the idempotent way: read, click only if needed, reload, read."""

from __future__ import annotations

from collections.abc import Iterable

from loguru import logger

from bot.retry import GaveUp, Retries, RetryPolicy, TryAgain, waiting_on
from bot.run import Run
from bot.summary import SwitchRecord
from pages.connector import SettingsScreen

ATTEMPTS = 2
# A failed save is often a busy server: back off before asking it again.
BACKOFF_S = 0.5


def switch_off(
    run: Run, screen: SettingsScreen, wanted: Iterable[str]
) -> list[SwitchRecord]:
    """Turn each wanted switch the screen has off and prove it stayed off
    after a reload.

    Every switch that is on is clicked, then one reload proves them all: a
    reload per switch cost a full page load each and showed nothing more.
    """
    now = screen.switches()
    keys = [key for key in wanted if key in now]
    records = {}
    for key in keys:
        records[key] = SwitchRecord(
            key=key, before=now[key], wanted=False, step=len(run.evidence.steps)
        )
        if not now[key]:
            records[key].after, records[key].result = False, "already"
            logger.info("switch: {} already off", key)
    pending = [key for key in keys if now[key]]
    for key in pending:
        run.journal.intend("switch_off", key, before=True)
    _turn_off(run, screen, pending, records)
    return list(records.values())


def _turn_off(
    run: Run, screen: SettingsScreen, keys: list[str], records: dict[str, SwitchRecord]
) -> None:
    """Click every switch still on, reload once and read, under bounded retries."""
    policy = RetryPolicy(
        retries=ATTEMPTS - 1,
        total_seconds=run.settings.timeout_ms / 1000,
        first_delay=BACKOFF_S,
    )
    pending = list(keys)
    why: dict[str, str] = {}

    def attempt(number: int) -> None:
        failures = {key: screen.flip(key) for key in pending}
        screen.reload()
        now = screen.switches()
        for key in list(pending):
            if now[key]:
                said = failures[key] or "the app said it saved"
                why[key] = f"not changed (still on) after a reload; {said}"
                continue
            pending.remove(key)
            record = records[key]
            record.after, record.result = False, "changed"
            record.note = f"off at try {number}" if number > 1 else ""
            run.journal.done("switch_off", key, after=False)
            logger.info("switch: {} turned off", key)
        if pending:
            raise TryAgain("; ".join(f"{key}: {why[key]}" for key in pending))

    try:
        Retries(policy, run.event).run("switch", attempt, waiting_on(run.page))
    except GaveUp:
        for key in pending:
            record = records[key]
            record.after, record.result = True, "failed"
            record.note = f"{why[key]}; gave up after {ATTEMPTS} tries"
            run.journal.failed("switch_off", key, after=True, note=record.note)
            run.event("failed", "switch", f"{key}: {record.note}")
            run.problem(f"switch: {key} did not stay off; turn it off by hand")
