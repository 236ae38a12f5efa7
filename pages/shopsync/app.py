"""TikTok Shop Sync: sign-in, navigation, the shop's market and its welcome tour."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from bot.evidence import PersonalArea
from pages.connector import OverlayHook, SidePage
from pages.shopsync.products import ProductsPage
from pages.shopsync.settings import SyncSettingsPage
from pages.widgets import Credentials, ensure_signed_in, follow_link, open_app

TITLE = "TikTok Shop Sync"


# The e-mail has no role or label; only its tooltip says what it is, and the
# same words must hide it in the video's stylesheet.
PERSONAL = (PersonalArea("account e-mail", '[title="Account e-mail"]'),)


class ShopSyncApp:
    """TikTok Shop Sync, reached at `base_url`."""

    name = "shopsync"
    title = TITLE
    unsynced_orders = ""

    def __init__(
        self,
        page: Page,
        base_url: str,
        credentials: Credentials | None,
        *,
        side: SidePage | None = None,
    ) -> None:
        # `side` goes unused: Shop Sync's lists are read one page at a time.
        del side
        self.page = page
        self.base_url = base_url
        self.credentials = credentials
        self.nav = page.get_by_role("navigation", name="Main")

    def watch_overlays(self, hook: OverlayHook) -> None:
        """Close the welcome tour whenever it is in the way, as a person would."""
        tour = self.page.get_by_role("dialog", name=f"Welcome to {TITLE}")

        def skip(tour: Locator) -> None:
            tour.get_by_role("button", name="Skip tour").click()
            expect(tour).to_be_hidden()
            hook("closed the welcome tour")

        self.page.add_locator_handler(tour, skip)

    def _go(self, link: str) -> None:
        if not self.page.url.startswith(self.base_url):
            self.open()
        follow_link(self.nav.get_by_role("link", name=link))
        ensure_signed_in(self.page, TITLE)

    def open(self) -> None:
        """Open the app, signing in when it asks."""
        open_app(self.page, self.base_url, TITLE, self.credentials, self.nav)

    def region(self) -> str:
        """The shop's market from the header, such as 'US'."""
        text = self.page.get_by_text(re.compile(r"^Market: \w+$")).inner_text()
        return text.split(":", 1)[1].strip()

    def shop_name(self) -> str:
        """The shop's name from the header."""
        return self.page.get_by_title("Shop", exact=True).inner_text().strip()

    def personal(self) -> tuple[PersonalArea, ...]:
        """The account e-mail in the header."""
        return PERSONAL

    def listings(self) -> ProductsPage:
        """Go to Products."""
        self._go("Products")
        products = ProductsPage(self.page)
        products.wait_ready()
        return products

    def settings(self) -> SyncSettingsPage:
        """Go to Sync settings."""
        self._go("Sync settings")
        settings = SyncSettingsPage(self.page)
        settings.wait_ready()
        return settings
