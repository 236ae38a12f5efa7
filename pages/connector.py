"""What every connector app's page objects offer, so flows never name an app."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from playwright.sync_api import Page

from bot.decisions import Listing
from bot.evidence import PersonalArea

ProgressHook = Callable[[int, int], None]
# Opens a page beside the run's own, signed in as it is, closed when the block
# ends: a second reader for a long list.
SidePage = Callable[[], AbstractContextManager[Page]]
OverlayHook = Callable[[str], None]

# Listing statuses as flows name them; each app maps its own words onto these.
ACTIVE = "active"
INACTIVE = "inactive"
STATUSES = ("active", "pending", "reviewing", "failed", "inactive", "suspended")

# Switches as flows name them; an app offers the ones it has.
PRODUCT_SYNC = ("auto_link",)
ORDER_SYNC = (
    "order_sync",
    "sync_orders_to_shopify",
    "fulfillment_sync",
    "auto_fulfillment_update",
)


class ListingsScreen(Protocol):
    """The app's list of channel listings, by status."""

    def counts(self) -> dict[str, int]:
        """Listings per status, as the status tabs show them."""
        ...

    def show(self, status: str) -> None:
        """Show the listings in one status, from the first page."""
        ...

    def read_all(
        self, status: str, progress: ProgressHook | None = None
    ) -> list[Listing]:
        """Every listing in one status, page by page."""
        ...

    def visible(self) -> list[Listing]:
        """The listings on the page now shown."""
        ...

    def page_number(self) -> tuple[int, int]:
        """The shown page and the number of pages."""
        ...

    def next_page(self) -> bool:
        """Go to the next page; False when this is the last one."""
        ...

    def previous_page(self) -> bool:
        """Go to the page before the one last shown; False when that was the
        first. After an action, when the app has moved to an earlier page by
        itself (the rows that left emptied the page), stay on that one."""
        ...

    def last_page(self) -> None:
        """Go to the last page of the shown status."""
        ...

    def select_every(self) -> int:
        """Select every listing in the shown status; returns the selected count."""
        ...

    def select(self, product_ids: list[str]) -> int:
        """Select these listings on the shown page; returns the app's selected count."""
        ...

    def ticked(self) -> set[str]:
        """The product IDs of the shown rows whose boxes are ticked."""
        ...

    def select_page(self) -> int:
        """Select every listing on the shown page; returns the app's selected count."""
        ...

    def deactivate_selected(self) -> int:
        """Deactivate the selection and confirm; returns how many the app accepted."""
        ...

    def wait_gone(self, product_ids: list[str], timeout_ms: int) -> None:
        """Wait until these listings have left the Active tab's shown page; show
        the tab again when they stay put, as a page may not follow a job."""
        ...

    def wait_count(self, status: str, at_most: int, timeout_ms: int) -> int:
        """Wait until a status counts at most `at_most`; returns the count."""
        ...


class SettingsScreen(Protocol):
    """The app's sync settings."""

    def switches(self) -> dict[str, bool]:
        """Every known switch and whether it is on."""
        ...

    def flip(self, key: str) -> str | None:
        """Change one switch and wait for the app's answer; None, or what failed."""
        ...

    def reload(self) -> None:
        """Load the settings again from the app, dropping anything only on screen."""
        ...


class ConnectorApp(Protocol):
    """A connector app the bot can move a merchant off."""

    name: str
    title: str
    # How the app shows orders it no longer syncs, in the merchant's words
    # ("they show as Blocked there"), or "" where it does not say.
    unsynced_orders: str

    def open(self) -> None:
        """Open the app, signing in when it asks."""
        ...

    def watch_overlays(self, hook: OverlayHook) -> None:
        """Close overlays the app puts over its pages, telling `hook` about each."""
        ...

    def region(self) -> str:
        """The shop's region, such as 'US'."""
        ...

    def shop_name(self) -> str:
        """The shop's name as the app shows it."""
        ...

    def personal(self) -> tuple[PersonalArea, ...]:
        """Areas of the app's pages that show personal data, for redaction."""
        ...

    def listings(self) -> ListingsScreen:
        """Go to the channel listings."""
        ...

    def settings(self) -> SettingsScreen:
        """Go to the sync settings."""
        ...
