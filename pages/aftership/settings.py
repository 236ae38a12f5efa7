"""AfterShip Feed Settings -> Channel settings: product and order sync switches."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from bot.errors import PageStateError
from bot.evidence import before_click
from pages.widgets import is_switched_on, wait_until_enabled

LABELS = {
    "auto_link": "Auto-link",
    "order_sync": "Order sync",
    "sync_orders_to_shopify": "Sync orders to Shopify",
    "fulfillment_sync": "Fulfillment sync",
    "auto_fulfillment_update": "Auto fulfillment update",
}


class SettingsPage:
    """The Channel settings tab of Settings."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tab = page.get_by_role("tab", name="Channel settings")
        self.panel = page.get_by_role("tabpanel", name="Channel settings")

    def _switch(self, key: str, checked: bool | None = None) -> Locator:
        if key not in LABELS:
            raise PageStateError(f"AfterShip Feed has no switch {key!r}")
        return self.panel.get_by_role(
            "switch", name=LABELS[key], exact=True, checked=checked
        )

    def show_channel_settings(self) -> None:
        """Open the Channel settings tab and wait for its switches."""
        self.tab.click()
        expect(self.tab).to_have_attribute("aria-selected", "true")
        expect(self._switch("auto_link")).to_be_visible()

    def switches(self) -> dict[str, bool]:
        """Every switch on the tab and whether it is on."""
        return {key: is_switched_on(self._switch(key)) for key in LABELS}

    def flip(self, key: str) -> None:
        """Click one switch once it is idle, and wait until its save has finished."""
        switch = self._switch(key)
        wait_until_enabled(switch)
        flipped = self._switch(key, checked=not is_switched_on(switch))
        before_click(switch, LABELS[key])
        switch.click()
        expect(flipped.or_(self.page.get_by_role("alert")).first).to_be_visible()
        wait_until_enabled(switch)

    def reload(self) -> None:
        """Reload the page and reopen the tab, so the switches show what was saved."""
        self.page.reload()
        self.show_channel_settings()
