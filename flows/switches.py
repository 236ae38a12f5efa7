"""Turning switches off the idempotent way: read, click only if needed, reload, read."""

from __future__ import annotations

import time

from loguru import logger

from bot.run import Run
from bot.summary import SwitchRecord
from pages.connector import SettingsScreen

ATTEMPTS = 2
# A failed save is often a busy server: back off before asking it again.
BACKOFF_MS = 500


def switch_off(run: Run, screen: SettingsScreen, keys: list[str]) -> list[SwitchRecord]:
    """Turn each switch off and prove it stayed off after a reload.

    Every switch that is on is clicked, then one reload proves them all: a
    reload per switch cost a full page load each and showed nothing more.
    """
    now = screen.switches()
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
    """Click, reload and read, a bounded number of times, recording each result."""
    deadline = time.monotonic() + run.settings.timeout_ms / 1000
    attempt = 0
    while keys:
        attempt += 1
        failures = {key: screen.flip(key) for key in keys}
        screen.reload()
        now = screen.switches()
        pause_ms = BACKOFF_MS * attempt
        last = attempt == ATTEMPTS or time.monotonic() + pause_ms / 1000 > deadline
        still = []
        for key in keys:
            record = records[key]
            if not now[key]:
                record.after, record.result = False, "changed"
                record.note = f"off at try {attempt}" if attempt > 1 else ""
                run.journal.done("switch_off", key, after=False)
                logger.info("switch: {} turned off", key)
                continue
            said = failures[key] or "the app said it saved"
            why = f"not changed (still on) after a reload; {said}"
            if last:
                record.after, record.result = True, "failed"
                record.note = f"{why}; gave up after {attempt} tries"
                run.journal.failed("switch_off", key, after=True, note=record.note)
                run.event("failed", "switch", f"{key}: {record.note}")
                run.problem(f"switch: {key} did not stay off; turn it off by hand")
            else:
                run.event("retry", "switch", f"{key}: {why}; trying again")
                still.append(key)
        keys = still
        if keys:
            run.page.wait_for_timeout(pause_ms)
