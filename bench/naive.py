"""The naive baseline: deactivate one listing at a time through the UI."""

from __future__ import annotations

import time

from playwright.sync_api import sync_playwright

from bot.session import launch_args
from pages.aftership import AfterShipApp
from pages.connector import ACTIVE
from pages.widgets import Credentials
from sandbox.server import Sandbox
from tests.conftest import launched

JOB_TIMEOUT_MS = 60_000


def seconds_per_listing(box: Sandbox, sample: int) -> float:
    """Time a straightforward loop over `sample` Active listings; seconds for one.

    Each turn ticks the first Active row, presses Deactivate, confirms, and waits
    until the row has left the Active tab before the next one.
    """
    config = box.config
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=launched(headed=False), args=launch_args(headed=False)
        )
        page = browser.new_page()
        app = AfterShipApp(
            page, config.aftership_url, Credentials(config.username, config.password)
        )
        app.open()
        listings = app.listings()
        listings.show(ACTIVE)
        start = time.perf_counter()
        for _ in range(sample):
            row = next(x for x in listings.visible() if x.status == ACTIVE)
            listings.select([row.product_id])
            listings.deactivate_selected()
            listings.wait_gone([row.product_id], JOB_TIMEOUT_MS)
        taken = time.perf_counter() - start
        browser.close()
    return taken / sample
