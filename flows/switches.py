"""Turning switches off the idempotent way: read, click only if needed, reload, read."""

from __future__ import annotations

from loguru import logger

from bot.run import Run
from bot.summary import SwitchRecord
from pages.connector import SettingsScreen

ATTEMPTS = 2


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
        for attempt in range(1, ATTEMPTS + 1):
            screen.flip(key)
            screen.reload()
            record.after = screen.switches()[key]
            if not record.after:
                break
            logger.warning("switch: {} still on after a reload (try {})", key, attempt)

        if record.after:
            record.result = "failed"
            record.note = f"still on after {ATTEMPTS} tries; the app did not save it"
            run.journal.failed("switch_off", key, after=True)
            run.problem(f"switch: {key} did not stay off; turn it off by hand")
        else:
            record.result = "changed"
            run.journal.done("switch_off", key, after=False)
            logger.info("switch: {} turned off", key)
    return records
