"""A long read of the Active tab, with its last pages read in a second tab."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route

from pages.connector import ACTIVE, SidePage
from pages.memory import COLLECTOR
from sandbox.server import Sandbox
from tests.conftest import StartSandbox, app_state, open_aftership, pages_asked

pytestmark = pytest.mark.e2e

# 1,700 products hold 1,292 Active listings: 13 pages of 100.
PRODUCTS = 1_700


def active_ids(box: Sandbox) -> set[str]:
    listings = app_state(box.config.aftership_url)["listings"]
    return {x["product_id"] for x in listings if x["status"] == "Active"}


def side_tabs(
    browser: Browser, page: Page, prepare: Callable[[BrowserContext], None]
) -> tuple[SidePage, list[Page]]:
    """A factory of second tabs signed in as `page`, each context set up by
    `prepare` first, and the tabs it has opened."""
    opened: list[Page] = []

    @contextmanager
    def side() -> Iterator[Page]:
        context = browser.new_context(storage_state=page.context.storage_state())
        try:
            prepare(context)
            opened.append(context.new_page())
            yield opened[-1]
        finally:
            context.close()

    return side, opened


def read_whole_list(
    page: Page,
    browser: Browser,
    box: Sandbox,
    prepare: Callable[[BrowserContext], None],
) -> list[int]:
    """Read the Active tab with second tabs set up by `prepare`, check that every
    Active listing was read once, and return the pages this page asked for."""
    side, opened = side_tabs(browser, page, prepare)
    app = open_aftership(page, box, side)
    asked = pages_asked(page)

    read = app.listings().read_all(ACTIVE)

    assert len(opened) == 1
    assert {x.product_id for x in read} == active_ids(box)
    assert len(read) == 1_292
    return asked


# Tells the test each time a page calls the collector.
NOTE_COLLECTIONS = f"""{{
  const collect = window.{COLLECTOR};
  window.{COLLECTOR} = (...args) => {{
    window.noteCollection();
    return collect(...args);
  }};
}}"""


def test_a_second_tab_reads_the_last_pages_of_a_long_list(
    page: Page, browser: Browser, start_sandbox: StartSandbox
) -> None:
    box = start_sandbox(products=PRODUCTS)
    collected = {"side": 0}

    def note(context: BrowserContext) -> None:
        def count() -> None:
            collected["side"] += 1

        context.expose_function("noteCollection", count)
        context.add_init_script(NOTE_COLLECTIONS)

    asked = read_whole_list(page, browser, box, note)

    # This page read only the first pages, the second tab the rest, and each
    # collected its garbage as it went.
    assert max(asked) < 13
    assert page.evaluate(f"typeof window.{COLLECTOR}At") == "number"
    assert collected["side"] > 0


def signed_out(context: BrowserContext) -> None:
    # No cookies: the second tab meets the login form.
    context.clear_cookies()


def last_page_refused(context: BrowserContext) -> None:
    # The session ends as the tab turns to the last page: the app keeps the
    # page before's rows on screen under the last page's label.
    def answer(route: Route) -> None:
        if "page=13&" in route.request.url:
            route.fulfill(status=401, json={"error": "session expired"})
        else:
            route.continue_()

    context.route("**/api/listings?*", answer)


def moves_away(context: BrowserContext) -> None:
    # The tab's page leaves for another one while the tab reads.
    moving = '<script>setTimeout(() => location.assign("/elsewhere"), 100)</script>'
    context.route("**/listings", lambda route: route.fulfill(body=moving))
    context.route("**/elsewhere", lambda route: route.fulfill(body="<p>moved</p>"))


@pytest.mark.parametrize("prepare", [signed_out, last_page_refused, moves_away])
def test_a_second_tab_that_cannot_read_leaves_every_page_to_the_first(
    page: Page,
    browser: Browser,
    start_sandbox: StartSandbox,
    prepare: Callable[[BrowserContext], None],
) -> None:
    box = start_sandbox(products=PRODUCTS)

    asked = read_whole_list(page, browser, box, prepare)

    assert set(range(1, 14)) <= set(asked)
