"""TikTok Shop Seller Center: sign-in and navigation."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from bot.errors import SiteUnreachable
from bot.evidence import PersonalArea
from pages.tiktok.analytics import ProductAnalyticsPage
from pages.widgets import Credentials, LoginForm, ensure_signed_in


class SellerCenterApp:
    """TikTok Shop Seller Center, reached at `base_url`."""

    title = "TikTok Shop Seller Center"

    def __init__(
        self, page: Page, base_url: str, credentials: Credentials | None
    ) -> None:
        self.page = page
        self.base_url = base_url
        self.credentials = credentials
        self.nav = page.get_by_role("navigation", name="Main")

    def _arrive(self) -> None:
        if not self.page.url.startswith(self.base_url):
            self.open()

    def open(self) -> None:
        """Open Seller Center, signing in when it asks."""
        try:
            self.page.goto(self.base_url + "/")
        except PlaywrightError as error:
            raise SiteUnreachable(
                f"{self.title} did not answer at {self.base_url}: "
                f"{error.message.splitlines()[0]}; check the address and the network"
            ) from error
        login = LoginForm(self.page, self.title)
        expect(self.nav.or_(login.password)).to_be_visible()
        if login.is_shown():
            login.sign_in(self.credentials)
        expect(self.nav).to_be_visible()

    def personal(self) -> tuple[PersonalArea, ...]:
        """None: the pages the bot visits show products and sales, no people."""
        return ()

    def product_analytics(self) -> ProductAnalyticsPage:
        """Go to Analytics -> Product analytics."""
        self._arrive()
        self.nav.get_by_role("link", name="Product analytics").click()
        ensure_signed_in(self.page, self.title)
        analytics = ProductAnalyticsPage(self.page)
        analytics.wait_ready()
        return analytics
