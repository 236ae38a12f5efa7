"""The connector apps the bot knows, and how to build each one's page objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from playwright.sync_api import Page

from bot.errors import SettingsError
from bot.settings import Settings
from pages.aftership import AfterShipApp
from pages.connector import ConnectorApp, SidePage
from pages.shopsync import ShopSyncApp
from pages.widgets import Credentials


class BuildApp(Protocol):
    """Builds a connector's page objects on the run's page."""

    def __call__(
        self,
        page: Page,
        base_url: str,
        credentials: Credentials | None,
        *,
        side: SidePage | None = None,
    ) -> ConnectorApp: ...


@dataclass(frozen=True)
class ConnectorKind:
    """One supported connector app."""

    name: str
    title: str
    url: Callable[[Settings], str]
    credentials: Callable[[Settings], Credentials | None]
    build: BuildApp


def credentials(username: str | None, password: object) -> Credentials | None:
    """Credentials when both parts are set; None otherwise."""
    secret = getattr(password, "get_secret_value", None)
    if username and secret:
        return Credentials(username, secret())
    return None


CONNECTORS: dict[str, ConnectorKind] = {
    "aftership": ConnectorKind(
        name="aftership",
        title=AfterShipApp.title,
        url=lambda s: s.aftership_url,
        credentials=lambda s: credentials(s.aftership_username, s.aftership_password),
        build=AfterShipApp,
    ),
    "shopsync": ConnectorKind(
        name="shopsync",
        title=ShopSyncApp.title,
        url=lambda s: s.shopsync_url,
        credentials=lambda s: credentials(s.shopsync_username, s.shopsync_password),
        build=ShopSyncApp,
    ),
}


def connector_kind(name: str) -> ConnectorKind:
    """The connector called `name`, or a SettingsError listing the known ones."""
    try:
        return CONNECTORS[name]
    except KeyError:
        known = ", ".join(sorted(CONNECTORS))
        raise SettingsError(
            f"unknown connector {name!r}; known connectors: {known}"
        ) from None
