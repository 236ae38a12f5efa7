"""Widgets every app has in some form: login form, switches, dialogs, toasts."""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from bot.errors import PageStateError, SessionExpired, SiteUnreachable

COUNT_IN_NAME = re.compile(r"\((\d[\d,]*)\)")
CONFIRM_TRIES = 3
CONFIRM_WAIT_MS = 2_000


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
        self.error = page.get_by_role("alert")

    def is_shown(self) -> bool:
        """Tell whether the page is asking for a login."""
        return "/login" in self.page.url or self.password.is_visible()

    def send(self, credentials: Credentials) -> None:
        """Fill in and send the form, without waiting: a second factor may follow."""
        self.username.fill(credentials.username)
        self.password.fill(credentials.password)
        self.submit.click()

    def sign_in(self, credentials: Credentials | None) -> None:
        """Sign in; without credentials, say how to get a session."""
        if credentials is None:
            raise SessionExpired(
                f"{self.app} asks for a login and no credentials are set; run "
                f"'connector-bot login' for it, or set its username and password "
                "in the environment, then run again"
            )
        self.send(credentials)
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
    press = dialog.get_by_role("button", name=button, exact=True)
    # A redraw of the page between press and release swallows the click and
    # leaves the dialog open; a press that took closes it within a moment.
    for _ in range(CONFIRM_TRIES - 1):
        press.click()
        try:
            expect(dialog).to_be_hidden(timeout=CONFIRM_WAIT_MS)
            return
        except AssertionError:
            continue
    press.click()
    expect(dialog).to_be_hidden()


def wait_loaded(page: Page) -> None:
    """Wait until no loading indicator is shown."""
    expect(page.get_by_role("progressbar")).to_have_count(0)


def open_app(
    page: Page, url: str, app: str, credentials: Credentials | None, ready: Locator
) -> None:
    """Go to an app's home page and sign in when it asks, until `ready` shows."""
    try:
        page.goto(url + "/")
    except PlaywrightError as error:
        raise SiteUnreachable(
            f"{app} did not answer at {url}: "
            f"{error.message.splitlines()[0]}; check the address and the network"
        ) from error
    login = LoginForm(page, app)
    expect(ready.or_(login.password)).to_be_visible()
    if login.is_shown():
        login.sign_in(credentials)
    expect(ready).to_be_visible()


def wait_for_count(label: Locator, at_most: int, timeout_ms: int) -> int:
    """Wait until the count in `label` is at most `at_most`; returns it either way.

    Every change of the label is a chance: a count can go down in steps.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    count = count_in(label.inner_text())
    while count > at_most and (left_ms := (deadline - time.monotonic()) * 1000) > 0:
        shown = label.inner_text()
        with contextlib.suppress(AssertionError):
            expect(label).not_to_have_text(shown, timeout=left_ms)
        count = count_in(label.inner_text())
    return count
