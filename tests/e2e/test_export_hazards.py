"""Seller Center's export in its three shapes (C13), each holding names that need
quoting (C11), downloaded by the bot's page objects headless and headed."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Playwright

from bot.sales import read_export
from pages.tiktok import SellerCenterApp
from pages.widgets import Credentials
from tests.conftest import StartSandbox, app_state

pytestmark = pytest.mark.e2e

# The request each shape of export makes, seen in the sandbox's request counts.
EXPORT_REQUEST = {
    "attachment": ("GET", "/api/analytics/products/export"),
    "async-export": ("POST", "/api/analytics/products/exports"),
    "export-new-tab": ("GET", "/analytics/products/export-tab"),
}


@pytest.fixture(scope="module", params=[False, True], ids=["headless", "headed"])
def browser_shown(
    request: pytest.FixtureRequest,
    playwright: Playwright,
    browser_type_launch_args: dict[str, Any],
    display: str,
) -> Iterator[Browser]:
    """One Chromium per mode, headless and headed, shared by the module's tests."""
    browser = playwright.chromium.launch(
        **browser_type_launch_args,
        headless=not request.param,
        env={**os.environ, "DISPLAY": display},
    )
    yield browser
    browser.close()


def requests_made(url: str) -> dict[tuple[str, str], int]:
    rows = httpx.get(f"{url}/__sandbox__/requests", timeout=30).json()
    return {(row["method"], row["path"]): row["count"] for row in rows}


@pytest.mark.parametrize("shape", list(EXPORT_REQUEST))
def test_export_downloads_the_file_seller_center_names(
    start_sandbox: StartSandbox, browser_shown: Browser, tmp_path: Path, shape: str
) -> None:
    hazards = "tricky-export" + ("" if shape == "attachment" else f",{shape}")
    box = start_sandbox(seed=31, products=20, hazards=hazards)
    url = box.config.seller_center_url
    context = browser_shown.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        login = Credentials(box.config.username, box.config.password)
        seller_center = SellerCenterApp(page, url, login)
        seller_center.open()
        analytics = seller_center.product_analytics()
        analytics.show_last_days(90)
        path = analytics.export(tmp_path / "sales")
        pages_left = len(context.pages)
    finally:
        context.close()

    first, last = date.today() - timedelta(days=89), date.today()
    assert path.name == f"product_analytics_{first}_{last}.csv"
    assert pages_left == 1
    assert requests_made(url)[EXPORT_REQUEST[shape]] == 1
    raw = path.read_bytes()
    assert raw[:3] == b"\xef\xbb\xbf"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:3] == ["Product ID", "Product name", "Status"]

    truth = {p["product_id"]: p for p in app_state(url)["products"]}
    titles = [p["title"] for p in truth.values()]
    assert any("\n" in t for t in titles) and any(", " in t for t in titles)
    assert any('"' in t for t in titles)
    book = read_export(path, 90)
    assert set(book.products) == set(truth)
    for product_id, figures in book.products.items():
        expected = truth[product_id]
        assert figures.title == expected["title"], product_id
        assert figures.gmv == Decimal(str(expected["sales"]["90d"]["gmv"])), product_id
        assert figures.items_sold == expected["sales"]["90d"]["items_sold"]
        assert figures.orders == expected["sales"]["90d"]["orders"], product_id
