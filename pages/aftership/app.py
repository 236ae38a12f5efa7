"""AfterShip Feed: sign-in, navigation and the shop's region."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page

from bot.evidence import PersonalArea
from pages.aftership.listings import ListingsPage
from pages.aftership.settings import SettingsPage
from pages.connector import OverlayHook, SidePage
from pages.widgets import (
    Credentials,
    ResponseWatch,
    dismiss_when_shown,
    ensure_signed_in,
    follow_link,
    open_app,
)

LISTINGS_PATH = "/listings"
SETTINGS_PATH = "/settings"
# The owner's name and e-mail have no role or label; only their tooltips say
# what they are, and the same words must hide them in the video's stylesheet.
PERSONAL = (
    PersonalArea("store owner's name", '[title="Store owner"]'),
    PersonalArea("account e-mail", '[title="Account e-mail"]'),
)


class AfterShipApp:
    """AfterShip Feed for TikTok Shop, reached at `base_url`."""

    name = "aftership"
    title = "AfterShip Feed"
    unsynced_orders = "they show as Blocked there"

    def __init__(
        self,
        page: Page,
        base_url: str,
        credentials: Credentials | None,
        *,
        side: SidePage | None = None,
    ) -> None:
        self.page = page
        self.base_url = base_url
        self.credentials = credentials
        self.side = side
        self.nav = page.get_by_role("navigation", name="Main")
        # The Settings page last gone to; settings() reads it again only
        # while the page is on it.
        self._settings: SettingsPage | None = None
        ResponseWatch.of(page)

    def _arrive(self, path: str) -> bool:
        """Open the app at `path` unless the page is in it; whether it did."""
        if self.page.url.startswith(self.base_url):
            return False
        self._open_at(path)
        return True

    def open(self) -> None:
        """Open the app at Channel listings, signing in when it asks.

        Its home page holds nothing the bot reads that the listings page's
        header does not, and the login form sends the browser back where it
        was going: a page load saved."""
        self._open_at(LISTINGS_PATH)

    def _open_at(self, path: str) -> None:
        open_app(
            self.page,
            self.base_url,
            self.title,
            self.credentials,
            self.nav,
            path=path,
        )

    def watch_overlays(self, hook: OverlayHook) -> None:
        """Close the consent banner, "What's new" and listing error toasts on sight."""
        page = self.page
        consent = page.get_by_role("dialog", name="Cookie consent")
        news = page.get_by_role("dialog", name="What's new")
        # Only on Channel listings: there an error toast covers the pager, while
        # on Settings an error toast is how a failed save shows, so it must stay.
        # Not under a dialog either: there it blocks nothing and takes no click.
        # `body` is the one element that holds the table, dialogs and toasts.
        dialogs = page.get_by_role("dialog").or_(page.get_by_role("alertdialog"))
        listings = page.locator("body").filter(
            has=page.get_by_role("table", name="Listings"), has_not=dialogs
        )
        errors = listings.get_by_role("alert").filter(
            has=page.get_by_role("button", name="Dismiss")
        )
        # The consent banner goes first: until it is answered nothing else
        # on the page takes a click.
        overlays = [(consent, "Accept all"), (news, "Got it"), (errors, "Dismiss")]
        dismiss_when_shown(page, overlays, hook)

    def region(self) -> str:
        """The shop's region from the header, such as 'US'."""
        text = self.page.get_by_text(re.compile(r"^Region: \w+$")).inner_text()
        return text.split(":", 1)[1].strip()

    def shop_name(self) -> str:
        """The shop's name from the header."""
        return self.page.get_by_title("Shop", exact=True).inner_text().strip()

    def personal(self) -> tuple[PersonalArea, ...]:
        """The header's owner name and e-mail, and the owner on Settings."""
        return PERSONAL

    def listings(self) -> ListingsPage:
        """Go to Channel listings, unless it is the page shown."""
        self._arrive(LISTINGS_PATH)
        if urlsplit(self.page.url).path != LISTINGS_PATH:
            follow_link(self.nav.get_by_role("link", name="Channel listings"))
            ensure_signed_in(self.page, self.title)
        listings = ListingsPage(self.page, self.side)
        listings.wait_ready()
        return listings

    def settings(self) -> SettingsPage:
        """Go to Settings -> Channel settings, unless the Settings page shown
        was loaded, or reloaded, with no click on a switch since: that shows
        what the app saved, and loading it again would show nothing newer.
        Such a page is one the plan read moments before, or one reloaded to
        prove a change."""
        shown = self._settings
        if (
            shown is not None
            and shown.as_loaded
            and self.page.url.startswith(self.base_url)
            and urlsplit(self.page.url).path == SETTINGS_PATH
        ):
            ensure_signed_in(self.page, self.title)
            shown.show_channel_settings()
            return shown
        # From another app, straight there: by way of Channel listings, the
        # listings would load for nothing. Within the app, the link loads it
        # afresh, even from Settings itself.
        if not self._arrive(SETTINGS_PATH):
            follow_link(self.nav.get_by_role("link", name="Settings"))
        ensure_signed_in(self.page, self.title)
        settings = self._settings = SettingsPage(self.page)
        settings.show_channel_settings()
        return settings
