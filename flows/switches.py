"""Turning switches off the idempotent way: read, click only if needed, reload, read."""

from __future__ import annotations

from loguru import logger

from bot.retry import GaveUp, Retries, RetryPolicy, TryAgain
from bot.run import Run
from bot.summary import SwitchRecord
from pages.connector import SettingsScreen

ATTEMPTS = 2
# A failed save is often a busy server: back off before asking it again.
BACKOFF_S = 0.5


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
    """Click, reload and read, under bounded retries; (still on, why)."""
    policy = RetryPolicy(
        retries=ATTEMPTS - 1,
        total_seconds=run.settings.timeout_ms / 1000,
        first_delay=BACKOFF_S,
    )

    def attempt(number: int) -> str:
        failure = screen.flip(key)
        screen.reload()
        if screen.switches()[key]:
            said = failure or "the app said it saved"
            raise TryAgain(f"not changed (still on) after a reload; {said}")
        return f"off at try {number}" if number > 1 else ""

    def record(kind: str, step: str, detail: str) -> None:
        run.event(kind, step, f"{key}: {detail}")

    try:
        note = Retries(policy, record).run(
            "switch", attempt, lambda seconds: run.page.wait_for_timeout(seconds * 1000)
        )
    except GaveUp as error:
        return True, f"{error.last}; gave up after {ATTEMPTS} tries"
    return False, note
