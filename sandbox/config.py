"""What a sandbox instance serves: its shop, its ports and the trouble it makes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

# Every hazard the replicas can switch on, with what it does. Each hazard module
# adds its own names here.
HAZARDS: dict[str, str] = {}

# Hazards where the app itself changes the wrong listings; `all` leaves them
# out, because no bot can end in the right state against them, only report.
WRONG_SET_HAZARDS: frozenset[str] = frozenset()

# Channel listings (AfterShip Feed), field cases C1-C7 and C15.
HAZARDS.update(
    {
        "consent-banner": "a cookie consent dialog on a first visit turns off "
        "pointer events on the page until it is accepted or rejected",
        "whats-new-modal": 'a "What\'s new" modal opens shortly after a first '
        "visit and covers the page until closed",
        "slow-dialog": "the confirmation slides in over 500 ms and leaves a "
        "transparent backdrop over the table for 300 ms after it closes",
        "dropped-confirm": "confirming Deactivate closes the dialog without "
        "sending the request (an app failure: report only)",
        "toasts": "toasts sit over the pagination bar: success late and brief, a "
        "persistent error on each load, an unrelated 'Sync finished'",
        "rerender-rows": "the table is rebuilt 100-300 ms after each checkbox "
        "click; the counter lags until then",
        "header-selects-page": "the header box selects the shown page and keeps "
        "looking checked on the next page though nothing is selected there",
        "header-selects-all": "the header box silently selects every listing in "
        "the tab, not just the page",
        "header-mixed": "each load starts with two rows ticked, so the header is "
        "mixed; its first click clears, its second selects the page",
        "no-select-all-banner": "no 'Select all N listings' banner after the "
        "header box selects a page",
        "fixed-page-size": "20 rows per page and no 'Rows per page' choice",
        "bulk-page-only": "a bulk action on every listing in the tab deactivates "
        "only the page shown",
        "bulk-other-tabs": "a bulk action on every Active listing also "
        "deactivates up to 15 Pending, Reviewing, Failed or Suspended ones",
        "shifting-pages": "10 rows per page, no size choice, and deactivated rows "
        "leave the Active tab at once, so the next rows move up",
        "partial-failure": "listings whose product ID ends in 7 land in Failed "
        "('platform rejected request') instead of Inactive",
    }
)
# A header box that selects the whole tab would have a bot that trusts it
# deactivate listings it meant to keep, so a run keeping some must stop. A
# dropped confirmation changes nothing at all, but leaves no bot a way on.
WRONG_SET_HAZARDS |= {"bulk-other-tabs", "header-selects-all", "dropped-confirm"}

USERNAME = "merchant@sandbox.test"
PASSWORD = "sandbox-pass"


class SandboxConfig(BaseModel):
    """Settings for one sandbox: seed data, ports and hazards."""

    host: str = "127.0.0.1"
    port: int = 8700
    seed: int = 7
    products: int = Field(default=240, ge=1, le=200_000)
    region: Literal["US", "UK"] = "US"
    database: Path | None = None
    hazards: frozenset[str] = frozenset()
    latency_ms: int = Field(default=0, ge=0)
    job_seconds: float = Field(default=1.5, ge=0)
    session_seconds: int = Field(default=8 * 3600, ge=1)
    username: str = USERNAME
    password: str = PASSWORD

    @field_validator("hazards", mode="before")
    @classmethod
    def _split_hazards(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("hazards")
    @classmethod
    def _known_hazards(cls, value: frozenset[str]) -> frozenset[str]:
        if "all" in value:
            value = (value - {"all"}) | (frozenset(HAZARDS) - WRONG_SET_HAZARDS)
        unknown = sorted(value - set(HAZARDS))
        if unknown:
            known = ", ".join(sorted(HAZARDS)) or "none yet"
            raise ValueError(f"unknown hazard {unknown[0]!r}; known: {known}")
        return value

    def has(self, hazard: str) -> bool:
        """Tell whether a hazard is switched on."""
        return hazard in self.hazards

    @property
    def aftership_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def seller_center_url(self) -> str:
        return f"http://{self.host}:{self.port + 1}"
