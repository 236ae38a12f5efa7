"""Signing in once by hand, two-factor included, and keeping the session."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from loguru import logger
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from rich.console import Console
from rich.prompt import Prompt

from bot.connectors import CONNECTORS, connector_kind, credentials
from bot.consent import can_ask
from bot.errors import SessionExpired, SettingsError
from bot.logs import scrubber
from bot.runner import check_reachable, session_file
from bot.session import BrowserSession
from bot.settings import Settings
from pages.tiktok import SellerCenterApp
from pages.widgets import Credentials, LoginForm

SELLER_CENTER = "tiktok"


@dataclass(frozen=True)
class LoginTarget:
    """One app a person can sign in to, and where its session is kept."""

    # The app's name in settings and in CONNECTOR_BOT_* variables.
    key: str
    title: str
    url: str
    session: Path
    credentials: Credentials | None


def login_target(settings: Settings, app: str) -> LoginTarget:
    """The app called `app` (a connector's name, or 'tiktok')."""
    if app == SELLER_CENTER:
        key, title = "seller_center", SellerCenterApp.title
        url = settings.seller_center_url
        login = credentials(
            settings.seller_center_username, settings.seller_center_password
        )
    elif app in CONNECTORS:
        kind = connector_kind(app)
        key, title, url = kind.name, kind.title, kind.url(settings)
        login = kind.credentials(settings)
    else:
        known = ", ".join([*sorted(CONNECTORS), SELLER_CENTER])
        raise SettingsError(f"unknown app {app!r}; known apps: {known}")
    return LoginTarget(key, title, url, session_file(settings, key, url), login)


def _prompt(title: str, console: Console) -> Credentials:
    username = Prompt.ask(f"{title} username", console=console)
    password = Prompt.ask(f"{title} password", console=console, password=True)
    return Credentials(username, password)


def run_login(
    settings: Settings,
    app: str,
    console: Console,
    *,
    headed: bool = True,
    wait_minutes: int = 5,
) -> int:
    """Open the app's login page, let a person sign in, save the session 0600."""
    target = login_target(settings, app)
    check_reachable(target.title, target.url)
    has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if headed and sys.platform == "linux" and not has_display:
        raise SettingsError(
            "no display for a visible browser; run 'connector-bot login' on a "
            "desktop, under xvfb-run with a remote view, or with --no-headed"
        )
    login = target.credentials
    if login is None and not headed:
        if not can_ask():
            name = f"CONNECTOR_BOT_{target.key.upper()}"
            raise SettingsError(
                f"no terminal to ask for the {target.title} username and password; "
                f"set {name}_USERNAME and {name}_PASSWORD, or run it on a terminal"
            )
        login = _prompt(target.title, console)
    if login is not None:
        scrubber.add(login.password)
    # The login's own browser records nothing: a trace would hold the password.
    quiet = settings.model_copy(update={"video": False, "trace": False})
    with BrowserSession(quiet, settings.sessions_dir, headed=headed) as session:
        page = session.page
        try:
            page.goto(target.url + "/")
        except PlaywrightError as error:
            raise SettingsError(
                f"{target.title} did not answer at {target.url}: {error.message}"
            ) from error
        form = LoginForm(page, target.title)
        signed_in = page.get_by_role("navigation", name="Main")
        expect(signed_in.or_(form.password)).to_be_visible()
        if form.is_shown():
            if login is not None:
                form.send(login)
            if headed:
                console.print(
                    f"Log in to {target.title} in the browser window, two-factor "
                    f"step included; waiting up to {wait_minutes} minutes."
                )
                waiting = signed_in
            else:
                waiting = signed_in.or_(form.error)
            try:
                expect(waiting).to_be_visible(timeout=wait_minutes * 60_000)
            except AssertionError as error:
                raise SessionExpired(
                    f"no login to {target.title} within {wait_minutes} minutes; "
                    f"run 'connector-bot login {app}' again"
                ) from error
            if form.error.is_visible():
                raise SessionExpired(
                    f"{target.title} refused the login: "
                    f"{form.error.inner_text().strip()}; check the username and "
                    "password"
                )
        session.save_session(target.session, target.url)
    logger.info("login: {} session saved", target.title)
    console.print(f"Session for {target.title} saved (owner-only): {target.session}")
    return 0
