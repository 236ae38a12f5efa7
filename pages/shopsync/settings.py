"""TikTok Shop Sync's Sync settings: one checkbox and two switches, kept by Save."""

from __future__ import annotations

from typing import Literal

from playwright.sync_api import Locator, Page, expect

from bot.errors import PageStateError
from bot.evidence import screen_shown
from pages.widgets import ensure_signed_in, is_switched_on

APP = "TikTok Shop Sync"

# Each switch the flows know, as this form shows it: (role, accessible name).
FIELDS: dict[str, tuple[Literal["checkbox", "switch"], str]] = {
    "auto_link": ("checkbox", "Automatically link new products"),
    "order_sync": ("switch", "Import TikTok orders"),
    "fulfillment_sync": ("switch", "Push tracking numbers"),
}


class SyncSettingsPage:
    """Sync settings: nothing is kept until Save, and leaving drops what is unsaved."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.form = page.get_by_role("form", name="Sync settings")
        self.saved = page.get_by_role("button", name="Save", exact=True, disabled=True)
        self.save = page.get_by_role("button", name="Save", exact=True)
        self.failure = page.get_by_role("alert")

    def _field(self, key: str, checked: bool | None = None) -> Locator:
        if key not in FIELDS:
            raise PageStateError(f"{APP} has no setting {key!r}")
        role, name = FIELDS[key]
        return self.form.get_by_role(role, name=name, exact=True, checked=checked)

    def _is_on(self, key: str) -> bool:
        # A switch tells its state only in aria-checked; a checkbox is native.
        field = self._field(key)
        if FIELDS[key][0] == "switch":
            return is_switched_on(field)
        return field.is_checked()

    def wait_ready(self) -> None:
        """Wait until the form shows the saved settings."""
        ensure_signed_in(self.page, APP)
        expect(self._field("auto_link")).to_be_visible()
        screen_shown(self.page)

    def switches(self) -> dict[str, bool]:
        """Every setting on the form and whether it is on."""
        return {key: self._is_on(key) for key in FIELDS}

    def flip(self, key: str) -> str | None:
        """Change one setting and press Save; None, or what went wrong."""
        wanted = not self._is_on(key)
        self._field(key).click()
        expect(self._field(key, checked=wanted)).to_be_visible()
        self.save.click()
        expect(self.saved.or_(self.failure).first).to_be_visible()
        if self.failure.is_visible():
            return f"TikTok Shop Sync did not save: {self.failure.inner_text().strip()}"
        return None

    def reload(self) -> None:
        """Load the page again, so the form shows what the app has saved."""
        self.page.reload()
        self.wait_ready()
