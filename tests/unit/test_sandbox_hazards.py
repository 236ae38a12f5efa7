"""Which hazards `--hazards all` switches on."""

from __future__ import annotations

from sandbox.config import PERSISTENT_FAILURE_HAZARDS, SandboxConfig

SURVIVABLE = {
    "slow-save",
    "save-fails-rollback",
    "save-disabled-while-saving",
    "session-expiry",
}


def test_all_hazards_leave_out_an_app_that_never_saves() -> None:
    hazards = SandboxConfig(hazards="all").hazards

    assert hazards >= SURVIVABLE
    assert "save-fails-silently" in PERSISTENT_FAILURE_HAZARDS
    assert not hazards & PERSISTENT_FAILURE_HAZARDS


def test_an_app_that_never_saves_can_be_asked_for_by_name() -> None:
    hazards = SandboxConfig(hazards="all, save-fails-silently").hazards

    assert "save-fails-silently" in hazards
    assert hazards >= SURVIVABLE
