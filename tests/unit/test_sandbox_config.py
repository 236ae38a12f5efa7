"""Which hazards a sandbox switches on, by name or with `all`."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sandbox.config import (
    HAZARDS,
    PERSISTENT_FAILURE_HAZARDS,
    WRONG_SET_HAZARDS,
    SandboxConfig,
)

LISTINGS_HAZARDS = {
    "consent-banner",
    "whats-new-modal",
    "slow-dialog",
    "toasts",
    "rerender-rows",
    "header-selects-page",
    "header-mixed",
    "no-select-all-banner",
    "fixed-page-size",
    "bulk-page-only",
    "shifting-pages",
    "partial-failure",
}


def test_hazards_are_off_unless_named() -> None:
    assert SandboxConfig().hazards == frozenset()
    config = SandboxConfig(hazards="toasts, shifting-pages")
    assert config.hazards == {"toasts", "shifting-pages"}
    assert config.has("toasts") and not config.has("slow-dialog")


def test_all_leaves_out_apps_that_act_on_the_wrong_set_or_keep_failing() -> None:
    hazards = SandboxConfig(hazards="all").hazards
    assert hazards >= LISTINGS_HAZARDS
    assert {"bulk-other-tabs", "header-selects-all"} <= set(WRONG_SET_HAZARDS)
    assert "dropped-confirm" in PERSISTENT_FAILURE_HAZARDS
    assert not hazards & (WRONG_SET_HAZARDS | PERSISTENT_FAILURE_HAZARDS)
    assert hazards | WRONG_SET_HAZARDS | PERSISTENT_FAILURE_HAZARDS == set(HAZARDS)


def test_all_plus_a_wrong_set_hazard_turns_that_one_on_too() -> None:
    hazards = SandboxConfig(hazards="all,bulk-other-tabs").hazards
    assert "bulk-other-tabs" in hazards and "toasts" in hazards


def test_an_unknown_hazard_names_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="unknown hazard 'popups'; known: "):
        SandboxConfig(hazards="popups")
