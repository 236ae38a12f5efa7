"""What a sandbox instance serves: its shop, its ports and the trouble it makes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

# Every hazard the replicas can switch on, with what it does. Each hazard module
# adds its own names here.
HAZARDS: dict[str, str] = {
    "slow-save": "Settings: a switch's save takes 600 ms; the page shows it at once",
    "save-fails-rollback": (
        "Settings: a switch's first save fails with 500 after 800 ms; the page "
        "flips it back and shows an error; the next save works"
    ),
    "save-fails-silently": (
        "Settings: every save fails with 500; the page keeps showing the new "
        "state, a reload shows the old one (an app failure: report only)"
    ),
    "save-disabled-while-saving": (
        "Settings: every switch is aria-disabled for the 600 ms a save takes, "
        "and a click on a disabled switch still counts"
    ),
    "session-expiry": (
        "AfterShip Feed: the session lasts session_expiry_seconds, renewed only "
        "by full-page loads; then pages redirect to /login and XHR gets 401"
    ),
    "virtual-analytics": (
        "Seller Center: Product analytics is one virtualised grid; only the rows "
        "in view plus 5 are in the page, loaded 50 at a time as it scrolls"
    ),
    "no-export": (
        "Seller Center: the Export button is disabled (export unavailable) and "
        "the export address answers 503"
    ),
    "compact-numbers": (
        "Seller Center: the table abbreviates figures ('$1.2K', '3.4M') with the "
        "exact GMV in a title, and shows '\u2014' where a product has no data yet"
    ),
    "tricky-export": (
        "Seller Center: product names hold commas, quotes and line breaks, so the "
        "CSV export (BOM first) quotes them"
    ),
    "async-export": (
        "Seller Center: Export prepares the file in the background; a Download "
        "link appears after export_seconds"
    ),
    "export-new-tab": (
        "Seller Center: Export opens a new tab, and that tab downloads the file"
    ),
    "rate-limit": (
        "Both apps: the 3rd fetch of a listings or analytics page and the first "
        "deactivation answer 429 with Retry-After: 2"
    ),
    "server-errors": (
        "Both apps: the 4th fetch of a listings or analytics page answers 500"
    ),
    "slow-responses": (
        "Both apps: the first fetch of the listings and analytics tables takes "
        "slow_seconds, with a progress bar meanwhile"
    ),
}

# Hazards where the app itself changes the wrong listings; `all` leaves them
# out, because no bot can end in the right state against them, only report.
WRONG_SET_HAZARDS: frozenset[str] = frozenset()

# TikTok Shop Sync, the second connector replica.
HAZARDS.update(
    {
        "shopsync-tour": "TikTok Shop Sync: a first visit opens a welcome tour over "
        "the page half a second after it loads, until 'Skip tour'",
        "shopsync-toasts": "TikTok Shop Sync: toasts sit over the Bulk actions and "
        "Save buttons for 4 s; the 'unpublished' toast is gone after 300 ms",
        "shopsync-slow": "TikTok Shop Sync: every API answer takes 800 ms, so the "
        "next rows of the list and each save come late",
        "shopsync-refresh": "TikTok Shop Sync: the loaded rows are fetched again "
        "and rebuilt every 1.5 s, as new elements",
    }
)
# Hazards where the app keeps failing whatever the bot does; `all` leaves them
# out too, and their own tests check the bot reports the failure.
PERSISTENT_FAILURE_HAZARDS: frozenset[str] = frozenset({"save-fails-silently"})

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
# deactivate listings it meant to keep, so a run keeping some must stop.
WRONG_SET_HAZARDS |= {"bulk-other-tabs", "header-selects-all"}
# A dropped confirmation changes nothing at all, but leaves no bot a way on.
PERSISTENT_FAILURE_HAZARDS |= {"dropped-confirm"}

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
    session_expiry_seconds: float = Field(default=30, gt=0)
    # "gmv-ladder": every product Active, product i selling i x $10.25 yesterday.
    fixture: Literal["shop", "gmv-ladder"] = "shop"
    slow_seconds: float = Field(default=8.0, ge=0)
    export_seconds: float = Field(default=3.0, ge=0)
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
            everything = frozenset(HAZARDS) - WRONG_SET_HAZARDS
            value = (value - {"all"}) | (everything - PERSISTENT_FAILURE_HAZARDS)
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

    @property
    def shopsync_url(self) -> str:
        return f"http://{self.host}:{self.port + 2}"
