"""The walk back from the last page, on the sandbox's AfterShip Feed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Request

from pages.connector import ACTIVE
from tests.conftest import StartSandbox, listing_page, open_aftership

pytestmark = pytest.mark.e2e


def test_the_turn_back_does_not_wait_for_the_reload_of_the_page_just_done(
    page: Page, start_sandbox: StartSandbox
) -> None:
    # Slow enough that a turn pressed only once the reload is over would be
    # sent long after the reload.
    box = start_sandbox(products=500, latency_ms=400)
    listings = open_aftership(page, box).listings()
    listings.show(ACTIVE)
    listings.last_page()
    last, pages = listings.page_number()
    assert last == pages > 1
    todo = [x.product_id for x in listings.visible() if x.status == ACTIVE][:2]

    events: list[tuple[str, int]] = []

    def note(what: str) -> Callable[[Request], None]:
        def record(request: Request) -> None:
            if (number := listing_page(request)) is not None:
                events.append((what, number))

        return record

    page.on("request", note("sent"))
    page.on("requestfinished", note("answered"))
    assert listings.select(todo) == 2
    assert listings.deactivate_selected() == 2
    assert listings.previous_page() is True
    assert listings.page_number()[0] == last - 1

    # The app reloads the page it deactivated on; the bot turns back at once,
    # and the app draws only the page turned to.
    assert events.index(("sent", last - 1)) < events.index(("answered", last))
    assert todo[0] not in {x.product_id for x in listings.visible()}
