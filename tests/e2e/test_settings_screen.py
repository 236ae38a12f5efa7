"""When the bot loads AfterShip Feed's Settings again, and when it reads the
switches on screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request

from pages.aftership import AfterShipApp
from pages.widgets import Credentials
from tests.conftest import StartSandbox

pytestmark = pytest.mark.e2e


def test_only_a_read_takes_the_settings_on_screen_as_they_are(
    page: Page, start_sandbox: StartSandbox
) -> None:
    config = start_sandbox(products=30).config
    app = AfterShipApp(
        page, config.aftership_url, Credentials(config.username, config.password)
    )
    app.open()
    loads: list[str] = []

    def note(request: Request) -> None:
        if request.resource_type == "document":
            loads.append(request.url.removeprefix(config.aftership_url))

    page.on("request", note)

    # From another page, a read loads Settings as any visit does.
    assert app.settings(as_shown=True).switches()["auto_link"] is True
    assert loads == ["/settings"]
    # On Settings already, a read takes what is shown...
    assert app.settings(as_shown=True).switches()["auto_link"] is True
    assert loads == ["/settings"]
    # ...and a visit for a change loads the page afresh.
    app.settings()
    assert loads == ["/settings", "/settings"]
