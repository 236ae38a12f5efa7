"""Opening a status tab at the largest page size, on its first page, with as
few loads of the list as the app allows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from pages.aftership import AfterShipApp
from pages.connector import ACTIVE
from tests.conftest import StartSandbox, open_aftership, pages_asked

pytestmark = pytest.mark.e2e

# The app's own handler of a new page size: it starts again from page 1.
RESIZE = "state.perPage = Number(size.value);\n    state.page = 1;"


def open_app(page: Page, start_sandbox: StartSandbox) -> AfterShipApp:
    return open_aftership(page, start_sandbox(products=700))


def test_on_its_tab_a_new_page_size_alone_loads_the_first_page(
    page: Page, start_sandbox: StartSandbox
) -> None:
    listings = open_app(page, start_sandbox).listings()
    asked = pages_asked(page)

    listings.show(ACTIVE)

    assert asked == [1]
    assert listings.page_number()[0] == 1
    assert len(listings.visible()) == 100


def test_a_size_already_set_is_a_click_on_the_tab_back_to_page_one(
    page: Page, start_sandbox: StartSandbox
) -> None:
    listings = open_app(page, start_sandbox).listings()
    listings.show(ACTIVE)
    listings.next_page()
    asked = pages_asked(page)

    listings.show(ACTIVE)

    assert asked == [1]
    assert listings.page_number()[0] == 1


def test_an_app_that_keeps_its_page_on_a_new_size_is_taken_back_to_page_one(
    page: Page, start_sandbox: StartSandbox
) -> None:
    def keeps_page(route: Route) -> None:
        script = route.fetch().text()
        assert RESIZE in script
        route.fulfill(
            body=script.replace(RESIZE, "state.perPage = Number(size.value);"),
            content_type="text/javascript",
        )

    page.route("**/listings.js", keeps_page)
    listings = open_app(page, start_sandbox).listings()
    listings.next_page()

    listings.show(ACTIVE)

    assert listings.page_number()[0] == 1
    assert len(listings.visible()) == 100
