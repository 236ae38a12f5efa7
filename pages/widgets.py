"""Widgets every app has in some form: login form, switches, dialogs, toasts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.errors import PageStateError, SessionExpired

COUNT_IN_NAME = re.compile(r"\((\d[\d,]*)\)")
# Closing an overlay is time-boxed: one that appears over another's button
# makes that click wait, so give up after a moment; the next check tries again.
DISMISS_MS = 2_000
# Toasts stack; close at most this many of one kind per check.
DISMISS_TRIES = 5


@dataclass(frozen=True)
class Credentials:
    """A username and password for one app; never logged."""

    username: str
    password: str

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password=***)"


class LoginForm:
    """A username/password sign-in form."""

    def __init__(self, page: Page, app: str) -> None:
        self.page = page
        self.app = app
        self.password = page.get_by_label("Password", exact=True)
        self.username = page.get_by_label(re.compile(r"^(Email|Username)$"))
        self.submit = page.get_by_role("button", name=re.compile(r"^Log in$|^Sign in$"))
        # The form's own alert: a toast on the page after login is not a refusal.
        self.error = page.get_by_role("form").get_by_role("alert")

    def is_shown(self) -> bool:
        """Tell whether the page is asking for a login."""
        return "/login" in self.page.url or self.password.is_visible()

    def sign_in(self, credentials: Credentials | None) -> None:
        """Sign in; without credentials, say how to get a session."""
        if credentials is None:
            raise SessionExpired(
                f"{self.app} asks for a login and no credentials are set; run "
                f"'connector-bot login' for it, or set its username and password "
                "in the environment, then run again"
            )
        self.username.fill(credentials.username)
        self.password.fill(credentials.password)
        self.submit.click()
        signed_in = self.page.get_by_role("navigation", name="Main")
        expect(signed_in.or_(self.error)).to_be_visible()
        if self.error.is_visible():
            raise SessionExpired(
                f"{self.app} refused the login: {self.error.inner_text().strip()}; "
                "check the username and password"
            )


def ensure_signed_in(page: Page, app: str) -> None:
    """Raise SessionExpired when the page is a login page, not the app."""
    if LoginForm(page, app).is_shown():
        raise SessionExpired(
            f"{app} ended the session (the page is its login form); log in again "
            "with 'connector-bot login', then 'connector-bot resume'"
        )


def count_in(name: str) -> int:
    """The number in a label such as 'Active (182)'."""
    match = COUNT_IN_NAME.search(name)
    if match is None:
        raise PageStateError(f"expected a count in {name!r}")
    return int(match[1].replace(",", ""))


def is_switched_on(switch: Locator) -> bool:
    """Read a switch's state from aria-checked, the one attribute that says it."""
    value = switch.get_attribute("aria-checked")
    if value not in ("true", "false"):
        raise PageStateError(f"a switch reads aria-checked={value!r}, not true/false")
    return value == "true"


def wait_until_enabled(switch: Locator) -> None:
    """Wait while a switch is busy saving."""
    expect(switch).not_to_have_attribute("aria-disabled", "true")


def confirm(dialog: Locator, button: str) -> None:
    """Press a dialog's button and wait until the dialog is gone, not just closing."""
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button, exact=True).click()
    expect(dialog).to_be_hidden()


def wait_loaded(page: Page) -> None:
    """Wait until no loading indicator is shown."""
    expect(page.get_by_role("progressbar")).to_have_count(0)


def dismiss_when_shown(
    page: Page, overlays: list[tuple[Locator, str]], tell: Callable[[str], None]
) -> None:
    """Whenever one of `overlays` covers the page, press its button, as a person would.

    Playwright runs this before any action or assertion that finds an overlay
    visible, so nothing waits for an overlay that never comes, and nothing
    clicks through one that does. One handler closes them all, in the order
    given, because one overlay can block the buttons of the others.
    """

    def close() -> None:
        for overlay, button in overlays:
            shown = overlay.filter(visible=True)
            for _ in range(DISMISS_TRIES):
                if not shown.count():
                    break
                item = shown.first
                press = item.get_by_role("button", name=button, exact=True)
                lines = item.inner_text().replace(press.inner_text(), "").split("\n")
                what = next((line.strip() for line in lines if line.strip()), button)
                try:
                    press.click(timeout=DISMISS_MS)
                except PlaywrightTimeoutError:
                    break
                tell(f"closed {what!r}")

    anything = overlays[0][0]
    for overlay, _ in overlays[1:]:
        anything = anything.or_(overlay)
    # An overlay that shows up while another is closed would leave Playwright
    # waiting for all to be hidden; without that wait the next check calls again.
    page.add_locator_handler(anything, close, no_wait_after=True)
