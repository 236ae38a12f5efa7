"""AfterShip Feed Settings -> Channel settings: product and order sync switches."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, Response, expect

from bot.errors import PageStateError, SessionExpired
from bot.evidence import before_click, screen_shown
from pages.widgets import (
    click_when_clear,
    ensure_signed_in,
    is_switched_on,
    wait_for_app,
    wait_until_enabled,
)

TITLE = "AfterShip Feed"
LABELS = {
    "auto_link": "Auto-link",
    "order_sync": "Order sync",
    "sync_orders_to_shopify": "Sync orders to Shopify",
    "fulfillment_sync": "Fulfillment sync",
    "auto_fulfillment_update": "Auto fulfillment update",
}


def _is_save(response: Response) -> bool:
    return response.request.method == "PATCH" and "/api/settings" in response.url


class SettingsPage:
    """The Channel settings tab of Settings."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tab = page.get_by_role("tab", name="Channel settings")
        # Whether the page shows the switches as loaded: one is made for a
        # page just loaded, and a click on a switch holds until a reload.
        self.as_loaded = True
        self.panel = page.get_by_role("tabpanel", name="Channel settings")

    def _switch(self, key: str) -> Locator:
        if key not in LABELS:
            raise PageStateError(f"AfterShip Feed has no switch {key!r}")
        return self.panel.get_by_role("switch", name=LABELS[key], exact=True)

    def show_channel_settings(self) -> None:
        """Open the Channel settings tab and wait for its switches."""
        wait_for_app(self.page, TITLE, self.tab)
        click_when_clear(self.tab)
        expect(self.tab).to_have_attribute("aria-selected", "true")
        wait_for_app(self.page, TITLE, self._switch("auto_link"))
        screen_shown(self.page)

    def switches(self) -> dict[str, bool]:
        """Every switch on the tab and whether it is on."""
        ensure_signed_in(self.page, TITLE)
        return {key: is_switched_on(self._switch(key)) for key in LABELS}

    def flip(self, key: str) -> str | None:
        """Click one switch once it is idle and wait for its save to be answered.

        Returns None when the app said it saved, or what went wrong. The screen
        may show either state afterwards; only a reload tells what was kept.
        """
        switch = self._switch(key)
        self.as_loaded = False
        wait_until_enabled(switch)
        before_click(switch, LABELS[key])
        with self.page.expect_response(_is_save) as answer:
            click_when_clear(switch)
        response = answer.value
        if response.status == 401:
            raise SessionExpired(f"{TITLE} ended the session during a save", TITLE)
        wait_until_enabled(switch)
        if response.ok:
            return None
        try:
            said = str(response.json().get("error") or "")
        except ValueError:
            said = ""
        shown = "on" if is_switched_on(switch) else "off"
        return (
            f"{TITLE} answered {response.status}"
            + (f" ({said!r})" if said else "")
            + f" and shows it {shown}"
        )

    def reload(self) -> None:
        """Reload the page and reopen the tab, so the switches show what was saved."""
        self.page.reload()
        self.show_channel_settings()
        self.as_loaded = True
