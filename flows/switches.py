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
    """Turn each switch off and prove it stayed off after a reload."""
    records = []
    for key in keys:
        before = screen.switches()[key]
        record = SwitchRecord(
            key=key, before=before, wanted=False, step=len(run.evidence.steps)
        )
        records.append(record)
        if not before:
            record.after, record.result = False, "already"
            logger.info("switch: {} already off", key)
            continue

        run.journal.intend("switch_off", key, before=True)
        record.after, record.note = _turn_off(run, screen, key)
        if record.after:
            record.result = "failed"
            run.journal.failed("switch_off", key, after=True, note=record.note)
            run.event("failed", "switch", f"{key}: {record.note}")
            run.problem(f"switch: {key} did not stay off; turn it off by hand")
        else:
            record.result = "changed"
            run.journal.done("switch_off", key, after=False)
            logger.info("switch: {} turned off", key)
    return records


def _turn_off(run: Run, screen: SettingsScreen, key: str) -> tuple[bool, str]:
    """Click, reload and read, a bounded number of times; (still on, why)."""
    deadline = time.monotonic() + run.settings.timeout_ms / 1000
    attempt = 0
    while True:
        attempt += 1
        failure = screen.flip(key)
        screen.reload()
        if not screen.switches()[key]:
            return False, f"off at try {attempt}" if attempt > 1 else ""
        said = failure or "the app said it saved"
        why = f"not changed (still on) after a reload; {said}"
        pause_ms = BACKOFF_MS * attempt
        if attempt == ATTEMPTS or time.monotonic() + pause_ms / 1000 > deadline:
            return True, f"{why}; gave up after {attempt} tries"
        run.event("retry", "switch", f"{key}: {why}; trying again")
        run.page.wait_for_timeout(pause_ms)
