"""The same flows against a second connector: TikTok Shop Sync, end to end."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from sandbox.server import Sandbox
from tests.conftest import StartSandbox, app_state, bot_env, run_bot

pytestmark = pytest.mark.e2e

HAZARDS = "shopsync-tour,shopsync-toasts,shopsync-slow,shopsync-refresh"
KEEP_SALES = [
    "migrate",
    "--yes",
    "--connector",
    "shopsync",
    "--mode",
    "keep-sales",
    "--orders",
    "auto",
]


def statuses(url: str) -> dict[str, str]:
    return {item["product_id"]: item["status"] for item in app_state(url)["listings"]}


def test_connectors_lists_both_apps(tmp_path: Path) -> None:
    env = {**os.environ, "CONNECTOR_BOT_RECORDINGS_DIR": str(tmp_path)}

    run = run_bot(["connectors"], env)

    assert run.code == 0, run.output
    lines = [line.split(maxsplit=1) for line in run.output.splitlines()]
    assert ["aftership", "AfterShip Feed"] in lines
    assert ["shopsync", "TikTok Shop Sync"] in lines


def test_mode_all_unpublishes_everything_and_stops_order_sync_in_us_shops(
    start_sandbox: StartSandbox, tmp_path: Path
) -> None:
    box = start_sandbox(seed=21, products=40, region="US")
    url = box.config.shopsync_url
    before = statuses(url)

    run = run_bot(
        [
            "migrate",
            "--yes",
            "--connector",
            "shopsync",
            "--mode",
            "all",
            "--orders",
            "auto",
        ],
        bot_env(box, tmp_path),
    )

    assert run.code == 0, run.output
    after = statuses(url)
    assert "Published" not in after.values()
    for product_id, status in before.items():
        expected = "Unpublished" if status == "Published" else status
        assert after[product_id] == expected, product_id
    assert app_state(url)["settings"] == {
        "auto_link_new_products": False,
        "import_orders": False,
        "push_tracking_numbers": False,
    }
    summary = run.summary
    published = sum(status == "Published" for status in before.values())
    assert summary["connector"] == "shopsync"
    assert summary["outcome"] == "verified"
    assert summary["counts_before"]["active"] == published
    assert summary["counts_after"] == {
        "active": 0,
        "inactive": Counter(before.values())["Unpublished"] + published,
        "failed": Counter(before.values())["Error"],
    }
    assert Counter(p["result"] for p in summary["products"]) == {
        "deactivated": published
    }
    switches = {s["key"]: (s["before"], s["after"]) for s in summary["switches"]}
    assert switches == {
        "auto_link": (True, False),
        "order_sync": (True, False),
        "fulfillment_sync": (True, False),
    }
    assert "TikTok Shop Sync" in summary["notices"][0]
    # "Blocked" is AfterShip Feed's word for an order it no longer syncs.
    assert "Blocked" not in summary["notices"][0]


@pytest.mark.parametrize(
    ("hazards", "products"), [("", 40), (HAZARDS, 30)], ids=["plain", "hazards"]
)
def test_keep_sales_unpublishes_only_products_without_sales(
    start_sandbox: StartSandbox, tmp_path: Path, hazards: str, products: int
) -> None:
    box = start_sandbox(seed=22, products=products, region="UK", hazards=hazards)
    before = statuses(box.config.shopsync_url)
    sales = {
        product["product_id"]: product["sales"]["90d"]
        for product in app_state(box.config.seller_center_url)["products"]
    }

    run = run_bot(KEEP_SALES, bot_env(box, tmp_path))

    assert run.code == 0, run.output
    after = statuses(box.config.shopsync_url)
    sold = {pid for pid, s in sales.items() if s["items_sold"] or s["orders"]}
    published = {pid for pid, status in before.items() if status == "Published"}
    assert published & sold, "the seed must give some Published products sales"
    assert published - sold, "the seed must give some Published products no sales"
    for product_id in published & sold:
        assert after[product_id] == "Published", product_id
    for product_id in published - sold:
        assert after[product_id] == "Unpublished", product_id
    for product_id in set(before) - published:
        assert after[product_id] == before[product_id], product_id
    assert {p["product_id"] for p in run.summary["products"]} == published
    assert app_state(box.config.shopsync_url)["settings"] == {
        "auto_link_new_products": False,
        "import_orders": True,
        "push_tracking_numbers": True,
    }, "--orders auto leaves order sync on in a UK shop"


def sign_in(page: Page, box: Sandbox) -> None:
    page.goto(box.config.shopsync_url + "/login")
    page.get_by_label("Email").fill(box.config.username)
    page.get_by_label("Password").fill(box.config.password)
    page.get_by_role("button", name="Log in").click()


def test_welcome_tour_covers_the_page_on_a_first_visit(
    start_sandbox: StartSandbox, page: Page
) -> None:
    box = start_sandbox(products=30, hazards="shopsync-tour")

    sign_in(page, box)

    tour = page.get_by_role("dialog", name="Welcome to TikTok Shop Sync")
    expect(tour).to_be_visible()
    tab = page.get_by_role("tab", name="Unpublished")
    with pytest.raises(PlaywrightTimeoutError, match="intercepts pointer events"):
        tab.click(timeout=1_000)


def test_settings_are_kept_only_by_save(
    start_sandbox: StartSandbox, page: Page
) -> None:
    box = start_sandbox(products=30)
    sign_in(page, box)
    nav = page.get_by_role("navigation", name="Main")
    auto_link = page.get_by_label("Automatically link new products")

    nav.get_by_role("link", name="Sync settings").click()
    auto_link.uncheck()
    expect(page.get_by_text("Unsaved changes")).to_be_visible()
    nav.get_by_role("link", name="Products").click()
    nav.get_by_role("link", name="Sync settings").click()

    expect(auto_link).to_be_checked()
    settings = app_state(box.config.shopsync_url)["settings"]
    assert settings["auto_link_new_products"] is True

    auto_link.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Settings saved")).to_be_visible()
    settings = app_state(box.config.shopsync_url)["settings"]
    assert settings["auto_link_new_products"] is False
